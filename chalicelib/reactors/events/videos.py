"""Events of interactive videos: a question of the bank answered at a video's cue (the hook spaced
refreshers follow). They come from the learner's progress item, whose `state` keeps what they did
at each cue: an answering shows as a cue whose number of attempts went up."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class QuestionAnsweredAtVideoCue(DomainEvent):
    """A learner answered a question of the bank at a cue of a video, judged by the server. Each
    attempt is one (a cue that must be answered right may take several)."""

    user_id: str
    question_id: str
    correct: bool
    content_id: str
    cue_id: str
    attempt: int
    community_id: str | None
    answered_at: str
    major: int

    @property
    def source_id(self) -> str:
        return f"video-cue#{self.content_id}#{self.user_id}#{self.cue_id}#{self.major}#{self.attempt}"


def _cues(image: dict[str, Any] | None) -> dict[str, Any]:
    if not image:
        return {}
    try:
        cues = (json.loads(image.get("state") or "{}") or {}).get("cues") or {}
    except (ValueError, AttributeError):
        return {}
    return cues if isinstance(cues, dict) else {}


def video_cue_events(change: ItemChange) -> list[DomainEvent]:
    new = change.new
    if change.event_name == "REMOVE" or not new or new.get("kind") != "video":
        return []
    old = change.old or {}
    same_run = bool(old) and int(old.get("major") or 0) == int(new.get("major") or 0)
    before = _cues(old) if same_run else {}
    events: list[DomainEvent] = []
    for cue_id, answer in sorted(_cues(new).items()):
        if not isinstance(answer, dict) or not answer.get("question_id"):
            continue
        attempts = int(answer.get("attempts") or 1)
        previous = before.get(cue_id)
        if isinstance(previous, dict) and int(previous.get("attempts") or 1) >= attempts:
            continue
        events.append(
            QuestionAnsweredAtVideoCue(
                org_id=new["org_id"],
                user_id=new["user_id"],
                question_id=str(answer["question_id"]),
                correct=bool(answer.get("correct")),
                content_id=new["content_id"],
                cue_id=cue_id,
                attempt=attempts,
                community_id=new.get("community_id"),
                answered_at=str(answer.get("at") or new.get("updated_at") or ""),
                major=int(new.get("major") or 0),
            )
        )
    return events
