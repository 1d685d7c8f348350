"""Running a campaign's calendar: its schedules, its transitions and what each transition does.

`advance(org, campaign, now)` takes whatever step is due (open, a reminder, close), each at
most once: the status change is a Put conditioned on the version and status read, and it leaves
the step `pending` until its effects are applied. The effects are idempotent themselves (a post
and notifications with ids derived from the campaign, badges held once), so a run that stops
halfway is finished by the next one (its schedule's retry, or the sweeper), and a step that
fires twice does nothing the second time.

- open: an announcement post on the campaign's community wall, and a notification to each member
  of the audience (`campaign-<id>-opened`), at most FANOUT_PER_RUN per run (a cursor goes on);
  the audience is who may read its community now (chalicelib/communities/audience.py): never a
  deactivated member, nor one who left or was removed.
- remind: a notification to each member of the audience who has not yet answered every question
  of the campaign's quiz (`campaign-<id>-reminder-<n>`).
- close: answers are refused from then on; 90 s later (SETTLE: the last answers are scored
  and placed on the campaign's board by the consumer by then), final ranks from its board, the
  seasonal quiz badges, a recap post with the winners (opted-out members left out) and the
  hardest question, and, for a yearly campaign, next year's, which takes the quiz over; otherwise
  the quiz is free again.

Schedules: one EventBridge Scheduler one-time schedule per step (`campaign-<id>-open`,
`-remind-<n>`, `-close`) in the organisation's time zone, invoking the `campaign_transition` job.
The sweeper (every 5 minutes) advances whatever the CAMPAIGNS_DUE index says is due, so a
schedule that did not fire heals.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from ulid import ULID

from chalicelib.campaigns import rules
from chalicelib.campaigns.texts import Hardest, Winner, opened_texts, recap_texts
from chalicelib.communities import audience
from chalicelib.config import get_config
from chalicelib.gamification import badges as badge_rules
from chalicelib.gamification.boards import campaign_scope
from chalicelib.ids import utc_now
from chalicelib.jobs import schedules
from chalicelib.notifications import texts as note_texts
from chalicelib.observability import count_business_event, logger
from chalicelib.quizzes import insight
from chalicelib.store import badges as badge_store
from chalicelib.store import campaigns as store
from chalicelib.store import keys, questions, quizzes
from chalicelib.store import notifications as inbox
from chalicelib.store import wall as wall_store
from chalicelib.store.batch import get_items
from chalicelib.store.models import (
    CampaignItem,
    CommunityItem,
    CommunityMemberItem,
    KringItem,
    OrganisationItem,
    PlayerScoreItem,
    TeamMemberItem,
    UserItem,
)
from chalicelib.wall.system_posts import new_system_post

JOB = "campaign_transition"
FANOUT_PER_RUN = 2000  # notifications one run delivers; the rest in the next run (the cursor)
BY_HAND_FANOUT = 300  # within an API request (open by hand): the sweeper delivers the rest
PAGE = 100
# The close's ranks, badges and recap wait this long after the close: the stream consumer scores the
# last answers accepted before it (its lag is seconds; the iterator-age alarm fires at 5 minutes).
# (Configurable: KRING_CAMPAIGN_SETTLE_SECONDS, 90 by default.)


def settle() -> timedelta:
    return timedelta(seconds=get_config().campaign_settle_seconds)


MAX_STEPS_PER_RUN = 8
WINNERS_SHOWN = 3
OPENED_POST, RECAP_POST = "campaign_opened", "campaign_recap"


# Schedules ------------------------------------------------------------------------------------


def schedule_name(campaign_id: str, step: str, index: int | None = None) -> str:
    return f"campaign-{campaign_id}-{step}" + (f"-{index}" if index is not None else "")


def desired_schedules(item: CampaignItem, now: datetime) -> dict[str, datetime | None]:
    """Each schedule of the campaign and when it should fire (None: it should not be there)."""
    live = item.status in (rules.SCHEDULED, rules.OPEN)
    wanted: dict[str, datetime | None] = {}
    opens = item.opens_at if item.status == rules.SCHEDULED else None
    wanted[schedule_name(item.campaign_id, rules.OPEN_STEP)] = opens
    reminders = sorted(str(r) for r in item.reminders or [])
    for index in range(rules.MAX_REMINDERS):
        when = None
        if live and index < len(reminders) and reminders[index] not in (item.reminded or []):
            when = rules.parse_iso(reminders[index])
        wanted[schedule_name(item.campaign_id, rules.REMIND_STEP, index)] = when
    wanted[schedule_name(item.campaign_id, rules.CLOSE_STEP)] = item.closes_at if live else None
    return {name: (when if when is not None and when > now else None) for name, when in wanted.items()}


def sync_schedules(item: CampaignItem, now: datetime | None = None, firing: str | None = None) -> None:
    """Create, update or delete the campaign's schedules to match it (idempotent).

    `firing`: the schedule running now, left alone (it deletes itself when it completes)."""
    now = now or utc_now()
    for name, when in desired_schedules(item, now).items():
        if name == firing:
            continue
        if when is None:
            schedules.delete_job_schedule(name)
        else:
            step = name.split("-")[2] if name.count("-") >= 2 else name
            args = {"campaign_id": item.campaign_id, "step": step, "at": when.astimezone(UTC).isoformat()}
            schedules.put_job_schedule(name, when, item.timezone, JOB, item.org_id, args)


# Advancing ------------------------------------------------------------------------------------


def advance(
    org_id: str, campaign_id: str, now: datetime | None = None, fanout: int = FANOUT_PER_RUN
) -> list[str]:
    """Take every step of the campaign due by `now` (each once); returns what was done.

    `fanout`: how many notifications this run delivers at most (the next run goes on)."""
    now = now or utc_now()
    done: list[str] = []
    for _ in range(MAX_STEPS_PER_RUN):
        item = store.get_campaign(org_id, campaign_id, consistent=True)
        if item is None:
            return done
        state = store.state_of(item)
        step = rules.due_step(state, now)
        if step is None:
            return done
        try:
            if step.effects_only:
                if not apply_effects(item, now, fanout):
                    return done  # more notifications to deliver: the next run goes on
                item.pending, item.pending_since, item.fanout_cursor = None, None, None
                store.save_change(item, int(item.version))
                done.append(f"{step.kind}:effects")
            elif rules.skip_stale_reminder(step, now, item.closes_at) and step.reminder:
                item.reminded = [*list(item.reminded or []), step.reminder]
                store.save_change(item, int(item.version), item.status)
                done.append("remind:skipped")
            else:
                take_step(item, state, step, now)
                done.append(step.kind)
        except store.CampaignChanged:
            continue  # someone else took it: read again
    return done


def take_step(item: CampaignItem, state: rules.State, step: rules.Step, now: datetime) -> CampaignItem:
    """The status change of `step`, conditioned on the version and status read; effects pending."""
    change = rules.change_for(state, step)
    read_version, read_status = int(item.version), item.status
    item.status = change.status
    item.reminded = list(change.reminded)
    item.pending, item.pending_since, item.fanout_cursor = change.pending, now, None
    if step.kind == rules.OPEN_STEP:
        item.opened_at = now
    if step.kind == rules.CLOSE_STEP:
        item.closed_at = now
    store.save_change(item, read_version, read_status)
    count_business_event(f"Campaign{step.kind.capitalize()}")
    logger.info(
        "Campaign step", extra={"org_id": item.org_id, "campaign_id": item.campaign_id, "step": step.kind}
    )
    return item


def apply_effects(item: CampaignItem, now: datetime, fanout: int = FANOUT_PER_RUN) -> bool:
    """The pending step's effects; True once all are applied (False: a next run goes on)."""
    pending = item.pending or ""
    if pending == rules.OPEN_STEP:
        announce_opened(item)
        return notify_audience(
            item, note_texts.CAMPAIGN_OPENED, f"campaign-{item.campaign_id}-opened", fanout
        )
    if pending.startswith(rules.REMIND_STEP):
        reminder = pending.split("#", 1)[1] if "#" in pending else ""
        reminders = sorted(str(r) for r in item.reminders or [])
        index = reminders.index(reminder) if reminder in reminders else 0
        note_id = f"campaign-{item.campaign_id}-reminder-{index}"
        return notify_audience(
            item, note_texts.CAMPAIGN_REMINDER, note_id, fanout, skip=finished_players(item)
        )
    if pending == rules.CLOSE_STEP:
        settled = min(item.closed_at or now, item.closes_at) + settle()  # (closed early by hand: from then)
        if now < settled:
            # Answers accepted until the close are still on the stream: rank them all, a little later.
            args = {
                "campaign_id": item.campaign_id,
                "step": "finish",
                "at": settled.astimezone(UTC).isoformat(),
            }
            schedules.put_job_schedule(
                schedule_name(item.campaign_id, "finish"), settled, item.timezone, JOB, item.org_id, args
            )
            return False
        finish(item, now)
        return True
    return True


