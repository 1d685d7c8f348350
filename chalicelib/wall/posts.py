"""Publishing, editing, deleting, pinning and spotlighting posts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.update import Action

from chalicelib.communities.access import CommunityAccess
from chalicelib.communities.membership import load_access
from chalicelib.communities.skills import normalise_tags
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.media.attachments import attachable_media, schedule_deletion
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import keys, memberships, wall
from chalicelib.store.batch import get_items
from chalicelib.store.media import attachment_of
from chalicelib.store.models import CommunityItem, CommunityMemberItem, ContentItem, PostItem
from chalicelib.wall import screening
from chalicelib.wall.content import POST_MAX_CHARS, check_body, mentioned_user_ids
from chalicelib.wall.published import require_post

MAX_PINNED = 3


@dataclass(frozen=True)
class PostDraft:
    body: str
    skill_tags: list[str]
    media_ids: list[str]


def check_mentions(org_id: str, community_id: str, user_ids: list[str]) -> None:
    """Only members of the community can be mentioned (one batch read)."""
    if not user_ids:
        return
    wanted = [memberships.membership_key(org_id, community_id, user_id) for user_id in user_ids]
    found = get_items(wanted)
    missing = [
        user_id
        for user_id, key in zip(user_ids, wanted, strict=True)
        if not isinstance(found.get(key), CommunityMemberItem) or found[key].status != "active"  # type: ignore[attr-defined]
    ]
    if missing:
        raise ValidationFailed(
            "Only members of this community can be mentioned.",
            [
                {"field": "body", "message": f"not a member: {user_id}", "code": "mention"}
                for user_id in missing
            ],
        )


def _author_name(access: CommunityAccess) -> str:
    return access.membership.display_name if access.membership is not None else ""


def _new_post(
    principal: Principal, access: CommunityAccess, body: str, mentions: list[str], **attributes: Any
) -> PostItem:
    """A post by the principal in the community of `access`, held for review if it matches the word list."""
    post_id = new_id()
    community = access.community
    return PostItem(
        keys.community_pk(principal.org_id, community.community_id),
        keys.post_sk(post_id),
        org_id=principal.org_id,
        post_id=post_id,
        community_id=community.community_id,
        community_visibility=community.visibility,
        author_id=principal.user_id,
        author_name=_author_name(access),
        body=body,
        mentions=mentions,
        created_at=utc_now(),
        status=screening.status_for(access, body),
        **attributes,
    )


def publish_post(
    principal: Principal,
    community_id: str,
    draft: PostDraft,
    amend: Callable[[PostItem], None] | None = None,
) -> PostItem:
    """`amend`: what a kind of post adds before it is written (a question: chalicelib/qa)."""
    access = load_access(principal, community_id, with_word_list=True).require_poster()
    body = check_body(draft.body, POST_MAX_CHARS)
    mentions = mentioned_user_ids(body)
    check_mentions(principal.org_id, community_id, mentions)
    media = attachable_media(principal, draft.media_ids)
    post = _new_post(
        principal,
        access,
        body,
        mentions,
        skill_tags=normalise_tags(draft.skill_tags),
        media_ids=[item.media_id for item in media],
        attachments=[attachment_of(item) for item in media],
    )
    if amend is not None:
        amend(post)
    wall.save_post(post, media=media, alongside=screening.writes_alongside(principal, access, post))
    count_business_event("PostPublished" if post.status == "published" else "PostHeld")
    return post


def share_post(
    principal: Principal, from_community_id: str, post_id: str, to_community_id: str, comment: str
) -> PostItem:
    """Share a post into another community the sharer belongs to, optionally with a comment.

    A share is a post: the same word list, rate limits and counters apply to it."""
    load_access(principal, from_community_id).require_wall_reader()
    original = require_post(principal, from_community_id, post_id)
    target = load_access(principal, to_community_id, with_word_list=True).require_poster()
    if original.shared_post_id:
        raise Conflict("Share the original post instead of a share.")
    body = check_body(comment, POST_MAX_CHARS) if comment.strip() else ""
    mentions = mentioned_user_ids(body) if body else []
    check_mentions(principal.org_id, to_community_id, mentions)
    share = _new_post(
        principal,
        target,
        body,
        mentions,
        shared_post_id=original.post_id,
        shared_community_id=from_community_id,
        shared_author_id=original.author_id,
    )
    wall.save_post(share, shared=original, alongside=screening.writes_alongside(principal, target, share))
    count_business_event("PostShared")
    return share


def get_post(principal: Principal, community_id: str, post_id: str) -> PostItem:
    load_access(principal, community_id).require_wall_reader()
    return require_post(principal, community_id, post_id)


def edit_post(
    principal: Principal, community_id: str, post_id: str, body: str | None, tags: list[str] | None
) -> PostItem:
    access = load_access(principal, community_id, with_word_list=True).require_poster()
    post = require_post(principal, community_id, post_id)
    if post.author_id != principal.user_id:
        raise Forbidden("Only the author can edit a post.")
    post.edited_at = utc_now()
    actions: list[Action] = [PostItem.edited_at.set(post.edited_at)]
    if body is not None:
        post.body = check_body(body, POST_MAX_CHARS)
        post.mentions = mentioned_user_ids(post.body)
        check_mentions(principal.org_id, community_id, post.mentions)
        actions += [PostItem.body.set(post.body), PostItem.mentions.set(post.mentions)]
    if tags is not None:
        post.skill_tags = normalise_tags(tags)
        actions.append(PostItem.skill_tags.set(post.skill_tags))
    save_screened_edit(principal, access, post, actions)
    return post


def save_screened_edit(
    principal: Principal, access: CommunityAccess, item: ContentItem, actions: list[Action]
) -> None:
    """Write an edit of a published post or comment (`item` as it reads after the edit), screened
    like new content: the author's posting limits apply, and if the word list matches, it is held
    for review (out of the feeds and counters, into the moderation queue) as publishing would."""
    item.status = screening.status_for(access, item.body)
    held = item.status == "held"
    if held:
        actions = [*actions, type(item).status.set("held")]
    wall.save_edit(item, actions, held, screening.writes_alongside(principal, access, item, edit=True))
    if held:
        count_business_event("PostHeld" if isinstance(item, PostItem) else "CommentHeld")


def delete_post(principal: Principal, community_id: str, post_id: str) -> None:
    """Soft delete by the author or a moderator: the post leaves every feed, its thread stays consistent."""
    access = load_access(principal, community_id)
    post = wall.get_post(principal.org_id, community_id, post_id)
    if post is None:
        return
    if post.status == "deleted":
        # Deleting twice changes nothing; it only finishes scheduling its media's deletion if that failed.
        schedule_deletion(principal.org_id, post.post_id, [a.id for a in post.attachments], retry=True)
        return
    if post.author_id != principal.user_id and not access.is_moderator:
        raise Forbidden("Only the author or a moderator can delete a post.")
    wall.remove_post(post, [PostItem.status.set("deleted"), PostItem.body.set("")])
    schedule_deletion(principal.org_id, post.post_id, [a.id for a in post.attachments])
    if post.post_id in access.community.pinned_post_ids:
        set_pinned(principal, community_id, post_id, pinned=False)


def set_pinned(principal: Principal, community_id: str, post_id: str, pinned: bool) -> CommunityItem:
    access = load_access(principal, community_id).require_moderator()
    community = access.community
    current = [pid for pid in community.pinned_post_ids if pid != post_id]
    if pinned:
        require_post(principal, community_id, post_id)
        if len(current) >= MAX_PINNED:
            raise Conflict(f"At most {MAX_PINNED} posts can be pinned; unpin one first.")
        current.insert(0, post_id)
    community.update(
        actions=[CommunityItem.pinned_post_ids.set(current)],
        condition=CommunityItem.pinned_post_ids == list(community.pinned_post_ids),
    )
    return community


def spotlight_post(principal: Principal, community_id: str, post_id: str, reason: str) -> PostItem:
    load_access(principal, community_id).require_moderator()
    post = require_post(principal, community_id, post_id)
    if post.author_id == principal.user_id:
        raise Forbidden("No one spotlights their own post: another moderator can.")
    actions: list[Action] = [
        PostItem.spotlight_reason.set(reason),
        PostItem.spotlight_at.set(utc_now()),
        PostItem.spotlight_by.set(principal.user_id),
    ]
    wall.update_content(post, actions, expected_status="published")
    count_business_event("PostSpotlighted")
    return post


def spotlight_member(principal: Principal, community_id: str, user_id: str, reason: str) -> CommunityItem:
    """The community's role model of the week, with the moderator's explanation shown to everyone."""
    access = load_access(principal, community_id).require_moderator().require_open_for_changes()
    if user_id == principal.user_id:
        raise Forbidden("No one spotlights themselves: another moderator can.")
    member = memberships.get_membership(principal.org_id, community_id, user_id)
    if member is None or member.status != "active":
        raise NotFound("This person is not a member of the community.")
    community = access.community
    community.update(
        actions=[
            CommunityItem.spotlight_user_id.set(user_id),
            CommunityItem.spotlight_user_reason.set(reason),
            CommunityItem.spotlight_user_at.set(utc_now()),
            CommunityItem.spotlight_user_by.set(principal.user_id),
        ]
    )
    count_business_event("MemberSpotlighted")
    return community
