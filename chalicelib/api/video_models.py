"""Request and response bodies of the interactive video routes (chalicelib/api/videos.py)."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.schemas import request_model_config
from chalicelib.ids import iso
from chalicelib.learning import items
from chalicelib.learning import rules as learning_rules
from chalicelib.media import objects
from chalicelib.store.models import LearningHeadItem

if TYPE_CHECKING:
    # Playing a video (chalicelib/learning/video_play.py, with quiz scoring and progress) loads on
    # a player's first request, not on an author's.
    from chalicelib.learning.video_play import Session
    from chalicelib.learning.video_rules import VideoRules, Viewing

Language = Literal["nl", "fr", "en"]
CueKind = Literal["question", "text", "link", "branch"]
ID = r"^[A-Za-z0-9]{10,40}$"
MEDIA = "01JF3Z8Q4X2N5Y6M7K8P9R0S1V"
QUESTION = "01JF3Z8Q4X2N5Y6M7K8P9R0S1T"


class VariantTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=120)
    summary: str = Field("", max_length=500)
    body: str = Field("", max_length=20_000)


class BranchOptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    label: str = Field(min_length=1, max_length=80)
    to: float = Field(ge=0, le=4 * 3600, description="Seconds: where the video jumps.")


class CueIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    cue_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    at: float = Field(ge=0, le=4 * 3600, description="Seconds into the video.")
    kind: CueKind
    required: bool = Field(False, description="Playback waits until the learner deals with it.")
    must_be_correct: bool = Field(
        False, description="A required question: answered right, not just answered."
    )
    question_id: str | None = Field(None, pattern=ID)
    text: str = Field("", max_length=1000)
    url: str | None = Field(None, max_length=500)
    options: list[BranchOptionIn] = Field(default_factory=list, max_length=4)


class VideoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    media_id: str = Field(pattern=ID, description="A ready video upload (POST /v1/media/uploads).")
    poster_media_id: str | None = Field(None, pattern=ID, description="A ready image upload.")
    duration: float = Field(gt=0, le=4 * 3600, description="Seconds, as the player reads it.")
    completion_threshold: float = Field(
        0.9, ge=0.5, le=1, description="The watched fraction that completes it."
    )
    block_forward_skip: bool = Field(
        True, description="No skipping past what was watched before a full viewing."
    )
    captions: dict[Language, str] = Field(
        default_factory=dict, description="A ready text/vtt upload per language."
    )
    cues: list[CueIn] = Field(default_factory=list, max_length=50)


_EXAMPLE: dict[str, Any] = {
    "language": "nl",
    "variants": {"nl": {"title": "Feedback geven", "summary": "Drie minuten over feedback"}},
    "video": {
        "media_id": MEDIA,
        "duration": 184.2,
        "cues": [
            {"cue_id": "q1", "at": 62.5, "kind": "question", "required": True, "question_id": QUESTION},
            {"cue_id": "more", "at": 120, "kind": "link", "text": "Lees meer", "url": "https://example.org"},
        ],
    },
    "skill_tags": ["feedback"],
}


class VideoFields(BaseModel):
    """What an author writes about a video (the scope is chosen once, when it is created)."""

    language: Language
    variants: dict[Language, VariantTexts]
    video: VideoIn
    skill_tags: list[str] = Field(default_factory=list, max_length=10)
    estimated_minutes: int = Field(5, ge=1, le=240)
    review_on: date | None = None
    co_author_ids: list[str] = Field(default_factory=list, max_length=10)


class VideoDraft(VideoFields):
    model_config = request_model_config(_EXAMPLE)

    community_id: str | None = Field(None, max_length=64, description="None: the organisation's library.")


class VideoChange(VideoFields):
    model_config = request_model_config({**_EXAMPLE, "expected_version": 3})

    expected_version: int | None = Field(None, ge=0, description="The version you edited (409 if older).")


class Publication(BaseModel):
    model_config = request_model_config({"major": False})

    major: bool = Field(False, description="A major change starts learners over.")


class QuestionShown(BaseModel):
    kind: str
    language: str
    prompt: str
    options: list[dict[str, str]]


class CueView(BaseModel):
    cue_id: str
    at: float
    kind: CueKind
    required: bool
    must_be_correct: bool
    text: str
    url: str | None
    options: list[BranchOptionIn]
    question_id: str | None
    question: QuestionShown | None


def _question_shown(snapshot: dict[str, Any] | None, language: str) -> QuestionShown | None:
    if not snapshot:
        return None
    from chalicelib.learning import video_play  # only a cue with a question shows one

    shown = video_play.shown_question({"question": snapshot}, language)
    assert shown is not None
    return QuestionShown(
        kind=snapshot["kind"],
        language=shown.language,
        prompt=shown.prompt,
        options=[{"id": o.id, "text": o.text} for o in shown.options],
    )


def cue_views(
    cues: list[dict[str, Any]], language: str, questions: dict[str, dict[str, Any]]
) -> list[CueView]:
    """Cues as a player shows them: never a question's answer key."""
    return [
        CueView(
            cue_id=cue["cue_id"],
            at=cue["at"],
            kind=cue["kind"],
            required=bool(cue.get("required")),
            must_be_correct=bool(cue.get("must_be_correct")),
            text=cue.get("text") or "",
            url=cue.get("url"),
            options=[BranchOptionIn(**o) for o in cue.get("options") or []],
            question_id=cue.get("question_id"),
            question=_question_shown(
                cue.get("question") or questions.get(cue.get("question_id") or ""), language
            ),
        )
        for cue in cues
    ]


