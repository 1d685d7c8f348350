"""A campaign's close, once its last answers are scored and placed on its board: final ranks, the
seasonal quiz badges, a recap post with the winners (opted-out members left out) and the hardest
question, and, for a yearly campaign, next year's, which takes the quiz over; otherwise the quiz
is free again. Each effect is idempotent, so a close that stopped halfway is finished by the next run."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from chalicelib.campaigns import rules
from chalicelib.campaigns.calendar import due_at
from chalicelib.campaigns.posts import RECAP_POST, system_post, titles_of
from chalicelib.campaigns.schedules import schedule_name, sync_schedules
from chalicelib.campaigns.texts import Hardest, Winner, recap_texts
from chalicelib.gamification import badge_awards
from chalicelib.gamification import badges as badge_rules
from chalicelib.gamification.boards import campaign_scope
from chalicelib.ids import ulid_bytes, ulid_text, utc_now
from chalicelib.observability import count_business_event, logger
from chalicelib.quizzes import insight
from chalicelib.store import campaigns as store
from chalicelib.store import questions, quizzes
from chalicelib.store.models import CampaignItem

WINNERS_SHOWN = 3


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
    """The close's effects, each idempotent: ranks, badges, the recap, next year's campaign."""
    ranks, winners = final_ranks(item.org_id, item.campaign_id)
    badge_awards.award_event_badges(
        item.org_id, badge_rules.SEASONAL_QUIZ, item.campaign_id, item.community_id, ranks
    )
    texts = recap_texts(titles_of(item), len(ranks), winners, hardest_question(item))
    system_post(item, RECAP_POST, item.closed_at or now, texts)
    handed_over = item.repeat_yearly and create_next_year(item) is not None
    if item.quiz_id and not handed_over:
        quizzes.release(item.org_id, item.quiz_id, item.campaign_id)  # free for another campaign
    sync_schedules(item, now, firing=schedule_name(item.campaign_id, rules.CLOSE_STEP))


def next_year_id(item: CampaignItem, opens_at: datetime) -> str:
    digest = hashlib.sha256(f"{item.org_id}#{item.campaign_id}#next-year".encode()).digest()
    return ulid_text(ulid_bytes(int(opens_at.timestamp() * 1000), digest[:10]))


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
        # It takes this one's quiz over.
        created = store.save_new(nxt, due_at=due_at(nxt), replacing=item.campaign_id)
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
