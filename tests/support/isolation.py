"""The tenant-isolation check, applied to every declared route of an app.

For each route it tries every way in without a valid token of the right organisation, and a
valid token of the other organisation aimed at the first organisation's items. It returns the
violations instead of asserting, so the harness itself can be tested against a planted leak.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from chalicelib.api.framework import Operation
from chalicelib.store import keys
from chalicelib.store.models import KringItem
from local import emulator
from tests.support import tokens
from tests.support.stack import ApiClient, Reply
from tests.support.world import OrgWorld

PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Violation:
    route: str
    case: str
    status: int
    detail: str


class MissingSample(AssertionError):
    pass


def undeclared_routes(app: Any, operations: list[Operation]) -> list[str]:
    """Routes registered on the app without a declared contract (and so without auth by the framework).

    OPTIONS routes answer CORS preflights only (chalicelib/api/cors.py, tests/integration/test_cors.py)."""
    declared = {(op.method, op.path) for op in operations}
    return sorted(
        f"{method} {path}"
        for path, methods in app.routes.items()
        for method in methods
        if (method, path) not in declared and method != "OPTIONS"
    )


def concrete_path(operation: Operation, world: OrgWorld) -> str:
    samples = world.path_samples(operation.path)

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in samples:
            raise MissingSample(
                f"{operation.method} {operation.path} names {{{name}}}: add a sample of it to "
                "OrgWorld.sample_ids (tests/support/world.py) so the isolation test can aim at it."
            )
        return samples[name]

    return re.sub(r"{(\w+)}", value, operation.path)


def example_body(operation: Operation) -> Any:
    if operation.request_model is None:
        return None
    examples = operation.request_model.model_json_schema().get("examples") or []
    if not examples:
        raise AssertionError(f"{operation.operation_id}: its request model needs an example")
    return examples[0]


def partitions(world: OrgWorld) -> list[str]:
    """The partitions of the organisation this world knows: what a refused request must not change."""
    found = [
        keys.org_pk(world.org_id),
        keys.community_pk(world.org_id, world.community_id),
        keys.thread_pk(world.org_id, world.post_id),
        keys.reactions_pk(world.org_id, world.post_id),
    ]
    if world.team_id:
        found.append(keys.team_pk(world.org_id, world.team_id))
    if world.question_post_id:  # its answers and votes, and the content requests
        found += [
            keys.qa_pk(world.org_id, world.question_post_id),
            keys.content_requests_pk(world.org_id),
        ]
    if world.workshop_id:
        found.append(keys.workshop_pk(world.org_id, world.workshop_id))
    return found


def snapshot(world: OrgWorld) -> list[dict[str, Any]]:
    """Everything of the organisation this world knows partitions of, as stored."""
    items: list[dict[str, Any]] = []
    for partition in partitions(world):
        items.extend(
            item.to_simple_dict(force=True) for item in KringItem.query(partition, consistent_read=True)
        )
    return sorted(items, key=lambda item: (item["pk"], item["sk"]))


@cache
def _streams(endpoint_url: str) -> Any:
    return emulator.client("dynamodbstreams", endpoint_url)


class ChangeWatch:
    """The items of the world's partitions that change from now on, read from the table's stream.

    What `snapshot` before and after would show, for the cost of the few records written meanwhile
    instead of two reads of the whole organisation (the sweeps did that for every route and person,
    and it was most of their time). Every write reaches the stream; a write that leaves an item as
    it was (same old and new image) is no change, as it is none to `snapshot`."""

    def __init__(self, world: OrgWorld, more_partitions: Iterable[str] = ()) -> None:
        self._partitions = frozenset([*partitions(world), *more_partitions])
        self._arn = os.environ["KRING_TABLE_STREAM_ARN"]
        self._client = _streams(os.environ["KRING_AWS_ENDPOINT_URL"])
        shards = self._client.describe_stream(StreamArn=self._arn)["StreamDescription"]["Shards"]
        self._iterators = [
            self._client.get_shard_iterator(
                StreamArn=self._arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
            )["ShardIterator"]
            for shard in shards
        ]

    def changed(self) -> list[str]:
        """`pk sk` of each item of the partitions written with a new value since the watch began."""
        found: list[str] = []
        for iterator in self._iterators:
            while True:
                response = self._client.get_records(ShardIterator=iterator, Limit=1000)
                records = response.get("Records", [])
                for record in records:
                    change = record["dynamodb"]
                    pk, sk = change["Keys"]["pk"]["S"], change["Keys"]["sk"]["S"]
                    if pk in self._partitions and change.get("OldImage") != change.get("NewImage"):
                        found.append(f"{record['eventName']} {pk} {sk}")
                if not records:
                    break
                iterator = response["NextShardIterator"]
        return found


def _leaks(reply: Reply, victim: OrgWorld, path: str) -> list[str]:
    """The victim's data in a reply, apart from what the caller put in the path itself."""
    text = reply.body.decode(errors="replace")
    return sorted(marker for marker in victim.markers if marker in text and marker not in path)


def _is_problem(reply: Reply, statuses: tuple[int, ...]) -> bool:
    return reply.status in statuses and (reply.header("content-type") or "").startswith(PROBLEM)


def check_route(
    api: ApiClient, operation: Operation, victim: OrgWorld, intruder: OrgWorld
) -> list[Violation]:
    route = f"{operation.method} {operation.path}"
    path = concrete_path(operation, victim)
    body = example_body(operation)
    found: list[Violation] = []

    def call(token: str | None) -> Reply:
        return api.call(operation.method, path, token, body=body)

    def expect(case: str, reply: Reply, statuses: tuple[int, ...]) -> None:
        if not _is_problem(reply, statuses):
            found.append(Violation(route, case, reply.status, f"expected problem+json {statuses}"))
        leaked = _leaks(reply, victim, path)
        if leaked:
            found.append(Violation(route, case, reply.status, f"leaked {leaked}"))

    expect("no token", call(None), (401,))
    for case, forge in tokens.BAD_TOKENS.items():
        expect(case, call(forge(victim.admin.token)), (401,))
    expect("tampered org claim", call(tokens.tampered(intruder.admin.token, victim.org_id)), (401,))

    if operation.roles and not victim.learner.roles & operation.roles:
        expect("learner on a restricted route", call(victim.learner.token), (403,))

    watch = ChangeWatch(victim)
    reply = call(intruder.admin.token)
    if operation.path_params:
        expect("other organisation's token", reply, (403, 404))
    else:
        leaked = _leaks(reply, victim, path)
        if leaked:
            found.append(Violation(route, "other organisation's token", reply.status, f"leaked {leaked}"))
    changed = watch.changed()
    if changed:
        found.append(
            Violation(
                route, "other organisation's token", reply.status, f"changed the victim's data {changed}"
            )
        )
    return found


def check_all(
    api: ApiClient, operations: list[Operation], victim: OrgWorld, intruder: OrgWorld
) -> list[Violation]:
    violations: list[Violation] = []
    for operation in operations:
        if not operation.public:
            violations.extend(check_route(api, operation, victim, intruder))
    return violations
