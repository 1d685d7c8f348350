"""The stage's edge stack, ``Kring-<stage>-edge`` in us-east-1: the web ACL of its CloudFront distribution.

CloudFront takes web ACLs only from us-east-1, whatever the region of the stack that owns the
distribution; the API is a Lambda function URL, to which WAF cannot be attached, so the ACL in
front of `/v1/*` is the distribution's (infra/parts/waf.py). The main stack names the ACL through a
cross-region reference (the CDK keeps its ARN in an SSM parameter in us-east-1 and reads it at
deploy time). `python -m infra.deploy` deploys this stack first. A flat-rate plan for the
distribution and this ACL (infra/parts/front_door_plan.py) is a resource of the main stack: it
names the distribution, which exists only once this stack is deployed.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from infra.parts.waf import web_acl
from infra.settings import StageSettings

EDGE_REGION = "us-east-1"


class EdgeStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, settings: StageSettings, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, cross_region_references=True, **kwargs)
        self.web_acl = web_acl(self, settings)
