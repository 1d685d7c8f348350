"""What the stream consumer writes for a scoring event stays exactly once with fewer writes: an award
no longer reads its own ledger entry first and writes the member's community board entry itself, a
reaction digest that is still unread changes on its own, and a post's popular entry is put after
reading the post instead of in a transaction with it. A quiz answer's score and refresher card
each count it once by what they keep (no effect marker), and a redelivery stops at the card its
last effect reviewed. Each is checked by what a person would notice: points, the community's board,
the unread count, the week's popular list, the campaign score, the question's statistics, the card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bench.capacity import ObservedCall, TableSpec, capacity_of
from bench.probe import DynamoDBProbe
from chalicelib import definitions, ids
from chalicelib.gamification import board_upkeep, ledger, rules
from chalicelib.gamification.boards import community_scope
from chalicelib.ids import iso, new_id, utc_now
from chalicelib.reactors import quizzes
from chalicelib.reactors.consumer import consume_table_changes
from chalicelib.reactors.events import QuestionAnswered
from chalicelib.reactors.events.registry import domain_events
from chalicelib.refreshers.settings import settings_of
from chalicelib.store import keys, play, question_stats, wall
from chalicelib.store import notifications as inbox
from chalicelib.store import points as points_store
from chalicelib.store import refreshers as refresher_cards
from chalicelib.store.leaderboards import ALL_TIME, read_board
from chalicelib.store.models import CommunityScoreItem, EffectItem, PopularEntryItem, PostItem
from chalicelib.wall.popularity import popular_index_keys
from local.emulator import LOCAL_REGION, LocalResources
from tests.support.events import stream_sample
from tests.support.permission_guard import GUARD
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py

TABLE = TableSpec.from_definition(definitions.TABLE)


def _ledger_keys(org_id: str, user_id: str) -> list[str]:
    page = points_store.list_ledger(org_id, user_id, 100, None)
    return [entry.sk for entry in page.items]


def test_an_award_delivered_again_adds_nothing_also_after_the_member_scored_since(org_b: OrgWorld) -> None:
    org, member, community = org_b.org_id, org_b.learner.user_id, org_b.community_id
    scope = community_scope(community)
    comment, reaction = new_id(), new_id()
    now = iso(utc_now())
    before = points_store.read_state(org, member, None, None, (community, scope))
    points_before = int(before.totals.points) if before.totals is not None else 0
    community_before = before.community.score if before.community is not None else 0

    assert ledger.award(org, member, rules.COMMENT_ADDED, f"comment-added#{comment}", now, comment, community)
    assert ledger.award(org, member, rules.REACTION_GIVEN, f"reaction#{reaction}", now, reaction, community)
    scored = points_store.read_state(org, member, None, None, (community, scope))
    assert scored.totals is not None and scored.community is not None
    earned = int(scored.totals.points) - points_before
    # The community's board counts them at once: the award's transaction wrote the member's entry.
    assert earned > 0 and scored.community.score - community_before == earned
    assert scored.community.version == int(scored.totals.version)
    assert [(s.user_id, s.score) for s in read_board(org, scope, ALL_TIME) if s.user_id == member] == [
        (member, scored.community.score)
    ]

    # The comment's record comes again (a retried batch, a replayed dead letter): the totals moved
    # on since it was read, and still nothing is added, in all time or in the community.
    again = ledger.award(
        org, member, rules.COMMENT_ADDED, f"comment-added#{comment}", now, comment, community
    )
    assert again is False
    replayed = points_store.read_state(org, member, None, None, (community, scope))
    assert replayed.totals is not None and replayed.community is not None
    assert int(replayed.totals.points) == int(scored.totals.points)
    assert int(replayed.totals.version) == int(scored.totals.version)
    assert replayed.community == scored.community
    entries = [key for key in _ledger_keys(org, member) if key.endswith(comment)]
    assert entries == [keys.points_entry_sk(f"{rules.COMMENT_ADDED}#comment-added#{comment}")]


def test_an_award_right_after_the_upgrade_counts_on_the_community_points_not_yet_on_its_board(
    org_b: OrgWorld,
) -> None:
    """Awards used to write a community score item, which the board then mirrored from its stream
    record: one written just before the upgrade may not be on the board yet when the next award
    comes. That award counts on the score item's points, so the board misses nothing."""
    org, member, community = org_b.org_id, org_b.manager.user_id, org_b.community_id
    scope = community_scope(community)
    now = iso(utc_now())
    assert ledger.award(org, member, rules.COMMENT_ADDED, f"comment-added#{new_id()}", now, None, community)
    placed = points_store.read_state(org, member, None, None, (community, scope))
    assert placed.community is not None and placed.totals is not None
    # The award before the upgrade, as it was written: totals and the community score (3 more
    # points, its version), its board entry not moved yet.
    totals = placed.totals
    version = int(totals.version) + 1
    totals.points, totals.version = int(totals.points) + 3, version
    totals.save()
    CommunityScoreItem(
        keys.points_pk(org, member),
        keys.community_score_sk(community),
        org_id=org,
        user_id=member,
        community_id=community,
        points=placed.community.score + 3,
        version=version,
        last_scored_at=now,
    ).save()

    assert ledger.award(org, member, rules.COMMENT_ADDED, f"comment-added#{new_id()}", now, None, community)
    after = points_store.read_state(org, member, None, None, (community, scope))
    assert after.community is not None and after.totals is not None
    assert after.community.score == placed.community.score + 3 + 5  # the score's 3 and the comment's 5
    assert after.community.version == int(after.totals.version)
    # The old score's record reaches the board afterwards: it is older than the entry, nothing moves.
    old = {
        "user_id": member,
        "community_id": community,
        "points": placed.community.score + 3,
        "version": version,
    }
    assert board_upkeep.place_on_boards(org, board_upkeep.changes_of("community_score", None, old)) == 0


