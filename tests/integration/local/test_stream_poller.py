"""The stream poller delivers table changes to the app's stream handler as Lambda would."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chalice import Chalice
from chalice.app import DynamoDBEvent

from chalicelib import definitions
from chalicelib.communities.use_cases import NewCommunity, create_community
from chalicelib.identity.use_cases import NewMember, onboard_organisation
from chalicelib.principal import Principal, Role
from chalicelib.reactors.events.registry import reaches_consumer
from chalicelib.store import users
from chalicelib.wall.posts import PostDraft, publish_post
from local import dead_letters
from local.handlers import StreamSource, stream_sources
from local.stream_poller import StreamPoller
from tests.integration.local.conftest import Emulator

Received = list[dict[str, Any]]


def new_table(local_emulator: Emulator) -> tuple[str, str]:
    """A table of its own (same definition as Kring's), so the test sees only its own records."""
    dynamodb = local_emulator.client("dynamodb")
    name = f"poller-{uuid.uuid4().hex[:8]}"
    spec = {k: v for k, v in definitions.TABLE.items() if k != "TimeToLiveSpecification"}
    dynamodb.create_table(TableName=name, **spec)
    return name, dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def stream_app(
    stream_arn: str, batch_size: int, respond: Callable[[list[dict[str, Any]]], Any] | None = None
) -> tuple[Chalice, Received]:
    """An app with one stream handler that records the raw event and answers with `respond`."""
    app = Chalice(app_name="poller-test")
    received: Received = []

    @app.on_dynamodb_record(stream_arn=stream_arn, batch_size=batch_size, starting_position="TRIM_HORIZON")
    def on_change(event: DynamoDBEvent) -> Any:
        raw = event.to_dict()
        received.append(json.loads(json.dumps(raw)))  # what Lambda sends is JSON
        # Chalice's own record parsing must accept the event, as it does on AWS.
        assert [record.sequence_number for record in event] == [
            r["dynamodb"]["SequenceNumber"] for r in raw["Records"]
        ]
        return respond(raw["Records"]) if respond else None

    return app, received


def poller_for(
    local_emulator: Emulator, app: Chalice, stream_arn: str, home: Path, **options: Any
) -> StreamPoller:
    (source,) = stream_sources(app)
    return StreamPoller(
        app,
        source,
        stream_arn,
        local_emulator.url,
        retry_delay_seconds=0,
        state_file=home / "positions.json",
        dead_letter_file=home / "dead-letters.jsonl",
        **options,
    )


def put(local_emulator: Emulator, table: str, key: str, **attributes: str) -> None:
    item = {"pk": {"S": key}, "sk": {"S": "ITEM"}, **{k: {"S": v} for k, v in attributes.items()}}
    local_emulator.client("dynamodb").put_item(TableName=table, Item=item)


def test_records_have_the_shape_lambda_sends(local_emulator: Emulator, tmp_path: Path) -> None:
    table, stream_arn = new_table(local_emulator)
    app, received = stream_app(stream_arn, batch_size=100)
    put(local_emulator, table, "a", type="post", body="first")
    put(local_emulator, table, "a", type="post", body="edited")
    local_emulator.client("dynamodb").delete_item(
        TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "ITEM"}}
    )

    assert poller_for(local_emulator, app, stream_arn, tmp_path).poll_once() == 3

    (event,) = received
    assert list(event) == ["Records"]
    insert, modify, remove = event["Records"]
    assert [r["eventName"] for r in event["Records"]] == ["INSERT", "MODIFY", "REMOVE"]
    for record in event["Records"]:
        assert set(record) == {
            "eventID",
            "eventName",
            "eventVersion",
            "eventSource",
            "awsRegion",
            "dynamodb",
            "eventSourceARN",
        }
        assert record["eventVersion"] == "1.1"
        assert record["eventSource"] == "aws:dynamodb"
        assert record["awsRegion"] == "eu-west-1"
        assert record["eventSourceARN"] == stream_arn
        change = record["dynamodb"]
        assert isinstance(change["ApproximateCreationDateTime"], int)
        assert change["Keys"] == {"pk": {"S": "a"}, "sk": {"S": "ITEM"}}
        assert change["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert isinstance(change["SizeBytes"], int) and change["SizeBytes"] > 0
        assert change["SequenceNumber"].isdigit()
    assert insert["dynamodb"]["NewImage"]["body"] == {"S": "first"} and "OldImage" not in insert["dynamodb"]
    assert modify["dynamodb"]["OldImage"]["body"] == {"S": "first"}
    assert modify["dynamodb"]["NewImage"]["body"] == {"S": "edited"}
    assert remove["dynamodb"]["OldImage"]["body"] == {"S": "edited"} and "NewImage" not in remove["dynamodb"]
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in event["Records"]]
    assert sequence == sorted(sequence)


