"""What an answered quiz question does, exactly once each: the player's campaign score (which the
consumer then mirrors on the campaign's board), the question's sharded statistics, and the points
of the gamification engine."""

from __future__ import annotations

from chalicelib.gamification import ledger, rules
from chalicelib.reactors.events import QuestionAnswered
from chalicelib.store import keys, question_stats
from chalicelib.store import play as store
from chalicelib.store.models import PlayerScoreItem

SCORE_EFFECT = "campaign-score"
ATTEMPTS = 5


class ScoreBusy(RuntimeError):
    """The player's score kept changing under us; the stream record is retried."""


def score_campaign_answer(event: QuestionAnswered) -> None:
    """Add the answer to the player's campaign score: version-guarded, with the answer's marker."""
    if not event.campaign_id:
        return  # practice: no campaign score
    org_id, user_id, context_id = event.org_id, event.user_id, event.context_id
    for _ in range(ATTEMPTS):
        score, counted = store.read_score_and_marker(
            org_id, context_id, user_id, event.source_id, SCORE_EFFECT
        )
        if counted:
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
        score.points = int(score.points or 0) + event.points
        score.answered = int(score.answered or 0) + 1
        score.correct = int(score.correct or 0) + (1 if event.correct else 0)
        if event.points > 0:
            score.last_scored_at = max(score.last_scored_at or "", event.answered_at)
        try:
            store.save_score_once(score, read_version, event.source_id, SCORE_EFFECT)
        except store.ScoreChanged:
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
