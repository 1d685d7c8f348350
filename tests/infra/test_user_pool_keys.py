"""The API function is handed the user pool's public keys, read while the stack deploys.

The template checks run on the synthesized stacks; the custom resource's handler (which runs in
Lambda while CloudFormation deploys) is run here against a local stand-in for Cognito's JWKS URL
and for CloudFormation's response URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.auth import MAX_CONFIGURED_JWKS_CHARS, configured_keys
from infra.parts import user_pool_keys_handler
from infra.parts.user_pool_keys import HANDLER_SOURCE, RESOURCE_TYPE, SETTING
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra

# What Cognito's two 2048-bit keys take once compact (kid 44, n 342 characters each), with room.
COGNITO_JWKS_CHARS = 1000
# A value the template leaves to CloudFormation: the longest, the table's stream ARN, is ~110
# characters (region, account, the table's generated name and a timestamp); the others are shorter.
RESOLVED_VALUE_CHARS = 128
LAMBDA_ENVIRONMENT_LIMIT = 4096


def _keys_resource(stage: Synthesized) -> tuple[str, dict[str, Any]]:
    ((logical_id, resource),) = stage.of_type(RESOURCE_TYPE).items()
    return logical_id, resource["Properties"]


def test_the_api_function_is_handed_the_keys_the_custom_resource_reads(each_stage: Synthesized) -> None:
    logical_id, properties = _keys_resource(each_stage)
    api_environment = each_stage.functions["api_handler"]["Environment"]["Variables"]
    assert api_environment[SETTING] == {"Fn::GetAtt": [logical_id, "Jwks"]}
    # Only the API verifies tokens: the consumers and jobs carry no keys.
    others = [name for name, props in each_stage.functions.items() if name != "api_handler"]
    assert others and all(
        SETTING not in each_stage.functions[name]["Environment"]["Variables"] for name in others
    )
    # Read from this stack's pool: a new pool (a new id) changes the property, and the keys are read again.
    (pool_id,) = each_stage.of_type("AWS::Cognito::UserPool")
    url = properties["JwksUrl"]["Fn::Join"][1]
    assert url[0] == "https://cognito-idp." and url[-1] == "/.well-known/jwks.json"
    assert {"Ref": pool_id} in url


def test_the_custom_resource_runs_the_handler_inlined_from_the_repository(each_stage: Synthesized) -> None:
    _, properties = _keys_resource(each_stage)
    function_id, attribute = properties["ServiceToken"]["Fn::GetAtt"]
    function = each_stage.resources[function_id]
    assert (function["Type"], attribute) == ("AWS::Lambda::Function", "Arn")
    assert function["Properties"]["Code"]["ZipFile"] == HANDLER_SOURCE.read_text()
    assert len(HANDLER_SOURCE.read_text()) < 4096  # what CloudFormation takes inline
    assert function["Properties"]["Handler"] == "index.handler"
    # A new handler reads the keys again.
    assert properties["Handler"] == hashlib.sha256(HANDLER_SOURCE.read_bytes()).hexdigest()[:16]


def test_the_key_reader_may_write_its_own_logs_and_nothing_else(dev: Synthesized) -> None:
    _, properties = _keys_resource(dev)
    function = dev.resources[properties["ServiceToken"]["Fn::GetAtt"][0]]
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    statements = [
        statement
        for policy in dev.of_type("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
    group_id = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
    assert statements == [
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [group_id, "Arn"]},
            "Sid": "OwnLogGroup",
        }
    ]
    assert dev.resources[role_id]["Properties"].get("ManagedPolicyArns") is None


def test_the_api_functions_environment_holds_the_keys_within_lambdas_4_kb(each_stage: Synthesized) -> None:
    variables = each_stage.functions["api_handler"]["Environment"]["Variables"]
    size = sum(
        len(name) + (len(value) if isinstance(value, str) else RESOLVED_VALUE_CHARS)
        for name, value in variables.items()
        if name != SETTING
    )
    assert size + len(SETTING) + COGNITO_JWKS_CHARS < LAMBDA_ENVIRONMENT_LIMIT
    assert MAX_CONFIGURED_JWKS_CHARS >= user_pool_keys_handler.MAX_CHARS  # the API takes what is written


# ----------------------------------------------------------------- the handler itself


def rsa_jwk(kid: str) -> dict[str, Any]:
    """A 2048-bit public key as Cognito publishes it, plus a member the API does not read."""
    numbers = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers()

    def b64url(value: int) -> str:
        return (
            base64.urlsafe_b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big"))
            .rstrip(b"=")
            .decode()
        )

    return {
        "alg": "RS256",
        "e": b64url(numbers.e),
        "kid": kid,
        "kty": "RSA",
        "n": b64url(numbers.n),
        "use": "sig",
        "x5t": "x",
    }


POOL_KEYS = (rsa_jwk("key-1"), rsa_jwk("key-2"))  # made once: a 2048-bit key takes a while
EC_JWK = {
    "kty": "EC",
    "kid": "ec-key",
    "crv": "P-256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
}


@dataclass
class Endpoints:
    """Cognito's JWKS URL and CloudFormation's response URL, both served here."""

    url: str
    published: dict[str, Any] | None
    answers: list[dict[str, Any]] = field(default_factory=list)
    fetches: int = 0

    def event(self, request_type: str) -> dict[str, Any]:
        return {
            "RequestType": request_type,
            "ResponseURL": f"{self.url}/cloudformation-response",
            "StackId": "arn:aws:cloudformation:eu-west-1:1:stack/Kring-dev/1",
            "RequestId": "request-1",
            "LogicalResourceId": "UserPoolKeys",
            "ResourceType": RESOURCE_TYPE,
            "ResourceProperties": {"JwksUrl": f"{self.url}/eu-west-1_pool/.well-known/jwks.json"},
            **({"PhysicalResourceId": "UserPoolKeys"} if request_type != "Create" else {}),
        }


@pytest.fixture
def endpoints() -> Iterator[Endpoints]:
    state = Endpoints(url="", published={"keys": [*POOL_KEYS]})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            if state.published is None or self.path != "/eu-west-1_pool/.well-known/jwks.json":
                self.send_error(404)
                return
            body = json.dumps(state.published).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_PUT(self) -> None:
            state.answers.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_on_create_the_handler_answers_the_pools_rsa_keys_compact_and_the_api_accepts_them(
    endpoints: Endpoints,
) -> None:
    assert endpoints.published is not None
    endpoints.published["keys"].append(EC_JWK)
    user_pool_keys_handler.handler(endpoints.event("Create"), None)
    (answer,) = endpoints.answers
    assert answer["Status"] == "SUCCESS"
    assert (answer["PhysicalResourceId"], answer["RequestId"]) == ("UserPoolKeys", "request-1")
    jwks = answer["Data"]["Jwks"]
    assert " " not in jwks and "x5t" not in jwks and "ec-key" not in jwks
    assert sorted(configured_keys(jwks)) == ["key-1", "key-2"]
    assert len(jwks) < COGNITO_JWKS_CHARS


def test_on_delete_the_handler_reads_nothing_and_answers_success(endpoints: Endpoints) -> None:
    user_pool_keys_handler.handler(endpoints.event("Delete"), None)
    assert [answer["Status"] for answer in endpoints.answers] == ["SUCCESS"]
    assert endpoints.fetches == 0


def test_keys_that_cannot_be_read_fail_the_deployment_after_retrying(
    endpoints: Endpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoints.published = None
    monkeypatch.setattr(user_pool_keys_handler, "ATTEMPTS", 3)
    monkeypatch.setattr(user_pool_keys_handler.time, "sleep", lambda seconds: None)
    user_pool_keys_handler.handler(endpoints.event("Update"), None)
    (answer,) = endpoints.answers
    assert answer["Status"] == "FAILED"
    assert answer["Reason"].startswith("The user pool's keys could not be read")
    assert "Data" not in answer
    assert endpoints.fetches == 3


def test_a_key_set_without_an_rsa_key_is_not_handed_over(
    endpoints: Endpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoints.published = {"keys": [EC_JWK]}
    monkeypatch.setattr(user_pool_keys_handler, "ATTEMPTS", 1)
    user_pool_keys_handler.handler(endpoints.event("Create"), None)
    assert [answer["Status"] for answer in endpoints.answers] == ["FAILED"]
