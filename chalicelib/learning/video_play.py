"""Watching an interactive video: open it (resume where any device left it), report what the
player played, deal with its cues, read its captions.

The learner's viewing is their progress item's `state` (watched ranges, a first full viewing,
the time of the last report, what they did at each cue) and its `position` (seconds): each report
and each answer is one conditioned write of that item. The server decides what counts
(learning/video_rules.py) and records completion once; its points follow from the stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.config import get_config
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.ids import iso, utc_now
from chalicelib.learning import progress, rules, video_form, video_rules
from chalicelib.learning.items import payload_of
from chalicelib.learning.progress import Opened
from chalicelib.learning.video_rules import Counted, CueAnswer, VideoRules, Viewing
from chalicelib.media import objects
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.quizzes import scoring
from chalicelib.quizzes.rules import NUMERIC, Option, QuestionContent, Shown, shown_in
from chalicelib.quizzes.rules import Variant as QuestionVariant

KIND = rules.VIDEO
CAPTIONS_MAX_BYTES = 1024 * 1024
NO_SUCH_CUE = "No cue with this id in this video."


@dataclass(frozen=True)
class Session:
    """A video a learner may watch, and their viewing of it as it now stands."""

    opened: Opened
    payload: dict[str, Any]
    rules: VideoRules
    viewing: Viewing

    @property
    def completed(self) -> bool:
        return self.opened.progress.completed_at is not None


def viewing_of(opened: Opened) -> Viewing:
    state = progress.state_of(opened.progress)
    answers = {
        cue_id: CueAnswer(
            correct=answer.get("correct"),
            attempts=int(answer.get("attempts") or 1),
            option=answer.get("option"),
        )
        for cue_id, answer in (state.get("cues") or {}).items()
    }
    return Viewing(
        watched=tuple((float(s), float(e)) for s, e in state.get("watched") or []),
        position=float(opened.progress.position or 0),
        fully_viewed=bool(state.get("fully_viewed")),
        answers=answers,
        last_report_at=state.get("last_report_at"),
    )


def open_video(principal: Principal, video_id: str, for_change: bool = False) -> Session:
    """The release and the caller's viewing: one BatchGetItem (consistent before a change, so a
    report just saved by another device is built on, not refused), plus the community's access."""
    opened = progress.open_content(principal, video_id, KIND, for_change)
    payload = payload_of(opened.release)
    return Session(opened, payload, video_form.rules_of(payload), viewing_of(opened))


def _open_for_change(principal: Principal, video_id: str) -> Session:
    session = open_video(principal, video_id, for_change=True)
    progress.require_open(session.opened)
    return session


def _save(session: Session, viewing: Viewing, cue_records: dict[str, Any]) -> Session:
    """One conditioned write of the progress item; completion recorded once, by the server."""
    item = session.opened.progress
    item.position = round(viewing.position, 3)
    state = {
        "watched": [[round(s, 3), round(e, 3)] for s, e in viewing.watched],
        "fully_viewed": viewing.fully_viewed,
        "last_report_at": viewing.last_report_at,
        "cues": cue_records,
    }
    if item.completed_at is None and video_rules.is_complete(session.rules, viewing):
        item.completed_at = utc_now()
        count_business_event("VideoCompleted")
    progress.save(session.opened, state=state)
    return Session(session.opened, session.payload, session.rules, viewing)


def report(
    principal: Principal, video_id: str, segments: list[Any], position: float | None
) -> tuple[Session, Counted]:
    """What the player played since its last report, and where it is now."""
    session = _open_for_change(principal, video_id)
    counted = video_rules.count_report(
        session.rules, session.viewing, segments, position, utc_now().timestamp()
    )
    return save_viewing(session, counted.viewing), counted


def save_viewing(session: Session, viewing: Viewing) -> Session:
    """Save a viewing whose cues did not change (409 when another device saved since it was read)."""
    return _save(session, viewing, dict(progress.state_of(session.opened.progress).get("cues") or {}))


# Cues -----------------------------------------------------------------------------------------


