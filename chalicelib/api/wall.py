"""The wall: posts, comments, reactions, shares and feeds."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.api.wall_common import (
    EXAMPLE_BODY,
    POST,
    POSTS,
    Author,
    ContentStatus,
    MyReaction,
    ReactionRequest,
    Reactions,
    ReactionType,
    api,
    reactions_of,
)
from chalicelib.communities.membership import load_access
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.store.models import AttachmentAttribute, PostItem
from chalicelib.wall import feed, media_urls
from chalicelib.wall.published import published


class SharedPost(BaseModel):
    community_id: str
    post_id: str
    available: bool | None = None  # False: the shared post was deleted or hidden (on wall pages)


class PostSpotlight(BaseModel):
    reason: str
    since: str


class Attachment(BaseModel):
    """Attached media, with its display URL while the post is published (GET /v1/media/{id} signs
    a fresh one when it has expired, or when the answer carries none)."""

    id: str
    kind: Literal["image", "video", "document"]
    content_type: str
    file_name: str | None = Field(None, description="As uploaded (made safe); unknown on older posts.")
    url: str | None = Field(None, description="A signed download URL, good until url_expires_at.")
    url_expires_at: str | None = None

    @classmethod
    def of(cls, post: PostItem, attachment: AttachmentAttribute) -> Attachment:
        download = media_urls.display_download(post, attachment)
        return cls(
            id=attachment.id,
            kind=attachment.kind,  # type: ignore[arg-type]
            content_type=attachment.content_type,
            file_name=str(attachment.object_key).rsplit("/", 1)[-1] if attachment.object_key else None,
            url=download.url if download else None,
            url_expires_at=iso(download.expires_at) if download else None,
        )


class SystemPost(BaseModel):
    """What a post the system wrote is about (author "kring"): show `texts` in the reader's language."""

    kind: Literal["badge_awarded", "campaign_opened", "campaign_recap"]
    user_id: str | None  # who it is about
    badge_id: str | None
    texts: dict[str, str]  # nl, fr, en
    campaign_id: str | None = None  # campaign_opened, campaign_recap

    @classmethod
    def of(cls, item: PostItem) -> SystemPost | None:
        if not item.system_kind:
            return None
        try:
            texts = {str(k): str(v) for k, v in json.loads(item.system_texts or "{}").items()}
        except (ValueError, AttributeError):
            texts = {}
        return cls(
            kind=item.system_kind,  # type: ignore[arg-type]
            user_id=item.system_user_id,
            badge_id=item.system_badge_id,
            texts=texts,
            campaign_id=item.system_campaign_id,
        )


class Post(BaseModel):
    id: str
    community_id: str
    author: Author
    body: str
    mentions: list[str]
    skill_tags: list[str]
    media_ids: list[str]
    attachments: list[Attachment]
    reactions: Reactions
    my_reaction: ReactionType | None
    comment_count: int
    share_count: int
    shared: SharedPost | None
    spotlight: PostSpotlight | None
    created_at: str
    edited_at: str | None
    status: ContentStatus
    system: SystemPost | None = None  # set on posts the system wrote, e.g. badge announcements
    # A question (GET /v1/communities/{id}/questions/{post_id} shows its answers).
    kind: Literal["post", "question"] = "post"

    @classmethod
    def of(cls, item: PostItem, my_reaction: str | None = None, original_gone: bool | None = None) -> Post:
        shared = None
        if item.shared_post_id and item.shared_community_id:
            available = None if original_gone is None else not original_gone
            shared = SharedPost(
                community_id=item.shared_community_id, post_id=item.shared_post_id, available=available
            )
        spotlight = None
        if item.spotlight_reason and item.spotlight_at:
            spotlight = PostSpotlight(reason=item.spotlight_reason, since=iso(item.spotlight_at))
        return cls(
            id=item.post_id,
            community_id=item.community_id,
            author=Author(id=item.author_id, display_name=item.author_name or ""),
            body=item.body,
            mentions=[str(m) for m in item.mentions],
            skill_tags=[str(t) for t in item.skill_tags],
            media_ids=[str(m) for m in item.media_ids],
            attachments=[Attachment.of(item, a) for a in item.attachments],
            reactions=reactions_of(item),
            my_reaction=my_reaction,  # type: ignore[arg-type]
            comment_count=int(item.comment_count or 0),
            share_count=int(item.share_count or 0),
            shared=shared,
            spotlight=spotlight,
            created_at=iso(item.created_at),
            edited_at=iso(item.edited_at) if item.edited_at else None,
            status=item.status,  # type: ignore[arg-type]
            system=SystemPost.of(item),
            kind="question" if item.post_kind == "question" else "post",
        )


