"""GET /v1/client-config on AWS: the API function's environment, as the stack sets it, gives the
web app (and any other client) what it needs to sign people in, and the app may call it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.config import Config, get_config
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra

# What CloudFormation and Lambda would put in place of the template's references.
REGION = "eu-west-1"
PSEUDO = {"AWS::Region": REGION, "AWS::URLSuffix": "amazonaws.com", "AWS::AccountId": "123456789012"}


def _resolved(value: Any) -> str:
    """A template value as the function would see it: a resource's reference as <its logical id>."""
    if isinstance(value, str):
        return value
    if "Ref" in value:
        return PSEUDO.get(value["Ref"], f"<{value['Ref']}>")
    if "Fn::GetAtt" in value:
        return f"<{'.'.join(value['Fn::GetAtt'])}>"
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(_resolved(p) for p in parts)
    raise AssertionError(f"an environment value this test cannot resolve: {value}")


@pytest.fixture
def api_function_config(dev: Synthesized, monkeypatch: pytest.MonkeyPatch) -> Iterator[Config]:
    (api,) = [
        f["Properties"]
        for f in dev.of_type("AWS::Serverless::Function").values()
        if f["Properties"]["Handler"] == "app.app"
    ]
    for name in [n for n in os.environ if n.startswith("KRING_")]:
        monkeypatch.delenv(name)
    for name, value in api["Environment"]["Variables"].items():
        monkeypatch.setenv(name, _resolved(value))
    monkeypatch.setenv("AWS_REGION", REGION)  # Lambda sets it
    get_config.cache_clear()
    yield get_config()
    get_config.cache_clear()


def test_the_api_function_knows_the_user_pool_its_client_and_where_browsers_reach_cognito(
    api_function_config: Config,
) -> None:
    config = api_function_config
    # The fields GET /v1/client-config answers with (chalicelib/api/system.py).
    assert config.region == REGION
    assert config.user_pool_id == "<UserPool>"
    assert config.user_pool_client_id == "<UserPoolClient>"
    assert config.browser_cognito_endpoint == f"https://cognito-idp.{REGION}.amazonaws.com/"


def test_the_web_app_may_call_the_cognito_endpoint_it_is_given(
    dev: Synthesized, api_function_config: Config
) -> None:
    (policy,) = [
        p for k, p in dev.of_type("AWS::CloudFront::ResponseHeadersPolicy").items() if k.startswith("Web")
    ]
    security = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = _resolved(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    (connect,) = [d.strip() for d in csp.split(";") if d.strip().startswith("connect-src ")]
    assert api_function_config.browser_cognito_endpoint.rstrip("/") in connect.split(" ")
