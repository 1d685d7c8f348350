"""Content feedback (docs/data-model.md, "Content feedback"): reactions with their counts, the counts
the consumer keeps per content item and card, and the authors' tasks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DeleteError
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.effects import MARKER_LIFETIME
from chalicelib.store.models import (
    AuthorTaskItem,
    ContentCardStatsItem,
    ContentReactionItem,
    ContentStatsItem,
    EffectItem,
    KringItem,
    PollVotesItem,
)
from chalicelib.store.writes import Steps, StepsRefused

CARD_STATS_EFFECT = "content-card-stats"
COUNTED = {
    "useful": ContentStatsItem.useful,
    "learned": ContentStatsItem.learned,
    "outdated": ContentStatsItem.outdated,
    "question": ContentStatsItem.question,
}


class ReactionChanged(RuntimeError):
    """Another change of the same reaction came first: read it again."""


def get_reaction(org_id: str, content_id: str, user_id: str) -> ContentReactionItem | None:
    try:
        return ContentReactionItem.get(
            keys.content_reactions_pk(org_id, content_id), keys.user_sk(user_id), consistent_read=True
        )
    except ContentReactionItem.DoesNotExist:
        return None


def _stats(org_id: str, content_id: str) -> ContentStatsItem:
    return ContentStatsItem(keys.content_feedback_pk(org_id, content_id), keys.CONTENT_STATS_SK)


def _created(model: type[KringItem], org_id: str, content_id: str) -> list[Action]:
    """Actions that also give a counter item its type the first time it is written."""
    return [
        model.item_type.set(model),  # type: ignore[arg-type]
        model.org_id.set(org_id),
        model.content_id.set(content_id),  # type: ignore[attr-defined]
    ]


def save_reaction(item: ContentReactionItem, previous: str | None) -> None:
    """Put the reaction and move its count from `previous` (None: a first reaction), in one transaction.

    Raises ReactionChanged when the reaction is no longer `previous`."""
    actions = _created(ContentStatsItem, item.org_id, item.content_id)
    actions.append(COUNTED[item.reaction].add(1))
    if previous is not None and previous != item.reaction:
        actions.append(COUNTED[previous].add(-1))
    condition = (
        ContentReactionItem.pk.does_not_exist()
        if previous is None
        else ContentReactionItem.reaction == previous
    )
    steps = Steps()
    steps.put("reaction", item, condition)
    if previous != item.reaction:
        steps.update("counts", _stats(item.org_id, item.content_id), actions)
    try:
        steps.write()
    except StepsRefused as refused:
        raise ReactionChanged(item.content_id) from refused


def feedback_of(
    org_id: str, content_id: str, consistent: bool = False
) -> tuple[ContentStatsItem | None, list[ContentCardStatsItem], list[PollVotesItem]]:
    """The content item's counts, its cards' counts and its polls' votes: one Query of its feedback
    partition."""
    found = list(KringItem.query(keys.content_feedback_pk(org_id, content_id), consistent_read=consistent))
    stats = next((i for i in found if isinstance(i, ContentStatsItem)), None)
    cards = [i for i in found if isinstance(i, ContentCardStatsItem)]
    return stats, cards, [i for i in found if isinstance(i, PollVotesItem)]


def _marker(org_id: str, source_event: str, effect: str, at: datetime) -> EffectItem:
    return EffectItem(
        keys.effect_pk(org_id, source_event),
        effect,
        org_id=org_id,
        source_event=source_event,
        effect=effect,
        expires_at=at + MARKER_LIFETIME,
    )


def _once(
    marker: EffectItem,
    target: KringItem,
    actions: list[Action],
    also: Sequence[tuple[KringItem, list[Action]]] = (),
) -> bool:
    steps = Steps()
    steps.put("marker", marker, EffectItem.pk.does_not_exist())
    steps.update("target", target, actions)
    for number, (item, item_actions) in enumerate(also):
        steps.update(f"also-{number}", item, item_actions)
    try:
        steps.write()
    except StepsRefused as refused:
        if "marker" in refused:
            return False
        raise
    return True


def count_card_once(
    org_id: str,
    content_id: str,
    card_id: str,
    source_event: str,
    at: datetime,
    *,
    answered: int,
    correct: int,
    option_id: str | None = None,
) -> bool:
    """ADD to a card's counts (and a poll's option), once per event (False: counted before)."""
    pk = keys.content_feedback_pk(org_id, content_id)
    card = ContentCardStatsItem(pk, keys.content_card_sk(card_id))
    actions = [*_created(ContentCardStatsItem, org_id, content_id), ContentCardStatsItem.card_id.set(card_id)]
    if answered:
        actions.append(ContentCardStatsItem.answered.add(answered))
    if correct:
        actions.append(ContentCardStatsItem.correct.add(correct))
    also: list[tuple[KringItem, list[Action]]] = []
    if option_id:
        option = PollVotesItem(pk, keys.poll_option_sk(card_id, option_id))
        also.append(
            (
                option,
                [
                    *_created(PollVotesItem, org_id, content_id),
                    PollVotesItem.card_id.set(card_id),
                    PollVotesItem.option_id.set(option_id),
                    PollVotesItem.votes.add(1),
                ],
            )
        )
    return _once(_marker(org_id, source_event, CARD_STATS_EFFECT, at), card, actions, also)


def poll_votes(org_id: str, content_id: str, card_id: str) -> dict[str, int]:
    """A poll card's votes per option: one Query (0.5 RCU for up to 6 small items)."""
    found = PollVotesItem.query(
        keys.content_feedback_pk(org_id, content_id),
        PollVotesItem.sk.startswith(keys.poll_option_prefix(card_id)),
    )
    return {item.option_id: int(item.votes or 0) for item in found if isinstance(item, PollVotesItem)}


