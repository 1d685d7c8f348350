"""`make run` serves the web app beside the API on one origin, as CloudFront does on AWS.

The built app (web/dist) at `/` with its SPA fallback (never for /v1), the API reference at /docs,
the security headers the distribution sends, and the browser's way to the emulator's Cognito.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from chalicelib import definitions
from local import emulator
from local.http_server import serving
from local.web import API_DOCS, LocalWeb
from tests.integration.local.conftest import Emulator
from tests.support import ports

INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head></html>'
APP_JS = "export const hello = 'Kring';\n"
PASSWORD = "Web-Passw0rd-2026"
# What the distribution's bucket gives browsers (infra/parts/web.py deploys the files with them).
CLOUDFRONT_HASHED = "public, max-age=31536000, immutable"
CLOUDFRONT_OTHERS = "public, max-age=0, s-maxage=31536000, must-revalidate"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built app as `make web` leaves it."""
    root = tmp_path_factory.mktemp("web") / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "assets" / "app-1a2b.js").write_text(APP_JS)
    (root / "manifest.webmanifest").write_text(json.dumps({"name": "Kring"}))
    (root / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (root.parent / "secret.txt").write_text("outside the build")
    return root


@pytest.fixture(scope="module")
def site(local_emulator: Emulator, dist: Path) -> Iterator[str]:
    web = LocalWeb.for_stack(local_emulator.url, dist=dist)
    with serving(local_emulator.app, ports.free_port(), site=web, emulator_url=local_emulator.url) as url:
        yield url


def test_the_app_is_served_at_the_root_with_the_distributions_security_headers(site: str) -> None:
    page = requests.get(f"{site}/", timeout=10)
    assert page.status_code == 200
    assert page.text == INDEX
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == definitions.WEB_REFERRER_POLICY
    assert "Strict-Transport-Security" not in page.headers  # plain http locally: HSTS is for HTTPS


def test_the_csp_lets_the_browser_upload_to_the_emulators_bucket_and_nowhere_else(
    site: str, local_emulator: Emulator
) -> None:
    csp = requests.get(f"{site}/", timeout=10).headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["connect-src"] == ["'self'", local_emulator.url]
    assert directives["img-src"] == ["'self'", "blob:", "data:"]  # media comes from /media-cdn: 'self'


def test_an_app_route_gets_the_app_and_the_app_routes_it(site: str) -> None:
    for path in ("/communities/01JABC/posts", "/me", "/admin/campaigns?tab=live"):
        page = requests.get(site + path, timeout=10)
        assert page.status_code == 200, path
        assert page.text == INDEX


def test_the_builds_files_come_with_their_types_and_hashed_assets_are_cached_for_good(site: str) -> None:
    script = requests.get(f"{site}/assets/app-1a2b.js", timeout=10)
    assert script.status_code == 200 and script.text == APP_JS
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert script.headers["Cache-Control"] == definitions.WEB_HASHED_CACHE_CONTROL == CLOUDFRONT_HASHED
    # Every other file is revalidated on each use, as CloudFront's are.
    for path in ("/", "/index.html", "/manifest.webmanifest", "/icon.svg"):
        assert requests.get(f"{site}{path}", timeout=10).headers["Cache-Control"] == CLOUDFRONT_OTHERS
    manifest = requests.get(f"{site}/manifest.webmanifest", timeout=10)
    assert manifest.headers["Content-Type"] == "application/manifest+json"
    assert requests.get(f"{site}/icon.svg", timeout=10).headers["Content-Type"] == "image/svg+xml"


def test_a_revalidated_file_that_has_not_changed_is_a_304_without_its_body(site: str) -> None:
    # What CloudFront answers a browser revalidating a file (S3 gives each an ETag): the page of a
    # returning member and the service worker's update check cost a request, not a download.
    for path in ("/", "/some/app/route", "/icon.svg", "/assets/app-1a2b.js"):
        first = requests.get(f"{site}{path}", timeout=10)
        again = requests.get(f"{site}{path}", headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert (again.status_code, again.content) == (304, b""), path
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    changed = requests.get(f"{site}/", headers={"If-None-Match": '"an-older-build"'}, timeout=10)
    assert changed.status_code == 200 and changed.text == INDEX


def test_a_missing_file_is_a_404_not_the_app(site: str) -> None:
    missing = requests.get(f"{site}/assets/gone-9z9z.js", timeout=10)
    assert missing.status_code == 404
    assert INDEX not in missing.text


def test_nothing_outside_the_build_is_served(site: str) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"):
        reply = requests.get(site + path, timeout=10)
        assert "outside the build" not in reply.text, path


def test_the_api_keeps_v1_and_its_errors_never_fall_back_to_the_app(site: str) -> None:
    health = requests.get(f"{site}/v1/health", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    unknown = requests.get(f"{site}/v1/no-such-thing", timeout=10)
    assert unknown.status_code == 404
    assert unknown.headers["Content-Type"] == "application/problem+json"
    assert unknown.json()["type"] == "https://kring.app/problems/not-found"
    wrong_method = requests.delete(f"{site}/v1/health", timeout=10)
    assert wrong_method.status_code == 405 and wrong_method.headers["Allow"] == "GET, OPTIONS"
    assert wrong_method.json()["type"] == "https://kring.app/problems/method-not-allowed"
    assert requests.get(f"{site}/v1", timeout=10).headers["Content-Type"] == "application/problem+json"


def test_a_body_reaches_the_api_only_with_its_sha256_as_behind_cloudfront(site: str) -> None:
    """Lambda refuses a body CloudFront could not sign (origin access control); so does `make run`."""
    body = json.dumps({"name": "Gardening", "description": "Roots and shoots"}).encode()
    headers = {"Content-Type": "application/json", "Authorization": "Bearer not-a-token"}
    for sent_hash in (None, hashlib.sha256(b"another body").hexdigest()):
        extra = {} if sent_hash is None else {"x-amz-content-sha256": sent_hash}
        refused = requests.post(f"{site}/v1/communities", data=body, headers={**headers, **extra}, timeout=10)
        assert refused.status_code == 403
        assert refused.headers["x-amzn-ErrorType"] == "InvalidSignatureException"
        assert "signature we calculated does not match" in refused.json()["Message"]
    signed = {**headers, "x-amz-content-sha256": hashlib.sha256(body).hexdigest()}
    reached = requests.post(f"{site}/v1/communities", data=body, headers=signed, timeout=10)
    assert reached.status_code == 401  # the app itself answered: the token is no token
    assert reached.headers["Content-Type"] == "application/problem+json"


def test_only_get_and_head_reach_the_apps_files(site: str) -> None:
    posted = requests.post(f"{site}/communities", data=b"x", timeout=10)
    assert posted.status_code == 405 and posted.headers["Allow"] == "GET, HEAD"
    head = requests.head(f"{site}/", timeout=10)
    assert head.status_code == 200 and head.content == b""


def test_the_api_reference_is_served_at_docs_with_its_own_assets(site: str) -> None:
    for path in ("/docs", "/docs/"):
        page = requests.get(site + path, timeout=10)
        assert page.status_code == 200
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert 'src="/docs/reference.js"' in page.text and "<script>" not in page.text
    script = requests.get(f"{site}/docs/reference.js", timeout=10)
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "/v1/openapi.json" in script.text
    assert (
        requests.get(f"{site}/docs/reference.css", timeout=10).headers["Content-Type"].startswith("text/css")
    )
    assert (API_DOCS / "index.html").is_file()


def test_the_app_learns_where_to_sign_in_from_the_api(site: str, local_emulator: Emulator) -> None:
    config = requests.get(f"{site}/v1/client-config", timeout=10).json()
    resources = local_emulator.resources
    assert config == {
        "region": emulator.LOCAL_REGION,
        "user_pool_id": resources.user_pool_id,
        "user_pool_client_id": resources.user_pool_client_id,
        "cognito_endpoint": emulator.BROWSER_COGNITO_PATH,
    }


def _cognito(site: str, operation: str, body: dict[str, object]) -> requests.Response:
    return requests.post(
        site + emulator.BROWSER_COGNITO_PATH,
        data=json.dumps(body),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
        },
        timeout=10,
    )


def test_the_browser_signs_in_through_the_same_origin(site: str, local_emulator: Emulator) -> None:
    resources = local_emulator.resources
    cognito = local_emulator.client("cognito-idp")
    email = "web.signin@demo.kring.test"
    cognito.admin_create_user(UserPoolId=resources.user_pool_id, Username=email, MessageAction="SUPPRESS")
    cognito.admin_set_user_password(
        UserPoolId=resources.user_pool_id, Username=email, Password=PASSWORD, Permanent=True
    )
    signed_in = _cognito(
        site,
        "InitiateAuth",
        {
            "ClientId": resources.user_pool_client_id,
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD},
        },
    )
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["AuthenticationResult"]["IdToken"].count(".") == 2
    wrong = _cognito(
        site,
        "InitiateAuth",
        {
            "ClientId": resources.user_pool_client_id,
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": email, "PASSWORD": "not-the-password-1A"},
        },
    )
    assert wrong.status_code == 400 and "NotAuthorized" in wrong.json()["__type"]


def test_a_browser_cannot_reach_cognitos_admin_operations_or_write_its_own_attributes(
    site: str, local_emulator: Emulator
) -> None:
    resources = local_emulator.resources
    created = _cognito(
        site,
        "AdminCreateUser",
        {"UserPoolId": resources.user_pool_id, "Username": "intruder@demo.kring.test"},
    )
    assert created.status_code == 400 and "not open to browsers" in created.text
    rewritten = _cognito(
        site,
        "UpdateUserAttributes",
        {"AccessToken": "x", "UserAttributes": [{"Name": "custom:org", "Value": "acme"}]},
    )
    assert rewritten.status_code == 400 and "not open to browsers" in rewritten.text
    users = local_emulator.client("cognito-idp").list_users(UserPoolId=resources.user_pool_id)["Users"]
    emails = {a["Value"] for u in users for a in u["Attributes"] if a["Name"] == "email"}
    assert emails and "intruder@demo.kring.test" not in emails


def test_without_a_build_the_root_says_how_to_make_one(local_emulator: Emulator, tmp_path: Path) -> None:
    web = LocalWeb.for_stack(local_emulator.url, dist=tmp_path / "not-built")
    with serving(local_emulator.app, ports.free_port(), site=web) as url:
        for path in ("/", "/communities"):
            page = requests.get(url + path, timeout=10)
            assert page.status_code == 200 and "make web" in page.text
            assert page.headers["Content-Security-Policy"]
        assert requests.get(f"{url}/v1/health", timeout=10).status_code == 200
