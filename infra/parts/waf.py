"""The web ACL in front of everything CloudFront serves for Kring (the app and `/v1/*`, the API).

The API is a Lambda function URL behind the web distribution (infra/parts/api.py): WAF cannot be
attached to a function URL, so the ACL is CloudFront's, and a CloudFront web ACL lives in
us-east-1 whatever the stack's region. It is the one resource of the stage's edge stack
(infra/parts/edge.py); the web distribution names it across regions.
"""

from __future__ import annotations

import json

from aws_cdk import Stack
from aws_cdk import aws_wafv2 as wafv2

from chalicelib.errors import PROBLEM_TYPE_BASE
from infra.settings import StageSettings

# Rules of the AWS managed rule groups that would refuse what Kring accepts (see web_acl).
COMMON_RULES_COUNTED_ONLY = ("SizeRestrictions_BODY",)


def web_acl(stack: Stack, settings: StageSettings) -> wafv2.CfnWebACL:
    """A rate limit per client address and the AWS managed common and known-bad-inputs rules."""
    body = json.dumps(
        {
            "type": f"{PROBLEM_TYPE_BASE}rate-limited",
            "title": "Too many requests",
            "status": 429,
            "detail": "Too many requests from your network; try again in a few minutes.",
        }
    )
    metric = f"{settings.name_prefix}-waf"
    acl = wafv2.CfnWebACL(
        stack,
        "WebAcl",
        scope="CLOUDFRONT",
        default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
        visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
            cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
        ),
        custom_response_bodies={
            "rate-limited": wafv2.CfnWebACL.CustomResponseBodyProperty(
                content_type="APPLICATION_JSON", content=body
            )
        },
        rules=[
            wafv2.CfnWebACL.RuleProperty(
                name="rate-per-ip",
                priority=0,
                statement=wafv2.CfnWebACL.StatementProperty(
                    rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                        limit=settings.waf_requests_per_5_minutes_per_ip, aggregate_key_type="IP"
                    )
                ),
                action=wafv2.CfnWebACL.RuleActionProperty(
                    block=wafv2.CfnWebACL.BlockActionProperty(
                        custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                            response_code=429, custom_response_body_key="rate-limited"
                        )
                    )
                ),
                visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
                    cloud_watch_metrics_enabled=True,
                    metric_name=f"{metric}-rate-per-ip",
                    sampled_requests_enabled=True,
                ),
            ),
            # SizeRestrictions_BODY refuses bodies over 8 KB, but Kring accepts up to
            # KRING_MAX_BODY_BYTES (64 KB): a 5,000-character post or a quiz question with its
            # options and explanation can be larger once JSON-escaped. The app answers a 413
            # problem for what is too large; WAF only counts (media goes straight to S3).
            _managed_rules("AWSManagedRulesCommonRuleSet", 1, metric, COMMON_RULES_COUNTED_ONLY),
            _managed_rules("AWSManagedRulesKnownBadInputsRuleSet", 2, metric),
        ],
    )
    return acl


def _managed_rules(
    name: str, priority: int, metric: str, counted_only: tuple[str, ...] = ()
) -> wafv2.CfnWebACL.RuleProperty:
    """An AWS managed rule group, blocking (CloudFront's 403), except rules we only count."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=name,
                rule_action_overrides=[
                    wafv2.CfnWebACL.RuleActionOverrideProperty(
                        name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                    )
                    for rule in counted_only
                ]
                or None,
            )
        ),
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
            cloud_watch_metrics_enabled=True,
            metric_name=f"{metric}-{name}",
            sampled_requests_enabled=True,
        ),
    )