def test_batches_are_as_large_as_the_decorator_says(local_emulator: Emulator, tmp_path: Path) -> None:
    table, stream_arn = new_table(local_emulator)
    app, received = stream_app(stream_arn, batch_size=2)
    for n in range(5):
        put(local_emulator, table, f"k{n}")
    assert poller_for(local_emulator, app, stream_arn, tmp_path).poll_once() == 5
    assert [len(event["Records"]) for event in received] == [2, 2, 1]


def test_a_partial_batch_failure_is_retried_from_the_failed_record(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    table, stream_arn = new_table(local_emulator)
    failures_left = {"k2": 2}

    def respond(records: list[dict[str, Any]]) -> dict[str, Any]:
        for record in records:
            key = record["dynamodb"]["Keys"]["pk"]["S"]
            if failures_left.get(key, 0) > 0:
                failures_left[key] -= 1
                return {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}
        return {"batchItemFailures": []}

    app, received = stream_app(stream_arn, batch_size=10, respond=respond)
    for n in range(4):
        put(local_emulator, table, f"k{n}")
    poller = poller_for(local_emulator, app, stream_arn, tmp_path)
    poller.poll_once()

    keys = [[r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]] for event in received]
    assert keys == [["k0", "k1", "k2", "k3"], ["k2", "k3"], ["k2", "k3"]]
    assert dead_letters.read(tmp_path / "dead-letters.jsonl") == []
    assert poller.poll_once() == 0


def pks(records: list[dict[str, Any]]) -> list[str]:
    return [r["dynamodb"]["Keys"]["pk"]["S"] for r in records]


