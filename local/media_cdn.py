"""The media distribution, locally: CloudFront's signed-URL check and response headers policy in
front of the emulator's bucket.

On AWS, media is downloaded from a CloudFront distribution in front of the private bucket (infra/
stack.py), with URLs the app signs (chalicelib/media/signed_urls.py). Locally the Kring HTTP
server serves the same URLs under PATH_PREFIX and checks them as CloudFront documents for a canned
policy ("Create a signed URL using a canned policy"; "Troubleshoot signed URLs"):

- only GET and HEAD, the behaviour's allowed methods; anything else is 403;
- a missing or empty `Key-Pair-Id` is 403 "Missing Key-Pair-Id query parameter or cookie value.";
  a key pair id not in the trusted key group is 403 "Unknown Key";
- the signature must be RSA-SHA1 (PKCS#1 v1.5), in CloudFront's URL-safe base64, over the canned
  policy rebuilt from the URL as requested (scheme, host, path and any other query parameters)
  and `Expires`; the request must come before `Expires`; else 403 "Access denied". Checked here
  with `cryptography`, independently of the app's signer;
- custom policies (`Policy=`) are not emulated (the app never signs one): 403;
- the object is read with the distribution's own access (only `s3:GetObject` on `orgs/*`): a key
  that is not there, or outside `orgs/`, is 403 AccessDenied, as S3 answers without s3:ListBucket.

What passes is streamed from the emulator's bucket with the object's Content-Type,
Content-Disposition, Content-Length, ETag and Last-Modified (a Range request answers 206 with
Content-Range), and every answer carries the response headers policy's headers
(definitions.MEDIA_RESPONSE_HEADERS), which replace any the object has.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from botocore.exceptions import ClientError
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from chalicelib import definitions
from local import emulator

PATH_PREFIX: Final = "/media-cdn"
SIGNING_PARAMETERS: Final = ("Expires", "Signature", "Key-Pair-Id")
_METHOD_NOT_ALLOWED: Final = (
    "This distribution is not configured to allow the HTTP request method that was used for this "
    "request. The distribution supports only cachable requests."
)
_MISSING_KEY: Final = "Missing Key-Pair-Id query parameter or cookie value."
_FROM_URL_SAFE: Final = str.maketrans("-_~", "+=/")
_CHUNK_BYTES: Final = 64 * 1024
# The object headers CloudFront passes on from S3.
_OBJECT_HEADERS: Final = {
    "ContentType": "Content-Type",
    "ContentDisposition": "Content-Disposition",
    "ContentLength": "Content-Length",
    "ContentRange": "Content-Range",
    "ETag": "ETag",
    "AcceptRanges": "Accept-Ranges",
}


# The check --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalDistribution:
    bucket: str
    endpoint_url: str
    trusted_keys: Mapping[str, str]  # the trusted key group: key pair id -> public key PEM
    now: Callable[[], float] = field(default=time.time)

    @classmethod
    def of(cls, resources: emulator.LocalResources) -> LocalDistribution:
        return cls(
            resources.media_bucket,
            resources.endpoint_url,
            {resources.media_cdn_key_pair_id: resources.media_cdn_public_key},
        )


def canned_policy(resource: str, expires: int) -> bytes:
    """The policy CloudFront rebuilds for a canned-policy URL (written out here, not imported from
    the app's signer, so a mistake there cannot agree with itself)."""
    return (
        '{"Statement":[{"Resource":"'
        + resource
        + '","Condition":{"DateLessThan":{"AWS:EpochTime":'
        + str(expires)
        + "}}}]}"
    ).encode()


def refusal(method: str, url: str, distribution: LocalDistribution) -> str | None:
    """Why CloudFront would answer this request 403 (its message), or None when it passes."""
    if method not in ("GET", "HEAD"):
        return _METHOD_NOT_ALLOWED
    parts = urlsplit(url)
    values = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "Policy" in values:
        return "Access denied"
    key_id = values.get("Key-Pair-Id", "")
    if not key_id:
        return _MISSING_KEY
    public_pem = distribution.trusted_keys.get(key_id)
    if public_pem is None:
        return "Unknown Key"
    expires, signature = values.get("Expires", ""), values.get("Signature", "")
    if not expires.isdigit() or not signature:
        return "Access denied"
    others = [
        item for item in parts.query.split("&") if item and item.split("=", 1)[0] not in SIGNING_PARAMETERS
    ]
    resource = urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(others), ""))
    try:
        raw = base64.b64decode(signature.translate(_FROM_URL_SAFE), validate=True)
        public_key = serialization.load_pem_public_key(public_pem.encode())
        assert isinstance(public_key, rsa.RSAPublicKey)
        public_key.verify(raw, canned_policy(resource, int(expires)), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    except (ValueError, InvalidSignature):
        return "Access denied"
    if distribution.now() >= int(expires):
        return "Access denied"
    return None


# Serving ----------------------------------------------------------------------------------------


@cache
def _s3(endpoint_url: str) -> Any:
    return emulator.client("s3", endpoint_url)


def serve(handler: BaseHTTPRequestHandler, distribution: LocalDistribution) -> None:
    """Answer one request under PATH_PREFIX as the media distribution would."""
    url = f"http://{handler.headers.get('Host', '')}{handler.path}"
    reason = refusal(handler.command, url, distribution)
    if reason is not None:
        _send_error(handler, 403, "AccessDenied", reason)
        return
    key = unquote(urlsplit(handler.path).path.removeprefix(PATH_PREFIX + "/"))
    if not key.startswith(definitions.MEDIA_KEY_PREFIX):
        _send_error(handler, 403, "AccessDenied", "Access Denied")
        return
    request: dict[str, Any] = {"Bucket": distribution.bucket, "Key": key}
    if handler.headers.get("Range"):
        request["Range"] = handler.headers["Range"]
    s3 = _s3(distribution.endpoint_url)
    try:
        found = s3.head_object(**request) if handler.command == "HEAD" else s3.get_object(**request)
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in ("404", "NoSuchKey", "NotFound"):
            _send_error(handler, 403, "AccessDenied", "Access Denied")  # no s3:ListBucket: absent is denied
        elif code in ("416", "InvalidRange"):
            _send_error(handler, 416, "InvalidRange", "The requested range is not satisfiable")
        else:
            _send_error(handler, 502, "BadGateway", f"The origin answered {code or 'an error'}.")
        return
    status = int(found.get("ResponseMetadata", {}).get("HTTPStatusCode", 200))
    handler.send_response(206 if "ContentRange" in found else status)
    for field_name, header in _OBJECT_HEADERS.items():
        if found.get(field_name) is not None:
            handler.send_header(header, str(found[field_name]))
    if found.get("LastModified") is not None:
        handler.send_header("Last-Modified", found["LastModified"].strftime("%a, %d %b %Y %H:%M:%S GMT"))
    _send_policy_headers(handler)
    handler.end_headers()
    if handler.command == "GET":
        body = found["Body"]
        for chunk in iter(lambda: body.read(_CHUNK_BYTES), b""):
            handler.wfile.write(chunk)


def _send_policy_headers(handler: BaseHTTPRequestHandler) -> None:
    for name, value in definitions.MEDIA_RESPONSE_HEADERS.items():
        handler.send_header(name, value)


def _send_error(handler: BaseHTTPRequestHandler, status: int, code: str, message: str) -> None:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message></Error>"
    ).encode()
    if handler.command not in ("GET", "HEAD"):
        handler.close_connection = True  # its body, if any, is not read
    handler.send_response(status)
    handler.send_header("Content-Type", "text/xml")
    handler.send_header("Content-Length", str(len(body)))
    _send_policy_headers(handler)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def is_distribution_path(path: str) -> bool:
    return path.startswith(PATH_PREFIX + "/")


# A server of its own (the tests' stack serves the app in-process, without an HTTP server) -------


def create_server(distribution: LocalDistribution, host: str, port: int) -> ThreadingHTTPServer:
    class DistributionHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            if is_distribution_path(self.path):
                serve(self, distribution)
            else:
                _send_error(self, 404, "NotFound", "Not Found")

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _handle

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer((host, port), DistributionHandler)
    server.daemon_threads = True
    return server


@contextmanager
def serving(distribution: LocalDistribution, port: int, host: str = "127.0.0.1") -> Iterator[str]:
    """The distribution on its own server for the duration of the block; yields its base URL."""
    server = start(distribution, port, host)
    try:
        yield f"http://{host}:{port}{PATH_PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def start(distribution: LocalDistribution, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    server = create_server(distribution, host, port)
    threading.Thread(target=server.serve_forever, daemon=True, name="media-cdn").start()
    return server
