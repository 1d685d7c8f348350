"""The Chalice app's functions: packaged by chalice.cdk, then named, sized, given a role each, a log
group with retention, and the event source options the decorators cannot express."""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from typing import Any

from aws_cdk import ArnFormat, CfnResource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs

from chalicelib import definitions, entry
from chalicelib.reactors.events.registry import stream_filter_patterns
from infra import BUILD_DIR, REPO_ROOT, definitions_cfn, permissions, signing_key
from infra.package import chalice_import_sandbox, ensure_vendored
from infra.parts.common import acknowledge, cognito_origin, pascal, region_in_finding
from infra.parts.data import Data
from infra.parts.media_cdn import MediaCdn
from infra.parts.schedules import Schedules, dead_letter_queue
from infra.permissions import Target
from infra.settings import StageSettings

API_STAGE = "api"
STREAM_FUNCTION = permissions.STREAM_FUNCTION
# Actions with no resource-level permissions: the only ones granted on "*".
TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
LIST_STREAMS_ACTION = "dynamodb:ListStreams"  # Lambda lists the table's streams for the mapping
# Lambda's own lines: at WARN none of a healthy invocation's START, END and REPORT lines is sent (they
# were a third of the API's log bytes); its Duration, Errors and Throttles metrics stay.
SYSTEM_LOG_LEVEL = "WARN"


@dataclass(frozen=True)
class FunctionSettings:
    memory_mb: int = 512
    timeout_s: int = 60


# Per-function tuning. chalice.cdk ignores per-function keys in stage_config (only
# .chalice/config.json stages can hold them), so these are set on the included resources.
FUNCTION_SETTINGS: dict[str, FunctionSettings] = {
    # CloudFront waits 30 s for the URL; the app reads the same value (idempotency claims expire after it).
    "api_handler": FunctionSettings(memory_mb=1024, timeout_s=definitions.API_TIMEOUT_SECONDS),
    STREAM_FUNCTION: FunctionSettings(memory_mb=512, timeout_s=120),
    "on_media_uploaded": FunctionSettings(memory_mb=512, timeout_s=60),
    "nightly_member_counts": FunctionSettings(memory_mb=512, timeout_s=600),
    # Every 5 minutes: advances due campaigns (a close reads final ranks and notifies in bounded runs).
    "sweep_campaigns": FunctionSettings(memory_mb=512, timeout_s=300),
    permissions.SCHEDULED_JOB_FUNCTION: FunctionSettings(memory_mb=512, timeout_s=300),
}