# Texts and posts ------------------------------------------------------------------------------


def titles_of(item: CampaignItem) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in json.loads(item.titles or "{}").items()}
    except ValueError:
        return {}


def post_id_for(item: CampaignItem, kind: str, moment: datetime) -> str:
    """A ULID of the moment whose randomness is the campaign's and the post's kind: written once."""
    digest = hashlib.sha256(f"{item.org_id}#{item.campaign_id}#{kind}".encode()).digest()
    return str(ULID.from_bytes(int(moment.timestamp() * 1000).to_bytes(6, "big") + digest[:10]))


def _system_post(item: CampaignItem, kind: str, moment: datetime, texts: dict[str, str]) -> bool:
    """A system post on the campaign's community wall, once (False: there already, or no wall)."""
    if not item.community_id:
        return False
    community_key = (keys.org_pk(item.org_id), keys.community_sk(item.community_id))
    organisation_key = (keys.org_pk(item.org_id), keys.ORGANISATION_SK)
    found = get_items([community_key, organisation_key])
    community, organisation = found.get(community_key), found.get(organisation_key)
    if not isinstance(community, CommunityItem) or community.archived_at is not None:
        return False
    language = organisation.default_language if isinstance(organisation, OrganisationItem) else "en"
    post_id = post_id_for(item, kind, moment)
    post = new_system_post(
        community, post_id, kind, texts, language, moment, system_campaign_id=item.campaign_id
    )
    written = wall_store.save_system_post(post)
    if written:
        count_business_event("CampaignPosted")
    return written