@pytest.fixture
def digest(org_b: OrgWorld) -> tuple[str, str, str]:
    """A fresh reaction digest id in the manager's inbox (org, recipient, id)."""
    return org_b.org_id, org_b.manager.user_id, f"{new_id()}-r20261207"


def _note(org_id: str, recipient: str, notification_id: str) -> inbox.NotificationItem:
    return inbox.new_note(
        org_id, recipient, notification_id, kind="reaction_digest", language="nl", target_kind="post"
    )


def test_a_digest_counts_each_reactor_once_and_the_badge_counts_it_once_while_unread(
    digest: tuple[str, str, str], org_b: OrgWorld
) -> None:
    org, recipient, note_id = digest
    first, second, third = org_b.learner.user_id, org_b.admin.user_id, new_id()
    unread_before = inbox.unread_count(org, recipient)

    assert inbox.add_to_digest(_note(org, recipient, note_id), first, "Learner")
    assert inbox.add_to_digest(_note(org, recipient, note_id), second, "Admin")
    assert inbox.add_to_digest(_note(org, recipient, note_id), first, "Learner") is False  # delivered again
    stored = inbox.get_note(org, recipient, note_id)
    assert stored is not None and stored.unread is True
    assert (stored.actor_count, stored.actor_ids, stored.actor_id) == (2, {first, second}, second)
    assert inbox.unread_count(org, recipient) == unread_before + 1  # one digest, one unread

    # Read, then someone new reacts: unread again, counted again once, and moved to the top.
    inbox.mark_read(org, recipient, note_id)
    assert inbox.unread_count(org, recipient) == unread_before
    assert inbox.add_to_digest(_note(org, recipient, note_id), third, "Someone")
    assert inbox.add_to_digest(_note(org, recipient, note_id), third, "Someone") is False
    regrown = inbox.get_note(org, recipient, note_id)
    assert regrown is not None and regrown.unread is True and regrown.actor_count == 3
    assert regrown.gsi1sk > stored.gsi1sk
    assert inbox.unread_count(org, recipient) == unread_before + 1


