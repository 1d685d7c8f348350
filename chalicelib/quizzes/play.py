"""Playing a quiz: a practice quiz any time, a quiz campaign while it is open and I am in its audience.

"Next" serves the first question I have not answered: it writes SERVED once, with the server's
served_at and a snapshot of the answer key, and never sends the answer. "Answer" is two DynamoDB
requests (see chalicelib/store/play.py): the elapsed time is the server's, from served_at to the
moment the answer arrives; one answer per question, a retry with the same answer gets the first
result, another answer is a 409, and so is an answer to a campaign that is not open or past its
close. The stream consumer does the rest (score, statistics, points: chalicelib/reactors/quizzes.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.quizzes import bank, rules, scoring
from chalicelib.quizzes.rules import NUMERIC, PUBLISHED, QuestionContent
from chalicelib.store import keys, memberships, questions, quizzes
from chalicelib.store import play as store
from chalicelib.store.models import (
    AnswerItem,
    CampaignItem,
    CommunityMemberItem,
    KringItem,
    QuestionItem,
    QuizItem,
    ServedItem,
    UserItem,
)

NO_SUCH_CAMPAIGN = "No campaign with this id in your organisation."
OPEN = "open"


@dataclass(frozen=True)
class PlayContext:
    """What is being played: a practice quiz, or a quiz campaign."""

    context_id: str
    quiz: QuizItem
    campaign: CampaignItem | None
    profile: UserItem | None

    @property
    def accessible(self) -> bool:
        return bool(
            self.quiz.accessible
            or (self.campaign is not None and self.campaign.accessible)
            or (self.profile is not None and self.profile.quiz_accessible)
        )

    @property
    def language(self) -> str:
        return self.profile.language if self.profile is not None else self.quiz.language


def _published_quiz(org_id: str, quiz_id: str | None) -> QuizItem:
    quiz = quizzes.get_quiz(org_id, quiz_id) if quiz_id else None
    if quiz is None or quiz.status != PUBLISHED:
        raise NotFound(bank.NO_SUCH_QUIZ)
    return quiz


def _require_practicable(quiz: QuizItem) -> None:
    """A practice quiz, and not one a campaign holds: practising it would tell its answers first."""
    if not quiz.practice:
        raise Conflict("This quiz is played in a campaign, not as practice.")
    if quiz.reserved_by is not None:
        raise Conflict("This quiz is in a campaign now: practise it once the campaign is over.")


def _require_playable_in(quiz: QuizItem, campaign: CampaignItem) -> None:
    """The campaign's quiz is published and no other campaign holds it."""
    if quiz.status != PUBLISHED or quiz.reserved_by not in (None, campaign.campaign_id):
        raise Conflict("This campaign's quiz cannot be played: ask the campaign's organisers.")


def practice(principal: Principal, quiz_id: str) -> PlayContext:
    quiz = _published_quiz(principal.org_id, quiz_id)
    _require_practicable(quiz)
    profile = _profile(principal)
    return PlayContext(keys.practice_context(quiz_id), quiz, None, profile)


def _profile(principal: Principal) -> UserItem | None:
    try:
        return UserItem.get(keys.org_pk(principal.org_id), keys.user_sk(principal.user_id))
    except UserItem.DoesNotExist:
        return None


def _campaign_and_profile(principal: Principal, campaign_id: str) -> tuple[CampaignItem, UserItem | None]:
    wanted = [
        (keys.campaigns_pk(principal.org_id), keys.campaign_sk(campaign_id)),
        (keys.org_pk(principal.org_id), keys.user_sk(principal.user_id)),
    ]
    found = list(KringItem.batch_get(wanted))
    campaign = next((i for i in found if isinstance(i, CampaignItem) and i.org_id == principal.org_id), None)
    profile = next((i for i in found if isinstance(i, UserItem) and i.org_id == principal.org_id), None)
    if campaign is None or campaign.kind != "quiz" or not campaign.quiz_id:
        raise NotFound(NO_SUCH_CAMPAIGN)
    return campaign, profile


def in_audience(
    campaign: CampaignItem, profile: UserItem | None, membership: CommunityMemberItem | None
) -> bool:
    if profile is None or profile.status == "deactivated":
        return False
    if campaign.audience == "community":
        return membership is not None and membership.status == "active"
    if campaign.audience == "teams":
        return bool(profile.team_id) and profile.team_id in (campaign.team_ids or [])
    return True  # organisation


