"""Rules for what people write: a safe markdown subset, mentions, links and limits.

Bodies are stored as written and rendered by the clients with a safe markdown subset
(emphasis, lists, quotes, code, links). Raw HTML and links other than http(s) and mailto are
refused, so nothing a client renders can run script. Mentions are written as
`@[Display Name](user:<user id>)`.
"""

from __future__ import annotations

import re

from chalicelib.errors import ValidationFailed

POST_MAX_CHARS = 5000
COMMENT_MAX_CHARS = 2000
MAX_MENTIONS = 20
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(\s*([^)\s]+)[^)]*\)")
_MENTION = re.compile(r"@\[[^\]]{1,80}\]\(user:([A-Za-z0-9-]{1,64})\)")
_ALLOWED_LINK = re.compile(r"^(https?://|mailto:|user:)", re.IGNORECASE)


def check_body(body: str, max_chars: int) -> str:
    text = body.strip()
    if not text:
        raise ValidationFailed(
            "Write something first.", [{"field": "body", "message": "empty", "code": "empty"}]
        )
    if len(text) > max_chars:
        raise ValidationFailed(
            f"At most {max_chars} characters.", [{"field": "body", "message": "too long", "code": "too_long"}]
        )
    if _HTML_TAG.search(text):
        raise ValidationFailed(
            "HTML is not allowed; use markdown.", [{"field": "body", "message": "html", "code": "html"}]
        )
    for target in _MARKDOWN_LINK.findall(text):
        if not _ALLOWED_LINK.match(target):
            raise ValidationFailed(
                "Links must start with https://, http:// or mailto:.",
                [{"field": "body", "message": "unsafe link", "code": "unsafe_link"}],
            )
    return text


def mentioned_user_ids(body: str) -> list[str]:
    mentioned = list(dict.fromkeys(_MENTION.findall(body)))
    if len(mentioned) > MAX_MENTIONS:
        raise ValidationFailed(f"At most {MAX_MENTIONS} people can be mentioned at once.")
    return mentioned


def normalise_tags(tags: list[str]) -> list[str]:
    cleaned = sorted({tag.strip().lower().lstrip("#") for tag in tags if tag.strip()})
    if any(len(tag) > 40 or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", tag) for tag in cleaned):
        raise ValidationFailed("Skill tags are short words: letters, digits, - and _.")
    return cleaned
