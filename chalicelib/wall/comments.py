"""Comments on posts and replies to comments (one level deep).

A reply's public id is "<comment id>-<reply id>": the thread stays one ordered query (replies
sort right after their comment) and any comment is found again from its id alone.
"""

from __future__ import annotations

from typing import Any

from pynamodb.expressions.update import Action

from chalicelib.communities.membership import load_access
from chalicelib.errors import Forbidden, NotFound
from chalicelib.ids import new_id, utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import keys, wall
from chalicelib.store.models import CommentItem, PostItem
from chalicelib.store.pages import Page
from chalicelib.wall import screening
from chalicelib.wall.content import COMMENT_MAX_CHARS, check_body, mentioned_user_ids
from chalicelib.wall.posts import check_mentions, save_screened_edit
from chalicelib.wall.published import find_comment, published, require_comment, require_post
from chalicelib.wall.published import public_comment_id as public_comment_id


def add_comment(
    principal: Principal, community_id: str, post_id: str, body: str, reply_to: str | None = None
) -> CommentItem:
    access = load_access(principal, community_id, with_word_list=True).require_poster()
    post = require_post(principal, community_id, post_id)
    text = check_body(body, COMMENT_MAX_CHARS)
    mentions = mentioned_user_ids(text)
    check_mentions(principal.org_id, community_id, mentions)
    parent = None
    if reply_to is not None:
        parent = require_comment(principal, post, reply_to)
        if parent.parent_comment_id:
            raise NotFound("Replies go to a comment, not to another reply.")
    comment_id = new_id()
    comment = CommentItem(
        keys.thread_pk(principal.org_id, post_id),
        keys.comment_sk(comment_id, parent.comment_id if parent else None),
        org_id=principal.org_id,
        comment_id=comment_id,
        post_id=post_id,
        parent_comment_id=parent.comment_id if parent else None,
        community_id=community_id,
        author_id=principal.user_id,
        author_name=access.membership.display_name if access.membership else "",
        body=text,
        mentions=mentions,
        created_at=utc_now(),
        status=screening.status_for(access, text),  # "held" for review if it matches the word list
    )
    wall.save_comment(comment, post, parent, alongside=screening.writes_alongside(principal, access, comment))
    count_business_event("CommentAdded" if comment.status == "published" else "CommentHeld")
    return comment


def edit_comment(
    principal: Principal, community_id: str, post_id: str, public_id: str, body: str
) -> CommentItem:
    access = load_access(principal, community_id, with_word_list=True).require_poster()
    post = require_post(principal, community_id, post_id)
    comment = require_comment(principal, post, public_id)
    if comment.author_id != principal.user_id:
        raise Forbidden("Only the author can edit a comment.")
    comment.body = check_body(body, COMMENT_MAX_CHARS)
    comment.mentions = mentioned_user_ids(comment.body)
    check_mentions(principal.org_id, community_id, comment.mentions)
    comment.edited_at = utc_now()
    actions: list[Action] = [
        CommentItem.body.set(comment.body),
        CommentItem.mentions.set(comment.mentions),
        CommentItem.edited_at.set(comment.edited_at),
    ]
    save_screened_edit(principal, access, comment, actions)
    return comment


def delete_comment(principal: Principal, community_id: str, post_id: str, public_id: str) -> None:
    access = load_access(principal, community_id)
    post = wall.get_post(principal.org_id, community_id, post_id)
    if post is None:
        raise NotFound("This post is not there (any more).")
    comment = find_comment(principal, post, public_id)
    if comment is None or comment.status == "deleted":
        return
    if comment.author_id != principal.user_id and not access.is_moderator:
        raise Forbidden("Only the author or a moderator can delete a comment.")
    wall.remove_comment(comment, post, [CommentItem.status.set("deleted"), CommentItem.body.set("")])


def thread(
    principal: Principal, post: PostItem | None, limit: int, after: dict[str, Any] | None
) -> Page[CommentItem]:
    """The comments of a post, oldest first, each followed by its replies. Deleted ones show as gone.

    `post` as the route's access check read it (from the community in the path), not read again."""
    shown = published(post)
    load_access(principal, shown.community_id).require_wall_reader()
    return wall.list_thread(principal.org_id, shown.post_id, limit, after)