class Functions:
    def __init__(
        self, stack: Stack, settings: StageSettings, data: Data, media: MediaCdn, schedules: Schedules
    ) -> None:
        self.stack = stack
        self.settings = settings
        self.data = data
        self.media = media
        self.schedules = schedules
        self.stream_failures = dead_letter_queue(
            stack, "StreamFailures", "stream batches the consumer gave up on"
        )
        # One role per function, with only what infra/permissions.py says that function uses.
        self.roles = {
            name: iam.Role(
                stack,
                f"{pascal(name)}Role",
                description=f"{settings.name_prefix}: the {name} function",
                assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            )
            for name in permissions.FUNCTION_ACCESS
        }

    def build(self) -> None:
        """Package the app (after every resource its environment names exists) and tune its functions."""
        self.chalice = self._chalice_app()
        self.by_name = self._functions()
        self._grant_app_access()
        self.schedules.grant_the_scheduler()
        self._configure_stream_source()

    # --------------------------------------------------------------- chalice
    def _stage_config(self) -> dict[str, Any]:
        settings, data, media, schedules = self.settings, self.data, self.media, self.schedules
        chalice_config = json.loads((REPO_ROOT / ".chalice" / "config.json").read_text())
        stage_env = chalice_config.get("stages", {}).get(settings.stage, {}).get("environment_variables", {})
        environment = {
            **stage_env,
            "KRING_STAGE": settings.stage,
            "LOG_LEVEL": stage_env.get("LOG_LEVEL", "INFO"),
            "POWERTOOLS_SERVICE_NAME": "kring",
            "POWERTOOLS_METRICS_NAMESPACE": "Kring",
            # The Tracer records the DynamoDB calls of a sampled request only when the stage traces.
            "POWERTOOLS_TRACE_DISABLED": "false" if settings.tracing else "true",
            "KRING_TABLE": data.table.ref,
            "KRING_TABLE_STREAM_ARN": data.table.attr_stream_arn,
            "KRING_MEDIA_BUCKET": data.media_bucket.bucket_name,
            "KRING_USER_POOL_ID": data.user_pool.ref,
            "KRING_USER_POOL_CLIENT_ID": data.user_pool_client.ref,
            # GET /v1/client-config tells browsers to sign in here; the web CSP allows the same origin.
            "KRING_BROWSER_COGNITO_ENDPOINT": f"{cognito_origin()}/",
            # The secret's ARN, never its value: the API function reads it at run time.
            "KRING_CURSOR_SECRET_ID": data.cursor_secret.secret_arn,
            # Media downloads: the distribution, its signing key's id, and the secret (by name) that
            # holds the private key, which the API function reads at run time.
            "KRING_MEDIA_CDN_URL": f"https://{media.distribution.distribution_domain_name}",
            "KRING_MEDIA_CDN_KEY_PAIR_ID": media.public_key.public_key_id,
            "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID": media.signing_key_secret.secret_name,
            "KRING_ORG_REQUESTS_PER_MINUTE": stage_env.get(
                "KRING_ORG_REQUESTS_PER_MINUTE", str(settings.org_requests_per_minute)
            ),
            "KRING_SCHEDULE_GROUP": schedules.group.ref,
            "KRING_SCHEDULER_ROLE_ARN": schedules.role.role_arn,
            "KRING_SCHEDULER_TARGET_ARN": schedules.job_function_arn,
            "KRING_SCHEDULER_DLQ_ARN": schedules.dlq.queue_arn,
            "KRING_API_TIMEOUT_SECONDS": str(FUNCTION_SETTINGS["api_handler"].timeout_s),
        }
        return {
            "api_gateway_stage": API_STAGE,
            "api_gateway_endpoint_type": "REGIONAL",
            "autogen_policy": False,
            "manage_iam_role": False,
            # Chalice gives every function this role; _functions() sets each function's own.
            "iam_role_arn": self.roles[permissions.API_FUNCTION].role_arn,
            # Active tracing on every function and the API stage (infra/parts/api.py samples).
            "xray": settings.tracing,
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
            return Chalice(self.stack, "Api", source_dir=str(REPO_ROOT), stage_config=stage_config)

    def _functions(self) -> dict[str, CfnResource]:
        """The included Lambda functions by Chalice name, with names, sizes, roles and log groups set."""
        functions: dict[str, CfnResource] = {}
        for child in self.chalice.sam_template.node.children:
            if not isinstance(child, CfnResource) or child.cfn_resource_type != "AWS::Serverless::Function":
                continue
            handler = str(getattr(child, "handler", ""))
            name = "api_handler" if handler == "app.app" else handler.removeprefix("app.")
            functions[name] = child
        logging_config = self._logging_config()
        for name, function in functions.items():
            tuning = FUNCTION_SETTINGS.get(name, FunctionSettings())
            function.add_property_override("FunctionName", self.settings.function_name(name))
            function.add_property_override("MemorySize", tuning.memory_mb)
            function.add_property_override("Timeout", tuning.timeout_s)
            role = self.roles[name]  # a function missing from infra/permissions.py fails the synth
            function.add_property_override("Role", role.role_arn)
            function.add_property_override("LoggingConfig", logging_config)
            if name != permissions.API_FUNCTION:
                # Every function but the API runs its lean entry, not app.py: a cold consumer or job
                # imports neither Chalice nor the route index (chalicelib/entry). A function app.py
                # declares without an entry fails the synth here.
                function.add_property_override("Handler", entry.HANDLERS[name])
            log_group = logs.LogGroup(
                self.stack,
                f"{pascal(name)}Logs",
                log_group_name=f"/aws/lambda/{self.settings.function_name(name)}",
                retention=self.settings.log_retention,
                removal_policy=self.settings.removal,
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

    def _logging_config(self) -> dict[str, str]:
        """JSON logs, Lambda's platform lines off. The application level never goes above INFO: an
        EMF document (the metrics) has no level, which Lambda takes as INFO and would drop above it."""
        stage_level = self._stage_config()["environment_variables"]["LOG_LEVEL"]
        return {
            "LogFormat": "JSON",
            "SystemLogLevel": SYSTEM_LOG_LEVEL,
            "ApplicationLogLevel": "DEBUG" if stage_level == "DEBUG" else "INFO",
        }

    # ------------------------------------------------------------------- IAM
    def _target_resources(self, target: Target) -> list[str]:
        data = self.data
        table_arn = data.table.attr_arn
        return {
            Target.TABLE: [table_arn],
            Target.INDEX: [f"{table_arn}/index/{name}" for name in definitions_cfn.index_names()],
            Target.STREAM: [data.table.attr_stream_arn],
            Target.STREAM_FAILURES: [self.stream_failures.queue_arn],
            Target.MEDIA: [data.media_bucket.arn_for_objects(f"{definitions.MEDIA_KEY_PREFIX}*")],
            Target.USER_POOL: [data.user_pool.attr_arn],
            Target.SCHEDULES: [self.schedules.schedules_arn],
            Target.SCHEDULER_ROLE: [self.schedules.role.role_arn],
            Target.CURSOR_SECRET: [data.cursor_secret.secret_arn],
            # Created by infra.deploy, not the stack: its ARN ends in a suffix Secrets Manager chose.
            Target.MEDIA_SIGNING_KEY: [self._media_signing_key_arn()],
        }[target]

    def _media_signing_key_arn(self) -> str:
        return self.stack.format_arn(
            service="secretsmanager",
            resource="secret",
            resource_name=f"{signing_key.secret_name(self.settings.stage)}-??????",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )

    def _grant_app_access(self) -> None:
        """Each function's role: what infra/permissions.py lists for it, on this stack's resources."""
        for name, access in permissions.FUNCTION_ACCESS.items():
            role = self.roles[name]
            for target, actions in access.items():
                role.add_to_principal_policy(
                    iam.PolicyStatement(
                        sid=pascal(target.value),
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
            if self.settings.tracing:
                role.add_to_principal_policy(
                    iam.PolicyStatement(sid="Tracing", actions=TRACING_ACTIONS, resources=["*"])
                )
            self._acknowledge_wildcards(role, access)

    def _acknowledge_wildcards(self, role: iam.Role, access: Any) -> None:
        reasons = []
        if self.settings.tracing:
            reasons.append("X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions")
        if Target.STREAM in access:
            reasons.append("dynamodb:ListStreams, which Lambda's event source mapping needs, has none either")
        if reasons:
            acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "; ".join(reasons) + ".")
        if Target.MEDIA in access:
            bucket_id = self.stack.get_logical_id(self.data.media_bucket.node.default_child)  # type: ignore[arg-type]
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
                f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:{region_in_finding(self.stack)}:"
                f"<AWS::AccountId>:schedule/<{self.stack.get_logical_id(self.schedules.group)}>/*]",
                "One-time schedules are named at run time (one per job); access is limited to this stage's "
                "schedule group.",
            )

    # ---------------------------------------------------------- event sources
    def _configure_stream_source(self) -> None:
        """Reliability options the @app.on_dynamodb_record decorator cannot express."""
        function = self.by_name[STREAM_FUNCTION]
        # chalice package names the SAM event "<FunctionLogicalId>DynamodbEventSource".
        base = f"Events.{function.node.id}DynamodbEventSource.Properties"
        function.add_property_override(f"{base}.FunctionResponseTypes", ["ReportBatchItemFailures"])
        function.add_property_override(f"{base}.BisectBatchOnFunctionError", True)
        function.add_property_override(f"{base}.MaximumRetryAttempts", 5)
        function.add_property_override(f"{base}.MaximumRecordAgeInSeconds", 3600)
        # Records no mapper reads (ledger entries, board entries, counters, profiles...) are dropped
        # before an invocation, for free; the local poller applies the same rule.
        function.add_property_override(
            f"{base}.FilterCriteria",
            {"Filters": [{"Pattern": pattern} for pattern in stream_filter_patterns()]},
        )
        function.add_property_override(
            f"{base}.DestinationConfig",
            {"OnFailure": {"Type": "SQS", "Destination": self.stream_failures.queue_arn}},
        )
