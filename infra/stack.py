"""The ``Kring-<stage>`` stack: the Chalice app and everything it runs on.

Resource shapes come from chalicelib/definitions.py (see infra/definitions_cfn.py); the Lambda
functions, REST API and event sources come from ``chalice package`` through ``chalice.cdk``.
What Chalice cannot express (roles, event source mapping reliability, throttling, gateway
responses, function names, memory) is set on the included resources afterwards.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from typing import Any

from aws_cdk import (
    Acknowledgment,
    ArnFormat,
    Aws,
    CfnOutput,
    CfnResource,
    Duration,
    Fn,
    RemovalPolicy,
    Stack,
    Validations,
)
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from chalicelib import definitions
from chalicelib.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE
from infra import BUILD_DIR, REPO_ROOT, definitions_cfn, permissions, signing_key
from infra.package import chalice_import_sandbox, ensure_vendored
from infra.permissions import Target

API_STAGE = "api"
REST_API_ID = "RestAPI"  # the logical id chalice package gives the REST API
STREAM_FUNCTION = permissions.STREAM_FUNCTION
SCHEDULED_JOB_FUNCTION = permissions.SCHEDULED_JOB_FUNCTION
# Actions with no resource-level permissions: the only ones granted on "*".
TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
LIST_STREAMS_ACTION = "dynamodb:ListStreams"  # Lambda lists the table's streams for the mapping
# Rules of the AWS managed rule groups that would refuse what Kring accepts (see _web_acl).
COMMON_RULES_COUNTED_ONLY = ("SizeRestrictions_BODY",)


@dataclass(frozen=True)
class FunctionSettings:
    memory_mb: int = 512
    timeout_s: int = 60


# Per-function tuning. chalice.cdk ignores per-function keys in stage_config (only
# .chalice/config.json stages can hold them), so these are set on the included resources.
FUNCTION_SETTINGS: dict[str, FunctionSettings] = {
    # API Gateway gives up at 29 s; the app reads the same value (idempotency claims expire after it).
    "api_handler": FunctionSettings(memory_mb=1024, timeout_s=definitions.API_TIMEOUT_SECONDS),
    STREAM_FUNCTION: FunctionSettings(memory_mb=512, timeout_s=120),
    "on_media_uploaded": FunctionSettings(memory_mb=512, timeout_s=60),
    "nightly_member_counts": FunctionSettings(memory_mb=512, timeout_s=600),
    # Every 5 minutes: advances due campaigns (a close reads final ranks and notifies in bounded runs).
    "sweep_campaigns": FunctionSettings(memory_mb=512, timeout_s=300),
    SCHEDULED_JOB_FUNCTION: FunctionSettings(memory_mb=512, timeout_s=300),
}


@dataclass(frozen=True)
class StageSettings:
    stage: str
    alarm_email: str | None = None
    log_retention: logs.RetentionDays = logs.RetentionDays.ONE_MONTH
    api_rate_limit: int = 50  # requests per second, steady state, whole stage
    api_burst_limit: int = 100
    waf_requests_per_5_minutes_per_ip: int = 3000  # organisations sit behind shared office NATs
    # One organisation's requests per minute (chalicelib/quotas.py): at most half the stage's
    # steady rate, so one tenant cannot take the capacity every organisation shares.
    org_requests_per_minute: int = 1500
    # The public key of the pair media download URLs are signed with (infra/signing_key.py).
    media_public_key_pem: str = ""

    @property
    def is_prod(self) -> bool:
        return self.stage == "prod"


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


def acknowledge(scope: Construct, rule: str, reason: str) -> None:
    """A cdk-nag finding we accept, with the reason written next to the resource it is about."""
    Validations.of(scope).acknowledge(Acknowledgment(id=rule, reason=reason))


class KringStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, settings: StageSettings, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.settings = settings
        stage = settings.stage
        prod = settings.is_prod
        self.removal = RemovalPolicy.RETAIN if prod else RemovalPolicy.DESTROY
        self.name_prefix = f"Kring-{stage}"

        self.table = self._table()
        self.log_bucket, self.media_bucket = self._buckets()
        self.media_signing_key = secretsmanager.Secret.from_secret_name_v2(
            self, "MediaSigningKey", signing_key.secret_name(stage)
        )
        self.media_public_key, self.media_distribution = self._media_distribution()
        self.user_pool, self.user_pool_client = self._user_pool()
        self.cursor_secret = secretsmanager.Secret(
            self,
            "CursorSecret",
            description=f"Kring {stage}: HMAC key for opaque pagination cursors",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=self.removal,
        )
        acknowledge(
            self.cursor_secret,
            "AwsSolutions-SMG4",
            "The cursor key only signs pagination cursors: rotating it invalidates open cursors (a 400 "
            "the client recovers from by reloading). It is rotated by hand with put-secret-value "
            "(docs/deploy.md); an automatic rotation Lambda is not worth its cost for this key.",
        )
        self.alarm_topic = self._alarm_topic()
        self.stream_failures = self._queue("StreamFailures", "stream batches the consumer gave up on")
        self.scheduler_dlq = self._queue("SchedulerDlq", "one-time schedules that could not invoke their job")
        self.schedule_group = scheduler.CfnScheduleGroup(self, "ScheduleGroup", name=self.name_prefix.lower())

        # One role per function, with only what infra/permissions.py says that function uses.
        self.roles = {
            name: self._lambda_role(f"{_pascal(name)}Role", f"the {name} function")
            for name in permissions.FUNCTION_ACCESS
        }
        self.scheduler_role = iam.Role(
            self,
            "SchedulerInvokeRole",
            description="EventBridge Scheduler invokes run_scheduled_job with this role",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
            ),
        )
        self.scheduled_job_arn = self.format_arn(
            service="lambda",
            resource="function",
            resource_name=self.function_name(SCHEDULED_JOB_FUNCTION),
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )

        self.chalice = self._chalice_app()
        self.functions = self._functions()
        self._grant_app_access()
        self._configure_stream_source()
        self._configure_api()
        self._web_acl()
        self._alarms()
        self._outputs()

    # ------------------------------------------------------------------ data
    def _table(self) -> dynamodb.CfnTable:
        table = dynamodb.CfnTable(
            self,
            definitions.TABLE_LOGICAL_NAME,
            **definitions_cfn.table_properties(),
            point_in_time_recovery_specification=dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
                point_in_time_recovery_enabled=True
            ),
            sse_specification=dynamodb.CfnTable.SSESpecificationProperty(sse_enabled=True, sse_type="KMS"),
            deletion_protection_enabled=self.settings.is_prod,
        )
        table.apply_removal_policy(self.removal)
        return table

    def _buckets(self) -> tuple[s3.Bucket, s3.Bucket]:
        log_bucket = s3.Bucket(
            self,
            "AccessLogBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,  # server access logging requires SSE-S3
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(id="expire-logs", expiration=Duration.days(90))],
            removal_policy=self.removal,
        )
        acknowledge(
            log_bucket,
            "AwsSolutions-S1",
            "This is the server access log bucket; logging it into itself would loop.",
        )
        media = s3.Bucket(
            self,
            "MediaBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=log_bucket,
            server_access_logs_prefix="media/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="noncurrent-versions",
                    noncurrent_version_expiration=Duration.days(30),
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                )
            ],
            removal_policy=self.removal,
        )
        cfn_media = media.node.default_child
        assert isinstance(cfn_media, s3.CfnBucket)
        cfn_media.cors_configuration = definitions_cfn.media_cors()
        # Set natively rather than with Bucket(event_bridge_enabled=True), which adds a custom
        # resource Lambda just to flip this switch.
        cfn_media.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
            event_bridge_configuration=s3.CfnBucket.EventBridgeConfigurationProperty(
                event_bridge_enabled=True
            )
        )
        return log_bucket, media

    def _user_pool(self) -> tuple[cognito.CfnUserPool, cognito.CfnUserPoolClient]:
        pool = cognito.CfnUserPool(
            self,
            "UserPool",
            user_pool_name=f"kring-{self.settings.stage}",
            **definitions_cfn.user_pool_properties(),
            account_recovery_setting=cognito.CfnUserPool.AccountRecoverySettingProperty(
                recovery_mechanisms=[
                    cognito.CfnUserPool.RecoveryOptionProperty(name="verified_email", priority=1)
                ]
            ),
            deletion_protection="ACTIVE" if self.settings.is_prod else "INACTIVE",
        )
        pool.apply_removal_policy(self.removal)
        acknowledge(
            pool,
            "AwsSolutions-COG1",
            "Password policy comes from chalicelib/definitions.USER_POOL: 12+ characters with mixed "
            "case and digits; symbols are not required (NIST SP 800-63B favours length over composition).",
        )
        acknowledge(
            pool,
            "AwsSolutions-COG2",
            "MFA is not offered yet: the mobile app has no TOTP enrolment flow. Accounts are admin-created "
            "per organisation; revisit MFA for org_admin when the app supports it.",
        )
        acknowledge(
            pool,
            "AwsSolutions-COG8",
            "Cognito threat protection (Plus feature plan) is billed per monthly active user; not "
            "justified for the current pilot organisations. API abuse is limited by WAF and throttling.",
        )
        for group, description in definitions.ROLE_GROUPS.items():
            cognito.CfnUserPoolGroup(
                self,
                f"Group{_pascal(group)}",
                user_pool_id=pool.ref,
                group_name=group,
                description=description,
            )
        client = cognito.CfnUserPoolClient(
            self, "UserPoolClient", user_pool_id=pool.ref, **definitions_cfn.user_pool_client_properties()
        )
        return pool, client

    # ----------------------------------------------------------------- media
    def _media_distribution(self) -> tuple[cloudfront.PublicKey, cloudfront.Distribution]:
        """Downloads: CloudFront in front of the private bucket, for signed URLs only.

        The bucket stays private: the distribution reads `orgs/*` through origin access control
        (the bucket policy below). Viewers need a URL signed with the key in the trusted key group
        (canned policy, chalicelib/media/signed_urls.py); the response headers policy adds nosniff
        and a sandboxing CSP from chalicelib/definitions.MEDIA_RESPONSE_HEADERS to every response.
        """
        public_pem = self.settings.media_public_key_pem or signing_key.EXAMPLE_PUBLIC_KEY.read_text()
        # A new key is a new public key resource (CloudFront cannot change a key's value in place).
        public_key = cloudfront.PublicKey(
            self,
            f"MediaSigningPublicKey{signing_key.key_fingerprint(public_pem)}",
            encoded_key=public_pem.strip(),
            comment=f"{self.name_prefix}: checks media download URLs",
        )
        key_group = cloudfront.KeyGroup(
            self,
            "MediaKeyGroup",
            items=[public_key],
            comment=f"{self.name_prefix}: keys media download URLs are signed with",
        )
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "MediaResponseHeaders",
            comment=f"{self.name_prefix}: media is never sniffed, never a live page",
            **definitions_cfn.media_response_headers(),
        )
        access_control = cloudfront.S3OriginAccessControl(
            self, "MediaOriginAccessControl", description=f"{self.name_prefix}: the media distribution"
        )
        distribution = cloudfront.Distribution(
            self,
            "MediaDistribution",
            comment=f"{self.name_prefix} media downloads (signed URLs)",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_bucket_defaults(
                    self.media_bucket,
                    origin_access_control_id=access_control.origin_access_control_id,
                ),
                # A signed URL is a bearer token for its lifetime: never sent over plain HTTP.
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD,
                # No query string, header or cookie reaches the bucket or the cache key.
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers,
                trusted_key_groups=[key_group],
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # Who fetched which object, from where: a URL passed on to someone else shows up here.
            enable_logging=True,
            log_bucket=self._distribution_log_bucket(),
            log_file_prefix="media/",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR4",
            "The distribution answers on its own *.cloudfront.net name with CloudFront's default "
            "certificate, whose minimum TLS version CloudFront fixes; a custom domain with an ACM "
            "certificate (TLSv1.2_2021) comes with the stage's own domain name.",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR1",
            "Members of an organisation travel and work abroad; access is decided by the signed URL "
            "the API issues to those who may see the media, not by country.",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR2",
            "Every request needs a URL signed with the stage's key, checked at the edge before the "
            "origin is asked; WAF for CloudFront would need a web ACL in us-east-1 (another stack).",
        )
        # Origin access control: only this distribution reads, and only the organisations' objects.
        self.media_bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="MediaDistributionReads",
                principals=[iam.ServicePrincipal("cloudfront.amazonaws.com")],
                actions=["s3:GetObject"],
                resources=[self.media_bucket.arn_for_objects(f"{definitions.MEDIA_KEY_PREFIX}*")],
                conditions={
                    "StringEquals": {
                        "AWS:SourceArn": self.format_arn(
                            service="cloudfront",
                            region="",
                            resource="distribution",
                            resource_name=distribution.distribution_id,
                        )
                    }
                },
            )
        )
        return public_key, distribution

    def _distribution_log_bucket(self) -> s3.Bucket:
        """CloudFront standard logging writes with ACLs, which the other buckets do not allow."""
        bucket = s3.Bucket(
            self,
            "MediaDistributionLogBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            server_access_logs_bucket=self.log_bucket,
            server_access_logs_prefix="media-distribution-logs/",
            lifecycle_rules=[s3.LifecycleRule(id="expire-logs", expiration=Duration.days(90))],
            removal_policy=self.removal,
        )
        return bucket

    # ------------------------------------------------------------ operations
    def _alarm_topic(self) -> sns.Topic:
        key = kms.Key(
            self,
            "AlarmTopicKey",
            description=f"{self.name_prefix}: encrypts the alarm topic (CloudWatch must be able to use it)",
            enable_key_rotation=True,
            removal_policy=self.removal,
        )
        key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        topic = sns.Topic(
            self, "AlarmTopic", topic_name=f"{self.name_prefix}-alarms", master_key=key, enforce_ssl=True
        )
        if self.settings.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(self.settings.alarm_email))
        return topic

    def _queue(self, construct_id: str, holds: str) -> sqs.Queue:
        queue = sqs.Queue(
            self,
            construct_id,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        acknowledge(
            queue, "AwsSolutions-SQS3", f"This queue is itself a dead-letter queue: it holds {holds}."
        )
        return queue

    def _lambda_role(self, construct_id: str, description: str) -> iam.Role:
        return iam.Role(
            self,
            construct_id,
            description=f"{self.name_prefix}: {description}",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        )

    def function_name(self, chalice_name: str) -> str:
        return f"{self.name_prefix}-{chalice_name}"

    # --------------------------------------------------------------- chalice
    def _stage_config(self) -> dict[str, Any]:
        chalice_config = json.loads((REPO_ROOT / ".chalice" / "config.json").read_text())
        stage_env = (
            chalice_config.get("stages", {}).get(self.settings.stage, {}).get("environment_variables", {})
        )
        environment = {
            **stage_env,
            "KRING_STAGE": self.settings.stage,
            "LOG_LEVEL": stage_env.get("LOG_LEVEL", "INFO"),
            "POWERTOOLS_SERVICE_NAME": "kring",
            "POWERTOOLS_METRICS_NAMESPACE": "Kring",
            "KRING_TABLE": self.table.ref,
            "KRING_TABLE_STREAM_ARN": self.table.attr_stream_arn,
            "KRING_MEDIA_BUCKET": self.media_bucket.bucket_name,
            "KRING_USER_POOL_ID": self.user_pool.ref,
            "KRING_USER_POOL_CLIENT_ID": self.user_pool_client.ref,
            # The secret's ARN, never its value: the API function reads it at run time.
            "KRING_CURSOR_SECRET_ID": self.cursor_secret.secret_arn,
            # Media downloads: the distribution, its signing key's id, and the secret (by name) that
            # holds the private key, which the API function reads at run time.
            "KRING_MEDIA_CDN_URL": f"https://{self.media_distribution.distribution_domain_name}",
            "KRING_MEDIA_CDN_KEY_PAIR_ID": self.media_public_key.public_key_id,
            "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID": self.media_signing_key.secret_name,
            "KRING_ORG_REQUESTS_PER_MINUTE": stage_env.get(
                "KRING_ORG_REQUESTS_PER_MINUTE", str(self.settings.org_requests_per_minute)
            ),
            "KRING_SCHEDULE_GROUP": self.schedule_group.ref,
            "KRING_SCHEDULER_ROLE_ARN": self.scheduler_role.role_arn,
            "KRING_SCHEDULER_TARGET_ARN": self.scheduled_job_arn,
            "KRING_SCHEDULER_DLQ_ARN": self.scheduler_dlq.queue_arn,
            "KRING_API_TIMEOUT_SECONDS": str(FUNCTION_SETTINGS["api_handler"].timeout_s),
        }
        return {
            "api_gateway_stage": API_STAGE,
            "api_gateway_endpoint_type": "REGIONAL",
            "autogen_policy": False,
            "manage_iam_role": False,
            # Chalice gives every function this role; _functions() sets each function's own.
            "iam_role_arn": self.roles[permissions.API_FUNCTION].role_arn,
            "xray": True,
            "environment_variables": environment,
        }

    def _chalice_app(self) -> Any:
        from chalice.cdk import Chalice

        ensure_vendored()
        stage_config = self._stage_config()
        # chalice.cdk writes its intermediate package to ./chalice.out: keep it under build/, one
        # directory per stage so that synths of both stages can run side by side.
        work_dir = BUILD_DIR / "chalice-cdk" / self.settings.stage
        shutil.rmtree(work_dir / "chalice.out", ignore_errors=True)
        work_dir.mkdir(parents=True, exist_ok=True)
        with chalice_import_sandbox(), contextlib.chdir(work_dir):
            return Chalice(self, "Api", source_dir=str(REPO_ROOT), stage_config=stage_config)

    def _functions(self) -> dict[str, CfnResource]:
        """The included Lambda functions by Chalice name, with names, sizes and roles set."""
        functions: dict[str, CfnResource] = {}
        for child in self.chalice.sam_template.node.children:
            if not isinstance(child, CfnResource) or child.cfn_resource_type != "AWS::Serverless::Function":
                continue
            handler = str(getattr(child, "handler", ""))
            name = "api_handler" if handler == "app.app" else handler.removeprefix("app.")
            functions[name] = child
        for name, function in functions.items():
            tuning = FUNCTION_SETTINGS.get(name, FunctionSettings())
            function.add_property_override("FunctionName", self.function_name(name))
            function.add_property_override("MemorySize", tuning.memory_mb)
            function.add_property_override("Timeout", tuning.timeout_s)
            role = self.roles[name]  # a function missing from infra/permissions.py fails the synth
            function.add_property_override("Role", role.role_arn)
            log_group = logs.LogGroup(
                self,
                f"{_pascal(name)}Logs",
                log_group_name=f"/aws/lambda/{self.function_name(name)}",
                retention=self.settings.log_retention,
                removal_policy=self.removal,
            )
            # Create each function after its log group and after its role's policies are attached
            # (Lambda checks stream permissions when it creates the event source mapping).
            function.node.add_dependency(log_group, role)
            role.add_to_principal_policy(
                iam.PolicyStatement(
                    sid="OwnLogGroup",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[log_group.log_group_arn],
                )
            )
        return functions

    # ------------------------------------------------------------------- IAM
    def _target_resources(self, target: Target) -> list[str]:
        table_arn = self.table.attr_arn
        return {
            Target.TABLE: [table_arn],
            Target.INDEX: [f"{table_arn}/index/{name}" for name in definitions_cfn.index_names()],
            Target.STREAM: [self.table.attr_stream_arn],
            Target.STREAM_FAILURES: [self.stream_failures.queue_arn],
            Target.MEDIA: [self.media_bucket.arn_for_objects(f"{definitions.MEDIA_KEY_PREFIX}*")],
            Target.USER_POOL: [self.user_pool.attr_arn],
            Target.SCHEDULES: [self._schedules_arn()],
            Target.SCHEDULER_ROLE: [self.scheduler_role.role_arn],
            Target.CURSOR_SECRET: [self.cursor_secret.secret_arn],
            # Created by infra.deploy, not the stack: its ARN ends in a suffix Secrets Manager chose.
            Target.MEDIA_SIGNING_KEY: [self._media_signing_key_arn()],
        }[target]

    def _media_signing_key_arn(self) -> str:
        return self.format_arn(
            service="secretsmanager",
            resource="secret",
            resource_name=f"{signing_key.secret_name(self.settings.stage)}-??????",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )

    def _schedules_arn(self) -> str:
        return self.format_arn(
            service="scheduler",
            resource="schedule",
            resource_name=f"{self.schedule_group.ref}/*",
            arn_format=ArnFormat.SLASH_RESOURCE_NAME,
        )

    def _grant_app_access(self) -> None:
        """Each function's role: what infra/permissions.py lists for it, on this stack's resources."""
        for name, access in permissions.FUNCTION_ACCESS.items():
            role = self.roles[name]
            for target, actions in access.items():
                role.add_to_principal_policy(
                    iam.PolicyStatement(
                        sid=_pascal(target.value),
                        actions=list(actions),
                        resources=self._target_resources(target),
                        conditions=(
                            {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}
                            if target is Target.SCHEDULER_ROLE
                            else None
                        ),
                    )
                )
            if Target.STREAM in access:
                role.add_to_principal_policy(
                    iam.PolicyStatement(sid="ListStreams", actions=[LIST_STREAMS_ACTION], resources=["*"])
                )
            role.add_to_principal_policy(
                iam.PolicyStatement(sid="Tracing", actions=TRACING_ACTIONS, resources=["*"])
            )
            self._acknowledge_wildcards(role, access)
        self.scheduler_dlq.grant_send_messages(self.scheduler_role)
        self.scheduler_role.add_to_principal_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[self.scheduled_job_arn])
        )

    def _acknowledge_wildcards(self, role: iam.Role, access: Any) -> None:
        reason = "X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions"
        if Target.STREAM in access:
            reason += "; nor does dynamodb:ListStreams, which Lambda's event source mapping needs"
        acknowledge(role, "AwsSolutions-IAM5[Resource::*]", reason + ".")
        if Target.MEDIA in access:
            bucket_id = self.get_logical_id(self.media_bucket.node.default_child)  # type: ignore[arg-type]
            acknowledge(
                role,
                f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/{definitions.MEDIA_KEY_PREFIX}*]",
                "Object keys are created at run time per organisation; access is limited to the orgs/ "
                "prefix.",
            )
        if Target.MEDIA_SIGNING_KEY in access:
            acknowledge(
                role,
                "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:"
                f"<AWS::AccountId>:secret:{signing_key.secret_name(self.settings.stage)}-??????]",
                "The media signing key's secret is created by infra.deploy outside the stack; Secrets "
                "Manager appends six random characters to its name, which `-??????` matches exactly.",
            )
        if Target.SCHEDULES in access:
            acknowledge(
                role,
                "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:"
                f"schedule/<{self.get_logical_id(self.schedule_group)}>/*]",
                "One-time schedules are named at run time (one per job); access is limited to this stage's "
                "schedule group.",
            )

    # ------------------------------------------------------ event sources/api
    def _configure_stream_source(self) -> None:
        """Reliability options the @app.on_dynamodb_record decorator cannot express."""
        function = self.functions[STREAM_FUNCTION]
        # chalice package names the SAM event "<FunctionLogicalId>DynamodbEventSource".
        base = f"Events.{function.node.id}DynamodbEventSource.Properties"
        function.add_property_override(f"{base}.FunctionResponseTypes", ["ReportBatchItemFailures"])
        function.add_property_override(f"{base}.BisectBatchOnFunctionError", True)
        function.add_property_override(f"{base}.MaximumRetryAttempts", 5)
        function.add_property_override(f"{base}.MaximumRecordAgeInSeconds", 3600)
        function.add_property_override(
            f"{base}.DestinationConfig",
            {"OnFailure": {"Type": "SQS", "Destination": self.stream_failures.queue_arn}},
        )

    def _configure_api(self) -> None:
        api = self.chalice.get_resource(REST_API_ID)
        api.add_property_override("Name", f"kring-{self.settings.stage}")
        api.add_property_override("DefinitionBody.info.title", f"kring-{self.settings.stage}")
        api.add_property_override("TracingEnabled", True)
        api.add_property_override(
            "MethodSettings",
            [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": self.settings.api_rate_limit,
                    "ThrottlingBurstLimit": self.settings.api_burst_limit,
                }
            ],
        )
        # In the OpenAPI body (not separate resources) so every change redeploys the stage.
        api.add_property_override("DefinitionBody.x-amazon-apigateway-gateway-responses", gateway_responses())

    def _web_acl(self) -> None:
        body = json.dumps(
            {
                "type": f"{PROBLEM_TYPE_BASE}rate-limited",
                "title": "Too many requests",
                "status": 429,
                "detail": "Too many requests from your network; try again in a few minutes.",
            }
        )
        metric = f"{self.name_prefix}-waf"
        acl = wafv2.CfnWebACL(
            self,
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
                self._managed_rules("AWSManagedRulesCommonRuleSet", 1, metric, COMMON_RULES_COUNTED_ONLY),
                self._managed_rules("AWSManagedRulesKnownBadInputsRuleSet", 2, metric),
            ],
        )
        rest_api_id = self.chalice.get_resource(REST_API_ID).ref
        association = wafv2.CfnWebACLAssociation(
            self,
            "WebAclAssociation",
            web_acl_arn=acl.attr_arn,
            # "<api>.Stage" is SAM's reference to the stage it generates: the association waits for it.
            resource_arn=f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}::/restapis/{rest_api_id}/stages/"
            f"{Fn.ref(REST_API_ID + '.Stage')}",
        )
        acknowledge(
            association,
            "CloudFormation-Validate::F1020",
            f"'{REST_API_ID}.Stage' is resolved by the AWS::Serverless-2016-10-31 transform.",
        )

    def _managed_rules(
        self, name: str, priority: int, metric: str, counted_only: tuple[str, ...] = ()
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

    # ---------------------------------------------------------------- alarms
    def _alarm(self, name: str, metric: cloudwatch.IMetric, threshold: float, description: str) -> None:
        alarm = cloudwatch.Alarm(
            self,
            f"{_pascal(name)}Alarm",
            alarm_name=f"{self.name_prefix}-{name}",
            alarm_description=description,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(cw_actions.SnsAction(self.alarm_topic))

    def _alarms(self) -> None:
        five_minutes = Duration.minutes(5)
        for name, function in self.functions.items():
            dims = {"FunctionName": function.ref}
            for metric_name in ("Errors", "Throttles"):
                self._alarm(
                    f"{name}-{metric_name.lower()}",
                    cloudwatch.Metric(
                        namespace="AWS/Lambda",
                        metric_name=metric_name,
                        dimensions_map=dims,
                        statistic="Sum",
                        period=five_minutes,
                    ),
                    1,
                    f"{self.function_name(name)} {metric_name.lower()} in the last 5 minutes",
                )
        self._alarm(
            f"{STREAM_FUNCTION}-iterator-age",
            cloudwatch.Metric(
                namespace="AWS/Lambda",
                metric_name="IteratorAge",
                dimensions_map={"FunctionName": self.functions[STREAM_FUNCTION].ref},
                statistic="Maximum",
                period=five_minutes,
            ),
            300_000,
            "The table stream consumer is more than 5 minutes behind",
        )
        self._alarm(
            "api-5xx",
            cloudwatch.Metric(
                namespace="AWS/ApiGateway",
                metric_name="5XXError",
                dimensions_map={"ApiName": f"kring-{self.settings.stage}"},
                statistic="Sum",
                period=five_minutes,
            ),
            5,
            "The API answered 5 or more 5XX responses in 5 minutes",
        )
        throttle_metrics: dict[str, cloudwatch.IMetric] = {}
        for event in ("ReadThrottleEvents", "WriteThrottleEvents"):
            throttle_metrics[f"t{event[0].lower()}"] = cloudwatch.Metric(
                namespace="AWS/DynamoDB",
                metric_name=event,
                dimensions_map={"TableName": self.table.ref},
                statistic="Sum",
                period=five_minutes,
            )
            for i, index in enumerate(definitions_cfn.index_names()):
                throttle_metrics[f"i{i}{event[0].lower()}"] = cloudwatch.Metric(
                    namespace="AWS/DynamoDB",
                    metric_name=event,
                    dimensions_map={"TableName": self.table.ref, "GlobalSecondaryIndexName": index},
                    statistic="Sum",
                    period=five_minutes,
                )
        self._alarm(
            "table-throttles",
            cloudwatch.MathExpression(
                expression=" + ".join(f"FILL({key}, 0)" for key in throttle_metrics),
                using_metrics=throttle_metrics,
                label="Throttled read and write events (table and indexes)",
                period=five_minutes,
            ),
            1,
            "DynamoDB throttled reads or writes on the table or its indexes",
        )
        # Poison records the consumer kept in the table (chalicelib/store/dead_letters.py): one is enough.
        self._alarm(
            "stream-dead-letters",
            cloudwatch.Metric(
                namespace="Kring",
                metric_name="StreamRecordDeadLettered",
                dimensions_map={"service": "kring"},
                statistic="Sum",
                period=five_minutes,
            ),
            1,
            "The stream consumer dead-lettered records: fix the cause, then run kring replay-dead-letters",
        )
        for name, queue in (("stream-failures", self.stream_failures), ("scheduler-dlq", self.scheduler_dlq)):
            self._alarm(
                name,
                queue.metric_approximate_number_of_messages_visible(statistic="Maximum", period=five_minutes),
                1,
                f"Messages are waiting in the {name} dead-letter queue",
            )

    def _outputs(self) -> None:
        outputs = {
            "ApiUrl": f"https://{self.chalice.get_resource(REST_API_ID).ref}.execute-api.{Aws.REGION}."
            f"{Aws.URL_SUFFIX}/{API_STAGE}/",
            "UserPoolId": self.user_pool.ref,
            "UserPoolClientId": self.user_pool_client.ref,
            "TableName": self.table.ref,
            "MediaBucketName": self.media_bucket.bucket_name,
            "MediaDistributionDomainName": self.media_distribution.distribution_domain_name,
            "Region": Aws.REGION,
            "AlarmTopicArn": self.alarm_topic.topic_arn,
            "StreamFailureQueueUrl": self.stream_failures.queue_url,
        }
        for key, value in outputs.items():
            CfnOutput(self, key, value=value)


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_"))
