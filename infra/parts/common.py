"""What every part of the stack uses: cdk-nag acknowledgements, construct ids, shared origins."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Aws, Stack, Token, Validations
from constructs import IConstruct


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    """A cdk-nag finding we accept, with the reason written next to the resource it is about."""
    Validations.of(scope).acknowledge(Acknowledgment(id=rule, reason=reason))


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_"))


def cognito_origin() -> str:
    """Where browsers call Cognito's API in this stack's region (the web app signs in there)."""
    return f"https://cognito-idp.{Aws.REGION}.{Aws.URL_SUFFIX}"


def region_in_finding(stack: Stack) -> str:
    """The region as cdk-nag writes it in a finding: the stack's own when it names one (the stacks
    name their regions for the edge stack's cross-region reference), else the pseudo parameter."""
    return "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
