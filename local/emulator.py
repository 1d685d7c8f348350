"""The embedded AWS emulator (moto's server, in-process) and the resources Kring needs in it.

Resources are created from chalicelib.definitions, the same definition infra/ deploys.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

import boto3

from chalicelib import definitions
from local import cognito_srp, invitations, s3_post_policy
from local.media_keys import key_pair_id, new_private_key_pem, public_key_pem

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
# Held by the emulator's Secrets Manager, read by the app through boto3 as on AWS.
CURSOR_SECRET_NAME = "kring-local/cursor-secret"
CURSOR_SECRET = "local-cursor-secret-not-for-production"
# The media distribution's signing key: the app reads the private key from the emulator's Secrets
# Manager as it does on AWS; the local distribution (local/media_cdn.py) trusts its public key.
MEDIA_SIGNING_KEY_SECRET_NAME = "kring-local/media-url-signing-key"


@dataclass(frozen=True)
class LocalResources:
    endpoint_url: str
    table_name: str
    table_stream_arn: str
    media_bucket: str
    user_pool_id: str
    user_pool_client_id: str
    # The local media distribution: where it is served, and its trusted key group of one key.
    media_cdn_url: str
    media_cdn_key_pair_id: str
    media_cdn_public_key: str  # PEM
    # The pool's public keys as the emulator serves them (compact JSON), handed to the app as
    # KRING_USER_POOL_JWKS as infra/ hands them to the API function; empty in resources saved
    # before it (the app then fetches them on its first token).
    user_pool_jwks: str = ""


# The emulator accepts any credentials; these are the ones everything local signs with (the
# emulator checks presigned POST policies against this secret).
LOCAL_ACCESS_KEY_ID = "testing"
LOCAL_SECRET_ACCESS_KEY = "testing"


def fake_credentials() -> None:
    """Make sure no real credentials are ever used locally."""
    os.environ["AWS_ACCESS_KEY_ID"] = LOCAL_ACCESS_KEY_ID
    os.environ["AWS_SECRET_ACCESS_KEY"] = LOCAL_SECRET_ACCESS_KEY
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


def transactions_back_up_only_their_items() -> None:
    """Make a transaction's rollback cost the items it names, not the whole table.

    moto backs a TransactWriteItems up by deep-copying every table it names (all items, and the
    stream with every record ever written) and puts the copy back when an action fails: each
    transaction costs time in proportion to the table. Here the copy of a table is the table itself
    (so moto's own rollback changes nothing), and the items the transaction names, as they were,
    are put back instead, with the table's stream cut back to where it was. Apply before
    `serialise_dynamodb_writes` so this runs under its lock (nothing else copies a table then).
    Idempotent.
    """
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    if getattr(DynamoDBBackend, "_kring_item_backups", False):
        return
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> Any:
        backups = _transaction_backups(self, transact_items)
        streams = {
            table.name: (table.stream_shard, len(table.stream_shard.items))
            for table, *_ in backups
            if table.stream_shard is not None
        }
        Table.__deepcopy__ = _same_table  # type: ignore[attr-defined]
        try:
            return original(self, transact_items)
        except BaseException:
            for table, hash_key, range_key, partition_existed, item in reversed(backups):
                _restore_item(table, hash_key, range_key, partition_existed, item)
            for shard, length in streams.values():
                del shard.items[length:]
            raise
        finally:
            del Table.__deepcopy__  # type: ignore[attr-defined]

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    DynamoDBBackend._kring_item_backups = True  # type: ignore[attr-defined]


def _same_table(table: Any, memo: dict[int, Any]) -> Any:
    return table


Backup = tuple[Any, Any, Any, bool, Any]  # table, hash key, range key, partition existed, item (None: absent)


def _transaction_backups(backend: Any, transact_items: list[dict[str, Any]]) -> list[Backup]:
    """Each named item as it is now (a deep copy; moto updates items in place)."""
    import copy

    from moto.dynamodb.models.dynamo_type import DynamoType

    backups: list[Backup] = []
    for action in transact_items:
        for request in action.values():
            table = backend.tables.get(request.get("TableName"))
            key = request.get("Key") or request.get("Item") or {}
            if table is None or table.hash_key_attr not in key:
                continue  # moto refuses the action before it writes anything
            if table.range_key_attr is not None and table.range_key_attr not in key:
                continue
            hash_key = DynamoType(key[table.hash_key_attr])
            range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
            existed = hash_key in table.items
            current = table.get_item(hash_key, range_key) if existed else None
            backups.append((table, hash_key, range_key, existed, copy.deepcopy(current)))
    return backups


def _restore_item(table: Any, hash_key: Any, range_key: Any, partition_existed: bool, item: Any) -> None:
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
        return
    if item is not None:
        table.items[hash_key][range_key] = item
        return
    partition = table.items.get(hash_key)
    if partition is not None:
        partition.pop(range_key, None)
        if not partition and not partition_existed:
            del table.items[hash_key]


def queries_read_only_their_partition() -> None:
    """Make a Query on the table look at its own partition only.

    moto answers every Query by looking at every item of the table, so a Query costs time in
    proportion to the table, not to its partition. A Query on the table (not on an index) now sees
    only the items of the partition it names. Queries on an index still look at every item (moto
    keeps no index). Idempotent.
    """
    from moto.dynamodb.models.table import Table

    if getattr(Table, "_kring_partition_queries", False):
        return
    original_query, original_all_items = Table.query, Table.all_items
    asked = threading.local()

    def all_items(self: Any) -> Any:
        partition = getattr(asked, "partition", None)
        if partition is None or partition[0] is not self:
            return original_all_items(self)
        found = self.items.get(partition[1])
        if found is None:
            return []
        return list(found.values()) if self.range_key_attr else [found]

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        # moto's backend passes index_name as the eighth positional argument
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name or hash_key is None:
            return original_query(self, hash_key, *args, **kwargs)
        asked.partition = (self, hash_key)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            asked.partition = None

    Table.all_items = all_items  # type: ignore[method-assign]
    Table.query = query  # type: ignore[method-assign]
    Table._kring_partition_queries = True  # type: ignore[attr-defined]


def app_clients_write_only_their_attributes() -> None:
    """Refuse a user's change to an attribute their app client may not write, as Cognito does.

    moto lets anyone holding an access token set any attribute of their own account (even
    `custom:org`, or the e-mail they sign in with); Cognito answers NotAuthorizedException for an
    attribute outside the app client's WriteAttributes. Idempotent.
    """
    from moto.cognitoidp.exceptions import NotAuthorizedError
    from moto.cognitoidp.models import CognitoIdpBackend

    if getattr(CognitoIdpBackend, "_kring_write_attributes", False):
        return
    original = CognitoIdpBackend.update_user_attributes

    def update_user_attributes(self: Any, access_token: str, attributes: list[dict[str, str]]) -> Any:
        for pool in self.user_pools.values():
            if access_token in pool.access_tokens:
                client_id, _ = pool.access_tokens[access_token]
                app_client = pool.clients.get(client_id)
                writable = app_client.extended_config.get("WriteAttributes") if app_client else None
                refused = sorted({a["Name"] for a in attributes} - set(writable or []))
                if writable is not None and refused:
                    raise NotAuthorizedError(f"A client attempted to write unauthorized attribute: {refused}")
        return original(self, access_token, attributes)

    CognitoIdpBackend.update_user_attributes = update_user_attributes  # type: ignore[method-assign]
    CognitoIdpBackend._kring_write_attributes = True  # type: ignore[attr-defined]


def start_emulator(port: int) -> Any:
    from moto.server import ThreadedMotoServer

    fake_credentials()
    transactions_back_up_only_their_items()
    queries_read_only_their_partition()
    serialise_dynamodb_writes()
    app_clients_write_only_their_attributes()
    cognito_srp.user_srp_auth_checks_the_password()
    invitations.invitations_are_sent()
    s3_post_policy.enforce_post_policies(LOCAL_SECRET_ACCESS_KEY)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one log line per emulator call drowns the app's
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server


def client(service: str, endpoint_url: str) -> Any:
    return boto3.session.Session().client(service, region_name=LOCAL_REGION, endpoint_url=endpoint_url)  # type: ignore[call-overload]


def provision(endpoint_url: str, media_cdn_url: str) -> LocalResources:
    """Create (or find) the table, bucket and user pool exactly as infra/ declares them, and the
    media signing key of the distribution served at `media_cdn_url`."""
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

    secrets = client("secretsmanager", endpoint_url)
    # Already there when provisioned before in this process (the snapshot does not hold secrets).
    with contextlib.suppress(secrets.exceptions.ResourceExistsException):
        secrets.create_secret(Name=CURSOR_SECRET_NAME, SecretString=CURSOR_SECRET)
    key_pair_id, public_key = media_signing_key(secrets)
    return LocalResources(
        endpoint_url,
        TABLE_NAME,
        stream_arn,
        MEDIA_BUCKET,
        pool_id,
        client_id,
        media_cdn_url.rstrip("/"),
        key_pair_id,
        public_key,
        user_pool_jwks(endpoint_url, pool_id),
    )


def user_pool_jwks(endpoint_url: str, pool_id: str) -> str:
    """The pool's public keys, read from the emulator's JWKS endpoint when the stack starts (as
    infra/ reads Cognito's at deploy time): each RSA key with only the members the app reads,
    compact, so the app's cold start verifies tokens without fetching them."""
    import urllib.request

    from chalicelib.jwt_rs256 import JWK_MEMBERS

    with urllib.request.urlopen(jwks_url(endpoint_url, pool_id), timeout=10) as response:
        document = json.load(response)
    keys = [
        {name: value for name, value in sorted(key.items()) if name in JWK_MEMBERS}
        for key in document["keys"]
        if key.get("kty") == "RSA"
    ]
    return json.dumps({"keys": keys}, separators=(",", ":"))


def jwks_url(endpoint_url: str, pool_id: str) -> str:
    return f"{endpoint_url}/{pool_id}/.well-known/jwks.json"


def media_signing_key(secrets: Any) -> tuple[str, str]:
    """The media signing key's id and public key (PEM), made and stored on first use as
    `python -m infra.deploy` does on AWS; the same key while the emulator runs."""
    try:
        private_pem = str(secrets.get_secret_value(SecretId=MEDIA_SIGNING_KEY_SECRET_NAME)["SecretString"])
    except secrets.exceptions.ResourceNotFoundException:
        private_pem = new_private_key_pem()
        secrets.create_secret(Name=MEDIA_SIGNING_KEY_SECRET_NAME, SecretString=private_pem)
    public = public_key_pem(private_pem)
    return key_pair_id(public), public


# Where the local Kring server passes the browser's Cognito calls on to the emulator
# (local/cognito_proxy.py); relative to the app's origin.
BROWSER_COGNITO_PATH = "/cognito/"


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
        "KRING_JWKS_URL": jwks_url(resources.endpoint_url, resources.user_pool_id),
        # Empty (resources saved before it): the app fetches the keys from KRING_JWKS_URL.
        "KRING_USER_POOL_JWKS": resources.user_pool_jwks,
        "KRING_AWS_ENDPOINT_URL": resources.endpoint_url,
        "KRING_CURSOR_SECRET_ID": CURSOR_SECRET_NAME,
        "KRING_MEDIA_CDN_URL": resources.media_cdn_url,
        "KRING_MEDIA_CDN_KEY_PAIR_ID": resources.media_cdn_key_pair_id,
        "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID": MEDIA_SIGNING_KEY_SECRET_NAME,
        "KRING_DYNAMODB_TIMEOUT_SECONDS": "60",
        "KRING_SCHEDULE_GROUP": SCHEDULE_GROUP,
        "KRING_SCHEDULER_ROLE_ARN": SCHEDULER_ROLE_ARN,
        "KRING_SCHEDULER_TARGET_ARN": SCHEDULED_JOB_FUNCTION_ARN,
        "KRING_SCHEDULER_DLQ_ARN": SCHEDULER_DLQ_ARN,
        # The browser reaches the emulator's Cognito through the Kring server (same origin, no CORS).
        "KRING_BROWSER_COGNITO_ENDPOINT": BROWSER_COGNITO_PATH,
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
