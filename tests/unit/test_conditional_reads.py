"""A small read that clients repeat (the live intervision state) answers a conditional request with
304 only when the tag the client sends is the current one."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.api.framework import NotModified, Tagged


class Small(BaseModel):
    version: int


def test_the_current_tag_is_not_modified_and_any_other_gets_the_body() -> None:
    tagged = Tagged(Small(version=3), '"v3"')
    assert tagged.answering('"v3"') == NotModified('"v3"')
    assert tagged.answering('W/"v3"') == NotModified('"v3"')  # a proxy may weaken it
    assert tagged.answering('"v1", "v3"') == NotModified('"v3"')
    for stale in ('"v2"', "", "v3", '"v3', None):
        assert tagged.answering(stale) is tagged