class PostPage(BaseModel):
    items: list[Post]
    next_cursor: str | None


class NewPost(BaseModel):
    model_config = request_model_config({"body": EXAMPLE_BODY, "skill_tags": ["video-calls"]})

    body: str = Field(min_length=1, max_length=5000)
    skill_tags: list[str] = Field(default_factory=list, max_length=10)
    media_ids: list[str] = Field(default_factory=list, max_length=10)


class PostChange(BaseModel):
    model_config = request_model_config({"body": "Today I learned how to share my screen (edited)."})

    body: str | None = Field(None, min_length=1, max_length=5000)
    skill_tags: list[str] | None = Field(None, max_length=10)


class ShareRequest(BaseModel):
    model_config = request_model_config(
        {"to_community_id": "01JDEMOCOMMUNITY000000000", "comment": "Worth reading for our team too"}
    )

    to_community_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    comment: str = Field("", max_length=5000)


class SpotlightRequest(BaseModel):
    model_config = request_model_config(
        {"reason": "A clear, friendly explanation that helped many colleagues"}
    )

    reason: str = Field(min_length=1, max_length=280)


class HomeFeedQuery(BaseModel):
    limit: int = Field(20, ge=1, le=50)
    before: str | None = Field(
        None, pattern=r"^[0-9A-HJKMNP-TV-Z]{26}$", description="Show posts older than this post id."
    )


def _original_gone(page: feed.FeedPage, post: PostItem) -> bool | None:
    if not post.shared_post_id or not page.originals_checked:
        return None
    return post.post_id in page.gone_originals


def _feed_page(page: feed.FeedPage, next_cursor: str | None) -> PostPage:
    return PostPage(
        items=[Post.of(p, page.my_reactions.get(p.post_id), _original_gone(page, p)) for p in page.posts],
        next_cursor=next_cursor,
    )


@api.route(
    POSTS,
    "GET",
    operation_id="listCommunityPosts",
    relation=Relation.COMMUNITY_READER,
    summary="The community's wall, newest first, with my reactions",
    query=PageQuery,
    response=PostPage,
)
def list_posts(request: ApiRequest) -> PostPage:
    page = feed.community_feed(
        request.principal,
        request.path_params["community_id"],
        request.query.limit,
        request.cursor_in(request.query.cursor),
    )
    return _feed_page(page, request.cursor_out(page.last_key))


@api.route(
    POSTS,
    "POST",
    operation_id="publishPost",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Post on the community's wall (members)",
    request=NewPost,
    response=Post,
    status=201,
    idempotent=True,
)
def publish_post(request: ApiRequest) -> Created:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes
    from chalicelib.wall.posts import PostDraft

    body: NewPost = request.body
    post = posts.publish_post(
        request.principal,
        request.path_params["community_id"],
        PostDraft(body.body, list(body.skill_tags), list(body.media_ids)),
    )
    return Created(Post.of(post), f"/v1/communities/{post.community_id}/posts/{post.post_id}")


@api.route(
    "/v1/communities/{community_id}/pinned",
    "GET",
    operation_id="listPinnedPosts",
    relation=Relation.COMMUNITY_READER,
    summary="The community's pinned posts, with my reactions",
    response=PostPage,
)
def list_pinned(request: ApiRequest) -> PostPage:
    access = load_access(request.principal, request.path_params["community_id"]).require_wall_reader()
    return _feed_page(feed.pinned_posts(request.principal, access), None)


@api.route(
    "/v1/feed",
    "GET",
    operation_id="getHomeFeed",
    relation=Relation.ORG_MEMBER,
    summary="Newest posts across my communities, with my reactions",
    query=HomeFeedQuery,
    response=PostPage,
)
def home_feed(request: ApiRequest) -> PostPage:
    page = feed.home_feed(request.principal, request.query.limit, request.query.before)
    # The cursor is the last post shown: ids sort by time, so "older than it" continues the feed.
    next_before = page.posts[-1].post_id if len(page.posts) == request.query.limit else None
    return _feed_page(page, next_before)