def _signed_url(key: str | None) -> str | None:
    return objects.signed_download(key).url if key else None


class CueState(BaseModel):
    done: bool
    attempts: int
    correct: bool | None
    option: int | None


class ViewingView(BaseModel):
    """A learner's viewing as the server counts it."""

    watched: list[list[float]] = Field(description="Merged [from, to] ranges, in seconds.")
    watched_fraction: float
    position: float = Field(description="Where to resume, in seconds.")
    fully_viewed: bool
    seek_limit: float = Field(description="The furthest point the learner may move to now.")
    cues: dict[str, CueState]
    completed: bool
    completed_at: str | None
    version: int = Field(description="The progress's version (another device saving meanwhile: 409).")

    @classmethod
    def of(cls, rules: VideoRules, viewing: Viewing, session: Session) -> ViewingView:
        from chalicelib.learning import video_rules

        item = session.opened.progress
        return cls(
            watched=[[s, e] for s, e in viewing.watched],
            watched_fraction=round(video_rules.watched_fraction(viewing.watched, rules.duration), 4),
            position=viewing.position,
            fully_viewed=viewing.fully_viewed,
            seek_limit=video_rules.seek_limit(rules, viewing),
            cues={
                cue.cue_id: CueState(
                    done=video_rules.cue_done(cue, viewing.answers.get(cue.cue_id)),
                    attempts=answer.attempts,
                    correct=answer.correct,
                    option=answer.option,
                )
                for cue in rules.cues
                if (answer := viewing.answers.get(cue.cue_id)) is not None
            },
            completed=item.completed_at is not None,
            completed_at=iso(item.completed_at) if item.completed_at else None,
            version=int(item.version or 0),
        )

    @classmethod
    def of_session(cls, session: Session) -> ViewingView:
        return cls.of(session.rules, session.viewing, session)


