"""What an author writes about a video (its payload), checked, and read back as the rules of
watching it. Pure: which media exist is the use case's business."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.errors import ValidationFailed
from chalicelib.learning.video_rules import (
    BRANCH,
    CUE_KINDS,
    LINK,
    QUESTION,
    TEXT,
    BranchOption,
    Cue,
    VideoRules,
)

LANGUAGES = ("nl", "fr", "en")
MAX_DURATION_SECONDS = 4 * 3600.0
MIN_THRESHOLD, MAX_THRESHOLD = 0.5, 1.0
DEFAULT_THRESHOLD = 0.9
MAX_CUES = 50
MAX_BRANCH_OPTIONS = 4
TEXT_MAX, LABEL_MAX, URL_MAX = 1000, 80, 500
_CUE_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_MEDIA_ID = re.compile(r"^[A-Za-z0-9]{10,40}$")
_URL = re.compile(r"^https?://[^\s]{3,}$")


def _problem(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": field, "message": message, "code": "invalid"}])


def _number(raw: Any, field: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _problem(field, f"{field} is a number.")
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise _problem(field, f"{field} is a number.")
    return value


def _media_id(raw: Any, field: str, required: bool) -> str | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not _MEDIA_ID.match(raw):
        raise _problem(field, f"{field} is the id of an upload.")
    return raw


def _text(raw: Any, field: str, maximum: int, required: bool) -> str:
    text = str(raw or "").strip() if isinstance(raw, str | type(None)) else None
    if text is None or len(text) > maximum or (required and not text):
        raise _problem(field, f"{field} has {'1' if required else '0'} to {maximum} characters.")
    return text


def _cue(raw: Any, i: int, duration: float) -> dict[str, Any]:
    field = f"cues[{i}]"
    if not isinstance(raw, dict):
        raise _problem(field, "A cue is an object.")
    cue_id = raw.get("cue_id")
    if not isinstance(cue_id, str) or not _CUE_ID.match(cue_id):
        raise _problem(f"{field}.cue_id", "A cue id has 1 to 32 letters, digits, - or _.")
    kind = raw.get("kind")
    if kind not in CUE_KINDS:
        raise _problem(f"{field}.kind", f"A cue is one of {', '.join(CUE_KINDS)}.")
    at = _number(raw.get("at"), f"{field}.at")
    if not 0 <= at <= duration:
        raise _problem(f"{field}.at", f"A cue lies between 0 and {duration:g} seconds.")
    cue: dict[str, Any] = {
        "cue_id": cue_id,
        "kind": kind,
        "at": round(at, 3),
        "required": bool(raw.get("required")),
    }
    cue["text"] = _text(raw.get("text"), f"{field}.text", TEXT_MAX, required=kind in (TEXT, LINK))
    if kind == QUESTION:
        question_id = raw.get("question_id")
        if not isinstance(question_id, str) or not _MEDIA_ID.match(question_id):
            raise _problem(f"{field}.question_id", "A question cue names a question of the bank.")
        cue["question_id"] = question_id
        cue["must_be_correct"] = bool(raw.get("must_be_correct"))
    if kind == LINK:
        url = raw.get("url")
        if not isinstance(url, str) or len(url) > URL_MAX or not _URL.match(url):
            raise _problem(f"{field}.url", "A link cue has an http(s) address.")
        cue["url"] = url
    if kind == BRANCH:
        options = raw.get("options")
        if not isinstance(options, list) or not 1 <= len(options) <= MAX_BRANCH_OPTIONS:
            raise _problem(f"{field}.options", f"A branch has 1 to {MAX_BRANCH_OPTIONS} options.")
        checked = []
        for j, option in enumerate(options):
            if not isinstance(option, dict):
                raise _problem(f"{field}.options[{j}]", "An option has a label and a time to jump to.")
            label = _text(option.get("label"), f"{field}.options[{j}].label", LABEL_MAX, required=True)
            to = _number(option.get("to"), f"{field}.options[{j}].to")
            if not 0 <= to < duration:
                raise _problem(f"{field}.options[{j}].to", "A branch jumps to a time within the video.")
            checked.append({"label": label, "to": round(to, 3)})
        cue["options"] = checked
    return cue


def check_payload(raw: dict[str, Any]) -> dict[str, Any]:
    """The video payload an author sent, checked and normalised (what is stored)."""
    duration = _number(raw.get("duration"), "duration")
    if not 0 < duration <= MAX_DURATION_SECONDS:
        raise _problem("duration", "A video lasts more than 0 seconds and at most 4 hours.")
    threshold = _number(raw.get("completion_threshold", DEFAULT_THRESHOLD), "completion_threshold")
    if not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise _problem("completion_threshold", "The completion threshold is 0.5 to 1.")
    captions = raw.get("captions") or {}
    if not isinstance(captions, dict):
        raise _problem("captions", "Captions are a WebVTT upload per language.")
    for language, media_id in captions.items():
        if language not in LANGUAGES:
            raise _problem(f"captions.{language}", "Captions are in nl, fr or en.")
        _media_id(media_id, f"captions.{language}", required=True)
    cues_raw = raw.get("cues") or []
    if not isinstance(cues_raw, list) or len(cues_raw) > MAX_CUES:
        raise _problem("cues", f"A video has at most {MAX_CUES} cues.")
    cues = [_cue(cue, i, duration) for i, cue in enumerate(cues_raw)]
    if len({cue["cue_id"] for cue in cues}) != len(cues):
        raise _problem("cues", "Each cue has its own id.")
    return {
        "media_id": _media_id(raw.get("media_id"), "media_id", required=True),
        "poster_media_id": _media_id(raw.get("poster_media_id"), "poster_media_id", required=False),
        "duration": round(duration, 3),
        "completion_threshold": threshold,
        "block_forward_skip": bool(raw.get("block_forward_skip", True)),
        "captions": dict(sorted(captions.items())),
        "cues": sorted(cues, key=lambda cue: cue["at"]),
    }


def rules_of(payload: dict[str, Any]) -> VideoRules:
    """The rules of watching a stored (checked) payload."""
    cues = tuple(
        Cue(
            cue_id=cue["cue_id"],
            at=float(cue["at"]),
            kind=cue["kind"],
            required=bool(cue.get("required")),
            must_be_correct=bool(cue.get("must_be_correct")),
            question_id=cue.get("question_id"),
            text=cue.get("text") or "",
            url=cue.get("url"),
            options=tuple(BranchOption(o["label"], float(o["to"])) for o in cue.get("options") or []),
        )
        for cue in payload.get("cues") or []
    )
    return VideoRules(
        duration=float(payload.get("duration") or 0),
        completion_threshold=float(payload.get("completion_threshold") or DEFAULT_THRESHOLD),
        block_forward_skip=bool(payload.get("block_forward_skip", True)),
        cues=cues,
    )
