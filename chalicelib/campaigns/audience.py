"""Who a campaign speaks to (its audience), and notifying them page by page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.campaigns import rules
from chalicelib.campaigns.calendar import due_at
from chalicelib.communities import audience
from chalicelib.observability import count_business_event
from chalicelib.store import campaigns as store
from chalicelib.store import keys, quizzes
from chalicelib.store import notifications as inbox
from chalicelib.store.batch import get_items
from chalicelib.store.models import (
    CampaignItem,
    CommunityMemberItem,
    KringItem,
    PlayerScoreItem,
    TeamMemberItem,
    UserItem,
)

FANOUT_PER_RUN = rules.FANOUT_PER_RUN
PAGE = 100


def _audience_parts(item: CampaignItem) -> list[tuple[str, str]]:
    """The partitions (and sort key prefixes) whose items name the audience's members."""
    if item.audience == "community" and item.community_id:
        return [(keys.community_pk(item.org_id, item.community_id), keys.COMMUNITY_MEMBER_SK_PREFIX)]
    if item.audience == "teams":
        return [
            (keys.team_pk(item.org_id, team_id), keys.TEAM_MEMBER_SK_PREFIX)
            for team_id in item.team_ids or []
        ]
    return [(keys.org_pk(item.org_id), keys.USER_SK_PREFIX)]


def _page_of_members(
    item: CampaignItem, part: tuple[str, str], after: dict[str, Any] | None
) -> tuple[list[UserItem], dict[str, Any] | None]:
    """One page of the audience: those of it who may read the campaign's community now (or, without
    one, whose profile is active; chalicelib/communities/audience.py). One Query, and for community
    and team members one BatchGetItem of the community and their profiles."""
    pk, prefix = part
    results = KringItem.query(pk, KringItem.sk.startswith(prefix), limit=PAGE, last_evaluated_key=after)
    found = list(results)
    profiles = [i for i in found if isinstance(i, UserItem) and audience.may_read(i, None, None)]
    members = {i.user_id: i for i in found if isinstance(i, CommunityMemberItem) and i.status == "active"}
    user_ids = [*members, *(i.user_id for i in found if isinstance(i, TeamMemberItem))]
    if user_ids:
        community_id = item.community_id if item.audience == "community" else None
        readers = audience.readers(item.org_id, community_id, user_ids, known_memberships=members)
        profiles.extend(readers.profiles.values())
    return profiles, results.last_evaluated_key


def finished_players(item: CampaignItem) -> Callable[[list[str]], set[str]]:
    """Who of a page of members answered every question of the campaign's quiz: a reminder to play
    would only nag them (one BatchGetItem of their campaign scores a page; none for other kinds)."""
    quiz = quizzes.get_quiz(item.org_id, item.quiz_id) if item.kind == "quiz" and item.quiz_id else None
    total = len(quiz.question_ids or []) if quiz is not None else 0

    def finished(user_ids: list[str]) -> set[str]:
        if not total or not user_ids:
            return set()
        wanted = [(keys.player_pk(item.org_id, item.campaign_id, u), keys.PLAYER_SCORE_SK) for u in user_ids]
        return {
            score.user_id
            for score in get_items(wanted).values()
            if isinstance(score, PlayerScoreItem) and int(score.answered or 0) >= total
        }

    return finished


def notify_audience(
    item: CampaignItem,
    kind: str,
    note_id: str,
    limit: int = FANOUT_PER_RUN,
    skip: Callable[[list[str]], set[str]] | None = None,
) -> bool:
    """Notify the audience (each member once: the note id); at most about `limit` in one run.
    `skip`: which of a page of members not to notify.

    True when everyone is notified; otherwise the cursor is saved on the campaign for the next run."""
    parts = _audience_parts(item)
    cursor = json.loads(item.fanout_cursor or "{}")
    part, after = int(cursor.get("part", 0)), cursor.get("key")
    titles = rules.texts_of(item.titles)
    sent = 0
    while part < len(parts):
        if sent >= limit:
            item.fanout_cursor = json.dumps({"part": part, "key": after})
            store.save_change(item, int(item.version), item.status, due_at=due_at(item))
            return False
        members, after = _page_of_members(item, parts[part], after)
        skipped = skip([m.user_id for m in members]) if skip is not None else set()
        for member in members:
            if member.user_id in skipped:
                continue
            note = inbox.new_note(
                item.org_id,
                member.user_id,
                note_id,
                kind=kind,
                language=member.language,
                community_id=item.community_id,
                campaign_id=item.campaign_id,
                campaign_title=rules.pick_text(titles, member.language),
            )
            if inbox.deliver(note):
                count_business_event("NotificationDelivered")
        sent += len(members)
        if not after:
            part, after = part + 1, None
    return True