class VideoPlayer(BaseModel):
    """What a learner's player needs: the video, its cues and their viewing so far."""

    id: str
    title: str
    summary: str
    language: str
    community_id: str | None
    release_version: int
    duration: float
    completion_threshold: float
    block_forward_skip: bool
    video_url: str | None = Field(description="Short-lived; plays with Range requests.")
    poster_url: str | None
    caption_languages: list[str]
    cues: list[CueView]
    viewing: ViewingView

    @classmethod
    def of(cls, session: Session, language: str) -> VideoPlayer:
        release, payload = session.opened.release, session.payload
        shown_language, texts = learning_rules.variant_for(
            items.variants_of(release), language, release.language
        )
        return cls(
            id=release.content_id,
            title=texts.title,
            summary=texts.summary,
            language=shown_language,
            community_id=release.community_id,
            release_version=int(release.release_version),
            duration=session.rules.duration,
            completion_threshold=session.rules.completion_threshold,
            block_forward_skip=session.rules.block_forward_skip,
            video_url=_signed_url(payload.get("video_key")),
            poster_url=_signed_url(payload.get("poster_key")),
            caption_languages=sorted(payload.get("caption_keys") or {}),
            cues=cue_views(payload.get("cues") or [], language, {}),
            viewing=ViewingView.of_session(session),
        )


class VideoWorkingCopy(BaseModel):
    """The author's working copy, with what the editor's preview needs."""

    id: str
    kind: str
    state: str
    version: int
    community_id: str | None
    language: str
    variants: dict[str, VariantTexts]
    author_ids: list[str]
    skill_tags: list[str]
    estimated_minutes: int
    review_on: str | None
    release_version: int
    video: VideoIn
    video_url: str | None
    poster_url: str | None
    cues: list[CueView] = Field(description="The cues as learners would see them (the preview).")
    updated_at: str

    @classmethod
    def of(cls, head: LearningHeadItem, questions: dict[str, dict[str, Any]]) -> VideoWorkingCopy:
        payload = items.payload_of(head)
        authored = {k: payload.get(k) for k in VideoIn.model_fields}
        authored["cues"] = [
            {k: v for k, v in cue.items() if k in CueIn.model_fields} for cue in payload.get("cues") or []
        ]
        return cls(
            id=head.content_id,
            kind=head.kind,
            state=head.state,
            version=int(head.version or 0),
            community_id=head.community_id,
            language=head.language,
            variants={k: VariantTexts(**v) for k, v in json.loads(head.variants or "{}").items()},
            author_ids=list(head.author_ids or []),
            skill_tags=list(head.skill_tags or []),
            estimated_minutes=int(head.estimated_minutes),
            review_on=head.review_on,
            release_version=int(head.release_version or 0),
            video=VideoIn(**{k: v for k, v in authored.items() if v is not None}),
            video_url=_signed_url(payload.get("video_key")),
            poster_url=_signed_url(payload.get("poster_key")),
            cues=cue_views(payload.get("cues") or [], head.language, questions),
            updated_at=iso(head.updated_at),
        )


class WatchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Language | None = Field(None, description="The texts' language (default: the author's).")


class ViewingReport(BaseModel):
    model_config = request_model_config({"segments": [[0, 9.8], [9.8, 14.2]], "position": 14.2})

    segments: list[list[float]] = Field(
        default_factory=list,
        max_length=50,
        description="[from, to] seconds played since the last report, in order.",
    )
    position: float | None = Field(None, ge=0, le=4 * 3600, description="Where the player is now.")


class ReportCounted(BaseModel):
    claimed_seconds: float
    counted_seconds: float = Field(description="What counted: plausible, allowed, before merging.")
    viewing: ViewingView


class CueAnswerIn(BaseModel):
    model_config = request_model_config({"option_ids": ["b"]})

    option_ids: list[str] = Field(default_factory=list, max_length=10)
    number: float | None = Field(None, ge=-1e12, le=1e12)
    option: int | None = Field(None, ge=0, le=3, description="A branch: the index of the option taken.")
    language: Language | None = None


class CueAnswered(BaseModel):
    cue_id: str
    done: bool
    attempts: int
    correct: bool | None
    explanation: str | None = Field(description="Once the question is done (or may not be retried).")
    correct_option_ids: list[str] | None
    jump_to: float | None = Field(description="A branch: where the player goes.")
    viewing: ViewingView


class Captions(BaseModel):
    language: str
    vtt: str = Field(description="The WebVTT file (give it to a <track> as a blob URL).")