def _require_open(campaign: CampaignItem, now: datetime) -> None:
    if campaign.status != OPEN:
        raise Conflict("This campaign is not open.")
    if now >= campaign.closes_at:
        raise Conflict("This campaign has closed.")


def campaign(principal: Principal, campaign_id: str, *, playing: bool = True) -> PlayContext:
    """A quiz campaign I am in the audience of (and, when `playing`, that is open now)."""
    found, profile = _campaign_and_profile(principal, campaign_id)
    membership = None
    if found.audience == "community" and found.community_id:
        membership = memberships.get_membership(principal.org_id, found.community_id, principal.user_id)
    if not in_audience(found, profile, membership):
        raise NotFound(
            "This campaign is not for you."
        )  # as if it did not exist: others' audiences stay private
    if playing:
        _require_open(found, utc_now())
    quiz = quizzes.get_quiz(principal.org_id, found.quiz_id or "")
    if quiz is None:
        raise NotFound(bank.NO_SUCH_QUIZ)
    if playing:
        _require_playable_in(quiz, found)
    return PlayContext(found.campaign_id, quiz, found, profile)


# Next question --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    served: ServedItem
    question: QuestionItem
    shown: rules.Shown
    total: int
    answered: int


def next_question(principal: Principal, context: PlayContext) -> Served | None:
    """The first question of the quiz I have not answered, served once (None: I answered them all)."""
    play = store.read_play(principal.org_id, context.context_id, principal.user_id)
    order = list(context.quiz.question_ids or [])
    position = next((i for i, q in enumerate(order) if q not in play.answers), None)
    if position is None:
        return None
    question_id = order[position]
    question = questions.get_question(principal.org_id, question_id)
    if question is None:
        raise Conflict("A question of this quiz is gone; ask its author.")
    content = bank.content_of(question)
    served = play.served.get(question_id)
    if served is None:
        served = _snapshot(principal, context, content, question_id, position)
        served = store.put_served(served) or served
        count_business_event("QuestionServed")
    return Served(served, question, rules.shown_in(content, context.language), len(order), len(play.answers))


def _snapshot(
    principal: Principal, context: PlayContext, content: QuestionContent, question_id: str, position: int
) -> ServedItem:
    quiz, accessible = context.quiz, context.accessible
    return ServedItem(
        keys.player_pk(principal.org_id, context.context_id, principal.user_id),
        keys.served_sk(question_id),
        org_id=principal.org_id,
        context_id=context.context_id,
        campaign_id=context.campaign.campaign_id if context.campaign is not None else None,
        quiz_id=quiz.quiz_id,
        question_id=question_id,
        user_id=principal.user_id,
        position=position,
        served_at=utc_now(),
        kind=content.kind,
        option_ids=[o.id for o in content.options],
        correct_option_ids=list(content.correct_option_ids),
        correct_number=content.correct_number,
        tolerance=content.tolerance,
        points=int(quiz.points_per_question),
        seconds_allowed=scoring.seconds_allowed(int(quiz.seconds_per_question), accessible),
        speed_bonus_max=scoring.speed_bonus_max(
            bool(quiz.speed_bonus), int(quiz.speed_bonus_max or 0), accessible
        ),
        accessible=accessible,
        explanation=rules.explanation_in(content, context.language),
        community_id=context.campaign.community_id if context.campaign is not None else None,
    )


def following(principal: Principal, context_id: str, campaign_id: str | None) -> Following | None:
    """What comes after an answer when the client asks for it in the same request: the next question
    served now (its clock starts now, as if /play/next had been called), or nothing left to answer.
    The same checks as /play/next (the campaign open and not past its close, me in its audience, its
    quiz playable; a practice quiz still practicable), read again after the answer: None when they
    refuse, and the client asks /play/next, which says why."""
    try:
        if campaign_id is not None:
            context = campaign(principal, campaign_id)
        else:
            context = practice(principal, keys.practice_quiz_id(context_id) or "")
        return Following(context, next_question(principal, context))
    except (Conflict, NotFound):
        return None


@dataclass(frozen=True)
class Following:
    context: PlayContext
    served: Served | None  # None: every question is answered


def deadline(served: ServedItem) -> datetime:
    return served.served_at + timedelta(seconds=int(served.seconds_allowed))


# Answer ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    answer: AnswerItem
    served: ServedItem
    replayed: bool


