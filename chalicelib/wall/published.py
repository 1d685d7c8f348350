"""A post or a comment that is there for others to see, read by its id: what reacting to it,
reporting it or following it checks first, without the code that writes posts and comments
(screening, attachments: posts.py, comments.py).

A reply's public id is "<comment id>-<reply id>" (comments.py).
"""

from __future__ import annotations

from chalicelib.errors import NotFound
from chalicelib.principal import Principal
from chalicelib.store import wall
from chalicelib.store.models import CommentItem, PostItem


def require_post(principal: Principal, community_id: str, post_id: str) -> PostItem:
    return published(wall.get_post(principal.org_id, community_id, post_id))


def published(post: PostItem | None) -> PostItem:
    """The post if others may see it: not deleted, held or removed."""
    if post is None or post.status != "published":
        raise NotFound("This post is not there (any more).")
    return post


def public_comment_id(comment: CommentItem) -> str:
    if comment.parent_comment_id:
        return f"{comment.parent_comment_id}-{comment.comment_id}"
    return comment.comment_id


def split_comment_id(public_id: str) -> tuple[str, str | None]:
    """(comment id, parent id or None) of a public comment id."""
    parent, _, own = public_id.partition("-")
    return (own, parent) if own else (parent, None)


def find_comment(principal: Principal, post: PostItem, public_id: str) -> CommentItem | None:
    """A comment of `post`, whatever its status. The post was read from the community in the path,
    so the comment -> post -> community chain holds before anything is written."""
    comment_id, parent_id = split_comment_id(public_id)
    comment = wall.get_comment(principal.org_id, post.post_id, comment_id, parent_id)
    if comment is None or comment.post_id != post.post_id or comment.community_id != post.community_id:
        return None
    return comment


def require_comment(principal: Principal, post: PostItem, public_id: str) -> CommentItem:
    comment = find_comment(principal, post, public_id)
    if comment is None or comment.status != "published":
        raise NotFound("This comment is not there (any more).")
    return comment