def card_counted(org_id: str, source_event: str) -> bool:
    """Whether the consumer has counted an answer event yet: one GetItem of its marker (0.5 RCU)."""
    try:
        EffectItem.get(keys.effect_pk(org_id, source_event), CARD_STATS_EFFECT)
    except EffectItem.DoesNotExist:
        return False
    return True


def count_completion_once(org_id: str, content_id: str, source_event: str, at: datetime) -> bool:
    actions = [*_created(ContentStatsItem, org_id, content_id), ContentStatsItem.completed.add(1)]
    return _once(
        _marker(org_id, source_event, "content-completions", at), _stats(org_id, content_id), actions
    )


# Authors' tasks -------------------------------------------------------------------------------


def report_outdated_once(
    org_id: str,
    author_id: str,
    content_id: str,
    title: str,
    note: str | None,
    source_event: str,
    at: datetime,
) -> bool:
    """Open (or add a report to) the author's "outdated" task for the content, once per event."""
    task = AuthorTaskItem(keys.author_tasks_pk(org_id, author_id), keys.outdated_task_sk(content_id))
    actions: list[Action] = [
        AuthorTaskItem.item_type.set(AuthorTaskItem),  # type: ignore[arg-type]
        AuthorTaskItem.org_id.set(org_id),
        AuthorTaskItem.user_id.set(author_id),
        AuthorTaskItem.content_id.set(content_id),
        AuthorTaskItem.kind.set("outdated"),
        AuthorTaskItem.title.set(title),
        AuthorTaskItem.reports.add(1),
        AuthorTaskItem.first_reported_at.set(AuthorTaskItem.first_reported_at | at),
        AuthorTaskItem.last_reported_at.set(at),
    ]
    if note:
        actions.append(AuthorTaskItem.last_note.set(note))
    return _once(_marker(org_id, source_event, f"author-task#{author_id}", at), task, actions)


def open_tasks(org_id: str, author_id: str, limit: int, after: dict[str, Any] | None) -> Any:
    """The author's open tasks, a page at a time (one Query)."""
    return AuthorTaskItem.query(
        keys.author_tasks_pk(org_id, author_id), limit=limit, page_size=limit, last_evaluated_key=after
    )


def close_task(org_id: str, author_id: str, content_id: str) -> bool:
    """Delete the task (done); False when there was none."""
    task = AuthorTaskItem(keys.author_tasks_pk(org_id, author_id), keys.outdated_task_sk(content_id))
    try:
        task.delete(condition=AuthorTaskItem.pk.exists())
    except DeleteError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
