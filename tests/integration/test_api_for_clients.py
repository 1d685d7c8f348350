"""The API as browsers and other clients reach it: CORS for configured origins only, and URLs
(Location, the OpenAPI servers) under the prefix the client used: API Gateway's stage on its own
URL, or the root behind the CloudFront distribution."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import app as app_module
from chalicelib import bootstrap, definitions
from chalicelib.config import get_config
from local.emulator import LocalResources
from tests.support.gateway import call_through_stage
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld

PARTNER = "https://partner.example.org"
OTHER = "https://evil.example.net"


def _configure(monkeypatch: pytest.MonkeyPatch, origins: str | None) -> None:
    if origins is None:
        monkeypatch.delenv("KRING_CORS_ORIGINS", raising=False)
    else:
        monkeypatch.setenv("KRING_CORS_ORIGINS", origins)
    get_config.cache_clear()
    bootstrap.ready.cache_clear()


@pytest.fixture
def partner_allowed(resources: LocalResources, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _configure(monkeypatch, f"{PARTNER}, https://app.example.com/")
    yield PARTNER
    _configure(monkeypatch, None)


def _preflight(api: ApiClient, path: str, origin: str, method: str = "POST") -> object:
    return api.call(
        "OPTIONS",
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )


def test_a_preflight_from_a_configured_origin_is_allowed(
    api: ApiClient, org_a: OrgWorld, partner_allowed: str
) -> None:
    reply = _preflight(api, f"/v1/communities/{org_a.community_id}/posts", partner_allowed)
    assert reply.status == 204  # type: ignore[attr-defined]
    assert reply.header("access-control-allow-origin") == PARTNER  # type: ignore[attr-defined]
    assert reply.header("access-control-allow-methods") == "GET, POST"  # type: ignore[attr-defined]
    allowed_headers = reply.header("access-control-allow-headers").lower()  # type: ignore[attr-defined]
    assert {"authorization", "content-type", "idempotency-key"} <= set(allowed_headers.split(", "))
    assert reply.header("vary") == "Origin"  # type: ignore[attr-defined]
    assert reply.header("access-control-allow-credentials") is None  # type: ignore[attr-defined]


def test_a_preflight_from_any_other_origin_is_refused(
    api: ApiClient, org_a: OrgWorld, partner_allowed: str
) -> None:
    for origin in (OTHER, "https://partner.example.org.evil.net", "null"):
        reply = _preflight(api, "/v1/me", origin, "PATCH")
        assert reply.status == 403  # type: ignore[attr-defined]
        assert reply.header("access-control-allow-origin") is None  # type: ignore[attr-defined]
        assert reply.json()["type"].endswith("/origin-not-allowed")  # type: ignore[attr-defined]


def test_without_configured_origins_no_preflight_passes_and_no_response_carries_cors(
    api: ApiClient, org_a: OrgWorld, resources: LocalResources, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(monkeypatch, None)
    assert _preflight(api, "/v1/me", PARTNER, "GET").status == 403  # type: ignore[attr-defined]
    me = api.get("/v1/me", org_a.learner.token, headers={"Origin": PARTNER})
    assert me.status == 200 and me.header("access-control-allow-origin") is None


def test_responses_to_an_allowed_origin_let_it_read_location_and_retry_headers(
    api: ApiClient, org_a: OrgWorld, partner_allowed: str
) -> None:
    created = api.post(
        f"/v1/communities/{org_a.community_id}/posts",
        org_a.learner.token,
        body={"body": "From the partner app"},
        headers={"Origin": PARTNER},
    )
    assert created.status == 201, created.body
    assert created.header("access-control-allow-origin") == PARTNER
    exposed = created.header("access-control-expose-headers") or ""
    assert {"Location", "Retry-After", "Idempotent-Replayed"} <= set(exposed.split(", "))
    refused = api.get("/v1/me", headers={"Origin": PARTNER})  # errors too: the client can read them
    assert refused.status == 401 and refused.header("access-control-allow-origin") == PARTNER
    other = api.get("/v1/me", org_a.learner.token, headers={"Origin": OTHER})
    assert other.status == 200 and other.header("access-control-allow-origin") is None


def test_every_path_answers_a_preflight() -> None:
    for path, methods in app_module.app.routes.items():
        assert "OPTIONS" in methods, path


def test_location_names_the_stage_a_client_reached_the_api_through(org_a: OrgWorld) -> None:
    reply = call_through_stage(
        app_module.app,
        "POST",
        "/v1/communities/{community_id}/posts",
        {"community_id": org_a.community_id},
        stage="api",
        headers={"Authorization": f"Bearer {org_a.learner.token}"},
        body={"body": "Posted through the stage's own URL"},
    )
    assert reply.status == 201, reply.body
    post_id = reply.json()["id"]
    assert reply.headers["Location"] == f"/api/v1/communities/{org_a.community_id}/posts/{post_id}"


def test_behind_the_distribution_location_starts_at_the_root(org_a: OrgWorld) -> None:
    reply = call_through_stage(
        app_module.app,
        "POST",
        "/v1/communities/{community_id}/posts",
        {"community_id": org_a.community_id},
        headers={
            "Authorization": f"Bearer {org_a.learner.token}",
            definitions.PUBLIC_PREFIX_HEADER: "/",
        },
        body={"body": "Posted through CloudFront"},
    )
    assert reply.status == 201, reply.body
    assert reply.headers["Location"].startswith(f"/v1/communities/{org_a.community_id}/posts/")


def test_a_replayed_create_names_the_prefix_of_the_retry(org_a: OrgWorld) -> None:
    route, params = "/v1/communities/{community_id}/posts", {"community_id": org_a.community_id}
    headers = {"Authorization": f"Bearer {org_a.learner.token}", "Idempotency-Key": "replay-prefix-0001"}
    first = call_through_stage(
        app_module.app, "POST", route, params, stage="dev", headers=headers, body={"body": "Once"}
    )
    retry = call_through_stage(
        app_module.app, "POST", route, params, stage="api", headers=headers, body={"body": "Once"}
    )
    assert first.status == 201 and retry.status == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert first.headers["Location"].startswith("/dev/v1/")
    assert retry.headers["Location"] == "/api" + first.headers["Location"].removeprefix("/dev")


def test_the_openapi_document_names_the_server_the_client_used(resources: LocalResources) -> None:
    through_stage = call_through_stage(app_module.app, "GET", "/v1/openapi.json", stage="api")
    assert through_stage.json()["servers"] == [{"url": "/api"}]
    behind_cloudfront = call_through_stage(
        app_module.app, "GET", "/v1/openapi.json", headers={definitions.PUBLIC_PREFIX_HEADER: "/"}
    )
    assert behind_cloudfront.json()["servers"] == [{"url": "/"}]
    elsewhere = call_through_stage(  # a client's own header never points its URLs at another site
        app_module.app,
        "GET",
        "/v1/openapi.json",
        headers={definitions.PUBLIC_PREFIX_HEADER: "https://evil.example.net"},
    )
    assert elsewhere.json()["servers"] == [{"url": "/"}]


def test_locally_the_api_is_at_the_root(api: ApiClient) -> None:
    assert api.get("/v1/openapi.json").json()["servers"] == [{"url": "/"}]