def announce_opened(item: CampaignItem) -> bool:
    texts = opened_texts(titles_of(item), item.closes_at, item.timezone)
    return _system_post(item, OPENED_POST, item.opened_at or utc_now(), texts)


# The audience ---------------------------------------------------------------------------------


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
    titles = titles_of(item)
    sent = 0
    while part < len(parts):
        if sent >= limit:
            item.fanout_cursor = json.dumps({"part": part, "key": after})
            store.save_change(item, int(item.version), item.status)
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


def in_audience(item: CampaignItem, profile: UserItem | None, membership: CommunityMemberItem | None) -> bool:
    if item.audience == "community":
        return membership is not None and membership.status == "active"
    if item.audience == "teams":
        return profile is not None and bool(profile.team_id) and profile.team_id in (item.team_ids or [])
    return True


# Closing --------------------------------------------------------------------------------------


def final_ranks(org_id: str, campaign_id: str) -> tuple[list[tuple[str, int]], list[Winner]]:
    """Every participant's rank (opted-out ones too: badges respect nothing else) and the top
    places others see (opted-out members are not on them), from the campaign's board."""
    from chalicelib.gamification import periods, rankings
    from chalicelib.store import leaderboards
    from chalicelib.store.batch import get_items

    hidden_key = leaderboards.hidden_key(org_id)
    hidden = leaderboards.Hidden.of(get_items([hidden_key]).get(hidden_key))
    ranking = rankings.member_board(org_id, campaign_scope(campaign_id), periods.ALL_TIME, hidden).ranking
    ranks = sorted(
        ((standing.entrant.entrant_id, standing.rank) for standing in ranking.standings.values()),
        key=lambda r: (r[1], r[0]),
    )
    shown = rankings.with_names(org_id, [place for place in ranking.places if place.rank <= WINNERS_SHOWN])
    winners = [Winner(place.rank, place.entrant.name, int(place.entrant.score)) for place in shown]
    return ranks, winners


def hardest_question(item: CampaignItem) -> Hardest | None:
    """The quiz's answered question with the lowest share correct, with its prompt in each language."""
    if not item.quiz_id:
        return None
    found = insight.hardest_question(item.org_id, item.quiz_id)
    if found is None or found.share_correct is None:
        return None
    question = questions.get_question(item.org_id, found.question_id)
    if question is None:
        return None
    prompts = {question.language: question.prompt}
    try:
        variants = json.loads(question.variants or "{}")
    except ValueError:
        variants = {}
    for lang, variant in variants.items():
        if isinstance(variant, dict) and variant.get("prompt"):
            prompts[str(lang)] = str(variant["prompt"])
    return Hardest(prompts, float(found.share_correct))


