"""Rules for what people write: a safe markdown subset, mentions, links and limits.

Bodies are stored as written and rendered by the clients with a safe markdown subset
(emphasis, lists, quotes, code, links). Raw HTML and links other than http(s) and mailto are
refused, so nothing a client renders can run script. Mentions are written as
`@[Display Name](user:<user id>)`.

Links and HTML are found by one left-to-right scan (`scan_markdown`), not by regular
expressions: a pattern such as `\\[[^\\]]*\\]\\(\\s*([^)\\s]+)[^)]*\\)` backtracks polynomially, and
a 5,000-character body of repeated `[a](` kept a request busy for half a minute. Every look-ahead
of the scan stops at a character that starts the next candidate, so each character is examined
a bounded number of times; `BodyScan.steps` counts them, and the unit tests hold it to a small
multiple of the body's length.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from chalicelib.errors import ValidationFailed

POST_MAX_CHARS = 5000
COMMENT_MAX_CHARS = 2000
MAX_MENTIONS = 20
# Bounded quantifiers only: each match attempt examines at most ~150 characters.
_MENTION = re.compile(r"@\[[^\]]{1,80}\]\(user:([A-Za-z0-9-]{1,64})\)")
# An inline link's destination, as written, must start with one of these (case-insensitive).
ALLOWED_LINK_PREFIXES = ("https://", "http://", "mailto:", "user:")
# The schemes a link reference definition may name (one without a scheme is a relative link).
SAFE_SCHEMES = frozenset({"https", "http", "mailto", "user"})
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_ENTITY_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#")
_MAX_ENTITY_CHARS = 32  # the longest HTML entity name is 31 characters


@dataclass(frozen=True)
class BodyScan:
    html: bool  # a raw HTML tag (or an autolink: `<scheme:...>` reads as one)
    unsafe_link: bool  # an inline link or a link reference definition with a destination we refuse
    steps: int  # characters examined, look-aheads included


def _is_space(char: str) -> bool:
    # Markdown's whitespace, plus the ASCII controls browsers drop from URLs.
    return char.isspace() or ord(char) < 0x20 or char == "\x7f"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.steps = 0
        self.html = False
        self.unsafe_link = False
        self._run_end = (-1, -1)  # the last whitespace-free run measured: (its start, its end)

    def _at(self, index: int) -> str:
        """The character at `index` ("" past the end), counted as one step."""
        self.steps += 1
        return self.text[index] if index < len(self.text) else ""

    def run(self) -> None:
        text = self.text
        # "Is there a closing `)` / `>` somewhere after here?" is one comparison with these.
        last_paren = text.rfind(")")
        last_angle = text.rfind(">")
        self.steps += 2 * len(text)
        bracket_seen = False
        for index, char in enumerate(text):
            self.steps += 1
            if char == "[":
                bracket_seen = True
            elif char == "<":
                self.html = self.html or self._tag_at(index, last_angle)
            elif char == "]" and bracket_seen:
                follower = self._at(index + 1)
                if follower == "(":
                    self.unsafe_link = self.unsafe_link or self._unsafe_inline(index + 2, last_paren)
                elif follower == ":":
                    self.unsafe_link = self.unsafe_link or self._unsafe_definition(index + 2)

    def _skip_spaces(self, index: int, also_controls: bool = False) -> int:
        """The first index from `index` on that is not whitespace (`\\s`; or an ASCII control)."""
        while (char := self._at(index)) and (char.isspace() or (also_controls and _is_space(char))):
            index += 1
        return index

    def _tag_at(self, index: int, last_angle: int) -> bool:
        """What `<\\s*/?\\s*[a-zA-Z!][^>]*>` matches at `index`: the look-ahead stops at the first
        character that is not a space or `/`, which is at latest the next `<`."""
        at = self._skip_spaces(index + 1)
        if self._at(at) == "/":
            at = self._skip_spaces(at + 1)
        char = self._at(at)
        return ((char.isascii() and char.isalpha()) or char == "!") and last_angle > at

    def _unsafe_inline(self, index: int, last_paren: int) -> bool:
        """`[text](destination ...)`: the destination as written must start with an allowed prefix.

        A `](` after any `[` counts, so link text with brackets inside (`[a [b] c](...)`) is
        checked too; a destination needs a `)` somewhere after it, as before."""
        start = self._skip_spaces(index)
        first = self._at(start)
        if not first or first == ")" or last_paren <= start:
            return False
        prefix, offset = "", 0
        # Compare at most as far as the longest allowed prefix, and stop at the first mismatch.
        while candidates := [p for p in ALLOWED_LINK_PREFIXES if p.startswith(prefix)]:
            if prefix in candidates:
                return False
            char = self._at(start + offset)
            if not char or char == ")" or char.isspace():
                return True
            prefix, offset = prefix + char.lower(), offset + 1
        return True

    def _unsafe_definition(self, index: int) -> bool:
        """`[label]: destination "title"`: a link reference definition, whose label links elsewhere
        in the body point at its destination. Refused when the destination names a scheme other
        than http(s), mailto or user: read as a browser would after the markdown renderer (entities
        decoded, backslashes, tabs and line breaks dropped, case ignored)."""
        start = self._skip_spaces(index, also_controls=True)
        angled = self._at(start) == "<"
        scheme = self._scheme(start + 1 if angled else start, angled)
        if scheme is None or scheme in SAFE_SCHEMES:
            return False
        return self._definition_ends_after(start, angled)

    def _scheme(self, index: int, angled: bool) -> str | None:
        """The destination's scheme, lower-cased, or None for a relative one. The look-ahead stops
        at the first character that cannot be part of a scheme, such as the next `]`."""
        scheme = ""
        while char := self._at(index):
            index += 1
            if char == "\\":
                continue
            if _is_space(char):
                if not angled:
                    return None  # a bare destination ends at a space: nothing named a scheme
                continue
            if char == "&":
                char, index = self._entity(index)
                if _is_space(char):
                    continue  # `&Tab;` is a tab in the link the renderer writes, and browsers drop it
            if char == ":":
                return scheme or None
            if char not in _SCHEME_CHARS or (not scheme and not char.isalpha()):
                return None
            scheme += char.lower()
        return None

    def _entity(self, index: int) -> tuple[str, int]:
        """The character an entity reference starting after `&` stands for, and where it ends;
        ("&", index) when it is no entity."""
        end = index
        while end - index < _MAX_ENTITY_CHARS and (char := self._at(end)) and char in _ENTITY_NAME_CHARS:
            end += 1
        if self._at(end) != ";" or end == index:
            return "&", index
        decoded = html.unescape(self.text[index - 1 : end + 1])
        return (decoded if len(decoded) == 1 else "&"), end + 1

    def _definition_ends_after(self, start: int, angled: bool) -> bool:
        """Whether a definition's destination is followed by what a definition allows: the end of
        the line (or body), or a title. Otherwise the line is plain text, not a definition."""
        end = self._angled_end(start) if angled else self._run_end_from(start)
        if end is None:
            return False
        after = end
        while (char := self._at(after)) and char in (" ", "\t"):
            after += 1
        return char in ("", "\n", "\r", '"', "'", "(")

    def _angled_end(self, start: int) -> int | None:
        """Just after the `>` closing `<destination>`; None if a line break or `<` comes first."""
        index = start + 1
        while char := self._at(index):
            if char == "\\":
                index += 2
                continue
            if char == ">":
                return index + 1
            if char in ("<", "\n", "\r"):
                return None
            index += 1
        return None

    def _run_end_from(self, start: int) -> int:
        """The end of the whitespace-free run holding `start`. Destinations of several definitions
        can share one run (`[a]:x:y]:x:y...`): it is measured once."""
        run_start, run_end = self._run_end
        if run_start <= start < run_end:
            return run_end
        end = start
        while (char := self._at(end)) and not _is_space(char):
            end += 1
        self._run_end = (start, end)
        return end


def scan_markdown(text: str) -> BodyScan:
    """Raw HTML and unsafe links in a body, in one pass (see the module's docstring)."""
    scanner = _Scanner(text)
    scanner.run()
    return BodyScan(scanner.html, scanner.unsafe_link, scanner.steps)


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
    scan = scan_markdown(text)
    if scan.html:
        raise ValidationFailed(
            "HTML is not allowed; use markdown.", [{"field": "body", "message": "html", "code": "html"}]
        )
    if scan.unsafe_link:
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
