"""What an answered quiz question does, exactly once each: the player's campaign score (which the
consumer then mirrors on the campaign's board), the question's sharded statistics, the points of
the gamification engine and the learner's refresher card.

They run in that order in one reactor, and the card's review is the last: a card whose latest
review is this answer says every effect before it is in place too (a record's effects are applied
in order, and one that fails stops the record). A redelivery then costs the one read the first
delivery makes anyway (the score and the card, together); a record delivered after the card was
reviewed again by a later answer, or one a delivery left half done, goes through each effect,
each guarded on its own.
"""

from __future__ import annotations

from chalicelib.gamification import ledger, rules
from chalicelib.ids import iso, utc_now
from chalicelib.reactors.events import QuestionAnswered
from chalicelib.reactors.refreshers import meet_quiz_question
from chalicelib.store import keys, question_stats
from chalicelib.store import play as store
from chalicelib.store import refreshers as refresher_cards
from chalicelib.store.models import PlayerScoreItem

# The marker that made an answer count once in its score before scores kept their `counted`
# questions: still read for answers given before a score's `markers_before`.
SCORE_EFFECT = "campaign-score"
ATTEMPTS = 5


class ScoreBusy(RuntimeError):
    """The player's score kept changing under us; the stream record is retried."""


def apply_answer(event: QuestionAnswered) -> None:
    score, card = store.read_score_and_card(
        event.org_id, event.context_id, event.user_id, event.question_id, bool(event.campaign_id)
    )
    if card is not None and refresher_cards.reviewed_lately(card, event.source_id):
        return  # the last effect is in place: a redelivery
    score_campaign_answer(event, score, score_read=True)
    count_question_stats(event)
    award_quiz_points(event)
    meet_quiz_question(event, card, card_read=True)


def _counted(score: PlayerScoreItem, event: QuestionAnswered) -> bool:
    if event.question_id in (score.counted or set()):
        return True
    # Written before `counted` existed (and not since), or an answer given before it did: such an
    # answer counted with its effect marker, if it counted.
    legacy = score.counted is None and int(score.answered or 0) > 0
    if legacy or (score.markers_before is not None and event.answered_at < score.markers_before):
        return store.marker_exists(event.org_id, event.source_id, SCORE_EFFECT)
    return False


def score_campaign_answer(
    event: QuestionAnswered, score: PlayerScoreItem | None = None, score_read: bool = False
) -> None:
    """Add the answer to the player's campaign score, once: one versioned Put of the score with the
    question added to its `counted` questions (a player answers a question of a campaign once)."""
    if not event.campaign_id:
        return  # practice: no campaign score
    org_id, user_id, context_id = event.org_id, event.user_id, event.context_id
    for _ in range(ATTEMPTS):
        if not score_read:
            score = store.get_score(org_id, context_id, user_id)
        score_read = False  # after a conflict: read it again
        if score is not None and _counted(score, event):
            return
        read_version = int(score.version or 0) if score is not None else None
        if score is None:
            score = PlayerScoreItem(
                keys.player_pk(org_id, context_id, user_id),
                keys.PLAYER_SCORE_SK,
                org_id=org_id,
                context_id=context_id,
                user_id=user_id,
            )
        elif score.counted is None and int(score.answered or 0) > 0:
            score.markers_before = iso(utc_now())  # its answers so far counted with markers
        score.counted = (score.counted or set()) | {event.question_id}
        score.points = int(score.points or 0) + event.points
        score.answered = int(score.answered or 0) + 1
        score.correct = int(score.correct or 0) + (1 if event.correct else 0)
        if event.points > 0:
            score.last_scored_at = max(score.last_scored_at or "", event.answered_at)
        try:
            store.save_score(score, read_version)
        except store.ScoreChanged:
            score = None
            continue
        return
    raise ScoreBusy(f"the campaign score of {user_id} kept changing")


def count_question_stats(event: QuestionAnswered) -> None:
    question_stats.count_once(
        event.org_id,
        event.question_id,
        event.user_id,
        event.source_id,
        list(event.option_ids),
        event.correct,
        event.elapsed_ms,
    )


def award_quiz_points(event: QuestionAnswered) -> None:
    ledger.award(
        event.org_id,
        event.user_id,
        rules.QUIZ_ANSWERED,
        event.source_id,
        event.answered_at,
        event.question_id,
        event.community_id,
    )