class PopularQuery(BaseModel):
    limit: int = Field(20, ge=1, le=50)


@api.route(
    "/v1/feed/popular",
    "GET",
    operation_id="getPopularThisWeek",
    relation=Relation.ORG_MEMBER,
    summary="This week's most engaging posts of the open communities, with my reactions",
    query=PopularQuery,
    response=PostPage,
)
def popular_feed(request: ApiRequest) -> PostPage:
    return _feed_page(feed.popular_this_week(request.principal, request.query.limit), None)


@api.route(
    POST,
    "GET",
    operation_id="getPost",
    relation=Relation.COMMUNITY_READER,
    summary="One post, with my reaction",
    response=Post,
)
def get_post(request: ApiRequest) -> Post:
    post = published(request.resolved.post)  # read with the access check: reader of its community
    return Post.of(post, feed.my_reaction_to(request.principal, post))


@api.route(
    POST,
    "PATCH",
    operation_id="editPost",
    relation=Relation.POST_AUTHOR,
    summary="Edit my post (marked as edited)",
    request=PostChange,
    response=Post,
)
def edit_post(request: ApiRequest) -> Post:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes

    change: PostChange = request.body
    if change.body is None and change.skill_tags is None:
        raise ValidationFailed("Send body or skill_tags.")
    post = posts.edit_post(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        change.body,
        None if change.skill_tags is None else list(change.skill_tags),
    )
    return Post.of(post)


@api.route(
    POST,
    "DELETE",
    operation_id="deletePost",
    relation=Relation.POST_AUTHOR_OR_MODERATOR,
    summary="Delete a post (its author or a moderator)",
)
def delete_post(request: ApiRequest) -> None:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes

    posts.delete_post(request.principal, request.path_params["community_id"], request.path_params["post_id"])


@api.route(
    POST + "/pin",
    "PUT",
    operation_id="pinPost",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Pin a post on top of the wall (moderators)",
)
def pin_post(request: ApiRequest) -> None:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes

    posts.set_pinned(
        request.principal, request.path_params["community_id"], request.path_params["post_id"], True
    )


@api.route(
    POST + "/pin",
    "DELETE",
    operation_id="unpinPost",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Unpin a post (moderators)",
)
def unpin_post(request: ApiRequest) -> None:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes

    posts.set_pinned(
        request.principal, request.path_params["community_id"], request.path_params["post_id"], False
    )


@api.route(
    POST + "/spotlight",
    "PUT",
    operation_id="spotlightPost",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Put a post in the spotlight, with the reason shown to everyone (moderators)",
    request=SpotlightRequest,
    response=Post,
)
def spotlight_post(request: ApiRequest) -> Post:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes

    post = posts.spotlight_post(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.body.reason,
    )
    return Post.of(post)


@api.route(
    POST + "/shares",
    "POST",
    operation_id="sharePost",
    relation=Relation.COMMUNITY_READER,
    summary="Share a post into another community I belong to",
    request=ShareRequest,
    response=Post,
    status=201,
    idempotent=True,
)
def share_post(request: ApiRequest) -> Created:
    from chalicelib.wall import posts  # screening, attachments: not loaded by the feed routes

    share = posts.share_post(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.body.to_community_id,
        request.body.comment,
    )
    return Created(Post.of(share), f"/v1/communities/{share.community_id}/posts/{share.post_id}")


@api.route(
    POST + "/reaction",
    "PUT",
    operation_id="reactToPost",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Set my reaction to a post",
    request=ReactionRequest,
    response=MyReaction,
)
def react_to_post(request: ApiRequest) -> MyReaction:
    from chalicelib.wall import reactions  # reacting: the feed routes do not load it

    reaction = reactions.react(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        None,
        request.body.reaction,
    )
    return MyReaction(reaction=reaction)  # type: ignore[arg-type]


@api.route(
    POST + "/reaction",
    "DELETE",
    operation_id="removePostReaction",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Remove my reaction to a post",
)
def remove_post_reaction(request: ApiRequest) -> None:
    from chalicelib.wall import reactions  # reacting: the feed routes do not load it

    reactions.unreact(
        request.principal, request.path_params["community_id"], request.path_params["post_id"], None
    )
