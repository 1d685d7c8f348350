"""Alarms on what needs a person, and the encrypted topic that mails them to the operator."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs

from infra import definitions_cfn
from infra.parts.common import pascal
from infra.parts.data import Data
from infra.parts.functions import STREAM_FUNCTION, Functions
from infra.settings import StageSettings

# Metrics the app publishes (chalicelib/observability.py) that an alarm watches.
DEAD_LETTER_METRIC = "StreamRecordDeadLettered"
FIVE_MINUTES = Duration.minutes(5)


def alarm_topic(stack: Stack, settings: StageSettings) -> sns.Topic:
    """The topic alarms publish to; `make deploy ALARM_EMAIL=...` subscribes that address."""
    key = kms.Key(
        stack,
        "AlarmTopicKey",
        description=f"{settings.name_prefix}: encrypts the alarm topic (CloudWatch must be able to use it)",
        enable_key_rotation=True,
        removal_policy=settings.removal,
    )
    key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
    topic = sns.Topic(
        stack, "AlarmTopic", topic_name=f"{settings.name_prefix}-alarms", master_key=key, enforce_ssl=True
    )
    if settings.alarm_email:
        topic.add_subscription(subscriptions.EmailSubscription(settings.alarm_email))
    return topic


class Alarms:
    def __init__(
        self,
        stack: Stack,
        settings: StageSettings,
        topic: sns.Topic,
        data: Data,
        functions: Functions,
        dead_letter_queues: dict[str, sqs.Queue],
    ) -> None:
        self.stack = stack
        self.settings = settings
        self.topic = topic
        for name, function in functions.by_name.items():
            for metric_name in ("Errors", "Throttles"):
                self._alarm(
                    f"{name}-{metric_name.lower()}",
                    self._lambda_metric(metric_name, function.ref, "Sum"),
                    1,
                    f"{settings.function_name(name)} {metric_name.lower()} in the last 5 minutes",
                )
        self._alarm(
            f"{STREAM_FUNCTION}-iterator-age",
            self._lambda_metric("IteratorAge", functions.by_name[STREAM_FUNCTION].ref, "Maximum"),
            300_000,
            "The table stream consumer is more than 5 minutes behind",
        )
        self._alarm(
            "api-5xx",
            # The function URL's own count of 5XX answers (its invocation errors and the app's 5XX).
            self._lambda_metric("Url5xxCount", functions.by_name["api_handler"].ref, "Sum"),
            5,
            "The API answered 5 or more 5XX responses in 5 minutes",
        )
        self._table_throttles(data)
        # Poison records the consumer kept in the table (chalicelib/store/dead_letters.py): one is enough.
        self._alarm(
            "stream-dead-letters",
            cloudwatch.Metric(
                namespace="Kring",
                metric_name=DEAD_LETTER_METRIC,
                dimensions_map={"service": "kring"},
                statistic="Sum",
                period=FIVE_MINUTES,
            ),
            1,
            "The stream consumer dead-lettered records: fix the cause, then run kring replay-dead-letters",
        )
        for name, queue in dead_letter_queues.items():
            self._alarm(
                name,
                queue.metric_approximate_number_of_messages_visible(statistic="Maximum", period=FIVE_MINUTES),
                1,
                f"Messages are waiting in the {name} dead-letter queue",
            )

    @staticmethod
    def _lambda_metric(metric_name: str, function_name: str, statistic: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(
            namespace="AWS/Lambda",
            metric_name=metric_name,
            dimensions_map={"FunctionName": function_name},
            statistic=statistic,
            period=FIVE_MINUTES,
        )

    def _table_throttles(self, data: Data) -> None:
        throttle_metrics: dict[str, cloudwatch.IMetric] = {}
        for event in ("ReadThrottleEvents", "WriteThrottleEvents"):
            throttle_metrics[f"t{event[0].lower()}"] = cloudwatch.Metric(
                namespace="AWS/DynamoDB",
                metric_name=event,
                dimensions_map={"TableName": data.table.ref},
                statistic="Sum",
                period=FIVE_MINUTES,
            )
            for i, index in enumerate(definitions_cfn.index_names()):
                throttle_metrics[f"i{i}{event[0].lower()}"] = cloudwatch.Metric(
                    namespace="AWS/DynamoDB",
                    metric_name=event,
                    dimensions_map={"TableName": data.table.ref, "GlobalSecondaryIndexName": index},
                    statistic="Sum",
                    period=FIVE_MINUTES,
                )
        self._alarm(
            "table-throttles",
            cloudwatch.MathExpression(
                expression=" + ".join(f"FILL({key}, 0)" for key in throttle_metrics),
                using_metrics=throttle_metrics,
                label="Throttled read and write events (table and indexes)",
                period=FIVE_MINUTES,
            ),
            1,
            "DynamoDB throttled reads or writes on the table or its indexes",
        )

    def _alarm(self, name: str, metric: cloudwatch.IMetric, threshold: float, description: str) -> None:
        alarm = cloudwatch.Alarm(
            self.stack,
            f"{pascal(name)}Alarm",
            alarm_name=f"{self.settings.name_prefix}-{name}",
            alarm_description=description,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(cw_actions.SnsAction(self.topic))