def _given(served: ServedItem, option_ids: list[str] | None, number: float | None) -> scoring.Given:
    if served.kind == NUMERIC:
        if number is None or option_ids:
            raise ValidationFailed("Answer a numeric question with a number (and no option_ids).")
        return scoring.Given(number=rules.number(number, "number"))
    chosen = list(dict.fromkeys(option_ids or []))
    if not chosen or number is not None:
        raise ValidationFailed("Answer with the option_ids you choose (and no number).")
    unknown = [o for o in chosen if o not in (served.option_ids or [])]
    if unknown:
        raise ValidationFailed(f"Not options of this question: {', '.join(unknown)}.")
    if served.kind != rules.MULTIPLE and len(chosen) != 1:
        raise ValidationFailed("Choose one option.")
    return scoring.Given(option_ids=frozenset(chosen))


def _same(first: AnswerItem, given: scoring.Given) -> bool:
    if given.number is not None:
        return first.number is not None and float(first.number) == given.number
    return frozenset(first.option_ids or []) == given.option_ids


def answer(
    principal: Principal,
    context_id: str,
    campaign_id: str | None,
    question_id: str,
    option_ids: list[str] | None,
    number: float | None,
) -> Answered:
    """Two DynamoDB requests: BatchGetItem (SERVED + the campaign, or the practice quiz), PutItem
    (ANSWER, once)."""
    received = utc_now()
    practice_quiz_id = keys.practice_quiz_id(context_id) if campaign_id is None else None
    inputs = store.read_answer_inputs(
        principal.org_id, context_id, principal.user_id, question_id, campaign_id, practice_quiz_id
    )
    if campaign_id is not None:
        if inputs.campaign is None:
            raise NotFound(NO_SUCH_CAMPAIGN)
        _require_open(inputs.campaign, received)
    else:
        if inputs.quiz is None or inputs.quiz.status != PUBLISHED:
            raise NotFound(bank.NO_SUCH_QUIZ)
        _require_practicable(inputs.quiz)  # a campaign may have taken it since it was served
    served = inputs.served
    if served is None:
        raise NotFound("This question was not served to you: ask for the next question first.")
    given = _given(served, option_ids, number)
    elapsed_ms = max(0, int((received - served.served_at).total_seconds() * 1000))
    key = scoring.AnswerKey(
        served.kind,
        frozenset(served.correct_option_ids or []),
        float(served.correct_number) if served.correct_number is not None else None,
        float(served.tolerance or 0),
    )
    result = scoring.score(
        key,
        given,
        int(served.points),
        elapsed_ms,
        int(served.seconds_allowed),
        int(served.speed_bonus_max or 0),
    )
    item = AnswerItem(
        served.pk,
        keys.answer_sk(question_id),
        org_id=principal.org_id,
        context_id=context_id,
        campaign_id=campaign_id,
        quiz_id=served.quiz_id,
        question_id=question_id,
        user_id=principal.user_id,
        community_id=served.community_id,
        option_ids=sorted(given.option_ids),
        number=given.number,
        correct=result.correct,
        points=result.points,
        speed_points=result.speed_points,
        late=result.late,
        elapsed_ms=elapsed_ms,
        served_at=served.served_at,
        answered_at=received,
    )
    first = store.put_answer(item)
    if first is None:
        count_business_event("QuestionAnswered")
        return Answered(item, served, replayed=False)
    if not _same(first, given):
        raise Conflict("You answered this question already, with another answer.")
    return Answered(first, served, replayed=True)


# Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    position: int
    question: QuestionItem | None
    answer: AnswerItem
    served: ServedItem | None
    explanation: str


@dataclass(frozen=True)
class Results:
    total_questions: int
    answered: int
    correct: int
    points: int
    items: list[Result]


def results(principal: Principal, context: PlayContext) -> Results:
    """My answers, in quiz order, each with its correct answer and explanation (only answered ones)."""
    play = store.read_play(principal.org_id, context.context_id, principal.user_id)
    order = list(context.quiz.question_ids or [])
    answered_ids = [q for q in order if q in play.answers]
    found = questions.get_questions(principal.org_id, answered_ids) if answered_ids else {}
    items = []
    for question_id in answered_ids:
        question = found.get(question_id)
        served = play.served.get(question_id)
        if question is not None:
            explanation = rules.explanation_in(bank.content_of(question), context.language)
        else:
            explanation = served.explanation if served is not None else ""
        items.append(
            Result(order.index(question_id) + 1, question, play.answers[question_id], served, explanation)
        )
    return Results(
        total_questions=len(order),
        answered=len(items),
        correct=sum(1 for r in items if r.answer.correct),
        points=sum(int(r.answer.points) for r in items),
        items=items,
    )