def test_a_replayed_rank_of_a_post_deleted_since_does_not_bring_it_back_to_popular(
    api: ApiClient, org_b: OrgWorld
) -> None:
    org, community = org_b.org_id, org_b.community_id
    path = f"/v1/communities/{community}/posts"
    created = api.post(path, org_b.manager.token, {"body": "Wie doet mee met de lunchwandeling?"})
    assert created.status == 201, created.body
    post_id = created.json()["id"]
    # As engaging as a few likes and comments make it: the record that moved it into this week's band.
    image = {
        "type": "post",
        "status": "published",
        "org_id": org,
        "post_id": post_id,
        "created_at": iso(utc_now()),
        "like_count": 3,
        "comment_count": 2,
    }
    pk, sk = popular_index_keys(image)
    assert pk and sk

    def entry() -> PopularEntryItem | None:
        try:
            return PopularEntryItem.get(
                keys.thread_pk(org, post_id), keys.POPULAR_ENTRY_SK, consistent_read=True
            )
        except PopularEntryItem.DoesNotExist:
            return None

    wall.place_in_popular_index(org, community, post_id, pk, sk)
    placed = entry()
    assert placed is not None and (placed.gsi1pk, placed.gsi1sk) == (pk, sk)

    assert api.call("DELETE", f"{path}/{post_id}", org_b.manager.token).status == 204
    wall.place_in_popular_index(org, community, post_id, None, None)  # the deletion's own record
    wall.place_in_popular_index(org, community, post_id, pk, sk)  # the old record, replayed
    assert entry() is None
    deleted = PostItem.get(keys.community_pk(org, community), keys.post_sk(post_id), consistent_read=True)
    assert deleted.status != "published"
    # A post that does not exist (any more) gets no entry either.
    missing = new_id()
    wall.place_in_popular_index(org, community, missing, pk, sk)
    with pytest.raises(PopularEntryItem.DoesNotExist):
        PopularEntryItem.get(keys.thread_pk(org, missing), keys.POPULAR_ENTRY_SK, consistent_read=True)


# A quiz answer ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def probe(resources: LocalResources) -> Iterator[DynamoDBProbe]:
    """The bench's probe: every request the consumer sends, with the items it names before and after,
    priced by DynamoDB's rules (bench/capacity.py)."""
    GUARD.install()  # before the probe wraps the client: taking the probe off leaves the guard on
    found = DynamoDBProbe(resources.endpoint_url, LOCAL_REGION, TABLE.key_attributes)
    found.install()
    yield found
    found.uninstall()


def _answered(
    org: OrgWorld, question_id: str, context_id: str | None = None, campaign_id: str | None = None
) -> dict[str, Any]:
    """The stream record of the learner's answer to `question_id` in the campaign (or `context_id`:
    a practice quiz when `campaign_id` is "")."""
    context = context_id or org.campaign_id
    return stream_sample(
        "dynamodb_question_answered.json",
        org_id=org.org_id,
        user_id=org.learner.user_id,
        context_id=context,
        campaign_id=context if campaign_id is None else campaign_id,
        quiz_id=org.quiz_id,
        question_id=question_id,
        community_id=org.community_id,
        answered_at=iso(utc_now()),
    )


def _deliver(record: dict[str, Any]) -> None:
    assert consume_table_changes(record["Records"]) == {"batchItemFailures": []}


def _shape(calls: list[ObservedCall]) -> list[tuple[str, float, float]]:
    """Each request: its operation (`!` when its condition refused it), read and write units."""
    priced = [(call, capacity_of(call, TABLE)) for call in calls]
    return [(c.operation + ("!" if c.error_code else ""), p.rcu, p.wcu) for c, p in priced]


@dataclass(frozen=True)
class Seen:
    """What the learner and the question's author see of the learner's answers in the campaign."""

    score: tuple[int, int, int]  # points, answered, correct
    question_answers: int
    quiz_points_entries: int
    card_reviews: int


def _seen(org: OrgWorld, question_id: str) -> Seen:
    learner = org.learner.user_id
    score = play.get_score(org.org_id, org.campaign_id, learner)
    card = refresher_cards.get_card(org.org_id, learner, question_id)
    entries = points_store.list_ledger(org.org_id, learner, 100, None).items
    return Seen(
        (int(score.points), int(score.answered), int(score.correct)) if score else (0, 0, 0),
        question_stats.read_counts(org.org_id, question_id).answers,
        sum(1 for e in entries if e.sk.endswith(f"#{question_id}") and rules.QUIZ_ANSWERED in e.sk),
        int(card.reviews) if card else 0,
    )


