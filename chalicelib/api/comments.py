"""The comment routes of the wall: a post's thread, replies, edits and reactions to comments."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.api.wall_common import (
    COMMENT,
    POST,
    Author,
    ContentStatus,
    MyReaction,
    ReactionRequest,
    Reactions,
    ReactionType,
    api,
    reactions_of,
)
from chalicelib.ids import iso
from chalicelib.store.models import CommentItem
from chalicelib.wall import comments, feed, reactions


class Comment(BaseModel):
    id: str
    post_id: str
    reply_to: str | None
    author: Author
    body: str
    mentions: list[str]
    reactions: Reactions
    my_reaction: ReactionType | None
    reply_count: int
    deleted: bool
    created_at: str
    edited_at: str | None
    status: ContentStatus

    @classmethod
    def of(cls, item: CommentItem, my_reaction: str | None = None) -> Comment:
        deleted = item.status in ("deleted", "hidden")  # a held comment is shown to its author
        return cls(
            id=comments.public_comment_id(item),
            post_id=item.post_id,
            reply_to=item.parent_comment_id,
            author=Author(id=item.author_id, display_name=item.author_name or ""),
            body="" if deleted else item.body,
            mentions=[] if deleted else [str(m) for m in item.mentions],
            reactions=reactions_of(item),
            my_reaction=my_reaction,  # type: ignore[arg-type]
            reply_count=int(item.reply_count or 0),
            deleted=deleted,
            created_at=iso(item.created_at),
            edited_at=iso(item.edited_at) if item.edited_at else None,
            status=item.status,  # type: ignore[arg-type]
        )


class CommentPage(BaseModel):
    items: list[Comment]
    next_cursor: str | None


class NewComment(BaseModel):
    model_config = request_model_config({"body": "Great tip, thanks!"})

    body: str = Field(min_length=1, max_length=2000)


@api.route(
    POST + "/comments",
    "GET",
    operation_id="listComments",
    relation=Relation.COMMUNITY_READER,
    summary="Comments, oldest first, each followed by its replies",
    query=PageQuery,
    response=CommentPage,
)
def list_comments(request: ApiRequest) -> CommentPage:
    post_id = request.path_params["post_id"]
    # The post was read with the access check, from the community in the path.
    page = comments.thread(
        request.principal, request.resolved.post, request.query.limit, request.cursor_in(request.query.cursor)
    )
    mine = feed.thread_reactions(request.principal, post_id, page.items)
    return CommentPage(
        items=[Comment.of(c, mine.get(c.comment_id)) for c in page.items],
        next_cursor=request.cursor_out(page.last_key),
    )


@api.route(
    POST + "/comments",
    "POST",
    operation_id="addComment",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Comment on a post (members)",
    request=NewComment,
    response=Comment,
    status=201,
    idempotent=True,
)
def add_comment(request: ApiRequest) -> Created:
    comment = comments.add_comment(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.body.body,
    )
    location = f"/v1/communities/{comment.community_id}/posts/{comment.post_id}/comments/{comment.comment_id}"
    return Created(Comment.of(comment), location)


@api.route(
    COMMENT + "/replies",
    "POST",
    operation_id="replyToComment",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Reply to a comment (members)",
    request=NewComment,
    response=Comment,
    status=201,
    idempotent=True,
)
def reply_to_comment(request: ApiRequest) -> Created:
    reply = comments.add_comment(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.body.body,
        reply_to=request.path_params["comment_id"],
    )
    public_id = comments.public_comment_id(reply)
    return Created(
        Comment.of(reply), f"/v1/communities/{reply.community_id}/posts/{reply.post_id}/comments/{public_id}"
    )


@api.route(
    COMMENT,
    "PATCH",
    operation_id="editComment",
    relation=Relation.COMMENT_AUTHOR,
    summary="Edit my comment or reply",
    request=NewComment,
    response=Comment,
)
def edit_comment(request: ApiRequest) -> Comment:
    comment = comments.edit_comment(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.path_params["comment_id"],
        request.body.body,
    )
    return Comment.of(comment)


@api.route(
    COMMENT,
    "DELETE",
    operation_id="deleteComment",
    relation=Relation.COMMENT_AUTHOR_OR_MODERATOR,
    summary="Delete a comment or reply (author or moderator)",
)
def delete_comment(request: ApiRequest) -> None:
    comments.delete_comment(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.path_params["comment_id"],
    )


@api.route(
    COMMENT + "/reaction",
    "PUT",
    operation_id="reactToComment",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Set my reaction to a comment",
    request=ReactionRequest,
    response=MyReaction,
)
def react_to_comment(request: ApiRequest) -> MyReaction:
    reaction = reactions.react(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.path_params["comment_id"],
        request.body.reaction,
    )
    return MyReaction(reaction=reaction)  # type: ignore[arg-type]


@api.route(
    COMMENT + "/reaction",
    "DELETE",
    operation_id="removeCommentReaction",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Remove my reaction to a comment",
)
def remove_comment_reaction(request: ApiRequest) -> None:
    reactions.unreact(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.path_params["comment_id"],
    )
