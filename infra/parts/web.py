"""The web app on AWS: a private bucket behind CloudFront, which also sends /v1/* to the API.

One origin for people: the app at `/`, the API reference page at `/docs` (docs/api/, a static page
that renders /v1/openapi.json in the browser) beside it in the same bucket, and the API at `/v1`
(the API function's URL, signed for by origin access control, without caching), so the app needs
no CORS and its CSP can say `'self'`. The distribution's web ACL (the edge stack's) guards both.
The app's files come from web/dist (built by `npm run build` in web/); a synth without a build
deploys a placeholder page instead. The headers every response carries are the ones the local
server sends (chalicelib/definitions.web_security_headers).
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Aws, Duration, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy

from chalicelib import definitions
from infra import REPO_ROOT
from infra.parts.api import Api
from infra.parts.common import acknowledge, cognito_origin, region_in_finding
from infra.parts.media_cdn import acknowledge_default_certificate_and_geography
from infra.settings import StageSettings

WEB_DIST = REPO_ROOT / "web" / "dist"
API_DOCS = REPO_ROOT / "docs" / "api"
# The reference page's key prefix in the bucket: its path on the distribution, without the slash.
DOCS_PREFIX = definitions.API_DOCS_PATH.strip("/") + "/"
# Paths CloudFront sends to the API instead of the bucket.
API_PATHS = ("/v1/*",)
# The API builds its URLs (Location, the OpenAPI servers) under this prefix: the distribution's root.
API_PUBLIC_PREFIX = "/"
PLACEHOLDER_PAGE = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Kring</title></head>\n'
    "<body><h1>Kring</h1><p>The web app has not been built into this deployment: run "
    "<code>npm run build</code> in web/ and deploy again. The API answers at /v1.</p></body></html>\n"
)
# `/docs` and `/docs/` are the API reference page; its files and the app's are served as they
# are; any other path whose last segment has no file extension is an app route: the app's page,
# index.html. Only the bucket's behaviour runs this: /v1/* never does.
SPA_ROUTES_FUNCTION = """\
function handler(event) {
  var request = event.request;
  if (request.uri === '/docs' || request.uri === '/docs/') {
    request.uri = '/docs/index.html';
    return request;
  }
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
"""
# The app's hashed files (assets/, named by their content) are kept for good by browsers; every other
# file is revalidated on each use (a 304 from the edge) and kept by CloudFront until the next deploy
# invalidates it, so a new version reaches everyone at once. The local server sends the same.
HASHED_PREFIX = definitions.WEB_HASHED_PREFIX
HASHED_CACHE_CONTROL = definitions.WEB_HASHED_CACHE_CONTROL
CACHE_CONTROL = definitions.WEB_CACHE_CONTROL


def upload_origins(media_bucket: s3.IBucket) -> tuple[str, ...]:
    """Where browsers post media uploads. boto3 presigns POSTs to the bucket's global virtual-hosted
    name (https://<bucket>.s3.amazonaws.com/, chalicelib/media/objects.py), which S3 redirects to
    the regional name while a new bucket's DNS settles: both must be allowed."""
    return (
        f"https://{media_bucket.bucket_name}.s3.{Aws.URL_SUFFIX}",
        f"https://{media_bucket.bucket_regional_domain_name}",
    )


def content_security_policy(media_domain: str, media_bucket: s3.IBucket) -> str:
    """The app's CSP, as the local server builds it, with this stage's origins: signed media
    downloads from the media distribution; Cognito and the media bucket (uploads) to call."""
    return definitions.web_content_security_policy(
        media_origins=(f"https://{media_domain}",),
        connect_origins=(cognito_origin(), *upload_origins(media_bucket)),
    )


def security_headers_behavior(headers: dict[str, str]) -> cloudfront.ResponseSecurityHeadersBehavior:
    """definitions.web_security_headers as CloudFront's security headers, each overriding whatever
    an origin sent. A header this does not know stops the synth rather than going missing on AWS."""
    known = {
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
    }
    if set(headers) != known:
        raise ValueError(f"the web headers do not map onto CloudFront's security headers: {sorted(headers)}")
    if headers["X-Content-Type-Options"] != "nosniff":
        raise ValueError("CloudFront can only send X-Content-Type-Options: nosniff")
    hsts = [part.strip() for part in headers["Strict-Transport-Security"].split(";")]
    max_age = int(hsts[0].removeprefix("max-age="))
    return cloudfront.ResponseSecurityHeadersBehavior(
        content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=headers["Content-Security-Policy"], override=True
        ),
        strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
            access_control_max_age=Duration.seconds(max_age),
            include_subdomains="includeSubDomains" in hsts,
            preload="preload" in hsts,
            override=True,
        ),
        content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
        frame_options=cloudfront.ResponseHeadersFrameOptions(
            frame_option=cloudfront.HeadersFrameOption[headers["X-Frame-Options"]], override=True
        ),
        referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=cloudfront.HeadersReferrerPolicy[_enum_name(headers["Referrer-Policy"])],
            override=True,
        ),
    )


