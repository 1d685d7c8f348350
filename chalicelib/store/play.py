"""Playing a quiz: one player's partition per campaign (or practice quiz),
`ORG#<org>#PLAY#<context>#<user>`, holding `SERVED#<question>`, `ANSWER#<question>` and `SCORE`.

The answer path is two requests: one consistent BatchGetItem (the SERVED item and, for a campaign,
the campaign; for practice, the quiz) and one PutItem of the ANSWER with `attribute_not_exists(pk)` and
`ReturnValuesOnConditionCheckFailure=ALL_OLD`, so a retry learns the first answer from the failed
put itself. (PynamoDB keeps only the error code of a failed call, so that put goes through the
botocore client of PynamoDB's own connection, with the item PynamoDB serialised.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.exceptions import PutError

from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import (
    AnswerItem,
    CampaignItem,
    EffectItem,
    KringItem,
    PlayerScoreItem,
    QuizItem,
    RefresherCardItem,
    ServedItem,
)
from chalicelib.store.writes import save_versioned


@dataclass(frozen=True)
class AnswerInputs:
    served: ServedItem | None
    campaign: CampaignItem | None
    quiz: QuizItem | None = None


def read_answer_inputs(
    org_id: str,
    context_id: str,
    user_id: str,
    question_id: str,
    campaign_id: str | None,
    quiz_id: str | None = None,
) -> AnswerInputs:
    """The SERVED item and the campaign (or, for practice, the quiz), in one consistent BatchGetItem."""
    served_key = (keys.player_pk(org_id, context_id, user_id), keys.served_sk(question_id))
    wanted = [served_key]
    if campaign_id is not None:
        wanted.append((keys.campaigns_pk(org_id), keys.campaign_sk(campaign_id)))
    if quiz_id is not None:
        wanted.append((keys.quizzes_pk(org_id), keys.quiz_sk(quiz_id)))
    found = list(KringItem.batch_get(wanted, consistent_read=True))
    served = next((i for i in found if isinstance(i, ServedItem) and i.org_id == org_id), None)
    campaign = next((i for i in found if isinstance(i, CampaignItem) and i.org_id == org_id), None)
    quiz = next((i for i in found if isinstance(i, QuizItem) and i.org_id == org_id), None)
    return AnswerInputs(served, campaign, quiz)


def put_answer(answer: AnswerItem) -> AnswerItem | None:
    """Put the answer unless there is one already. None if it was put now; else the first answer."""
    meta = AnswerItem.Meta
    params: dict[str, Any] = {
        "TableName": meta.table_name,
        "Item": answer.serialize(null_check=True),
        "ConditionExpression": "attribute_not_exists(#pk)",
        "ExpressionAttributeNames": {"#pk": "pk"},
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    client = AnswerItem._get_connection().connection.client
    try:
        client._make_api_call("PutItem", params)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise
        raw = exc.response.get("Item")
        if raw:
            first = KringItem.from_raw_data(raw)
            if isinstance(first, AnswerItem):
                return first
        # An emulator or SDK that does not return the old item: read it (only on this retry path).
        return get_answer(answer.org_id, answer.context_id, answer.user_id, answer.question_id)
    return None


def get_answer(org_id: str, context_id: str, user_id: str, question_id: str) -> AnswerItem | None:
    try:
        return AnswerItem.get(
            keys.player_pk(org_id, context_id, user_id), keys.answer_sk(question_id), consistent_read=True
        )
    except AnswerItem.DoesNotExist:
        return None


@dataclass(frozen=True)
class Play:
    """What one player has of one campaign or practice quiz."""

    served: dict[str, ServedItem]
    answers: dict[str, AnswerItem]
    score: PlayerScoreItem | None


def read_play(org_id: str, context_id: str, user_id: str) -> Play:
    """The player's whole partition (at most 2 items per question and the score): one Query."""
    served: dict[str, ServedItem] = {}
    answers: dict[str, AnswerItem] = {}
    score: PlayerScoreItem | None = None
    for item in KringItem.query(keys.player_pk(org_id, context_id, user_id), consistent_read=True):
        if isinstance(item, ServedItem):
            served[item.question_id] = item
        elif isinstance(item, AnswerItem):
            answers[item.question_id] = item
        elif isinstance(item, PlayerScoreItem):
            score = item
    return Play(served, answers, score)


def put_served(served: ServedItem) -> ServedItem | None:
    """Serve a question once; None if served now, else the SERVED item that was there first."""
    try:
        served.save(condition=ServedItem.pk.does_not_exist())
    except PutError as exc:
        if not is_condition_failure(exc):
            raise
        try:
            return ServedItem.get(served.pk, served.sk, consistent_read=True)
        except ServedItem.DoesNotExist:
            return None
    return None


# The player's campaign score, exactly once per answer ------------------------------------------


class ScoreChanged(RuntimeError):
    """The score changed between read and write: read again."""


def read_score_and_card(
    org_id: str, context_id: str, user_id: str, question_id: str, with_score: bool
) -> tuple[PlayerScoreItem | None, RefresherCardItem | None]:
    """What an answer's consumer work reads first, in one consistent request: the player's score
    (for a campaign answer) and their refresher card for the question (None: absent)."""
    card_key = (keys.refreshers_pk(org_id, user_id), keys.refresher_sk(question_id))
    if not with_score:
        try:
            return None, RefresherCardItem.get(*card_key, consistent_read=True)
        except RefresherCardItem.DoesNotExist:
            return None, None
    score_key = (keys.player_pk(org_id, context_id, user_id), keys.PLAYER_SCORE_SK)
    found = list(KringItem.batch_get([score_key, card_key], consistent_read=True))
    score = next((i for i in found if isinstance(i, PlayerScoreItem)), None)
    return score, next((i for i in found if isinstance(i, RefresherCardItem)), None)


def get_score(org_id: str, context_id: str, user_id: str) -> PlayerScoreItem | None:
    try:
        return PlayerScoreItem.get(
            keys.player_pk(org_id, context_id, user_id), keys.PLAYER_SCORE_SK, consistent_read=True
        )
    except PlayerScoreItem.DoesNotExist:
        return None


def marker_exists(org_id: str, source_event: str, effect: str) -> bool:
    """Whether the effect marker of an answer counted before scores kept their `counted` questions."""
    try:
        EffectItem.get(keys.effect_pk(org_id, source_event), effect, consistent_read=True)
    except EffectItem.DoesNotExist:
        return False
    return True


def save_score(score: PlayerScoreItem, read_version: int | None) -> None:
    """Put the score if it is still at the version read (None: absent); the caller has added the
    answer's question to `counted`, which is what makes the answer count once. Raises ScoreChanged
    if the score moved meanwhile (read again: a concurrent delivery of the same answer then finds
    its question counted)."""
    if not save_versioned(score, read_version):
        raise ScoreChanged(score.user_id)