def question_of(snapshot: dict[str, Any]) -> QuestionContent:
    return QuestionContent(
        kind=snapshot["kind"],
        language=snapshot["language"],
        prompt=snapshot["prompt"],
        options=tuple(Option(o["id"], o.get("text", "")) for o in snapshot.get("options") or []),
        correct_option_ids=tuple(snapshot.get("correct_option_ids") or ()),
        correct_number=snapshot.get("correct_number"),
        tolerance=float(snapshot.get("tolerance") or 0),
        explanation=snapshot.get("explanation") or "",
        variants={
            lang: QuestionVariant(
                v.get("prompt", ""), tuple(v.get("options") or ()), v.get("explanation", "")
            )
            for lang, v in (snapshot.get("variants") or {}).items()
        },
    )


def shown_question(cue: dict[str, Any], language: str) -> Shown | None:
    snapshot = cue.get("question")
    return shown_in(question_of(snapshot), language) if snapshot else None


def _problem(at: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": at, "message": message, "code": "invalid"}])


def _judge(cue: dict[str, Any], option_ids: list[str], number: float | None) -> bool:
    question = question_of(cue["question"])
    offered = {o.id for o in question.options}
    if any(o not in offered for o in option_ids):
        raise _problem("option_ids", "Choose among the question's options.")
    if question.kind == NUMERIC and number is None:
        raise _problem("number", "This question is answered with a number.")
    if question.kind != NUMERIC and not option_ids:
        raise _problem("option_ids", "Choose an option.")
    key = scoring.AnswerKey(
        question.kind, frozenset(question.correct_option_ids), question.correct_number, question.tolerance
    )
    return scoring.is_correct(key, scoring.Given(frozenset(option_ids), number))


@dataclass(frozen=True)
class CueDone:
    session: Session
    cue: dict[str, Any]
    answer: CueAnswer
    changed: bool  # False: the cue was done before (a retry), nothing was written


def answer_cue(
    principal: Principal,
    video_id: str,
    cue_id: str,
    option_ids: list[str] | None = None,
    number: float | None = None,
    option: int | None = None,
) -> CueDone:
    """Answer a question cue, take a branch, or mark a text or link seen. A cue of another video
    is not found; a cue beyond where the learner may be is a conflict."""
    session = _open_for_change(principal, video_id)
    cue_rules = session.rules.cue(cue_id)
    cue = next((c for c in session.payload.get("cues") or [] if c["cue_id"] == cue_id), None)
    if cue_rules is None or cue is None:
        raise NotFound(NO_SUCH_CUE)
    previous = session.viewing.answers.get(cue_id)
    if previous is not None and video_rules.cue_done(cue_rules, previous):
        return CueDone(session, cue, previous, changed=False)
    if not video_rules.may_answer(session.rules, session.viewing, cue_rules):
        raise Conflict("Watch the video up to this cue first.")
    correct: bool | None = None
    if cue_rules.kind == video_rules.QUESTION:
        correct = _judge(cue, list(option_ids or []), number)
    if cue_rules.kind == video_rules.BRANCH and (option is None or not 0 <= option < len(cue_rules.options)):
        raise _problem("option", "Choose one of the branch's options.")
    answer = video_rules.record_answer(cue_rules, previous, correct, option)
    viewing = video_rules.with_answer(session.viewing, cue_id, answer)
    if cue_rules.kind == video_rules.BRANCH and answer.option is not None:
        viewing = video_rules.with_position(viewing, cue_rules.options[answer.option].to)  # resume there
    records = dict(progress.state_of(session.opened.progress).get("cues") or {})
    record: dict[str, Any] = {"attempts": answer.attempts, "at": iso(utc_now())}
    if cue_rules.kind == video_rules.QUESTION:
        record.update(correct=bool(answer.correct), question_id=cue_rules.question_id)
    if answer.option is not None:
        record["option"] = answer.option
    records[cue_id] = record
    count_business_event("VideoCueAnswered")
    return CueDone(_save(session, viewing, records), cue, answer, changed=True)


# Captions -------------------------------------------------------------------------------------


def captions(principal: Principal, video_id: str, language: str) -> str:
    """The WebVTT captions of a video in one language, for those who may watch it."""
    session = open_video(principal, video_id)
    progress.require_open(session.opened)
    key = (session.payload.get("caption_keys") or {}).get(language)
    text = objects.read_small(get_config().media_bucket, key, CAPTIONS_MAX_BYTES) if key else None
    if text is None:
        raise NotFound("This video has no captions in this language.")
    return text.decode("utf-8", errors="replace")


def signed_url(key: str | None) -> str | None:
    return objects.signed_download(key).url if key else None
