"""What Kring keeps: the table, the buckets, the user pool and the cursor secret."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager

from chalicelib import definitions
from infra import definitions_cfn
from infra.parts.common import acknowledge, pascal
from infra.settings import StageSettings


class Data:
    def __init__(self, stack: Stack, settings: StageSettings) -> None:
        self.settings = settings
        self.table = self._table(stack)
        self.log_bucket = self._log_bucket(stack)
        self.media_bucket = self._media_bucket(stack)
        self.user_pool, self.user_pool_client = self._user_pool(stack)
        self.cursor_secret = secretsmanager.Secret(
            stack,
            "CursorSecret",
            description=f"Kring {settings.stage}: HMAC key for opaque pagination cursors",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=settings.removal,
        )
        acknowledge(
            self.cursor_secret,
            "AwsSolutions-SMG4",
            "The cursor key only signs pagination cursors: rotating it invalidates open cursors (a 400 "
            "the client recovers from by reloading). It is rotated by hand with put-secret-value "
            "(docs/deploy.md); an automatic rotation Lambda is not worth its cost for this key.",
        )

    def _table(self, stack: Stack) -> dynamodb.CfnTable:
        table = dynamodb.CfnTable(
            stack,
            definitions.TABLE_LOGICAL_NAME,
            **definitions_cfn.table_properties(),
            point_in_time_recovery_specification=dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
                point_in_time_recovery_enabled=True
            ),
            sse_specification=dynamodb.CfnTable.SSESpecificationProperty(sse_enabled=True, sse_type="KMS"),
            deletion_protection_enabled=self.settings.is_prod,
        )
        table.apply_removal_policy(self.settings.removal)
        return table

    def _log_bucket(self, stack: Stack) -> s3.Bucket:
        log_bucket = s3.Bucket(
            stack,
            "AccessLogBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,  # server access logging requires SSE-S3
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(id="expire-logs", expiration=Duration.days(90))],
            removal_policy=self.settings.removal,
        )
        acknowledge(
            log_bucket,
            "AwsSolutions-S1",
            "This is the server access log bucket; logging it into itself would loop.",
        )
        return log_bucket

    def _media_bucket(self, stack: Stack) -> s3.Bucket:
        media = s3.Bucket(
            stack,
            "MediaBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.log_bucket,
            server_access_logs_prefix="media/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="noncurrent-versions",
                    noncurrent_version_expiration=Duration.days(30),
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                )
            ],
            removal_policy=self.settings.removal,
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
        return media

    def _user_pool(self, stack: Stack) -> tuple[cognito.CfnUserPool, cognito.CfnUserPoolClient]:
        pool = cognito.CfnUserPool(
            stack,
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
        pool.apply_removal_policy(self.settings.removal)
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
                stack,
                f"Group{pascal(group)}",
                user_pool_id=pool.ref,
                group_name=group,
                description=description,
            )
        client = cognito.CfnUserPoolClient(
            stack, "UserPoolClient", user_pool_id=pool.ref, **definitions_cfn.user_pool_client_properties()
        )
        return pool, client
