"""Keeps each member's contribution counters (shown on their profile) in step with events."""

from __future__ import annotations

from chalicelib.observability import count_business_event
from chalicelib.reactors.events import PostPublished
from chalicelib.store import keys
from chalicelib.store.effects import apply_once
from chalicelib.store.models import UserItem


def count_published_post(event: PostPublished) -> None:
    author = UserItem(keys.org_pk(event.org_id), keys.user_sk(event.author_id))
    if apply_once(event.org_id, event.source_id, "member-post-count", author, [UserItem.post_count.add(1)]):
        count_business_event("PostCounted")
