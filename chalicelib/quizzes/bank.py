"""The question bank and quizzes: authors (mentors, community managers, org admins) write and
publish; everyone in the organisation reads published quizzes, never their answers.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal, Role
from chalicelib.quizzes import rules
from chalicelib.quizzes.rules import DRAFT, PUBLISHED, Option, QuestionContent, QuizSettings, Variant
from chalicelib.store import questions, quizzes
from chalicelib.store.models import QuestionItem, QuizItem
from chalicelib.store.pages import Page

AUTHORS = frozenset({Role.MENTOR, Role.COMMUNITY_MANAGER, Role.ORG_ADMIN})
NO_SUCH_QUESTION = "No question with this id in your organisation."
NO_SUCH_QUIZ = "No quiz with this id in your organisation."


def is_author(principal: Principal) -> bool:
    return principal.has_any_role(AUTHORS)


def _require_author(principal: Principal) -> None:
    if not is_author(principal):
        raise Forbidden("Only mentors, community managers and org admins write questions and quizzes.")


def _require_may_change(principal: Principal, created_by: str) -> None:
    """The author of a question or quiz, or an org admin, may change it."""
    if principal.user_id != created_by and not principal.has_any_role(frozenset({Role.ORG_ADMIN})):
        raise Forbidden("Only its author or an org admin changes it.")


# Questions ------------------------------------------------------------------------------------


def content_of(item: QuestionItem) -> QuestionContent:
    variants = {
        lang: Variant(v.get("prompt", ""), tuple(v.get("options") or ()), v.get("explanation", ""))
        for lang, v in json.loads(item.variants or "{}").items()
    }
    return QuestionContent(
        kind=item.kind,
        language=item.language,
        prompt=item.prompt,
        options=tuple(Option(o["id"], o.get("text", "")) for o in json.loads(item.options or "[]")),
        correct_option_ids=tuple(item.correct_option_ids or ()),
        correct_number=float(item.correct_number) if item.correct_number is not None else None,
        tolerance=float(item.tolerance or 0),
        explanation=item.explanation or "",
        skill_tags=tuple(item.skill_tags or ()),
        image_media_id=item.image_media_id,
        variants=variants,
    )


def _write_content(item: QuestionItem, content: QuestionContent) -> None:
    item.kind, item.language, item.prompt = content.kind, content.language, content.prompt
    item.options = json.dumps([asdict(o) for o in content.options], ensure_ascii=False)
    item.correct_option_ids = list(content.correct_option_ids)
    item.correct_number = content.correct_number
    item.tolerance = content.tolerance
    item.explanation = content.explanation
    item.skill_tags = list(content.skill_tags)
    item.image_media_id = content.image_media_id
    item.variants = json.dumps(
        {lang: {**asdict(v), "options": list(v.options)} for lang, v in content.variants.items()},
        ensure_ascii=False,
        sort_keys=True,
    )


def _checked_image_key(principal: Principal, media_id: str | None) -> str | None:
    """The object key of the question's image, once it is known to be a ready image of the org.
    Kept on the question so serving it signs a URL without reading the media item again."""
    if media_id is None:
        return None
    from chalicelib.store import media  # only a question with an image reads its media item

    item = media.get_media(principal.org_id, media_id)
    if item is None or item.status != "ready" or item.kind != "image":
        raise ValidationFailed(
            "image_media_id must name a ready image of your organisation.",
            [{"field": "image_media_id", "message": "Not a ready image.", "code": "invalid"}],
        )
    return str(item.object_key)


def image_url(item: QuestionItem) -> str | None:
    """A short-lived download URL of the question's image, for authors and players alike."""
    if not item.image_key:
        return None
    from chalicelib.media import objects  # signing URLs: only a question with an image

    return objects.signed_download(item.image_key).url


def create_question(principal: Principal, form: dict[str, Any]) -> QuestionItem:
    """`form`: the keyword arguments of `rules.question_content`."""
    _require_author(principal)
    content = rules.question_content(**form)
    image_key = _checked_image_key(principal, content.image_media_id)
    now = utc_now()
    item = QuestionItem(
        org_id=principal.org_id,
        question_id=new_id(),
        status=DRAFT,
        created_by=principal.user_id,
        created_at=now,
        version=0,
        image_key=image_key,
    )
    _write_content(item, content)
    questions.save_new(item)
    count_business_event("QuestionCreated")
    return item


def get_question(principal: Principal, question_id: str) -> QuestionItem:
    _require_author(principal)
    item = questions.get_question(principal.org_id, question_id)
    if item is None:
        raise NotFound(NO_SUCH_QUESTION)
    return item


def list_questions(
    principal: Principal, status: str | None, limit: int, after: dict[str, Any] | None
) -> Page[QuestionItem]:
    _require_author(principal)
    return questions.list_questions(principal.org_id, status, limit, after)


def change_question(principal: Principal, question_id: str, changes: dict[str, Any]) -> QuestionItem:
    """Apply the fields in `changes` (author form) and check the whole question again. The answers
    already served keep the answer key they were served with."""
    item = get_question(principal, question_id)
    _require_may_change(principal, item.created_by)
    form = rules.author_form(content_of(item))
    if "kind" in changes and changes["kind"] != form["kind"]:
        for name in ("options", "true_false_answer", "correct_number", "tolerance"):
            form.pop(name, None)
    form.update(changes)
    content = rules.question_content(**form)
    if content.image_media_id != item.image_media_id:
        item.image_key = _checked_image_key(principal, content.image_media_id)
    read_version = int(item.version or 0)
    _write_content(item, content)
    item.updated_at = utc_now()
    if not questions.save_changed(item, read_version):
        raise Conflict("Someone changed this question meanwhile; read it again and retry.")
    return item


