"""Per-question answer statistics, sharded: `ORG#<org>#QSTATS#<question>` / `SHARD#<0..7>`.

10,000 answers a minute to one question would heat one item (DynamoDB allows 1,000 writes a
second per key), so each player's answers count in one of QUESTION_STATS_SHARDS items (by player)
and readers add the shards up (one BatchGetItem). Each count is one transaction: the answer's marker
(`attribute_not_exists`: a replayed stream record counts nothing) + an UpdateItem that ADDs
`answers`, `correct`, `o_<option id>` for each option chosen and `s_<elapsed second>` (the histogram
the median comes from). Counters are top-level attributes, so ADD creates them; PynamoDB would
drop them (they are not declared), so this module speaks to the table through the botocore client
of PynamoDB's connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.attribute_values import plain_item
from chalicelib.store.effects import MARKER_LIFETIME
from chalicelib.store.models import EffectItem, KringItem, transaction_connection

OPTION_PREFIX = "o_"
SECOND_PREFIX = "s_"
STATS_TYPE = "question_stats"  # models.QuestionStatsItem's discriminator
MAX_SECOND = 600  # the histogram's last bucket: this many seconds or more


@dataclass(frozen=True)
class Counted:
    answers: int = 0
    correct: int = 0
    options: dict[str, int] = field(default_factory=dict)  # option id -> times chosen
    seconds: dict[int, int] = field(default_factory=dict)  # whole elapsed seconds -> answers


def count_once(
    org_id: str,
    question_id: str,
    user_id: str,
    source_event: str,
    option_ids: list[str],
    correct: bool,
    elapsed_ms: int,
) -> bool:
    """Count one answer in its player's shard, once. False if it was counted before."""
    effect = "question-stats"
    marker = EffectItem(
        keys.effect_pk(org_id, source_event),
        effect,
        org_id=org_id,
        source_event=source_event,
        effect=effect,
        expires_at=utc_now() + MARKER_LIFETIME,
    )
    shard = keys.question_stats_shard(user_id)
    names = {"#type": "type", "#org": "org_id", "#q": "question_id", "#n": "answers", "#c": "correct"}
    values: dict[str, Any] = {
        ":type": {"S": STATS_TYPE},
        ":org": {"S": org_id},
        ":q": {"S": question_id},
        ":one": {"N": "1"},
        ":c": {"N": "1" if correct else "0"},
    }
    adds = ["#n :one", "#c :c"]
    for i, option_id in enumerate(dict.fromkeys(option_ids)):
        names[f"#o{i}"] = f"{OPTION_PREFIX}{option_id}"
        adds.append(f"#o{i} :one")
    names["#s"] = f"{SECOND_PREFIX}{min(MAX_SECOND, max(0, elapsed_ms) // 1000)}"
    adds.append("#s :one")
    table = KringItem.Meta.table_name
    request = {
        "TransactItems": [
            {
                "Put": {
                    "TableName": table,
                    "Item": marker.serialize(null_check=True),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            {
                "Update": {
                    "TableName": table,
                    "Key": {
                        "pk": {"S": keys.question_stats_pk(org_id, question_id)},
                        "sk": {"S": keys.question_stats_sk(shard)},
                    },
                    "UpdateExpression": "SET #type = :type, #org = :org, #q = :q ADD " + ", ".join(adds),
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            },
        ]
    }
    try:
        transaction_connection().client._make_api_call("TransactWriteItems", request)
    except ClientError as exc:
        reasons = exc.response.get("CancellationReasons") or []
        if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
            return False
        raise
    return True


def read_counts(org_id: str, question_id: str) -> Counted:
    """The question's shards, added up (one BatchGetItem of QUESTION_STATS_SHARDS keys)."""
    pk = keys.question_stats_pk(org_id, question_id)
    table = KringItem.Meta.table_name
    wanted: dict[str, Any] = {
        table: {
            "Keys": [
                {"pk": {"S": pk}, "sk": {"S": keys.question_stats_sk(n)}}
                for n in range(keys.QUESTION_STATS_SHARDS)
            ]
        }
    }
    client = KringItem._get_connection().connection.client
    raw_items: list[dict[str, Any]] = []
    for _ in range(5):
        response = client._make_api_call("BatchGetItem", {"RequestItems": wanted})
        raw_items += response.get("Responses", {}).get(table, [])
        wanted = response.get("UnprocessedKeys") or {}
        if not wanted:
            break
    answers = correct = 0
    options: dict[str, int] = {}
    seconds: dict[int, int] = {}
    for raw in raw_items:
        item = plain_item(raw)
        if item.get("org_id") != org_id:
            continue
        answers += int(item.get("answers", 0))
        correct += int(item.get("correct", 0))
        for name, value in item.items():
            if name.startswith(OPTION_PREFIX):
                option = name[len(OPTION_PREFIX) :]
                options[option] = options.get(option, 0) + int(value)
            elif name.startswith(SECOND_PREFIX) and name[len(SECOND_PREFIX) :].isdigit():
                second = int(name[len(SECOND_PREFIX) :])
                seconds[second] = seconds.get(second, 0) + int(value)
    return Counted(answers, correct, options, seconds)
