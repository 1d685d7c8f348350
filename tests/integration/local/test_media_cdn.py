"""`make run` serves media download URLs as the CloudFront media distribution does on AWS.

The Kring HTTP server answers the app's signed URLs under /media-cdn: it checks the canned-policy
signature, the key pair id and the expiry as CloudFront does, streams the object from the
emulator's bucket, and sends the response headers policy's headers (the same definition infra/
deploys: tests/infra checks the template carries them).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from chalicelib import definitions
from chalicelib.config import get_config
from chalicelib.media import objects
from chalicelib.media.signed_urls import signed_url
from local import emulator, media_cdn, media_keys
from local.http_server import serving
from tests.integration.local.conftest import Emulator

KEY = "orgs/cdn/media/01JCDN000000000000000000AA/diagram.png"
PDF_KEY = "orgs/cdn/media/01JCDN000000000000000000BB/notes.pdf"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def cdn(local_emulator: Emulator) -> Iterator[str]:
    """The app and its media distribution on one local server, where the configuration says it is."""
    resources = local_emulator.resources
    s3 = local_emulator.client("s3")
    s3.put_object(
        Bucket=resources.media_bucket,
        Key=KEY,
        Body=PNG,
        ContentType="image/png",
        ContentDisposition='inline; filename="diagram.png"',
    )
    s3.put_object(
        Bucket=resources.media_bucket,
        Key=PDF_KEY,
        Body=PDF,
        ContentType="application/pdf",
        ContentDisposition='attachment; filename="notes.pdf"',
    )
    port = urlsplit(resources.media_cdn_url).port
    assert port is not None
    distribution = media_cdn.LocalDistribution.of(resources)
    with serving(local_emulator.app, port, media_distribution=distribution) as base_url:
        yield base_url


def private_key() -> str:
    secrets = emulator.client("secretsmanager", get_config().aws_endpoint_url or "")
    return str(secrets.get_secret_value(SecretId=emulator.MEDIA_SIGNING_KEY_SECRET_NAME)["SecretString"])


def url_of(key: str) -> str:
    return f"{get_config().media_cdn_url}/{key}"


def test_a_signed_url_serves_the_object_with_nosniff_and_its_own_type_and_disposition(cdn: str) -> None:
    download = requests.get(objects.signed_download(KEY).url, timeout=10)
    assert download.status_code == 200, download.text
    assert download.content == PNG
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["Content-Disposition"] == 'inline; filename="diagram.png"'
    assert download.headers["Content-Length"] == str(len(PNG))
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    for name, value in definitions.MEDIA_RESPONSE_HEADERS.items():
        assert download.headers[name] == value

    pdf = requests.get(objects.signed_download(PDF_KEY).url, timeout=10)
    assert pdf.status_code == 200 and pdf.content == PDF
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="notes.pdf"'


def test_range_and_head_requests_pass_through(cdn: str) -> None:
    url = objects.signed_download(KEY).url
    part = requests.get(url, headers={"Range": "bytes=8-15"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 8-15/{len(PNG)}"
    assert part.content == PNG[8:16]
    head = requests.head(url, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == str(len(PNG))
    assert head.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_is_still_served_beside_the_distribution(cdn: str) -> None:
    assert requests.get(f"{cdn}/v1/health", timeout=10).status_code == 200


def test_an_expired_url_is_refused(cdn: str) -> None:
    config = get_config()
    expired = signed_url(url_of(KEY), int(time.time()) - 1, config.media_cdn_key_pair_id, private_key())
    refused = requests.get(expired, timeout=10)
    assert refused.status_code == 403
    assert "<Message>Access denied</Message>" in refused.text
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


def test_a_tampered_url_is_refused(cdn: str) -> None:
    url = objects.signed_download(KEY).url
    signature = re.search(r"Signature=([^&]+)", url)
    assert signature is not None
    flipped = signature[1][:10] + ("A" if signature[1][10] != "A" else "B") + signature[1][11:]
    for tampered in (
        url.replace("diagram.png", "notes.pdf"),  # another object
        url.replace(KEY, PDF_KEY),
        re.sub(r"Expires=(\d+)", lambda m: f"Expires={int(m[1]) + 1}", url),  # a longer life
        url.replace(signature[1], flipped),
        url.replace("?", "?download=1&", 1),  # a query the signature did not cover
        url + "&response-content-type=text/html",
        url.replace("//127.0.0.1:", "//localhost:", 1),  # signed for another host
    ):
        refused = requests.get(tampered, timeout=10)
        assert refused.status_code == 403, tampered
        assert (
            refused.headers["Content-Security-Policy"]
            == definitions.MEDIA_RESPONSE_HEADERS["Content-Security-Policy"]
        )


def test_another_key_or_no_key_is_refused(cdn: str) -> None:
    config = get_config()
    expires = int(time.time()) + 600
    stranger = media_keys.new_private_key_pem()
    # Signed with a key the distribution does not trust, under the trusted key's id.
    forged = signed_url(url_of(KEY), expires, config.media_cdn_key_pair_id, stranger)
    assert requests.get(forged, timeout=10).status_code == 403
    # A key pair id outside the trusted key group.
    unknown = signed_url(
        url_of(KEY), expires, media_keys.key_pair_id(media_keys.public_key_pem(stranger)), stranger
    )
    refused = requests.get(unknown, timeout=10)
    assert refused.status_code == 403 and "Unknown Key" in refused.text
    # No signature at all: the bucket is not public through the distribution.
    missing = requests.get(url_of(KEY), timeout=10)
    assert missing.status_code == 403 and "Missing Key-Pair-Id" in missing.text


def test_only_get_and_head_reach_the_bucket(cdn: str) -> None:
    url = objects.signed_download(KEY).url
    for method in ("POST", "PUT", "DELETE"):
        assert requests.request(method, url, data=b"x", timeout=10).status_code == 403, method
    assert requests.get(url, timeout=10).content == PNG  # nothing was changed


def test_a_missing_object_or_one_outside_the_organisations_is_403_as_s3_answers_the_distribution(
    cdn: str, local_emulator: Emulator
) -> None:
    local_emulator.client("s3").put_object(
        Bucket=local_emulator.resources.media_bucket, Key="elsewhere/x", Body=b"x"
    )
    for key in ("orgs/cdn/media/01JCDN000000000000000000CC/gone.png", "elsewhere/x"):
        refused = requests.get(objects.signed_download(key).url, timeout=10)
        assert refused.status_code == 403, key


def test_the_check_is_cloudfronts_date_less_than() -> None:
    """Valid strictly before Expires: at Expires itself the URL is refused."""
    private = media_keys.new_private_key_pem()
    public = media_keys.public_key_pem(private)
    key_id = media_keys.key_pair_id(public)
    url = signed_url("http://cdn.test/media-cdn/orgs/o/a.png", 1_000, key_id, private)

    def at(moment: float) -> media_cdn.LocalDistribution:
        return media_cdn.LocalDistribution("bucket", "http://unused", {key_id: public}, now=lambda: moment)

    assert media_cdn.refusal("GET", url, at(999.9)) is None
    assert media_cdn.refusal("GET", url, at(1_000)) == "Access denied"
    assert media_cdn.refusal("HEAD", url, at(0)) is None
    assert (
        media_cdn.refusal("GET", url + "&Policy=e30_", at(0)) == "Access denied"
    )  # custom policies: not emulated