def publish_question(principal: Principal, question_id: str) -> QuestionItem:
    item = get_question(principal, question_id)
    _require_may_change(principal, item.created_by)
    if item.status == PUBLISHED:
        return item
    read_version = int(item.version or 0)
    item.status, item.published_at = PUBLISHED, utc_now()
    if not questions.save_changed(item, read_version):
        raise Conflict("Someone changed this question meanwhile; read it again and retry.")
    count_business_event("QuestionPublished")
    return item


# Quizzes --------------------------------------------------------------------------------------


def settings_of(item: QuizItem) -> QuizSettings:
    return QuizSettings(
        title=item.title,
        description=item.description or "",
        language=item.language,
        question_ids=tuple(item.question_ids or ()),
        seconds_per_question=int(item.seconds_per_question),
        points_per_question=int(item.points_per_question),
        speed_bonus=bool(item.speed_bonus),
        speed_bonus_max=int(item.speed_bonus_max or 0),
        accessible=bool(item.accessible),
        practice=bool(item.practice),
    )


def _settings_form(settings: QuizSettings) -> dict[str, Any]:
    form = asdict(settings)
    form["language_code"] = form.pop("language")
    form["question_ids"] = list(settings.question_ids)
    return form


def _write_settings(item: QuizItem, settings: QuizSettings) -> None:
    item.title, item.description, item.language = settings.title, settings.description, settings.language
    item.question_ids = list(settings.question_ids)
    item.seconds_per_question = settings.seconds_per_question
    item.points_per_question = settings.points_per_question
    item.speed_bonus, item.speed_bonus_max = settings.speed_bonus, settings.speed_bonus_max
    item.accessible, item.practice = settings.accessible, settings.practice


def _check_questions(org_id: str, question_ids: tuple[str, ...], published_only: bool) -> None:
    found = questions.get_questions(org_id, question_ids)
    missing = [q for q in question_ids if q not in found]
    if missing:
        raise ValidationFailed(
            f"No such questions in your organisation: {', '.join(missing)}.",
            [{"field": "question_ids", "message": "Unknown question ids.", "code": "unknown"}],
        )
    drafts = [q for q in question_ids if found[q].status != PUBLISHED]
    if published_only and drafts:
        raise Conflict(f"Publish these questions first: {', '.join(drafts)}.")


def create_quiz(principal: Principal, form: dict[str, Any]) -> QuizItem:
    """`form`: the keyword arguments of `rules.quiz_settings`."""
    _require_author(principal)
    settings = rules.quiz_settings(**form)
    _check_questions(principal.org_id, settings.question_ids, published_only=False)
    item = QuizItem(
        org_id=principal.org_id,
        quiz_id=new_id(),
        status=DRAFT,
        created_by=principal.user_id,
        created_at=utc_now(),
        version=0,
    )
    _write_settings(item, settings)
    quizzes.save_new(item)
    count_business_event("QuizCreated")
    return item


def find_quiz(org_id: str, quiz_id: str) -> QuizItem | None:
    return quizzes.get_quiz(org_id, quiz_id)


def get_quiz(principal: Principal, quiz_id: str) -> QuizItem:
    """A published quiz for everyone; a draft only for authors."""
    item = quizzes.get_quiz(principal.org_id, quiz_id)
    if item is None or (item.status != PUBLISHED and not is_author(principal)):
        raise NotFound(NO_SUCH_QUIZ)
    return item


def list_quizzes(
    principal: Principal, status: str, limit: int, after: dict[str, Any] | None
) -> Page[QuizItem]:
    if status != PUBLISHED:
        _require_author(principal)
    return quizzes.list_quizzes(principal.org_id, status, limit, after)


def change_quiz(principal: Principal, quiz_id: str, changes: dict[str, Any]) -> QuizItem:
    _require_author(principal)
    item = get_quiz(principal, quiz_id)
    _require_may_change(principal, item.created_by)
    form = _settings_form(settings_of(item))
    form.update(changes)
    settings = rules.quiz_settings(**form)
    _check_questions(principal.org_id, settings.question_ids, published_only=item.status == PUBLISHED)
    read_version = int(item.version or 0)
    _write_settings(item, settings)
    item.updated_at = utc_now()
    if not quizzes.save_changed(item, read_version):
        raise Conflict("Someone changed this quiz meanwhile; read it again and retry.")
    return item


def publish_quiz(principal: Principal, quiz_id: str) -> QuizItem:
    _require_author(principal)
    item = get_quiz(principal, quiz_id)
    _require_may_change(principal, item.created_by)
    if item.status == PUBLISHED:
        return item
    _check_questions(principal.org_id, tuple(item.question_ids or ()), published_only=True)
    read_version = int(item.version or 0)
    item.status, item.published_at = PUBLISHED, utc_now()
    if not quizzes.save_changed(item, read_version):
        raise Conflict("Someone changed this quiz meanwhile; read it again and retry.")
    count_business_event("QuizPublished")
    return item
