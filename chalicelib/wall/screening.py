"""What happens to a new or edited post or comment before it is written: held for review if it
matches the organisation's word list, and counted against its author's posting limits.

Both go in the same transaction as the post or comment (no extra round trip): the word list
was read with the access check, the counters are conditional updates. An edit is screened as
it will read after the edit, exactly like new content: otherwise a post published harmless could
be edited into what the list holds.
"""

from __future__ import annotations

from datetime import datetime

from chalicelib.communities.access import CommunityAccess
from chalicelib.config import get_config
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store.models import CommentItem, ContentItem, ModerationCaseItem, PostItem
from chalicelib.store.moderation import (
    WritesAlongside,
    case_key,
    comment_target_key,
    post_target_key,
    rate_windows,
)
from chalicelib.wall.words import matching_words


def status_for(access: CommunityAccess, body: str) -> str:
    """ "held" when the body contains a word of the organisation's list, else "published"."""
    return "held" if matching_words(body, access.word_list) else "published"


def writes_alongside(
    principal: Principal, access: CommunityAccess, content: ContentItem, edit: bool = False
) -> WritesAlongside:
    """The author's posting counters and, for held content, its entry in the moderation queue
    (for an edit, the case it may have already: its reports stay)."""
    config = get_config()
    now = utc_now()
    windows = rate_windows(now, config.post_rate_per_minute, config.post_rate_per_day)
    held_case = None
    if content.status == "held":
        words = matching_words(content.body, access.word_list)
        held_case = _held_case(principal, content, words, now if edit else content.created_at)
    return WritesAlongside(principal.org_id, principal.user_id, now, windows, held_case, case_may_exist=edit)


def _held_case(
    principal: Principal, content: ContentItem, words: list[str], opened_at: datetime
) -> ModerationCaseItem:
    comment_id = None
    if isinstance(content, CommentItem):
        parent = content.parent_comment_id
        comment_id = f"{parent}-{content.comment_id}" if parent else content.comment_id  # its public id
        target_key = comment_target_key(content.post_id, content.comment_id, comment_id)
        post_id = content.post_id
    else:
        assert isinstance(content, PostItem)
        target_key = post_target_key(content.post_id)
        post_id = content.post_id
    pk, sk = case_key(principal.org_id, content.community_id, target_key)
    return ModerationCaseItem(
        pk,
        sk,
        org_id=principal.org_id,
        community_id=content.community_id,
        target_kind="comment" if comment_id else "post",
        post_id=post_id,
        comment_id=comment_id,
        author_id=content.author_id,
        author_name=content.author_name,
        body=content.body,
        held=True,
        held_words=words,
        opened_at=opened_at,
    )
