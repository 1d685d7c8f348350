"""The embedded AWS emulator (moto's server, in-process) and the resources Kring needs in it.

Resources are created from chalicelib.definitions, the same definition infra/ deploys.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

import boto3

from chalicelib import definitions

LOCAL_REGION = "eu-west-1"
LOCAL_ACCOUNT = "123456789012"
TABLE_NAME = "kring-local"
MEDIA_BUCKET = "kring-local-media"
USER_POOL_NAME = "kring-local"
# One-time jobs: the app creates EventBridge Scheduler schedules in this group, targeting the
# run_scheduled_job function (infra/ sets the same variables from the deployed resources); the
# local clock fires them, since the emulator's Scheduler never does.
SCHEDULE_GROUP = "kring-local"
SCHEDULED_JOB_FUNCTION_ARN = (
    f"arn:aws:lambda:{LOCAL_REGION}:{LOCAL_ACCOUNT}:function:kring-local-run_scheduled_job"
)
SCHEDULER_ROLE_ARN = f"arn:aws:iam::{LOCAL_ACCOUNT}:role/kring-local-scheduler"
SCHEDULER_DLQ_ARN = f"arn:aws:sqs:{LOCAL_REGION}:{LOCAL_ACCOUNT}:kring-local-scheduler-dlq"
# Local only: the emulator signs tokens with a key pair that ships with moto, so anyone could
# forge a local token. That is fine for a laptop and never used on AWS.
CURSOR_SECRET = "local-cursor-secret-not-for-production"


@dataclass(frozen=True)
class LocalResources:
    endpoint_url: str
    table_name: str
    table_stream_arn: str
    media_bucket: str
    user_pool_id: str
    user_pool_client_id: str


def fake_credentials() -> None:
    """The emulator accepts any credentials; make sure no real ones are ever used locally."""
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    os.environ["AWS_DEFAULT_REGION"] = LOCAL_REGION
    os.environ["AWS_REGION"] = LOCAL_REGION


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_DYNAMODB_WRITES = ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items")


def serialise_dynamodb_writes() -> None:
    """Make the emulator's DynamoDB writes atomic with respect to each other.

    moto runs a transaction by deep-copying the whole table and, when a condition fails, putting
    the copy back: a write another thread made meanwhile is lost. DynamoDB never does that, so the
    emulator's writes take one lock (re-entrant: a transaction calls put_item inside). Idempotent.
    """
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_kring_serialised", False):
        return
    lock = threading.RLock()
    for name in _DYNAMODB_WRITES:
        original = getattr(DynamoDBBackend, name)

        def locked(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with lock:
                return _original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, locked)
    DynamoDBBackend._kring_serialised = True  # type: ignore[attr-defined]


def start_emulator(port: int) -> Any:
    from moto.server import ThreadedMotoServer

    fake_credentials()
    serialise_dynamodb_writes()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one log line per emulator call drowns the app's
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server


def client(service: str, endpoint_url: str) -> Any:
    return boto3.session.Session().client(service, region_name=LOCAL_REGION, endpoint_url=endpoint_url)  # type: ignore[call-overload]


def provision(endpoint_url: str) -> LocalResources:
    """Create (or find) the table, bucket and user pool exactly as infra/ declares them."""
    dynamodb = client("dynamodb", endpoint_url)
    existing = dynamodb.list_tables()["TableNames"]
    if TABLE_NAME not in existing:
        table_spec = {k: v for k, v in definitions.TABLE.items() if k != "TimeToLiveSpecification"}
        dynamodb.create_table(TableName=TABLE_NAME, **table_spec)
        dynamodb.update_time_to_live(
            TableName=TABLE_NAME, TimeToLiveSpecification=definitions.TABLE["TimeToLiveSpecification"]
        )
    stream_arn = dynamodb.describe_table(TableName=TABLE_NAME)["Table"]["LatestStreamArn"]

    s3 = client("s3", endpoint_url)
    buckets = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if MEDIA_BUCKET not in buckets:
        s3.create_bucket(Bucket=MEDIA_BUCKET, CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION})
        s3.put_bucket_cors(
            Bucket=MEDIA_BUCKET, CORSConfiguration={"CORSRules": definitions.MEDIA_BUCKET_CORS}
        )

    cognito = client("cognito-idp", endpoint_url)
    pools = [p for p in cognito.list_user_pools(MaxResults=60)["UserPools"] if p["Name"] == USER_POOL_NAME]
    if pools:
        pool_id = pools[0]["Id"]
    else:
        pool_id = cognito.create_user_pool(PoolName=USER_POOL_NAME, **definitions.USER_POOL)["UserPool"]["Id"]
        for group, description in definitions.ROLE_GROUPS.items():
            cognito.create_group(UserPoolId=pool_id, GroupName=group, Description=description)
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    if clients:
        client_id = clients[0]["ClientId"]
    else:
        client_id = cognito.create_user_pool_client(UserPoolId=pool_id, **definitions.USER_POOL_CLIENT)[
            "UserPoolClient"
        ]["ClientId"]

    scheduler = client("scheduler", endpoint_url)
    groups = {g["Name"] for g in scheduler.list_schedule_groups().get("ScheduleGroups", [])}
    if SCHEDULE_GROUP not in groups:
        scheduler.create_schedule_group(Name=SCHEDULE_GROUP)
    return LocalResources(endpoint_url, TABLE_NAME, stream_arn, MEDIA_BUCKET, pool_id, client_id)


def app_environment(resources: LocalResources) -> dict[str, str]:
    """The environment the app runs with locally: only configuration differs from AWS."""
    return {
        "KRING_STAGE": "local",
        "AWS_REGION": LOCAL_REGION,
        "AWS_DEFAULT_REGION": LOCAL_REGION,
        "KRING_TABLE": resources.table_name,
        "KRING_TABLE_STREAM_ARN": resources.table_stream_arn,
        "KRING_MEDIA_BUCKET": resources.media_bucket,
        "KRING_USER_POOL_ID": resources.user_pool_id,
        "KRING_USER_POOL_CLIENT_ID": resources.user_pool_client_id,
        "KRING_JWKS_URL": f"{resources.endpoint_url}/{resources.user_pool_id}/.well-known/jwks.json",
        "KRING_AWS_ENDPOINT_URL": resources.endpoint_url,
        "KRING_CURSOR_SECRET": CURSOR_SECRET,
        "KRING_DYNAMODB_TIMEOUT_SECONDS": "60",
        "KRING_SCHEDULE_GROUP": SCHEDULE_GROUP,
        "KRING_SCHEDULER_ROLE_ARN": SCHEDULER_ROLE_ARN,
        "KRING_SCHEDULER_TARGET_ARN": SCHEDULED_JOB_FUNCTION_ARN,
        "KRING_SCHEDULER_DLQ_ARN": SCHEDULER_DLQ_ARN,
        "POWERTOOLS_METRICS_NAMESPACE": "Kring",
        "POWERTOOLS_DEV": "false",
    }


def configure_process(resources: LocalResources) -> None:
    """Point this process's app code at the emulator."""
    from chalicelib import bootstrap

    fake_credentials()
    os.environ.update(app_environment(resources))
    bootstrap.reset()


def prune_stream_iterators(keep: int = 100) -> int:
    """Forget all but the newest shard iterators; returns how many were dropped.

    moto stores every iterator GetShardIterator/GetRecords hands out and never expires them, so
    a poller asking twice a second would grow the emulator's memory for as long as it runs.
    Only the newest ones can still be in use.
    """
    from moto.dynamodbstreams.models import dynamodbstreams_backends

    dropped = 0
    for _, _, backend in list(dynamodbstreams_backends.iter_backends()):
        iterators = backend.shard_iterators  # type: ignore[attr-defined]
        stale = list(iterators)[:-keep] if len(iterators) > keep else []
        for arn in stale:
            iterators.pop(arn, None)
        dropped += len(stale)
    return dropped
