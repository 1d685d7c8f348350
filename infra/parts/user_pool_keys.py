"""The user pool's public keys, read while the stack deploys and handed to the API function.

Cognito publishes a pool's keys only at its JWKS URL, so a custom resource reads them there
(infra/parts/user_pool_keys_handler.py, inlined: the standard library, no layer, no framework
function) and the API function gets them as `KRING_USER_POOL_JWKS`: a cold container verifies
tokens without fetching them (docs/decisions.md). The resource's properties are the pool's JWKS
URL, which holds the pool id, and a digest of the handler's code: a new pool reads the keys again,
and so does a new handler. Nothing else re-runs it: a key Cognito adds later reaches a container
by its fetch for an unknown key id. It runs only during a deployment (a few seconds of a 128 MB
function; bench/cost.py prices the app's functions, not it).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from aws_cdk import CfnResource, CustomResource, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

from infra.parts.common import acknowledge, cognito_origin
from infra.parts.data import Data
from infra.settings import StageSettings

HANDLER_SOURCE = Path(__file__).with_name("user_pool_keys_handler.py")
SETTING = "KRING_USER_POOL_JWKS"
RESOURCE_TYPE = "Custom::UserPoolJwks"


class UserPoolKeys:
    def __init__(self, stack: Stack, settings: StageSettings, data: Data) -> None:
        role = iam.Role(
            stack,
            "UserPoolKeysRole",
            description=f"{settings.name_prefix}: reads the user pool's public keys while deploying",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        )
        log_group = logs.LogGroup(
            stack,
            "UserPoolKeysLogs",
            retention=settings.log_retention,
            removal_policy=settings.removal,
        )
        # Its own log group, and nothing else: the keys are public, read over HTTPS.
        role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="OwnLogGroup",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[log_group.log_group_arn],
            )
        )
        self.function = lambda_.Function(
            stack,
            "UserPoolKeysFunction",
            description=f"{settings.name_prefix}: the user pool's JWKS for the API function (deploy time)",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.Code.from_inline(HANDLER_SOURCE.read_text()),
            memory_size=128,
            timeout=Duration.minutes(3),  # retries for about 30 s while a new pool publishes its keys
            role=role,
            log_group=log_group,
        )
        self.function.node.add_dependency(role)
        acknowledge(
            self.function,
            "AwsSolutions-L1",
            "The handler runs on the Python the app's functions run on (3.12), which its tests use; it "
            "needs only the standard library and runs only during a deployment.",
        )
        self.resource = CustomResource(
            stack,
            "UserPoolKeys",
            service_token=self.function.function_arn,
            resource_type=RESOURCE_TYPE,
            properties={
                "JwksUrl": f"{cognito_origin()}/{data.user_pool.ref}/.well-known/jwks.json",
                "Handler": hashlib.sha256(HANDLER_SOURCE.read_bytes()).hexdigest()[:16],
            },
        )

    def hand_to(self, function: CfnResource) -> None:
        """The keys in `function`'s environment (the API's: no other function verifies tokens)."""
        function.add_property_override(
            f"Environment.Variables.{SETTING}", self.resource.get_att_string("Jwks")
        )
