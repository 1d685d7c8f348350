"""Writing interactive videos: learning content of kind `video` whose payload is the video, its
poster, its captions (WebVTT per language) and its cue points.

The media are uploads of the content's authors through the media path (chalicelib/media), ready
and not attached to a post; their object keys go into the payload, so that playing a video signs
its URLs without reading the media items. Question cues name questions of the bank; publishing
snapshots each question into the release, so learners answer it without reading the bank (a
question changed later reaches learners with the video's next publication).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from chalicelib.communities.skills import normalise_tags
from chalicelib.errors import ValidationFailed
from chalicelib.learning import access, content, question_snapshot, rules, video_form, video_rules
from chalicelib.learning.content import ContentForm
from chalicelib.learning.items import payload_of
from chalicelib.principal import Principal
from chalicelib.store import media
from chalicelib.store.batch import get_items
from chalicelib.store.models import LearningHeadItem, LearningReleaseItem, MediaItem

if TYPE_CHECKING:
    from chalicelib.store.models import QuestionItem

KIND = rules.VIDEO


@dataclass(frozen=True)
class VideoForm:
    """A video as its author writes it: texts, and the payload `video_form.check_payload` takes."""

    language: str
    variants: dict[str, Any]
    video: dict[str, Any]
    skill_tags: list[str] = field(default_factory=list)
    estimated_minutes: int = 5
    review_on: date | None = None
    co_author_ids: list[str] = field(default_factory=list)


def _problem(at: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": at, "message": message, "code": "invalid"}])


def _media_wanted(payload: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, media id, the media kind it must be) of every upload the payload names."""
    wanted = [("media_id", payload["media_id"], "video")]
    if payload.get("poster_media_id"):
        wanted.append(("poster_media_id", payload["poster_media_id"], "image"))
    for language, media_id in payload.get("captions", {}).items():
        wanted.append((f"captions.{language}", media_id, "captions"))
    return wanted


def _check_media(org_id: str, payload: dict[str, Any], uploaders: set[str]) -> None:
    """Each upload is ready, of its kind, by one of the authors and not on a post (one BatchGetItem).
    Their object keys go into the payload."""
    wanted = _media_wanted(payload)
    found = get_items([media.media_key(org_id, media_id) for _, media_id, _ in wanted])
    object_keys: dict[str, str] = {}
    for at, media_id, kind in wanted:
        item = found.get(media.media_key(org_id, media_id))
        if (
            not isinstance(item, MediaItem)
            or item.status != "ready"
            or item.kind != kind
            or item.post_id
            or item.owner_id not in uploaders
        ):
            raise _problem(at, f"Name a ready {kind} upload of this video's authors.")
        object_keys[at] = str(item.object_key)
    payload["video_key"] = object_keys["media_id"]
    payload["poster_key"] = object_keys.get("poster_media_id")
    payload["caption_keys"] = {
        language: object_keys[f"captions.{language}"] for language in payload.get("captions", {})
    }


def _question_ids(payload: dict[str, Any]) -> list[str]:
    return [cue["question_id"] for cue in payload.get("cues", []) if cue["kind"] == video_rules.QUESTION]


def _check_questions(org_id: str, payload: dict[str, Any], published_only: bool) -> dict[str, QuestionItem]:
    wanted = _question_ids(payload)
    if not wanted:
        return {}
    # The bank's store and rules load for a video that asks questions of it.
    from chalicelib.quizzes.rules import PUBLISHED as QUESTION_PUBLISHED
    from chalicelib.store import questions

    found = questions.get_questions(org_id, wanted)
    for index, cue in enumerate(payload.get("cues", [])):
        if cue["kind"] != video_rules.QUESTION:
            continue
        item = found.get(cue["question_id"])
        if item is None:
            raise _problem(f"cues[{index}].question_id", "No question with this id in your organisation.")
        if published_only and item.status != QUESTION_PUBLISHED:
            raise _problem(
                f"cues[{index}].question_id", "Publish the question before the video that asks it."
            )
    return found


def _check_question_reader(principal: Principal, payload: dict[str, Any], named: set[str]) -> None:
    """Who may not read the bank names no new question of it (`named`: those the video asks)."""
    if access.may_read_question_bank(principal):
        return
    for index, cue in enumerate(payload.get("cues", [])):
        if cue["kind"] == video_rules.QUESTION and cue["question_id"] not in named:
            raise _problem(
                f"cues[{index}].question_id", "Only the question bank's authors put its questions in a video."
            )


def _content_form(
    principal: Principal, form: VideoForm, authors: set[str], named: set[str] | None = None
) -> ContentForm:
    """`named`: the questions the video already asks (kept when someone else changes it)."""
    language = rules.check_language(form.language)
    payload = video_form.check_payload(form.video)
    _check_question_reader(principal, payload, named or set())
    _check_media(principal.org_id, payload, authors)  # not the co-authors named now: theirs to add
    _check_questions(principal.org_id, payload, published_only=False)
    return ContentForm(
        language=language,
        variants=rules.variants_of(form.variants, language),
        payload=payload,
        skill_tags=normalise_tags(form.skill_tags),
        estimated_minutes=form.estimated_minutes,
        review_on=form.review_on,
        co_author_ids=form.co_author_ids,
    )


def create(principal: Principal, community_id: str | None, form: VideoForm) -> LearningHeadItem:
    access.may_author_in(principal, community_id)  # before checking what it refers to
    return content.create(principal, KIND, community_id, _content_form(principal, form, {principal.user_id}))


def get_working_copy(principal: Principal, video_id: str) -> LearningHeadItem:
    return content.get_working_copy(principal, video_id, KIND)


def change(
    principal: Principal, video_id: str, form: VideoForm, expected_version: int | None
) -> LearningHeadItem:
    head = access.require_editor(principal, content.get_working_copy(principal, video_id, KIND))
    authors = {principal.user_id, head.created_by, *(head.author_ids or [])}
    named = set(_question_ids(payload_of(head)))
    return content.change(
        principal, video_id, _content_form(principal, form, authors, named), expected_version, KIND
    )


def check_release(principal: Principal, head: LearningHeadItem) -> None:
    """What a published video needs: its media still ready, its questions published (snapshotted
    into the cues)."""
    payload = payload_of(head)
    authors = {head.created_by, *(head.author_ids or [])}
    _check_media(principal.org_id, payload, authors)
    found = _check_questions(principal.org_id, payload, published_only=True)
    for cue in payload.get("cues", []):
        if cue["kind"] == video_rules.QUESTION:
            cue["question"] = question_snapshot.snapshot(found[cue["question_id"]])
    head.payload = json.dumps(payload, ensure_ascii=False, sort_keys=True)


def publish(principal: Principal, video_id: str, major: bool) -> tuple[LearningHeadItem, LearningReleaseItem]:
    return content.publish(principal, video_id, major, check_release, KIND)


def decide_review(
    principal: Principal, video_id: str, approve: bool, note: str, major: bool
) -> LearningHeadItem:
    """The reviewer approves (published, with the release's checks) or sends it back with a note."""
    return content.decide_review(principal, video_id, approve, note, major, check_release, KIND)


def preview_questions(principal: Principal, head: LearningHeadItem) -> dict[str, dict[str, Any]]:
    """The working copy's questions as learners would see them, read from the bank now (the
    author's preview)."""
    wanted = _question_ids(payload_of(head))
    if not wanted:
        return {}
    from chalicelib.store import questions  # a video that asks questions reads them from the bank

    found = questions.get_questions(principal.org_id, wanted)
    return {question_id: question_snapshot.snapshot(item) for question_id, item in found.items()}
