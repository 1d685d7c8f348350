"""What answers teach the authors: per question, the share correct, the most chosen wrong option
and the median time; per quiz, its hardest question (for the campaign recap)."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.principal import Principal
from chalicelib.quizzes import bank
from chalicelib.store import question_stats as counts
from chalicelib.store import questions, quizzes
from chalicelib.store.question_stats import Counted


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    answers: int
    correct: int
    share_correct: float | None  # None: nobody answered yet
    most_chosen_wrong_option_id: str | None
    most_chosen_wrong_option_count: int
    median_seconds: float | None
    option_counts: dict[str, int]


def median_seconds(seconds: dict[int, int]) -> float | None:
    """The median of a histogram of whole seconds (the middle answer's bucket, halves between two)."""
    total = sum(seconds.values())
    if total <= 0:
        return None
    ordered = sorted(seconds.items())

    def at(index: int) -> int:
        seen = 0
        for second, count in ordered:
            seen += count
            if index < seen:
                return second
        return ordered[-1][0]

    if total % 2:
        return float(at(total // 2))
    return (at(total // 2 - 1) + at(total // 2)) / 2


def summarise(question_id: str, counted: Counted, correct_option_ids: set[str]) -> QuestionStats:
    wrong = {o: n for o, n in counted.options.items() if o not in correct_option_ids and n > 0}
    most_wrong = min(wrong, key=lambda o: (-wrong[o], o)) if wrong else None
    return QuestionStats(
        question_id=question_id,
        answers=counted.answers,
        correct=counted.correct,
        share_correct=round(counted.correct / counted.answers, 4) if counted.answers else None,
        most_chosen_wrong_option_id=most_wrong,
        most_chosen_wrong_option_count=wrong.get(most_wrong, 0) if most_wrong else 0,
        median_seconds=median_seconds(counted.seconds),
        option_counts=dict(sorted(counted.options.items())),
    )


def question_stats(org_id: str, question_id: str, correct_option_ids: set[str]) -> QuestionStats:
    return summarise(question_id, counts.read_counts(org_id, question_id), correct_option_ids)


def question_stats_for(principal: Principal, question_id: str) -> QuestionStats:
    """For authors: a question of their organisation's bank (404 otherwise)."""
    question = bank.get_question(principal, question_id)
    return question_stats(principal.org_id, question_id, set(question.correct_option_ids or []))


def hardest_question(org_id: str, quiz_id: str) -> QuestionStats | None:
    """The quiz's answered question with the lowest share correct (ties: the earlier one); None when
    no question of it was answered (or there is no such quiz). One read per question (8 keys each)."""
    quiz = quizzes.get_quiz(org_id, quiz_id)
    if quiz is None:
        return None
    hardest: QuestionStats | None = None
    for question_id in quiz.question_ids or []:
        stats = summarise(question_id, counts.read_counts(org_id, question_id), set())
        if stats.share_correct is None:
            continue
        if hardest is None or stats.share_correct < (hardest.share_correct or 0):
            hardest = stats
    if hardest is None:
        return None
    question = questions.get_question(org_id, hardest.question_id)
    correct = set(question.correct_option_ids or []) if question is not None else set()
    return summarise(hardest.question_id, counts.read_counts(org_id, hardest.question_id), correct)
