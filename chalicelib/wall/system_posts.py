"""Posts the system writes on a community wall (badge announcements, campaign posts).

Their author is `kring`; `system_kind` says what they are and `system_texts` holds them in nl, fr
and en (the body is the organisation's language). The event mappers skip them: they earn nobody
points, counters or follows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.ids import SYSTEM_AUTHOR_ID, SYSTEM_AUTHOR_NAME
from chalicelib.store import keys
from chalicelib.store.models import CommunityItem, PostItem
from chalicelib.store.wall import texts_document


def new_system_post(
    community: CommunityItem,
    post_id: str,
    kind: str,
    texts: dict[str, str],
    language: str,
    created_at: datetime,
    **system: Any,
) -> PostItem:
    """A system post of `kind` on `community`'s wall; `system` sets its `system_*` attributes."""
    return PostItem(
        keys.community_pk(community.org_id, community.community_id),
        keys.post_sk(post_id),
        org_id=community.org_id,
        post_id=post_id,
        community_id=community.community_id,
        community_visibility=community.visibility,
        author_id=SYSTEM_AUTHOR_ID,
        author_name=SYSTEM_AUTHOR_NAME,
        body=texts.get(language, texts["en"]),
        mentions=[],
        created_at=created_at,
        status="published",
        system_kind=kind,
        system_texts=texts_document(texts),
        **system,
    )
