"""Campaigns of an organisation, and the index of what is due for the sweeper.

A campaign is `ORG#<org>#CAMPAIGNS` / `CAMPAIGN#<ulid>` (newest first is a descending Query).
Every write is a whole-item Put conditioned on the `version` read (and, for a transition, on the
status read), so two runs of the same transition cannot both take it. While something is due,
the item is in the sparse GSI1 partition `CAMPAIGNS_DUE` under `<next step ISO UTC>#<org>#<id>`;
the sweeper reads what is due with one Query and nothing else.

A campaign that names a quiz takes it in the same transaction as its first write (or the write that
names another quiz): chalicelib/store/quizzes.py `hold`. So two campaigns written at once cannot
both hold one quiz: the second's transaction is cancelled (QuizTaken).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.ids import iso
from chalicelib.store import keys, quizzes
from chalicelib.store.models import CampaignItem
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import Steps, StepsRefused, save_versioned, versioned


class CampaignChanged(RuntimeError):
    """The campaign changed since it was read (its version or status): read it again."""


class QuizTaken(RuntimeError):
    """The campaign's quiz is not published, or another campaign holds it now."""


def place_in_due_index(item: CampaignItem, due_at: datetime | None) -> None:
    """Put the item under its next step's moment in CAMPAIGNS_DUE (None: nothing is due any more,
    out of the index). The moment is the campaign rules' (chalicelib/campaigns/calendar.py)."""
    if due_at is None:
        item.gsi1pk = None
        item.gsi1sk = None
    else:
        item.gsi1pk = keys.CAMPAIGNS_DUE_PK
        item.gsi1sk = keys.campaign_due_sk(iso(due_at), item.org_id, item.campaign_id)


def _write_holding_quiz(
    item: CampaignItem, read_version: int | None, read_status: str | None, replacing: str | None
) -> None:
    """Put the campaign (versioned) and take its quiz, in one transaction; raises StepsRefused
    naming `campaign` or `quiz`."""
    assert item.quiz_id is not None
    condition = versioned(item, read_version)
    if read_status is not None:
        condition &= CampaignItem.status == read_status
    quiz, actions, free = quizzes.hold(item.org_id, item.quiz_id, item.campaign_id, replacing)
    steps = Steps()
    steps.put("campaign", item, condition)
    steps.update("quiz", quiz, actions, free)
    steps.write()


def save_new(item: CampaignItem, *, due_at: datetime | None, replacing: str | None = None) -> bool:
    """Write a new campaign (taking its quiz); False if one with its id is there already (a retried
    create). `replacing`: a campaign that holds the quiz no more, from which it may be taken."""
    place_in_due_index(item, due_at)
    if not item.quiz_id:
        return save_versioned(item, None)
    try:
        _write_holding_quiz(item, None, None, replacing)
    except StepsRefused as refused:
        if "campaign" in refused:
            return False
        raise QuizTaken(f"quiz {item.quiz_id} is not free for campaign {item.campaign_id}") from refused
    return True


def save_change(
    item: CampaignItem,
    read_version: int,
    read_status: str | None = None,
    *,
    due_at: datetime | None,
    take_quiz: bool = False,
    replacing: str | None = None,
) -> CampaignItem:
    """Replace the campaign if it is still at `read_version` (and `read_status`): CampaignChanged if not.
    `take_quiz`: it names another quiz now, which it takes in the same transaction (QuizTaken)."""
    place_in_due_index(item, due_at)
    if take_quiz and item.quiz_id:
        try:
            _write_holding_quiz(item, read_version, read_status, replacing)
        except StepsRefused as refused:
            if "campaign" in refused:
                raise CampaignChanged(f"campaign {item.campaign_id} changed") from refused
            raise QuizTaken(f"quiz {item.quiz_id} is not free for campaign {item.campaign_id}") from refused
        return item
    also = CampaignItem.status == read_status if read_status is not None else None
    if not save_versioned(item, read_version, also):
        raise CampaignChanged(f"campaign {item.campaign_id} changed")
    return item


def get_campaign(org_id: str, campaign_id: str, consistent: bool = False) -> CampaignItem | None:
    try:
        return CampaignItem.get(
            keys.campaigns_pk(org_id), keys.campaign_sk(campaign_id), consistent_read=consistent
        )
    except CampaignItem.DoesNotExist:
        return None


def campaign_key(org_id: str, campaign_id: str) -> tuple[str, str]:
    return keys.campaigns_pk(org_id), keys.campaign_sk(campaign_id)


def list_campaigns(
    org_id: str,
    limit: int,
    after: dict[str, Any] | None,
    community_id: str | None = None,
    statuses: tuple[str, ...] = (),
) -> Page[CampaignItem]:
    """Newest first: one Query of the organisation's campaigns (filtered by community or status)."""
    condition: Any = None
    if community_id is not None:
        condition = CampaignItem.community_id == community_id
    if statuses:
        by_status = CampaignItem.status.is_in(*statuses)
        condition = by_status if condition is None else condition & by_status
    return query_page(
        CampaignItem,
        keys.campaigns_pk(org_id),
        keys.CAMPAIGN_SK_PREFIX,
        limit=limit,
        after=after,
        filter_condition=condition,
    )


def due(now: datetime, limit: int = 100) -> list[CampaignItem]:
    """Campaigns of every organisation whose next step is due by `now`, oldest first: one Query."""
    bound = f"{iso(now)}$"  # every `<iso now>#...` sorts below it ('#' < '$')
    results = CampaignItem.gsi1.query(
        keys.CAMPAIGNS_DUE_PK, CampaignItem.gsi1sk < bound, limit=limit, page_size=limit
    )
    return [c for c in results if isinstance(c, CampaignItem)]
