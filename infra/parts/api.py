"""The API's front door: the API function's Lambda function URL, signed for by CloudFront only.

CloudFront's web distribution sends `/v1/*` to the URL (infra/parts/web.py) through an origin
access control for Lambda that signs every request (SigV4, keeping the viewer's Authorization
header, which carries the member's token); the URL's auth type is AWS_IAM and
only that distribution may invoke it, so the URL is no way around CloudFront and its web ACL. The
function turns the URL's 2.0 events into Chalice's (chalicelib/api/function_url.py).

`chalice package` still generates a REST API for the routes; its execute-api endpoint is disabled
(it has no other endpoint), so it answers nobody and costs nothing. Removing it would mean editing
the generated template (the function's Api events, its invoke permission, Chalice's outputs) on
every Chalice upgrade. See docs/decisions.md ("The API behind a Lambda function URL").

What the REST stage did and what does it now: throttling is the function's reserved concurrency
(at most that many requests at once; Lambda answers 429 beyond it) beside the web ACL's rate per
client address and the app's quota per organisation (chalicelib/quotas.py); request sizes are the
app's (KRING_MAX_BODY_BYTES, a 413 problem) under the URL's own 6 MB; unknown paths and methods
are the app's problem+json (chalicelib/api/function_url.py).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnResource, Duration, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_xray as xray

from chalicelib import definitions
from infra.settings import TRACE_FIXED_RATE, TRACE_RESERVOIR_PER_SECOND, StageSettings

REST_API_ID = "RestAPI"  # the logical id chalice package gives the REST API


class Api:
    def __init__(self, stack: Stack, settings: StageSettings, chalice: Any, function: CfnResource) -> None:
        self.stack = stack
        self.settings = settings
        self.function = function
        self.rest_api = chalice.get_resource(REST_API_ID)
        self._retire_rest_api()
        function.add_property_override("ReservedConcurrentExecutions", settings.api_reserved_concurrency)
        reference = lambda_.Function.from_function_attributes(
            stack,
            "ApiFunctionReference",
            function_arn=function.get_att("Arn").to_string(),
            same_environment=True,  # lets the origin access control grant CloudFront its invoke permission
        )
        self.function_url = lambda_.FunctionUrl(
            stack, "ApiFunctionUrl", function=reference, auth_type=lambda_.FunctionUrlAuthType.AWS_IAM
        )
        if settings.tracing:
            self._sampling_rule()

    def origin(self, public_prefix: str) -> cloudfront.IOrigin:
        """The URL as CloudFront's origin: every request signed (origin access control for Lambda)."""
        access = cloudfront.FunctionUrlOriginAccessControl(
            self.stack,
            "ApiOriginAccessControl",
            origin_access_control_name=f"{self.settings.name_prefix}-api",
            # Signs every request, and leaves the viewer's Authorization (the member's bearer token)
            # as it is: plain `always` would overwrite it with CloudFront's own signature.
            signing=cloudfront.Signing.SIGV4_ALWAYS_AMZ_AUTH,
        )
        return origins.FunctionUrlOrigin.with_origin_access_control(
            self.function_url,
            origin_access_control=access,
            # CloudFront waits up to 30 s by default; the function gives up before (API_TIMEOUT_SECONDS).
            read_timeout=Duration.seconds(30),
            # Replaces any such header a viewer sends: the API's URLs start at this root.
            custom_headers={definitions.PUBLIC_PREFIX_HEADER: public_prefix},
        )

    def _retire_rest_api(self) -> None:
        api, settings = self.rest_api, self.settings
        api.add_property_override("Name", f"kring-{settings.stage}")
        api.add_property_override("DefinitionBody.info.title", f"kring-{settings.stage}")
        # Nothing reaches it: no request is traced there either.
        api.add_property_override("TracingEnabled", False)
        api.add_property_override("DisableExecuteApiEndpoint", True)

    def _sampling_rule(self) -> None:
        """Which API requests are traced when the stage traces: the first each second, 1 % of the rest.

        With API Gateway gone, the API function decides (active tracing); the rule is matched on its
        name and type as Lambda reports them."""
        xray.CfnSamplingRule(
            self.stack,
            "ApiSamplingRule",
            sampling_rule=xray.CfnSamplingRule.SamplingRuleProperty(
                rule_name=f"kring-{self.settings.stage}-api",
                priority=1000,
                reservoir_size=TRACE_RESERVOIR_PER_SECOND,
                fixed_rate=TRACE_FIXED_RATE,
                service_name=self.settings.function_name("api_handler"),
                service_type="AWS::Lambda::Function",
                host="*",
                http_method="*",
                url_path="*",
                resource_arn="*",
                version=1,
            ),
        )
