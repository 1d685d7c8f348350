"""What each Lambda function may do, by function: the single source of its IAM role.

Plain data (no CDK), so the stack builds each function's role from it and the tests check both
sides: tests/infra that the template grants exactly this, and a guard in tests/conftest.py that
every AWS call a function makes while the integration tests run is covered by it (a new code path
that needs a new permission fails a test here instead of answering AccessDenied in the cloud).

Every function also writes its own log group, and X-Ray segments when the stage traces (set in
infra/parts/functions.py).
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Target(StrEnum):
    """A resource the stack owns; infra/parts/functions.py turns each into ARNs."""

    TABLE = "table"  # the table itself (items, transactions)
    INDEX = "index"  # its global secondary indexes (gsi1)
    STREAM = "stream"  # the table's stream
    STREAM_FAILURES = "stream_failures"  # the stream consumer's on-failure queue
    MEDIA = "media"  # objects under orgs/ in the media bucket
    USER_POOL = "user_pool"
    SCHEDULES = "schedules"  # one-time schedules in the stage's schedule group
    SCHEDULER_ROLE = "scheduler_role"  # the role one-time schedules invoke run_scheduled_job with
    CURSOR_SECRET = "cursor_secret"  # the pagination cursors' HMAC key (Secrets Manager)
    MEDIA_SIGNING_KEY = "media_signing_key"  # the private key media download URLs are signed with


Access = MappingProxyType  # Target -> IAM actions

API_FUNCTION: Final = "api_handler"
STREAM_FUNCTION: Final = "on_table_change"
MEDIA_FUNCTION: Final = "on_media_uploaded"
SCHEDULED_JOB_FUNCTION: Final = "run_scheduled_job"

# Item actions: transactions are authorised through the actions of the items they hold
# (TransactWriteItems -> PutItem/UpdateItem/DeleteItem/ConditionCheckItem, TransactGetItems ->
# GetItem). Never Scan, never table administration.
_READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
_WRITE = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem")
_DELETE = ("dynamodb:DeleteItem",)
_INDEX_QUERY = ("dynamodb:Query",)

# Cognito admin calls the routes make (chalicelib/identity/directory.py): invite (and remove the
# account again when its profile could not be written), roles, deactivate and reactivate.
# AdminSetUserPassword is only used by the `kring` CLI and the tests, with an operator's credentials.
COGNITO_ADMIN_ACTIONS: Final = (
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminDeleteUser",
    "cognito-idp:AdminAddUserToGroup",
    "cognito-idp:AdminRemoveUserFromGroup",
    "cognito-idp:AdminListGroupsForUser",
    "cognito-idp:AdminDisableUser",
    "cognito-idp:AdminEnableUser",
    "cognito-idp:AdminUserGlobalSignOut",
)
# chalicelib/scheduler.py: create, replace (update) and delete one-time schedules; the
# schedule's target role is passed to the scheduler with each create/update.
_SCHEDULES = {
    Target.SCHEDULES: ("scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"),
    Target.SCHEDULER_ROLE: ("iam:PassRole",),
}
# Lambda's event source mapping reads the stream with the consumer's own role.
STREAM_READ_ACTIONS: Final = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")

FUNCTION_ACCESS: Final[MappingProxyType[str, MappingProxyType[Target, tuple[str, ...]]]] = MappingProxyType(
    {
        # Routes: everything a person can do. Presigned upload forms are signed with this role, so it
        # needs the action the holder of the form performs (PutObject). Downloads go through the
        # media distribution, which reads the bucket itself (origin access control): the role only
        # reads the key the download URLs are signed with, and a video's WebVTT captions (GetObject),
        # served from the API's origin where a <track> may use them. Leaderboards are ranked as they
        # are read; a campaign closed by hand reads its final ranks the same way.
        API_FUNCTION: Access(
            {
                Target.TABLE: (*_READ, *_WRITE, *_DELETE),
                Target.INDEX: _INDEX_QUERY,
                Target.MEDIA: ("s3:PutObject", "s3:GetObject"),
                Target.USER_POOL: COGNITO_ADMIN_ACTIONS,
                **_SCHEDULES,
                Target.CURSOR_SECRET: ("secretsmanager:GetSecretValue",),
                Target.MEDIA_SIGNING_KEY: ("secretsmanager:GetSecretValue",),
            }
        ),
        # Reactors: points, badges, counters, notifications, popularity (whose stale entries it
        # deletes), quiz statistics, leaderboard entries (conditional Puts), refresher cards (which
        # read the learner's due index to spread the load, and make the organisation's daily
        # reminder schedule with its first deck). No S3, no Cognito.
        STREAM_FUNCTION: Access(
            {
                Target.TABLE: (*_READ, *_WRITE, *_DELETE),
                Target.INDEX: _INDEX_QUERY,
                **_SCHEDULES,
                Target.STREAM: STREAM_READ_ACTIONS,
                Target.STREAM_FAILURES: ("sqs:SendMessage",),
            }
        ),
        # Checks an arrived object against its declared upload (HeadObject is s3:GetObject) and
        # deletes what does not match.
        MEDIA_FUNCTION: Access(
            {
                Target.TABLE: ("dynamodb:GetItem", "dynamodb:UpdateItem"),
                Target.MEDIA: ("s3:GetObject", "s3:DeleteObject"),
            }
        ),
        # Lists organisations (gsi1) and their members, writes each organisation's counts.
        "nightly_member_counts": Access(
            {Target.TABLE: ("dynamodb:Query", "dynamodb:UpdateItem"), Target.INDEX: _INDEX_QUERY}
        ),
        # Opens, reminds and closes due campaigns (a close reads the campaign's board);
        # (re)schedules their next transition.
        "sweep_campaigns": Access(
            {Target.TABLE: (*_READ, *_WRITE), Target.INDEX: _INDEX_QUERY, **_SCHEDULES}
        ),
        # One-time jobs: campaign transitions (as the sweeper), member counts, deleting a removed
        # post's media, and reminding authors of learning content on its review date.
        # Programmes: the matching job writes its proposal, and publishing writes the pairs, in
        # batches (BatchWriteItem: Puts and Deletes of the proposal's items).
        SCHEDULED_JOB_FUNCTION: Access(
            {
                Target.TABLE: (*_READ, *_WRITE, *_DELETE, "dynamodb:BatchWriteItem"),
                Target.INDEX: _INDEX_QUERY,
                Target.MEDIA: ("s3:DeleteObject",),
                **_SCHEDULES,
            }
        ),
    }
)


def allowed(function: str, target: Target, action: str) -> bool:
    return action in FUNCTION_ACCESS.get(function, {}).get(target, ())
