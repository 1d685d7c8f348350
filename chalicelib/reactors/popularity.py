"""Keeps each post's place in the "popular this week" index in step with its engagement."""

from __future__ import annotations

from chalicelib.reactors.events import PostRankChanged
from chalicelib.store import wall


def rank_post(event: PostRankChanged) -> None:
    # Stream records of one item arrive in order, so the latest image wins; a replay sets the same keys.
    # A post that is gone has no rank to keep.
    wall.place_in_popular_index(
        event.org_id, event.community_id, event.post_id, event.popular_pk, event.popular_sk
    )
