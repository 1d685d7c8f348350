"""Where `kring` commands act: the running local stack or a deployed CloudFormation stack.

A target gives the resources' names and endpoints; `configure_for` points this process's app code
at them exactly as a Lambda there is configured; `id_token` signs in through Cognito's real flow.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from local import emulator, home

STACK_OUTPUTS = ("UserPoolId", "UserPoolClientId", "TableName", "MediaBucketName", "Region")


class CliError(Exception):
    """A failure the user can fix; printed without a traceback."""


# Targets: the local stack or a deployed one ------------------------------------------------


@dataclass(frozen=True)
class Target:
    region: str
    user_pool_id: str
    user_pool_client_id: str
    table_name: str
    media_bucket: str
    endpoint_url: str | None  # None: real AWS endpoints
    local: emulator.LocalResources | None = None


def local_target() -> Target:
    from local.runtime import load_resources

    found = load_resources()
    if found is None:
        raise CliError(f"No local stack found in {home.home()}. Start it first: make run")
    resources, _ = found
    try:
        emulator.fake_credentials()
        emulator.client("dynamodb", resources.endpoint_url).list_tables(Limit=1)
    except Exception as exc:
        raise CliError(
            f"The local emulator at {resources.endpoint_url} does not answer. Start it first: make run"
        ) from exc
    return Target(
        emulator.LOCAL_REGION,
        resources.user_pool_id,
        resources.user_pool_client_id,
        resources.table_name,
        resources.media_bucket,
        resources.endpoint_url,
        resources,
    )


def stack_target(stack: str, region: str | None) -> Target:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        cloudformation = boto3.session.Session(region_name=region).client("cloudformation")
        described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    except (BotoCoreError, ClientError) as exc:
        raise CliError(f"Cannot read CloudFormation stack '{stack}': {exc}") from exc
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    missing = [name for name in STACK_OUTPUTS if name not in outputs and name != "Region"]
    if missing:
        raise CliError(f"Stack '{stack}' lacks the outputs {', '.join(missing)}; is it a Kring stack?")
    stack_region = outputs.get("Region") or region or cloudformation.meta.region_name
    return Target(
        stack_region,
        outputs["UserPoolId"],
        outputs["UserPoolClientId"],
        outputs["TableName"],
        outputs["MediaBucketName"],
        None,
    )


def target_for(args: argparse.Namespace) -> Target:
    return stack_target(args.stack, args.region) if args.stack else local_target()


def configure_for(target: Target) -> None:
    """Point this process's app code at the target, exactly as a Lambda there is configured."""
    from chalicelib import bootstrap

    if target.local is not None:
        emulator.configure_process(target.local)
        return
    os.environ.update(
        {
            "AWS_REGION": target.region,
            "AWS_DEFAULT_REGION": target.region,
            "KRING_TABLE": target.table_name,
            "KRING_MEDIA_BUCKET": target.media_bucket,
            "KRING_USER_POOL_ID": target.user_pool_id,
            "KRING_USER_POOL_CLIENT_ID": target.user_pool_client_id,
            # Required by the app's config but never read by onboarding: cursors are not signed here.
            "KRING_CURSOR_SECRET_ID": os.environ.get("KRING_CURSOR_SECRET_ID", "cli-does-not-sign-cursors"),
            # Nor does it sign media download URLs.
            **{
                name: os.environ.get(name, "cli-does-not-sign-media-urls")
                for name in (
                    "KRING_MEDIA_CDN_URL",
                    "KRING_MEDIA_CDN_KEY_PAIR_ID",
                    "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID",
                )
            },
        }
    )
    for name in ("KRING_AWS_ENDPOINT_URL", "KRING_JWKS_URL", "KRING_USER_POOL_JWKS", "KRING_TOKEN_ISSUER"):
        os.environ.pop(name, None)
    bootstrap.reset()


def id_token(target: Target, email: str, password: str) -> str:
    """A Cognito ID token through the real USER_PASSWORD_AUTH flow."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    cognito = boto3.session.Session().client(
        "cognito-idp",
        region_name=target.region,
        endpoint_url=target.endpoint_url,
    )
    try:
        result = cognito.initiate_auth(
            ClientId=target.user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise CliError(f"Sign-in of {email} failed: {error.get('Code')}: {error.get('Message')}") from exc
    except BotoCoreError as exc:
        raise CliError(f"Sign-in of {email} failed: {exc}") from exc
    if "AuthenticationResult" not in result:
        challenge = result.get("ChallengeName", "a challenge")
        raise CliError(f"{email} must first answer {challenge} (e.g. set a permanent password).")
    return str(result["AuthenticationResult"]["IdToken"])
