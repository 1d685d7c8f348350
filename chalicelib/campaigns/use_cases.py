"""Creating, changing, opening, closing and cancelling campaigns; reading them and my progress.

Org admins manage every campaign of the organisation; a community's moderators (and the
organisation's community managers) manage the campaigns of that community. Everyone reads the
campaigns whose audience they are in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from chalicelib.campaigns import lifecycle, rules
from chalicelib.campaigns.calendar import due_at, in_audience, state_of
from chalicelib.campaigns.schedules import sync_schedules
from chalicelib.communities.access import ORG_MODERATORS
from chalicelib.communities.membership import load_access
from chalicelib.config import get_config
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.gamification import setup
from chalicelib.ids import iso as rules_iso
from chalicelib.ids import new_id, utc_now
from chalicelib.principal import Principal
from chalicelib.store import campaigns as store
from chalicelib.store import keys, quizzes
from chalicelib.store.batch import Key, get_items
from chalicelib.store.memberships import membership_key
from chalicelib.store.models import (
    CampaignItem,
    CommunityItem,
    CommunityMemberItem,
    PlayerScoreItem,
    TeamItem,
    UserItem,
)
from chalicelib.store.pages import Page

if TYPE_CHECKING:
    from chalicelib.gamification.boards import Standing

NOT_FOUND = "No campaign with this id in your organisation."
NO_QUIZ = "No quiz with this quiz_id in your organisation."
QUIZ_HELD = "Another campaign holds this quiz until it closes or is cancelled: choose another quiz."


@dataclass(frozen=True)
class CampaignDraft:
    kind: str = "quiz"
    preset: str | None = None
    year: int | None = None
    quarter: int | None = None
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    quiz_id: str | None = None
    audience: str = "organisation"
    community_id: str | None = None
    team_ids: tuple[str, ...] = ()
    opens_local: datetime | None = None  # wall-clock time in the organisation's zone
    closes_local: datetime | None = None
    reminders_local: tuple[datetime, ...] | None = None
    repeat_yearly: bool = False
    accessible: bool = False


@dataclass(frozen=True)
class CampaignChange:
    titles: dict[str, str] | None = None
    descriptions: dict[str, str] | None = None
    quiz_id: str | None = None
    opens_local: datetime | None = None
    closes_local: datetime | None = None
    reminders_local: tuple[datetime, ...] | None = None
    repeat_yearly: bool | None = None
    accessible: bool | None = None
    version: int | None = None  # the version the caller read: a newer one is a conflict


def _window(timezone: str, draft: CampaignDraft, now: datetime) -> tuple[datetime, datetime, list[datetime]]:
    if draft.preset is not None:
        year = draft.year or rules.to_local(now, timezone).year
        window = rules.preset_window(draft.preset, year, draft.quarter)
        opens = draft.opens_local or window.opens
        closes = draft.closes_local or window.closes
        reminders = list(draft.reminders_local if draft.reminders_local is not None else window.reminders)
    else:
        if draft.opens_local is None or draft.closes_local is None:
            raise ValidationFailed("Give opens_local and closes_local, or a preset.")
        opens, closes = draft.opens_local, draft.closes_local
        reminders = list(draft.reminders_local or ())
    return (
        rules.to_utc(opens, timezone),
        rules.to_utc(closes, timezone),
        sorted(rules.to_utc(r, timezone) for r in reminders),
    )


def _check(opens: datetime, closes: datetime, reminders: list[datetime], now: datetime, new: bool) -> None:
    try:
        shortest = timedelta(minutes=get_config().campaign_min_minutes)
        rules.check_window(opens, closes, reminders, shortest)
    except rules.CampaignRuleError as exc:
        raise ValidationFailed(str(exc)) from exc
    if new and closes <= now:
        raise ValidationFailed("This campaign would be over before it starts: it closes in the past.")


def _check_audience(principal: Principal, draft: CampaignDraft) -> None:
    wanted: list[Key] = []
    if draft.audience == "community" and not draft.community_id:
        raise ValidationFailed("A community campaign names its community_id.")
    if draft.audience == "teams" and not draft.team_ids:
        raise ValidationFailed("A teams campaign names its team_ids.")
    if draft.community_id:
        wanted.append((keys.org_pk(principal.org_id), keys.community_sk(draft.community_id)))
    wanted += [(keys.org_pk(principal.org_id), keys.team_sk(t)) for t in draft.team_ids]
    found = get_items(wanted)
    if draft.community_id:
        community = found.get(wanted[0])
        if not isinstance(community, CommunityItem):
            raise ValidationFailed("No community with this community_id in your organisation.")
        if community.archived_at is not None:
            raise Conflict("This community is archived.")
    missing = [
        t
        for t in draft.team_ids
        if not isinstance(found.get((keys.org_pk(principal.org_id), keys.team_sk(t))), TeamItem)
    ]
    if missing:
        raise ValidationFailed("No team with these ids in your organisation.", [{"team_ids": missing}])


def _quiz_to_hold(principal: Principal, quiz_id: str, campaign_id: str) -> str | None:
    """Check that a campaign may play the quiz: a published quiz of the organisation (every published
    quiz is the organisation's to use: quizzes have no narrower scope) that no other campaign holds.
    Returns the campaign it may be taken from (one that holds it no more), if any.

    Only a check: the write that takes the quiz is conditioned on the same (store.save_new)."""
    # The quiz bank's code loads for a campaign that plays a quiz, not for the others' routes.
    from chalicelib.quizzes import bank
    from chalicelib.quizzes import rules as quiz_rules

    quiz = quizzes.get_quiz(principal.org_id, quiz_id, consistent=True)
    if quiz is None or (quiz.status != quiz_rules.PUBLISHED and not bank.is_author(principal)):
        raise ValidationFailed(NO_QUIZ)  # drafts are their authors' to know of
    if quiz.status != quiz_rules.PUBLISHED:
        raise Conflict("This quiz is a draft: a campaign plays published quizzes only.")
    holder = quiz.reserved_by
    if holder is None or holder == campaign_id:
        return None
    other = store.get_campaign(principal.org_id, holder, consistent=True)
    if other is not None and other.quiz_id == quiz_id and rules.holds_its_quiz(other.status, other.pending):
        raise Conflict(QUIZ_HELD)
    return holder  # closed, cancelled or moved on: its hold is stale


def create_campaign(principal: Principal, draft: CampaignDraft, now: datetime | None = None) -> CampaignItem:
    now = now or utc_now()
    timezone = setup.organisation_setup(principal.org_id).timezone
    try:
        opens, closes, reminders = _window(timezone, draft, now)
    except rules.CampaignRuleError as exc:
        raise ValidationFailed(str(exc)) from exc
    _check(opens, closes, reminders, now, new=True)
    _check_audience(principal, draft)
    titles = dict(draft.titles)
    if draft.preset is not None:
        titles = {**rules.preset_titles(draft.preset, draft.quarter), **titles}
    if not any(titles.get(lang) for lang in rules.LANGUAGES):
        raise ValidationFailed("Give the campaign a title (nl, fr or en), or a preset.")
    campaign_id = new_id()
    replacing = _quiz_to_hold(principal, draft.quiz_id, campaign_id) if draft.quiz_id else None
    item = CampaignItem(
        *store.campaign_key(principal.org_id, campaign_id),
        org_id=principal.org_id,
        campaign_id=campaign_id,
        kind=draft.kind,
        preset=draft.preset,
        quarter=draft.quarter,
        titles=rules.texts_document(titles),
        descriptions=rules.texts_document(draft.descriptions),
        quiz_id=draft.quiz_id,
        audience=draft.audience,
        community_id=draft.community_id,
        team_ids=list(draft.team_ids),
        timezone=timezone,
        opens_at=opens,
        closes_at=closes,
        reminders=[rules_iso(r) for r in reminders],
        status=rules.SCHEDULED,
        reminded=[],
        repeat_yearly=draft.repeat_yearly,
        accessible=draft.accessible,
        created_by=principal.user_id,
        created_at=now,
    )
    try:
        store.save_new(item, due_at=due_at(item), replacing=replacing)
    except store.QuizTaken as exc:
        raise Conflict(QUIZ_HELD) from exc
    sync_schedules(item, now)
    return item


# Who manages which ---------------------------------------------------------------------------


def _managed(principal: Principal, campaign_id: str, community_id: str | None) -> CampaignItem:
    """The campaign, for an org admin (community_id None) or a moderator of its community."""
    item = store.get_campaign(principal.org_id, campaign_id, consistent=True)
    if item is None or (community_id is not None and item.community_id != community_id):
        raise NotFound(NOT_FOUND)
    return item


def require_community_manager(principal: Principal, community_id: str) -> None:
    load_access(principal, community_id).require_moderator()


def get_managed(principal: Principal, campaign_id: str, community_id: str | None = None) -> CampaignItem:
    if community_id is not None:
        require_community_manager(principal, community_id)
    return _managed(principal, campaign_id, community_id)


def list_managed(
    principal: Principal, limit: int, after: dict[str, Any] | None, community_id: str | None = None
) -> Page[CampaignItem]:
    if community_id is not None:
        require_community_manager(principal, community_id)
    return store.list_campaigns(principal.org_id, limit, after, community_id=community_id)


def change_campaign(
    principal: Principal, campaign_id: str, change: CampaignChange, community_id: str | None = None
) -> CampaignItem:
    item = get_managed(principal, campaign_id, community_id)
    if change.version is not None and change.version != int(item.version):
        raise Conflict("The campaign changed since you read it; read it again.")
    if not rules.can_change(item.status):
        raise Conflict(f"A {item.status} campaign cannot be changed.")
    now = utc_now()
    tz = item.timezone
    if change.opens_local is not None and item.status != rules.SCHEDULED:
        raise Conflict("The campaign is open already: its opening cannot move.")
    opens = rules.to_utc(change.opens_local, tz) if change.opens_local else item.opens_at
    closes = rules.to_utc(change.closes_local, tz) if change.closes_local else item.closes_at
    reminders = [rules.parse_iso(r) for r in item.reminders or []]
    if change.reminders_local is not None:
        reminders = sorted(rules.to_utc(r, tz) for r in change.reminders_local)
    _check(opens, closes, reminders, now, new=False)
    if closes <= now:
        raise ValidationFailed("closes_local is in the past; close the campaign instead.")
    read_version = int(item.version)
    item.opens_at, item.closes_at = opens, closes
    item.reminders = [rules_iso(r) for r in reminders]
    item.reminded = [r for r in item.reminded or [] if r in item.reminders]
    if change.titles is not None:
        item.titles = rules.texts_document({**rules.texts_of(item.titles), **change.titles})
    if change.descriptions is not None:
        item.descriptions = rules.texts_document(change.descriptions)
    takes_quiz = change.quiz_id is not None and change.quiz_id != item.quiz_id
    released = item.quiz_id if takes_quiz else None  # freed once the campaign names the other
    replacing = None
    if takes_quiz and change.quiz_id is not None:
        replacing = _quiz_to_hold(principal, change.quiz_id, item.campaign_id)
        item.quiz_id = change.quiz_id
    if change.repeat_yearly is not None:
        item.repeat_yearly = change.repeat_yearly
    if change.accessible is not None:
        item.accessible = change.accessible
    item.updated_at, item.updated_by = now, principal.user_id
    try:
        store.save_change(
            item, read_version, item.status, due_at=due_at(item), take_quiz=takes_quiz, replacing=replacing
        )
    except store.CampaignChanged as exc:
        raise Conflict("The campaign changed meanwhile; read it again.") from exc
    except store.QuizTaken as exc:
        raise Conflict(QUIZ_HELD) from exc
    if released:
        quizzes.release(principal.org_id, released, item.campaign_id)
    sync_schedules(item, now)
    return item


def _by_hand(principal: Principal, campaign_id: str, community_id: str | None, step: str) -> CampaignItem:
    item = get_managed(principal, campaign_id, community_id)
    now = utc_now()
    state = state_of(item)
    if state.pending is not None:
        lifecycle.advance(item.org_id, item.campaign_id, now)  # finish what is under way first
        item = _managed(principal, campaign_id, community_id)
        state = state_of(item)
    allowed = rules.can_open_by_hand if step == rules.OPEN_STEP else rules.can_close_by_hand
    if not allowed(item.status):
        if (step, item.status) in ((rules.OPEN_STEP, rules.OPEN), (rules.CLOSE_STEP, rules.CLOSED)):
            return item  # already there: opening an open campaign again changes nothing
        raise Conflict(f"A {item.status} campaign cannot {step}.")
    try:
        lifecycle.take_step(item, state, rules.Step(step, now), now)
    except store.CampaignChanged as exc:
        raise Conflict("The campaign changed meanwhile; read it again.") from exc
    lifecycle.advance(item.org_id, item.campaign_id, now, lifecycle.BY_HAND_FANOUT)  # its effects
    item = _managed(principal, campaign_id, community_id)
    sync_schedules(item, now)
    return item


def open_campaign(principal: Principal, campaign_id: str, community_id: str | None = None) -> CampaignItem:
    return _by_hand(principal, campaign_id, community_id, rules.OPEN_STEP)


def close_campaign(principal: Principal, campaign_id: str, community_id: str | None = None) -> CampaignItem:
    return _by_hand(principal, campaign_id, community_id, rules.CLOSE_STEP)


def cancel_campaign(principal: Principal, campaign_id: str, community_id: str | None = None) -> CampaignItem:
    item = get_managed(principal, campaign_id, community_id)
    if item.status == rules.CANCELLED:
        return item
    if not rules.can_cancel(item.status):
        raise Conflict(f"A {item.status} campaign cannot be cancelled.")
    read_version, read_status = int(item.version), item.status
    item.status = rules.CANCELLED
    item.pending, item.pending_since, item.fanout_cursor = None, None, None
    item.updated_at, item.updated_by = utc_now(), principal.user_id
    try:
        store.save_change(item, read_version, read_status, due_at=due_at(item))
    except store.CampaignChanged as exc:
        raise Conflict("The campaign changed meanwhile; read it again.") from exc
    if item.quiz_id:
        quizzes.release(item.org_id, item.quiz_id, item.campaign_id)
    sync_schedules(item)
    return item


# Reading as a participant --------------------------------------------------------------------


def _profile_key(principal: Principal) -> Key:
    return keys.org_pk(principal.org_id), keys.user_sk(principal.user_id)


def _sees_everything(principal: Principal) -> bool:
    return principal.has_any_role(ORG_MODERATORS)


# Which community a campaign is for, as this container last read it: a hint, so a community
# campaign's membership is asked for in the same BatchGetItem as the campaign. Only a hint: the
# campaign read with it decides, and a stale one costs the second request it saves.
_community_hints: dict[tuple[str, str], str] = {}
MAX_COMMUNITY_HINTS = 10_000


def _remember_community(org_id: str, item: CampaignItem) -> None:
    if not item.community_id or _community_hints.get((org_id, item.campaign_id)) == item.community_id:
        return
    if len(_community_hints) >= MAX_COMMUNITY_HINTS:
        _community_hints.clear()
    _community_hints[(org_id, item.campaign_id)] = item.community_id


def visible_campaign(
    principal: Principal, campaign_id: str, extra: list[Key] | None = None
) -> tuple[CampaignItem, dict[Key, Any]]:
    """The campaign if I am in its audience (or manage campaigns), with `extra` items: one BatchGetItem
    (a community's campaign the first time this container reads it: a second one, for my membership)."""
    org_id, user_id = principal.org_id, principal.user_id
    campaign_key = store.campaign_key(org_id, campaign_id)
    hint = _community_hints.get((org_id, campaign_id))
    hinted = membership_key(org_id, hint, user_id) if hint else None
    found = get_items([campaign_key, _profile_key(principal), *(extra or []), *([hinted] if hinted else [])])
    item = found.get(campaign_key)
    if not isinstance(item, CampaignItem) or (
        item.status == rules.CANCELLED and not _sees_everything(principal)
    ):
        raise NotFound(NOT_FOUND)
    _remember_community(org_id, item)
    if not _sees_everything(principal):
        profile = found.get(_profile_key(principal))
        membership = None
        if item.audience == "community" and item.community_id:
            wanted = membership_key(org_id, item.community_id, user_id)
            got = found if wanted == hinted else get_items([wanted])
            member = got.get(wanted)
            membership = member if isinstance(member, CommunityMemberItem) else None
        if not in_audience(item, profile if isinstance(profile, UserItem) else None, membership):
            raise NotFound(NOT_FOUND)
    return item, found


def my_campaigns(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[CampaignItem]:
    """Open and upcoming campaigns whose audience I am in: one Query, then one BatchGetItem
    (my profile and my memberships of the communities among them)."""
    page = store.list_campaigns(principal.org_id, limit, after, statuses=(rules.SCHEDULED, rules.OPEN))
    communities = sorted({c.community_id for c in page.items if c.audience == "community" and c.community_id})
    wanted = [_profile_key(principal)] + [
        membership_key(principal.org_id, c, principal.user_id) for c in communities
    ]
    found = get_items(wanted) if page.items else {}
    profile = found.get(_profile_key(principal))
    mine = []
    for item in page.items:
        membership = None
        if item.community_id:
            got = found.get(membership_key(principal.org_id, item.community_id, principal.user_id))
            membership = got if isinstance(got, CommunityMemberItem) else None
        if in_audience(item, profile if isinstance(profile, UserItem) else None, membership):
            mine.append(item)
    return Page(mine, page.last_key)


@dataclass(frozen=True)
class Progress:
    campaign: CampaignItem
    score: PlayerScoreItem | None
    standing: Standing | None


def my_progress(principal: Principal, campaign_id: str) -> Progress:
    """My score and, once I am on the campaign's board, my place on it (ranked as it is read)."""
    from chalicelib.gamification import periods, rankings
    from chalicelib.gamification.boards import campaign_scope
    from chalicelib.store import leaderboards

    score_key = (keys.player_pk(principal.org_id, campaign_id, principal.user_id), keys.PLAYER_SCORE_SK)
    hidden_key = leaderboards.hidden_key(principal.org_id)
    item, found = visible_campaign(principal, campaign_id, [score_key, hidden_key])
    score = found.get(score_key)
    if not isinstance(score, PlayerScoreItem):
        return Progress(item, None, None)
    hidden = leaderboards.Hidden.of(found.get(hidden_key))
    ranked = rankings.member_board(principal.org_id, campaign_scope(campaign_id), periods.ALL_TIME, hidden)
    return Progress(item, score, ranked.ranking.standings.get(principal.user_id))