def test_a_record_that_keeps_failing_is_dead_lettered_alone_and_the_rest_of_its_batch_delivered(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    table, stream_arn = new_table(local_emulator)

    def respond(records: list[dict[str, Any]]) -> dict[str, Any]:
        poison = [r for r in records if r["dynamodb"]["Keys"]["pk"]["S"] == "poison"]
        if poison:
            return {"batchItemFailures": [{"itemIdentifier": poison[0]["dynamodb"]["SequenceNumber"]}]}
        return {}

    app, received = stream_app(stream_arn, batch_size=10, respond=respond)
    for key in ("ok", "poison", "after", "later"):
        put(local_emulator, table, key)
    poller = poller_for(local_emulator, app, stream_arn, tmp_path, max_retries=2)
    poller.poll_once()

    # The first attempt and two retries from the failed record, then the records after it.
    assert [pks(event["Records"]) for event in received] == [
        ["ok", "poison", "after", "later"],
        ["poison", "after", "later"],
        ["poison", "after", "later"],
        ["after", "later"],
    ]
    (letter,) = dead_letters.read(tmp_path / "dead-letters.jsonl")
    assert letter["source"] == "stream:on_change"
    assert pks(letter["event"]["Records"]) == ["poison"]  # the record itself: enough to replay it
    assert letter["event"]["Records"][0] == received[1]["Records"][0]

    put(local_emulator, table, "next")
    poller.poll_once()
    assert pks(received[-1]["Records"]) == ["next"]


def test_a_handler_exception_splits_the_batch_and_retries_each_half(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    table, stream_arn = new_table(local_emulator)
    calls = {"n": 0}

    def respond(records: list[dict[str, Any]]) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("transient trouble")

    app, received = stream_app(stream_arn, batch_size=10, respond=respond)
    put(local_emulator, table, "a")
    put(local_emulator, table, "b")
    poller_for(local_emulator, app, stream_arn, tmp_path).poll_once()
    assert [pks(event["Records"]) for event in received] == [["a", "b"], ["a"], ["b"]]
    assert dead_letters.read(tmp_path / "dead-letters.jsonl") == []


def test_a_record_that_always_crashes_the_handler_is_found_by_bisection_and_dead_lettered_alone(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    table, stream_arn = new_table(local_emulator)
    done: list[str] = []

    def respond(records: list[dict[str, Any]]) -> None:
        if "poison" in pks(records):
            raise ValueError("cannot handle poison")
        done.extend(pks(records))

    app, _ = stream_app(stream_arn, batch_size=10, respond=respond)
    for key in ["k0", "k1", "poison", "k3", "k4"]:
        put(local_emulator, table, key)
    poller_for(local_emulator, app, stream_arn, tmp_path, max_retries=1).poll_once()

    assert done == ["k0", "k1", "k3", "k4"]
    (letter,) = dead_letters.read(tmp_path / "dead-letters.jsonl")
    assert pks(letter["event"]["Records"]) == ["poison"]
    assert letter["reason"] == "ValueError: cannot handle poison"


def test_a_restart_continues_where_it_left_off(local_emulator: Emulator, tmp_path: Path) -> None:
    table, stream_arn = new_table(local_emulator)
    app, received = stream_app(stream_arn, batch_size=10)
    put(local_emulator, table, "before")
    assert poller_for(local_emulator, app, stream_arn, tmp_path).poll_once() == 1

    put(local_emulator, table, "while-stopped")
    restarted = poller_for(local_emulator, app, stream_arn, tmp_path)
    assert restarted.poll_once() == 1
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in received[-1]["Records"]] == ["while-stopped"]
    assert poller_for(local_emulator, app, stream_arn, tmp_path).poll_once() == 0


def test_records_the_mappings_filter_drops_are_never_delivered_and_not_read_again(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    table, stream_arn = new_table(local_emulator)
    app, received = stream_app(stream_arn, batch_size=10)
    poller = poller_for(local_emulator, app, stream_arn, tmp_path, reaches=reaches_consumer)
    put(local_emulator, table, "entry", type="points_entry")
    put(local_emulator, table, "board", type="board_entry")
    assert poller.poll_once() == 0 and received == []  # a batch of nothing to read: no invocation
    put(local_emulator, table, "post", type="post")
    put(local_emulator, table, "counter", type="inbox_counter")
    assert poller.poll_once() == 1
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in received[-1]["Records"]] == ["post"]
    restarted = poller_for(local_emulator, app, stream_arn, tmp_path, reaches=reaches_consumer)
    assert restarted.poll_once() == 0 and len(received) == 1


def test_a_published_post_reaches_the_apps_consumer(local_emulator: Emulator, tmp_path: Path) -> None:
    org_id = f"poll-{uuid.uuid4().hex[:6]}"
    (source,) = stream_sources(local_emulator.app)
    assert source.name == "on_table_change"
    # Start at the end of the shared table's stream: earlier tests' records are not ours.
    latest = StreamSource(source.name, source.stream_arn, source.batch_size, "LATEST", source.handler)
    poller = StreamPoller(
        local_emulator.app,
        latest,
        local_emulator.resources.table_stream_arn,
        local_emulator.url,
        state_file=tmp_path / "positions.json",
    )
    poller.poll_once()

    from chalicelib import bootstrap

    _, admin = onboard_organisation(
        bootstrap.user_directory(),
        org_id,
        "Poller Org",
        NewMember(f"admin@{org_id}.test", "Admin", ["org_admin"], "en", "Europe/Brussels"),
        "Europe/Brussels",
        "en",
    )
    author = Principal(org_id, admin.user_id, admin.email, frozenset({Role.ORG_ADMIN}))
    community = create_community(author, NewCommunity("C", "", "A goal", [], "organisation"))
    publish_post(author, community.community_id, PostDraft("Hello", [], []))  # the founder is a member
    publish_post(author, community.community_id, PostDraft("Hello again", [], []))

    assert poller.poll_once() > 0
    assert users.require_member(org_id, admin.user_id).post_count == 2
    poller_again = StreamPoller(
        local_emulator.app,
        source,
        local_emulator.resources.table_stream_arn,
        local_emulator.url,
        state_file=tmp_path / "replayed.json",
    )
    poller_again.poll_once()  # a replay of the whole stream from the start changes nothing
    assert users.require_member(org_id, admin.user_id).post_count == 2


def test_old_shard_iterators_are_pruned_from_the_emulator(local_emulator: Emulator, tmp_path: Path) -> None:
    from local.emulator import prune_stream_iterators

    table, stream_arn = new_table(local_emulator)
    app, _ = stream_app(stream_arn, batch_size=10)
    poller = poller_for(local_emulator, app, stream_arn, tmp_path)
    for _ in range(5):
        poller.poll_once()
    prune_stream_iterators(keep=1)
    put(local_emulator, table, "still-read")
    assert poller.poll_once() == 1  # the poller's current iterator survived the pruning
