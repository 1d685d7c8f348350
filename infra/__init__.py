"""Kring's CDK app: the Chalice app (via ``chalice.cdk``) plus its table, bucket, user pool and alarms.

Entry points: ``python -m infra.synth`` (offline CloudFormation), ``python -m infra.package``
(the Lambda deployment zip) and ``python -m infra.deploy`` (the real deploy via the CDK CLI).
"""

from __future__ import annotations

import os
from pathlib import Path

# jsii (under aws-cdk-lib) shouts about Node 20's end of life on every start; we know (docs/deploy.md).
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = REPO_ROOT / "build"
STAGES = ("dev", "prod")
DEFAULT_REGION = "eu-west-1"
# How CloudFront bills the web distribution (infra/settings.py `front_door_plan`): pay-as-you-go,
# or a flat-rate plan, named here by the stage setting's value and CloudFormation's tier.
PAY_AS_YOU_GO = "pay-as-you-go"
FRONT_DOOR_PLAN_TIERS = {"free": "FREE", "pro": "PRO", "business": "BUSINESS"}
FRONT_DOOR_PLANS = (PAY_AS_YOU_GO, *FRONT_DOOR_PLAN_TIERS)


def stack_name(stage: str) -> str:
    return f"Kring-{stage}"


def edge_stack_name(stage: str) -> str:
    """The stage's stack in us-east-1: CloudFront's web ACL (infra/parts/edge.py)."""
    return f"Kring-{stage}-edge"
