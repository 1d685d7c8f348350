"""The REST API chalice.cdk generates: its name, throttling, tracing, problem+json gateway responses
and the regional web ACL in front of its stage."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Aws, Fn, Stack
from aws_cdk import aws_wafv2 as wafv2
from aws_cdk import aws_xray as xray

from chalicelib.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE
from infra.parts.common import acknowledge
from infra.parts.functions import API_STAGE
from infra.settings import TRACE_FIXED_RATE, TRACE_RESERVOIR_PER_SECOND, StageSettings

REST_API_ID = "RestAPI"  # the logical id chalice package gives the REST API
# Rules of the AWS managed rule groups that would refuse what Kring accepts (see web_acl).
COMMON_RULES_COUNTED_ONLY = ("SizeRestrictions_BODY",)


def problem_template(slug: str, title: str, status: int | None) -> str:
    """An API Gateway response template that renders an RFC 9457 problem like chalicelib/errors.py."""
    status_part = f'"status": {status}, ' if status is not None else ""
    return (
        f'{{"type": "{PROBLEM_TYPE_BASE}{slug}", "title": "{title}", {status_part}'
        '"detail": $context.error.messageString, "instance": "$context.path", '
        '"code": "$context.error.responseType", "request_id": "$context.requestId"}'
    )


def gateway_responses() -> dict[str, Any]:
    """``x-amazon-apigateway-gateway-responses``: API Gateway's own errors as problem+json."""

    def response(slug: str, title: str, status: int | None, headers: dict[str, str] | None = None) -> Any:
        params = {"gatewayresponse.header.Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"}
        params.update({f"gatewayresponse.header.{k}": f"'{v}'" for k, v in (headers or {}).items()})
        body: dict[str, Any] = {
            "responseParameters": params,
            "responseTemplates": {"application/json": problem_template(slug, title, status)},
        }
        if status is not None:
            body["statusCode"] = status
        return body

    return {
        "DEFAULT_4XX": response("gateway-error", "The request was rejected", None),
        "DEFAULT_5XX": response("internal-error", "Something went wrong on our side", None),
        # No route matched: API Gateway calls that 403 "Missing Authentication Token".
        "MISSING_AUTHENTICATION_TOKEN": response("not-found", "Not found", 404),
        "THROTTLED": response("rate-limited", "Too many requests", 429, {"Retry-After": "1"}),
        "QUOTA_EXCEEDED": response("rate-limited", "Too many requests", 429, {"Retry-After": "60"}),
        "REQUEST_TOO_LARGE": response("payload-too-large", "The request is too large", 413),
        "INTEGRATION_TIMEOUT": response("service-unavailable", "The service is temporarily unavailable", 504),
        "WAF_FILTERED": response("forbidden", "You are not allowed to do this", 403),
    }


class Api:
    def __init__(self, stack: Stack, settings: StageSettings, chalice: Any) -> None:
        self.stack = stack
        self.settings = settings
        self.rest_api = chalice.get_resource(REST_API_ID)
        self._configure()
        if settings.tracing:
            self._sampling_rule()
        self._web_acl()

    @property
    def domain_name(self) -> str:
        return f"{self.rest_api.ref}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}"

    @property
    def url(self) -> str:
        return f"https://{self.domain_name}/{API_STAGE}/"

    def _configure(self) -> None:
        api, settings = self.rest_api, self.settings
        api.add_property_override("Name", f"kring-{settings.stage}")
        api.add_property_override("DefinitionBody.info.title", f"kring-{settings.stage}")
        api.add_property_override("TracingEnabled", settings.tracing)
        api.add_property_override(
            "MethodSettings",
            [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": settings.api_rate_limit,
                    "ThrottlingBurstLimit": settings.api_burst_limit,
                }
            ],
        )
        # In the OpenAPI body (not separate resources) so every change redeploys the stage.
        api.add_property_override("DefinitionBody.x-amazon-apigateway-gateway-responses", gateway_responses())

    def _sampling_rule(self) -> None:
        """API Gateway decides which requests are traced; the API function follows its decision.

        X-Ray's default rule keeps the first request each second and 5 % of the rest; this rule,
        matched on the stage's service name (`<api name>/<stage>`), keeps 1 % of the rest.
        """
        xray.CfnSamplingRule(
            self.stack,
            "ApiSamplingRule",
            sampling_rule=xray.CfnSamplingRule.SamplingRuleProperty(
                rule_name=f"kring-{self.settings.stage}-api",
                priority=1000,
                reservoir_size=TRACE_RESERVOIR_PER_SECOND,
                fixed_rate=TRACE_FIXED_RATE,
                service_name=f"kring-{self.settings.stage}/{API_STAGE}",
                service_type="AWS::ApiGateway::Stage",
                host="*",
                http_method="*",
                url_path="*",
                resource_arn="*",
                version=1,
            ),
        )

    def _web_acl(self) -> None:
        body = json.dumps(
            {
                "type": f"{PROBLEM_TYPE_BASE}rate-limited",
                "title": "Too many requests",
                "status": 429,
                "detail": "Too many requests from your network; try again in a few minutes.",
            }
        )
        metric = f"{self.settings.name_prefix}-waf"
        acl = wafv2.CfnWebACL(
            self.stack,
            "WebAcl",
            scope="REGIONAL",
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
                            limit=self.settings.waf_requests_per_5_minutes_per_ip, aggregate_key_type="IP"
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
        association = wafv2.CfnWebACLAssociation(
            self.stack,
            "WebAclAssociation",
            web_acl_arn=acl.attr_arn,
            # "<api>.Stage" is SAM's reference to the stage it generates: the association waits for it.
            resource_arn=f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}::/restapis/{self.rest_api.ref}/stages/"
            f"{Fn.ref(REST_API_ID + '.Stage')}",
        )
        acknowledge(
            association,
            "CloudFormation-Validate::F1020",
            f"'{REST_API_ID}.Stage' is resolved by the AWS::Serverless-2016-10-31 transform.",
        )


def _managed_rules(
    name: str, priority: int, metric: str, counted_only: tuple[str, ...] = ()
) -> wafv2.CfnWebACL.RuleProperty:
    """An AWS managed rule group, blocking (a WAF_FILTERED 403 problem), except rules we only count."""
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