def finish(item: CampaignItem, now: datetime) -> None:
    """The close's effects, each idempotent: boards, ranks, badges, the recap, next year's campaign."""
    ranks, winners = final_ranks(item.org_id, item.campaign_id)
    badge_store.award_event_badges(
        item.org_id, badge_rules.SEASONAL_QUIZ, item.campaign_id, item.community_id, ranks
    )
    texts = recap_texts(titles_of(item), len(ranks), winners, hardest_question(item))
    _system_post(item, RECAP_POST, item.closed_at or now, texts)
    handed_over = item.repeat_yearly and create_next_year(item) is not None
    if item.quiz_id and not handed_over:
        quizzes.release(item.org_id, item.quiz_id, item.campaign_id)  # free for another campaign
    sync_schedules(item, now, firing=schedule_name(item.campaign_id, rules.CLOSE_STEP))


def next_year_id(item: CampaignItem, opens_at: datetime) -> str:
    digest = hashlib.sha256(f"{item.org_id}#{item.campaign_id}#next-year".encode()).digest()
    return str(ULID.from_bytes(int(opens_at.timestamp() * 1000).to_bytes(6, "big") + digest[:10]))


def create_next_year(item: CampaignItem) -> CampaignItem | None:
    """Next year's campaign of a yearly one, once (its id is derived from this one's)."""
    tz = item.timezone
    window = rules.LocalWindow(
        rules.to_local(item.opens_at, tz),
        rules.to_local(item.closes_at, tz),
        tuple(rules.to_local(rules.parse_iso(r), tz) for r in item.reminders or []),
    )
    quarter = int(item.quarter) if item.quarter is not None else None
    following = rules.next_year_window(item.preset, window, quarter)
    opens_at, closes_at = rules.to_utc(following.opens, tz), rules.to_utc(following.closes, tz)
    campaign_id = next_year_id(item, opens_at)
    titles = titles_of(item)
    if item.preset:
        titles = rules.preset_titles(item.preset, quarter)
    nxt = CampaignItem(
        *store.campaign_key(item.org_id, campaign_id),
        org_id=item.org_id,
        campaign_id=campaign_id,
        kind=item.kind,
        preset=item.preset,
        quarter=item.quarter,
        titles=rules.texts_document(titles),
        descriptions=item.descriptions,
        quiz_id=item.quiz_id,
        audience=item.audience,
        community_id=item.community_id,
        team_ids=list(item.team_ids or []),
        timezone=tz,
        opens_at=opens_at,
        closes_at=closes_at,
        reminders=[rules.to_utc(r, tz).isoformat().replace("+00:00", "Z") for r in following.reminders],
        status=rules.SCHEDULED,
        reminded=[],
        repeat_yearly=True,
        accessible=item.accessible,
        created_by=item.created_by,
        created_at=utc_now(),
    )
    try:
        created = store.save_new(nxt, replacing=item.campaign_id)  # takes this one's quiz over
    except store.QuizTaken:
        # Its quiz went to another campaign meanwhile (or was never this one's): no next year then.
        logger.warning(
            "Next year's campaign not made: its quiz is not free", extra={"campaign_id": campaign_id}
        )
        return None
    item.next_campaign_id = campaign_id  # saved with the close's bookkeeping
    if created:
        sync_schedules(nxt)
        count_business_event("CampaignRepeated")
    return nxt


# The sweeper ----------------------------------------------------------------------------------


def due_campaigns(now: datetime) -> Iterator[CampaignItem]:
    yield from store.due(now)


def sweep(now: datetime | None = None) -> dict[str, list[str]]:
    """Advance every campaign that is due (one Query of CAMPAIGNS_DUE, then each campaign)."""
    now = now or utc_now()
    result: dict[str, list[str]] = {}
    for item in due_campaigns(now):
        try:
            result[f"{item.org_id}/{item.campaign_id}"] = advance(item.org_id, item.campaign_id, now)
        except Exception:
            # One campaign's trouble must not hold the others; it is still due next sweep.
            logger.exception(
                "Campaign sweep failed", extra={"org_id": item.org_id, "campaign_id": item.campaign_id}
            )
    return result


def run_transition(org_id: str, campaign_id: str, at: str | None = None, **_: Any) -> list[str]:
    """The `campaign_transition` job a schedule runs: whatever is due by the moment it was for.

    A Lambda whose clock is a little behind still takes the step it was fired for; it never takes a
    later one early (the open firing must not also close a short campaign, nor the close settle it)."""
    moment = rules.parse_iso(at) if at else utc_now()
    return advance(org_id, campaign_id, max(moment, utc_now()))
