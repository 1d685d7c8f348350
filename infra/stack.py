"""The ``Kring-<stage>`` stack: the Chalice app and everything it runs on.

Resource shapes come from chalicelib/definitions.py (see infra/definitions_cfn.py); the Lambda
functions, REST API and event sources come from ``chalice package`` through ``chalice.cdk``.
What Chalice cannot express (roles, event source mapping reliability, the API function's URL and
reserved concurrency, function names, memory) is set on the included resources afterwards. The
web ACL is the edge stack's (infra/parts/edge.py, us-east-1), as CloudFront requires. Each concern is
a part in infra/parts/ (see its docstring for why the parts build into the stack's own scope).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Aws, CfnOutput, Stack
from constructs import Construct

from infra.parts.alarms import Alarms, alarm_topic
from infra.parts.api import Api
from infra.parts.data import Data
from infra.parts.front_door_plan import subscribe
from infra.parts.functions import Functions
from infra.parts.media_cdn import MediaCdn
from infra.parts.schedules import Schedules
from infra.parts.user_pool_keys import UserPoolKeys
from infra.parts.web import WebHosting
from infra.settings import StageSettings

__all__ = ["KringStack", "StageSettings"]


class KringStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        web_acl_arn: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, cross_region_references=True, **kwargs)
        self.settings = settings
        self.data = Data(self, settings)
        self.media = MediaCdn(self, settings, self.data.media_bucket, self.data.log_bucket)
        self.alarm_topic = alarm_topic(self, settings)
        self.schedules = Schedules(self, settings)
        self.functions = Functions(self, settings, self.data, self.media, self.schedules)
        self.functions.build()
        self.user_pool_keys = UserPoolKeys(self, settings, self.data)
        self.user_pool_keys.hand_to(self.functions.by_name["api_handler"])
        self.api = Api(self, settings, self.functions.chalice, self.functions.by_name["api_handler"])
        self.web = WebHosting(
            self,
            settings,
            access_log_bucket=self.data.log_bucket,
            distribution_log_bucket=self.media.distribution_log_bucket,
            api=self.api,
            web_acl_arn=web_acl_arn,
            media_domain=self.media.distribution.distribution_domain_name,
            media_bucket=self.data.media_bucket,
        )
        # A flat-rate plan for the web distribution and its ACL, when the stage chooses one.
        self.front_door_plan = subscribe(self, settings, self.web.distribution, web_acl_arn)
        Alarms(
            self,
            settings,
            self.alarm_topic,
            self.data,
            self.functions,
            {"stream-failures": self.functions.stream_failures, "scheduler-dlq": self.schedules.dlq},
        )
        self._outputs()

    def _outputs(self) -> None:
        outputs = {
            # Where people open Kring: the app, with the API beside it at /v1 (same origin).
            "AppUrl": self.web.url,
            # The API, for native apps: the same distribution (its URL is CloudFront's alone).
            "ApiUrl": f"{self.web.url}v1",
            "UserPoolId": self.data.user_pool.ref,
            "UserPoolClientId": self.data.user_pool_client.ref,
            "TableName": self.data.table.ref,
            "MediaBucketName": self.data.media_bucket.bucket_name,
            "MediaDistributionDomainName": self.media.distribution.distribution_domain_name,
            "WebBucketName": self.web.bucket.bucket_name,
            "Region": Aws.REGION,
            "AlarmTopicArn": self.alarm_topic.topic_arn,
            "StreamFailureQueueUrl": self.functions.stream_failures.queue_url,
        }
        for key, value in outputs.items():
            CfnOutput(self, key, value=value)
