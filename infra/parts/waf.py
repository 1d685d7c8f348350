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

# The rules of the two AWS managed groups (their documented names), each overridden to block with
# the ACL's 403 problem instead of WAF's own page. A managed group's action can only be left alone
# or counted, so the problem body needs a per-rule override; a rule AWS adds later blocks with WAF's
# default 403 until it is listed here (the web app treats a 403 without a problem gracefully).
COMMON_RULES = (
    "NoUserAgent_HEADER",
    "UserAgent_BadBots_HEADER",
    "SizeRestrictions_QUERYSTRING",
    "SizeRestrictions_Cookie_HEADER",
    "SizeRestrictions_BODY",
    "SizeRestrictions_URIPATH",
    "EC2MetaDataSSRF_BODY",
    "EC2MetaDataSSRF_COOKIE",
    "EC2MetaDataSSRF_URIPATH",
    "EC2MetaDataSSRF_QUERYARGUMENTS",
    "GenericLFI_QUERYARGUMENTS",
    "GenericLFI_URIPATH",
    "GenericLFI_BODY",
    "RestrictedExtensions_URIPATH",
    "RestrictedExtensions_QUERYARGUMENTS",
    "GenericRFI_QUERYARGUMENTS",
    "GenericRFI_BODY",
    "GenericRFI_URIPATH",
    "CrossSiteScripting_COOKIE",
    "CrossSiteScripting_QUERYARGUMENTS",
    "CrossSiteScripting_BODY",
    "CrossSiteScripting_URIPATH",
)
KNOWN_BAD_INPUTS_RULES = (
    "JavaDeserializationRCE_HEADER",
    "JavaDeserializationRCE_BODY",
    "JavaDeserializationRCE_URIPATH",
    "JavaDeserializationRCE_QUERYSTRING",
    "Host_localhost_HEADER",
    "PROPFIND_METHOD",
    "ExploitablePaths_URIPATH",
    "Log4JRCE_HEADER",
    "Log4JRCE_QUERYSTRING",
    "Log4JRCE_BODY",
    "Log4JRCE_URIPATH",
)

RATE_LIMITED_BODY = "rate-limited"
REFUSED_BODY = "refused"
# A rate rule counts the last 5 minutes: an address over the limit is let through again once its
# count of that window falls below it, at the latest 5 minutes after it stops.
RATE_LIMIT_RETRY_AFTER_SECONDS = 300


def _problem(slug: str, title: str, status: int, detail: str) -> str:
    """A problem+json body as the app writes them (WAF sends it as application/json, its only JSON
    type; the web app reads a problem by its fields, not by its content type)."""
    return json.dumps(
        {"type": f"{PROBLEM_TYPE_BASE}{slug}", "title": title, "status": status, "detail": detail}
    )


def web_acl(stack: Stack, settings: StageSettings) -> wafv2.CfnWebACL:
    """A rate limit per client address and the AWS managed common and known-bad-inputs rules."""
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
            RATE_LIMITED_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
                content_type="APPLICATION_JSON",
                content=_problem(
                    "rate-limited",
                    "Too many requests",
                    429,
                    "Too many requests from your network; try again in a few minutes.",
                ),
            ),
            REFUSED_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
                content_type="APPLICATION_JSON",
                content=_problem(
                    "request-refused",
                    "This request was refused",
                    403,
                    "Our firewall refused this request. Change what you sent, or tell your "
                    "organisation's administrator if it should have been accepted.",
                ),
            ),
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
                            response_code=429,
                            custom_response_body_key=RATE_LIMITED_BODY,
                            response_headers=[
                                wafv2.CfnWebACL.CustomHTTPHeaderProperty(
                                    name="Retry-After", value=str(RATE_LIMIT_RETRY_AFTER_SECONDS)
                                )
                            ],
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
            _managed_rules(
                "AWSManagedRulesCommonRuleSet", 1, metric, COMMON_RULES, COMMON_RULES_COUNTED_ONLY
            ),
            _managed_rules("AWSManagedRulesKnownBadInputsRuleSet", 2, metric, KNOWN_BAD_INPUTS_RULES),
        ],
    )
    return acl


def _managed_rules(
    name: str, priority: int, metric: str, rules: tuple[str, ...], counted_only: tuple[str, ...] = ()
) -> wafv2.CfnWebACL.RuleProperty:
    """An AWS managed rule group whose rules block with the 403 problem, except rules we only count."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=name,
                rule_action_overrides=[
                    wafv2.CfnWebACL.RuleActionOverrideProperty(
                        name=rule,
                        action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                        if rule in counted_only
                        else _refuse_with_problem(),
                    )
                    for rule in rules
                ],
            )
        ),
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
            cloud_watch_metrics_enabled=True,
            metric_name=f"{metric}-{name}",
            sampled_requests_enabled=True,
        ),
    )


def _refuse_with_problem() -> wafv2.CfnWebACL.RuleActionProperty:
    return wafv2.CfnWebACL.RuleActionProperty(
        block=wafv2.CfnWebACL.BlockActionProperty(
            custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                response_code=403, custom_response_body_key=REFUSED_BODY
            )
        )
    )
