"""What people may write: the link and HTML rules, read in one pass whatever the body looks like.

Work is measured by the scan's own count of characters examined (look-aheads included), never by
a clock: a body of length n must cost at most a small multiple of n, and twice the body twice the
work.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from chalicelib.errors import ValidationFailed
from chalicelib.wall import content
from chalicelib.wall.content import POST_MAX_CHARS, BodyScan, check_body, scan_markdown

STEPS_PER_CHARACTER = 8  # the scan examines each character a few times at most (5 in the worst shape)

PATHOLOGICAL_SHAPES = [
    "[a](",  # the body that kept the old pattern busy for half a minute at 5,000 characters
    "[[[[",
    "](((",
    "[a [b [c](",
    "[a](https://ok [b](",
    "]:",
    "[x]:javascript:",
    "[x]: <javascript:",
    "[x]: <java\tscript:alert(1) ",
    "[x]: java&Tab;script&#58;",
    "[x]: &&&&",
    "<a",
    "< / ",
    "<<<>",
    "[x](   ",
    "[x]:    \n",
]


def _error_code(body: str) -> str | None:
    try:
        check_body(body, POST_MAX_CHARS)
    except ValidationFailed as refused:
        errors = refused.extra["errors"]
        return str(errors[0]["code"]) if errors else "refused"
    return None


@pytest.mark.parametrize("shape", PATHOLOGICAL_SHAPES)
def test_a_pathological_body_costs_work_in_proportion_to_its_length(shape: str) -> None:
    body = shape * 10_000
    twice = shape * 20_000

    work, work_twice = scan_markdown(body).steps, scan_markdown(twice).steps

    assert work <= STEPS_PER_CHARACTER * len(body)
    assert work_twice <= 2 * work + 10  # linear: twice the body, twice the work (not four or eight times)


def test_posting_the_longest_pathological_body_goes_through_the_one_pass_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scans: list[BodyScan] = []
    real_scan: Callable[[str], BodyScan] = content.scan_markdown

    def counted(text: str) -> BodyScan:
        scans.append(real_scan(text))
        return scans[-1]

    monkeypatch.setattr(content, "scan_markdown", counted)
    body = ("[a](" * POST_MAX_CHARS)[:POST_MAX_CHARS]

    assert check_body(body, POST_MAX_CHARS) == body  # no link: a `(` that is never closed
    (scan,) = scans
    assert scan.steps <= STEPS_PER_CHARACTER * len(body)


@pytest.mark.parametrize(
    "body",
    [
        "Thanks @[Sofie](user:01HZX) for the **tip**! https://example.com",
        "See [the docs](https://example.com/a_(b)) and [mail me](mailto:me@example.com)",
        "[HTTP](HTTP://EXAMPLE.COM) works in capitals",
        "[1]: https://example.com/reference",
        "[mail]: mailto:me@example.com 'Write to me'",
        "Footnote[^1]\n\n[^1]: a note about it",
        "[Tip]: Python: use f-strings",  # text, not a definition: a definition's line ends after its link
        "[EDIT]: javascript is fun too",
        "Arrays: a[0](1) is not a call",  # `1` has no scheme, but an inline link must be http(s)...
    ],
)
def test_ordinary_markdown_stays_allowed(body: str) -> None:
    expected = "unsafe_link" if body.startswith("Arrays") else None  # ...as it always had to be
    assert _error_code(body) == expected


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<script>alert(1)</script>", "html"),
        ("[click](javascript:alert(1))", "unsafe_link"),
        ("[click]( JaVaScRiPt:alert(1))", "unsafe_link"),
        ("[click](/relative/path)", "unsafe_link"),
        ("![img](data:image/svg+xml;base64,PHN2Zz4=)", "unsafe_link"),
        ("[a [nested] text](javascript:alert(1))", "unsafe_link"),
        ("[a](https://ok [b](javascript:alert(1)))", "unsafe_link"),
        ("[click](<javascript:alert(1)>)", "html"),  # `<...>` reads as a tag first
    ],
)
def test_inline_links_must_be_web_or_mail_links(body: str, code: str) -> None:
    assert _error_code(body) == code


@pytest.mark.parametrize(
    "body",
    [
        "[x]: javascript:alert(1)\n\nClick [x]",
        "[x]:javascript:alert(1)",
        "[x]:\n  javascript:alert(1)",
        "[x]: data:text/html,<b>hi</b>",
        "[x]: data:text/html;base64,PGI+aGk8L2I+",
        "[x]: JaVaScRiPt:alert(1)",
        "[x]: vbscript:msgbox(1)",
        "[x]: javascript:alert(1) 'a title'",
        '[x]: javascript:alert(1)\n"a title on the next line"',
        "[x]: java&Tab;script:alert(1)",
        "[x]: javascript&#58;alert(1)",
        "[x]: javascript&colon;alert(1)",
        "[x]: &#x6A;avascript:alert(1)",
        "[x]: java\\script:alert(1)",
        "[x]: <java\tscript:alert(1)>",
        "[x]: < javascript:alert(1)>",
        "> [x]: javascript:alert(1)",
        "- [x]: javascript:alert(1)",
        "Text\n\n[a [b] c]: javascript:alert(1)",
    ],
)
def test_reference_definitions_with_an_unsafe_scheme_are_refused(body: str) -> None:
    assert _error_code(body) in ("unsafe_link", "html")  # `<...>` is refused as raw HTML already


def test_autolinks_are_refused_as_raw_html() -> None:
    for body in ("<javascript:alert(1)>", "<JaVaScRiPt:alert(1)>", "< data:text/html,x>", "<java\tscript:x>"):
        assert _error_code(body) == "html"


# An independent reading: a CommonMark renderer (markdown-it-py) that accepts every link and
# leaves destinations as the body spells them (entities decoded, escapes removed), then the
# scheme a browser would see in the resulting href.
_RENDERER = MarkdownIt("commonmark")
_RENDERER.validateLink = lambda url: True  # type: ignore[method-assign]
_RENDERER.normalizeLink = lambda url: url  # type: ignore[method-assign]
_BROWSER_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def _schemes_a_browser_would_follow(body: str) -> set[str]:
    schemes = set()
    for token in _RENDERER.parse(body):
        for child in token.children or []:
            target = child.attrGet("href") if child.type == "link_open" else child.attrGet("src")
            if not isinstance(target, str):
                continue
            cleaned = re.sub(r"[\t\n\r]", "", target.strip("".join(map(chr, range(0x21)))))
            if found := _BROWSER_SCHEME.match(cleaned):
                schemes.add(found.group(1).lower())
    return schemes


_FRAGMENTS = [
    "[", "]", "(", ")", ":", "<", ">", " ", "\t", "\n", "\\", "!", '"t"', "x", "alert(1)",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "data:text/html,x", "vbscript:",
    "https://ok.example", "mailto:me@example.com", "&#58;", "&colon;", "&Tab;", "&#x6A;", "> ", "- ",
]  # fmt: skip
_DESTINATION_PARTS = [
    "java", "script", "JaVa", "data", "vb", ":", "alert(1)", "https://ok", "&Tab;", "&NewLine;", "&#58;",
    "&#0000058;", "&colon;", "&#x6A;", "%3A", "\t", "\n", " ", "\\", "<", ">", "(", ")",
]  # fmt: skip
_free_form = st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=30).map("".join)
_link_shaped = st.builds(
    lambda before, label, opening, destination, after: f"{before}[{label}]{opening}{destination}{after}",
    st.sampled_from(["", "> ", "- ", "1. ", "Text\n\n", "   ", "[", "[a [b] c"]),
    st.sampled_from(["x", "a b", "", "[y]"]),
    st.sampled_from(["(", "( ", "(<", "(\n", ": ", ":", ":\n", ": <"]),
    st.lists(st.sampled_from(_DESTINATION_PARTS), min_size=1, max_size=8).map("".join),
    st.sampled_from(["", ")", ">)", ">", "\n", " 'title'", " x", "\n\n[x]"]),
)


@settings(max_examples=600, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_free_form, _link_shaped))
def test_no_body_a_renderer_would_turn_into_a_script_link_is_accepted(body: str) -> None:
    unsafe = _schemes_a_browser_would_follow(body) - content.SAFE_SCHEMES
    if unsafe and body.strip():
        assert _error_code(body) is not None, f"{body!r} links to {unsafe}"