def test_a_quiz_answer_counts_once_in_seven_requests_and_its_redelivery_reads_once(
    org_b: OrgWorld, probe: DynamoDBProbe
) -> None:
    _deliver(_answered(org_b, new_id()))  # the learner's deck exists from here on
    question = new_id()
    record = _answered(org_b, question)
    before = _seen(org_b, question)
    settings_of(org_b.org_id)  # the refresher settings are cached, as in a warm consumer

    with probe.capture("consumer:questionAnswered") as first:
        _deliver(record)
    counted = _seen(org_b, question)
    assert counted.score[0] == before.score[0] + 14 and counted.score[1:] == (
        before.score[1] + 1,
        before.score[2] + 1,
    )
    assert (counted.question_answers, counted.quiz_points_entries, counted.card_reviews) == (1, 1, 1)
    # The score and the card read together; the score one Put (its questions guard it); the
    # statistics and the points each their transaction; the deck read, not put again; the card one Put.
    assert _shape(first) == [
        ("BatchGetItem", 2.0, 0.0),
        ("PutItem", 0.0, 1.0),
        ("TransactWriteItems", 0.0, 4.0),
        ("BatchGetItem", 4.0, 0.0),
        ("TransactWriteItems", 0.0, 7.0),
        ("GetItem", 0.5, 0.0),
        ("PutItem", 0.0, 2.0),
    ]

    with probe.capture("consumer:questionAnswered:replay") as replay:
        _deliver(record)
    assert _seen(org_b, question) == counted
    assert _shape(replay) == [("BatchGetItem", 2.0, 0.0)]  # the card says the answer's work is done


def test_a_redelivery_finishes_what_a_failed_delivery_left_and_counts_nothing_twice(org_b: OrgWorld) -> None:
    question = new_id()
    record = _answered(org_b, question)
    (event,) = domain_events(record["Records"][0])
    assert isinstance(event, QuestionAnswered)
    before = _seen(org_b, question)
    # The first delivery scored the answer and counted it in the statistics, then failed.
    quizzes.score_campaign_answer(event)
    quizzes.count_question_stats(event)
    half = _seen(org_b, question)
    assert (half.score[1], half.question_answers, half.quiz_points_entries, half.card_reviews) == (
        before.score[1] + 1,
        1,
        0,
        0,
    )

    _deliver(record)
    done = _seen(org_b, question)
    assert done.score == half.score and done.question_answers == 1
    assert (done.quiz_points_entries, done.card_reviews) == (1, 1)
    # The same question met again elsewhere (practice) reviews the card again; the campaign's record
    # then comes once more: its card still knows it, and nothing moves.
    _deliver(_answered(org_b, question, context_id=f"practice-{org_b.quiz_id}", campaign_id=""))
    reviewed = _seen(org_b, question)
    assert reviewed.card_reviews == 2
    _deliver(record)
    assert _seen(org_b, question) == reviewed


def test_answers_counted_before_scores_and_cards_kept_their_events_are_not_counted_again(
    org_b: OrgWorld,
) -> None:
    """Scores and cards used to be written with an effect marker per answer. Those written so keep
    reading the markers for the answers given before they were first written the new way."""
    org, learner = org_b.org_id, org_b.learner.user_id
    question, in_flight = new_id(), new_id()
    old = _answered(org_b, question)
    not_yet_delivered = _answered(org_b, in_flight)  # answered before the upgrade, delivered after
    (event,) = domain_events(old["Records"][0])
    assert isinstance(event, QuestionAnswered)
    _deliver(old)
    # As the previous version left them: the score and the card without their events, the markers.
    score = play.get_score(org, org_b.campaign_id, learner)
    card = refresher_cards.get_card(org, learner, question)
    assert score is not None and card is not None
    score.counted, card.recent_sources = None, None
    card.last_source = "question-answered#an-answer-after-it"
    score.save()
    card.save()
    for effect in (quizzes.SCORE_EFFECT, refresher_cards.REVIEW_EFFECT):
        marker_pk = keys.effect_pk(org, event.source_id)
        EffectItem(marker_pk, effect, org_id=org, source_event=event.source_id, effect=effect).save()
    before = _seen(org_b, question)

    _deliver(old)
    assert _seen(org_b, question) == before
    travelled = ids.travelled()
    ids.travel(travelled + timedelta(seconds=1))  # the upgrade's first write comes after both answers
    try:
        _deliver(not_yet_delivered)  # no marker: it counts (and the score now keeps its questions)
        converted = play.get_score(org, org_b.campaign_id, learner)
        assert converted is not None and converted.counted == {in_flight}
        assert converted.markers_before is not None
        assert int(converted.answered) == before.score[1] + 1
        _deliver(old)  # given before the score changed: its marker still says it counted
        _deliver(not_yet_delivered)
    finally:
        ids.travel(travelled)
    assert _seen(org_b, question) == Seen(
        (before.score[0] + 14, before.score[1] + 1, before.score[2] + 1), 1, 1, 1
    )
    assert _seen(org_b, in_flight).card_reviews == 1
