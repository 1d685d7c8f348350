"""The browser's way to the emulator's Cognito, through the Kring server's own origin.

On AWS the web app calls Cognito's regional endpoint (cognito-idp.<region>.amazonaws.com, which
answers CORS); locally Cognito is played by the emulator on another port, so the Kring server
passes `POST /cognito/` on to it unchanged (GET /v1/client-config names this endpoint to the app).

Only the operations Cognito serves to unauthenticated callers and to signed-in users (their own
tokens) are passed on, as on AWS, where the Admin* operations need IAM credentials a browser
never has. UpdateUserAttributes is left out too: the emulator does not enforce the app client's
writable attributes, so through it a person could set their own `custom:org`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler
from typing import Final

_SERVICE: Final = "AWSCognitoIdentityProviderService."
PUBLIC_OPERATIONS: Final = frozenset(
    {
        "InitiateAuth",
        "RespondToAuthChallenge",
        "GetUser",
        "ChangePassword",
        "ForgotPassword",
        "ConfirmForgotPassword",
        "GlobalSignOut",
        "RevokeToken",
        "GetTokensFromRefreshToken",
    }
)
_MAX_BODY_BYTES: Final = 64 * 1024
_PASSED_HEADERS: Final = ("Content-Type", "X-Amz-Target", "X-Amz-User-Agent", "Authorization")


def is_cognito_path(path: str, prefix: str) -> bool:
    return path.split("?", 1)[0] in (prefix, prefix.rstrip("/"))


def forward(handler: BaseHTTPRequestHandler, emulator_url: str) -> None:
    """Answer the browser's Cognito request with the emulator's answer."""
    if handler.command != "POST":
        _send(handler, 405, b'{"__type":"MethodNotAllowed","message":"POST only"}', "application/json")
        return
    target = handler.headers.get("X-Amz-Target", "")
    operation = target.removeprefix(_SERVICE) if target.startswith(_SERVICE) else ""
    if operation not in PUBLIC_OPERATIONS:
        said = f"{operation or 'This'} is not open to browsers"
        refusal = {"__type": "NotAuthorizedException", "message": said}
        _send(handler, 400, json.dumps(refusal).encode(), "application/x-amz-json-1.1")
        return
    length = int(handler.headers.get("Content-Length") or 0)
    if length > _MAX_BODY_BYTES:
        _send(handler, 413, b'{"__type":"RequestTooLarge","message":"Request too large"}', "application/json")
        return
    body = handler.rfile.read(length)
    headers = {name: handler.headers[name] for name in _PASSED_HEADERS if handler.headers.get(name)}
    request = urllib.request.Request(
        emulator_url.rstrip("/") + "/", data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, kind, answer = response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        status, kind, answer = error.code, error.headers.get("Content-Type"), error.read()
    except OSError:
        _send(
            handler,
            502,
            b'{"__type":"BadGateway","message":"The emulator does not answer"}',
            "application/json",
        )
        return
    _send(handler, status, answer, kind or "application/x-amz-json-1.1")


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    handler.wfile.write(body)
