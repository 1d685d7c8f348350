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


def stack_name(stage: str) -> str:
    return f"Kring-{stage}"


def edge_stack_name(stage: str) -> str:
    """The stage's stack in us-east-1: CloudFront's web ACL (infra/parts/edge.py)."""
    return f"Kring-{stage}-edge"