def _enum_name(value: str) -> str:
    return value.upper().replace("-", "_")


def web_source(dist: Path = WEB_DIST) -> s3deploy.ISource:
    """The built app, or the placeholder page when web/ has not been built (synth works either way)."""
    if (dist / "index.html").is_file():
        return s3deploy.Source.asset(str(dist))
    return s3deploy.Source.data("index.html", PLACEHOLDER_PAGE)


class WebHosting:
    def __init__(
        self,
        stack: Stack,
        settings: StageSettings,
        *,
        access_log_bucket: s3.Bucket,
        distribution_log_bucket: s3.Bucket,
        api: Api,
        web_acl_arn: str,
        media_domain: str,
        media_bucket: s3.Bucket,
    ) -> None:
        prefix = settings.name_prefix
        self.bucket = s3.Bucket(
            stack,
            "WebAppBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=access_log_bucket,
            server_access_logs_prefix="web/",
            removal_policy=settings.removal,
        )
        csp = content_security_policy(media_domain, media_bucket)
        headers = cloudfront.ResponseHeadersPolicy(
            stack,
            "WebResponseHeaders",
            comment=f"{prefix}: the app's security headers",
            security_headers_behavior=security_headers_behavior(
                definitions.web_security_headers(csp, https=True)
            ),
        )
        spa_routes = cloudfront.Function(
            stack,
            "WebAppRoutes",
            comment=f"{prefix}: app routes are the app's index.html, /docs the API reference",
            code=cloudfront.FunctionCode.from_inline(SPA_ROUTES_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        api_behavior = cloudfront.BehaviorOptions(
            origin=api.origin(API_PUBLIC_PREFIX),
            # Tokens travel in headers: never answered over plain HTTP, never redirected.
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            # Nothing of the API is cached; with caching disabled this policy forwards every viewer
            # header (Authorization, Idempotency-Key, x-amz-content-sha256...) but Host, which the
            # function URL needs as its own (the signature covers it).
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            response_headers_policy=headers,
        )
        self.distribution = cloudfront.Distribution(
            stack,
            "WebDistribution",
            comment=f"{prefix} web app and API",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=spa_routes, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            additional_behaviors={path: api_behavior for path in API_PATHS},
            web_acl_id=web_acl_arn,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=distribution_log_bucket,
            log_file_prefix="web/",
        )
        acknowledge_default_certificate_and_geography(self.distribution)
        deployment_logs = logs.LogGroup(
            stack,
            "WebAppDeploymentLogs",
            retention=settings.log_retention,
            removal_policy=settings.removal,
        )
        # First, so that the deployments' shared handler and its layer come before the app's
        # deployment, which waits for this one.
        hashed = WEB_DIST / HASHED_PREFIX
        assets: s3deploy.BucketDeployment | None = None
        if hashed.is_dir():
            assets = s3deploy.BucketDeployment(
                stack,
                "WebAppHashedDeployment",
                sources=[s3deploy.Source.asset(str(hashed))],
                destination_bucket=self.bucket,
                destination_key_prefix=HASHED_PREFIX,
                # Files of earlier versions stay: a page or service worker of the version before
                # (in a tab left open, or served by the edge until the invalidation) still finds
                # every file it names. Each version adds about 350 KB.
                prune=False,
                cache_control=[s3deploy.CacheControl.from_string(HASHED_CACHE_CONTROL)],
                log_group=deployment_logs,
                memory_limit=256,
            )
        self.deployment = s3deploy.BucketDeployment(
            stack,
            "WebAppDeployment",
            sources=[web_source()],
            destination_bucket=self.bucket,
            # The reference page's files and the hashed ones are the other deployments': pruning
            # leaves them.
            exclude=[f"{DOCS_PREFIX}*", f"{HASHED_PREFIX}*"],
            cache_control=[s3deploy.CacheControl.from_string(CACHE_CONTROL)],
            distribution=self.distribution,
            distribution_paths=["/*"],
            log_group=deployment_logs,
            memory_limit=256,
        )
        if assets is not None:
            # A new index.html names the new files: they are in the bucket before it is.
            self.deployment.node.add_dependency(assets)
        self.docs_deployment = s3deploy.BucketDeployment(
            stack,
            "WebApiDocsDeployment",
            sources=[s3deploy.Source.asset(str(API_DOCS))],
            destination_bucket=self.bucket,
            destination_key_prefix=DOCS_PREFIX,
            cache_control=[s3deploy.CacheControl.from_string(CACHE_CONTROL)],
            distribution=self.distribution,
            # The route function serves /docs as /docs/index.html: this clears both.
            distribution_paths=[f"/{DOCS_PREFIX}*"],
            log_group=deployment_logs,
            memory_limit=256,
        )
        self._acknowledge_deployment_handler(stack)

    @property
    def url(self) -> str:
        return f"https://{self.distribution.distribution_domain_name}/"

    def _acknowledge_deployment_handler(self, stack: Stack) -> None:
        """The CDK's own BucketDeployment function (a singleton in the stack), which runs only while
        CloudFormation deploys: it copies the app's and the reference page's files from the CDK asset
        bucket to the web bucket
        and invalidates the distribution. Its policy is the CDK's; each wildcard is named here."""
        bucket_id = stack.get_logical_id(self.bucket.node.default_child)  # type: ignore[arg-type]
        asset_bucket = (
            f"arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-{region_in_finding(stack)}/*"
        )
        wildcards = {
            "Action::s3:GetObject*": "reads the app's files from the CDK asset bucket",
            "Action::s3:GetBucket*": "reads the buckets' locations and settings",
            "Action::s3:List*": "lists the web bucket to remove files a new build no longer has",
            "Action::s3:DeleteObject*": "removes those files",
            "Action::s3:Abort*": "aborts its own multipart uploads of large files",
            f"Resource::<{bucket_id}.Arn>/*": "writes any of the app's files into the web bucket",
            f"Resource::{asset_bucket}": "reads its asset from the CDK bootstrap bucket",
            "Resource::*": "creates CloudFront invalidations (the CDK grants them on any distribution)",
        }
        for child in stack.node.children:
            if not child.node.id.startswith("Custom::CDKBucketDeployment"):
                continue
            acknowledge(
                child,
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole]",
                "The CDK's BucketDeployment handler writes its logs with the basic execution role; it runs "
                "only during a deployment.",
            )
            acknowledge(
                child,
                "AwsSolutions-L1",
                "The BucketDeployment handler's runtime is the one the aws-cdk-lib release bundles its AWS "
                "CLI layer for; it moves with CDK upgrades, and runs only during a deployment.",
            )
            for finding, why in wildcards.items():
                acknowledge(
                    child,
                    f"AwsSolutions-IAM5[{finding}]",
                    f"The CDK's BucketDeployment handler, run only during a deployment, {why}.",
                )
