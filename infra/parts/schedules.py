"""One-time schedules: the group the API creates them in, the role that fires them, their DLQ."""

from __future__ import annotations

from aws_cdk import ArnFormat, Aws, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs

from infra import permissions
from infra.parts.common import acknowledge
from infra.settings import StageSettings


def dead_letter_queue(stack: Stack, construct_id: str, holds: str) -> sqs.Queue:
    queue = sqs.Queue(
        stack,
        construct_id,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=Duration.days(14),
    )
    acknowledge(queue, "AwsSolutions-SQS3", f"This queue is itself a dead-letter queue: it holds {holds}.")
    return queue


class Schedules:
    def __init__(self, stack: Stack, settings: StageSettings) -> None:
        self.dlq = dead_letter_queue(
            stack, "SchedulerDlq", "one-time schedules that could not invoke their job"
        )
        self.group = scheduler.CfnScheduleGroup(stack, "ScheduleGroup", name=settings.name_prefix.lower())
        self.role = iam.Role(
            stack,
            "SchedulerInvokeRole",
            description="EventBridge Scheduler invokes run_scheduled_job with this role",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
            ),
        )
        self.job_function_arn = stack.format_arn(
            service="lambda",
            resource="function",
            resource_name=settings.function_name(permissions.SCHEDULED_JOB_FUNCTION),
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        self.schedules_arn = stack.format_arn(
            service="scheduler",
            resource="schedule",
            resource_name=f"{self.group.ref}/*",
            arn_format=ArnFormat.SLASH_RESOURCE_NAME,
        )

    def grant_the_scheduler(self) -> None:
        """The scheduler's role: invoke the job function, and park what it cannot deliver."""
        self.dlq.grant_send_messages(self.role)
        self.role.add_to_principal_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[self.job_function_arn])
        )
