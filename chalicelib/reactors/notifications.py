"""Follows posts for their authors and commenters, and fills members' inboxes from domain events.

Only this consumer writes notifications, never a request. Each notification's id is derived
from its source event (the comment, the reaction's target and day, the spotlight's moment),
so a redelivered or replayed record finds it there and changes nothing; reaction digests count
each person once. Nobody is notified of their own action, and texts follow the recipient's
language, read with their profile in one batch. Only those who may read the community when the
event is handled hear of it (chalicelib/communities/audience.py): someone who left an invite-only
community, was removed from it or deactivated hears nothing more of its threads.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.communities.audience import readers
from chalicelib.notifications import texts
from chalicelib.observability import count_business_event
from chalicelib.store import notifications as inbox
from chalicelib.store import wall
from chalicelib.store.models import UserItem

if TYPE_CHECKING:  # annotations only: a batch loads the event classes of the records it carries
    from chalicelib.reactors.events import (
        CommentAdded,
        ContentModerated,
        JoinApproved,
        MemberSpotlighted,
        Mentioned,
        NotificationRemoved,
        PostPublished,
        PostSpotlighted,
        ReactionGiven,
    )

DEFAULT_TIMEZONE = "Europe/Brussels"


def _moment(value: str) -> str:
    """A stored timestamp as digits to the millisecond, for ids: 2026-11-23T09:00:00.123 -> ...123."""
    return re.sub(r"\D", "", value)[:17]


def _deliver(org_id: str, recipient: UserItem, notification_id: str, kind: str, **attributes: Any) -> None:
    note = inbox.new_note(
        org_id, recipient.user_id, notification_id, kind=kind, language=recipient.language, **attributes
    )
    if inbox.deliver(note):
        count_business_event("NotificationDelivered")


# Following -----------------------------------------------------------------------------------


def follow_own_post(event: PostPublished) -> None:
    inbox.follow_once(
        inbox.new_follower(
            event.org_id, event.community_id, event.post_id, event.author_id, "author", event.post_id, True
        )
    )


# Mentions and comments -----------------------------------------------------------------------


def notify_mentioned(event: Mentioned) -> None:
    recipients = [user_id for user_id in event.mentioned_ids if user_id != event.author_id]
    if not recipients:
        return
    for profile in readers(event.org_id, event.community_id, recipients).profiles.values():
        _deliver(
            event.org_id,
            profile,
            event.content_id,
            texts.MENTION,
            actor_id=event.author_id,
            actor_name=event.author_name,
            community_id=event.community_id,
            post_id=event.post_id,
            comment_id=event.comment_id,
            target_kind="comment" if event.comment_id else "post",
        )


def _comment_recipients(event: CommentAdded) -> tuple[dict[str, str], bool]:
    """Who hears of a new comment, and as what: reply to your comment > your post > a post you follow;
    and whether the commenter follows the post already."""
    kinds: dict[str, str] = {}
    following = inbox.followers(event.org_id, event.post_id)
    for follower in following:
        if follower.since_id < event.comment_id:  # only comments made after they started following
            kind = (
                texts.COMMENT_ON_YOUR_POST if follower.reason == "author" else texts.COMMENT_ON_FOLLOWED_POST
            )
            kinds[follower.user_id] = kind
    if event.parent_comment_id:
        parent = wall.get_comment(event.org_id, event.post_id, event.parent_comment_id, None)
        if parent is not None and parent.status == "published":
            kinds[parent.author_id] = texts.REPLY_TO_YOUR_COMMENT
    kinds.pop(event.author_id, None)
    return kinds, any(follower.user_id == event.author_id for follower in following)


def notify_comment(event: CommentAdded) -> None:
    recipients, follows_already = _comment_recipients(event)
    # The commenter follows the post from now on (unless they chose to unfollow it before). One who
    # follows it already (its author, an earlier comment) is left as they are: a conditional put
    # that finds them there would still cost a write.
    if not follows_already:
        inbox.follow_once(
            inbox.new_follower(
                event.org_id,
                event.community_id,
                event.post_id,
                event.author_id,
                "commenter",
                event.comment_id,
                True,
            )
        )
    if not recipients:
        return
    for user_id, profile in readers(event.org_id, event.community_id, recipients).profiles.items():
        # The same id as a mention of this person in this comment: whichever came first stays.
        _deliver(
            event.org_id,
            profile,
            event.comment_id,
            recipients[user_id],
            actor_id=event.author_id,
            actor_name=event.author_name,
            community_id=event.community_id,
            post_id=event.post_id,
            comment_id=event.public_id,
            target_kind="comment",
        )


# Reactions -----------------------------------------------------------------------------------


def _day(reacted_at: str, timezone: str) -> str:
    try:
        moment = datetime.strptime(reacted_at, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        moment = datetime.fromisoformat(reacted_at)
    try:
        zone = ZoneInfo(timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TIMEZONE)
    return moment.astimezone(zone).strftime("%Y%m%d")


def notify_reaction(event: ReactionGiven) -> None:
    """One digest per recipient, target and day (in the recipient's time zone), each reactor counted once."""
    if event.user_id == event.target_author_id:
        return
    # The reactor could read the post, so they are (almost always) among its readers: one read.
    found = readers(event.org_id, event.community_id, [event.target_author_id, event.user_id]).profiles
    recipient = found.get(event.target_author_id)
    if recipient is None:
        return
    actor = found.get(event.user_id)
    actor_name = actor.display_name if actor is not None else ""
    digest = inbox.new_note(
        event.org_id,
        recipient.user_id,
        f"{event.target_id}-r{_day(event.reacted_at, recipient.timezone)}",
        kind=texts.REACTION_DIGEST,
        language=recipient.language,
        community_id=event.community_id,
        post_id=event.post_id,
        comment_id=event.target_id if event.target_kind == "comment" else None,
        target_kind=event.target_kind,
    )
    if inbox.add_to_digest(digest, event.user_id, actor_name):
        count_business_event("ReactionDigested")


# Spotlights and memberships ------------------------------------------------------------------


def notify_post_spotlighted(event: PostSpotlighted) -> None:
    if event.spotlight_by == event.author_id:
        return
    found = readers(event.org_id, event.community_id, [event.author_id])
    for profile in found.profiles.values():
        _deliver(
            event.org_id,
            profile,
            f"{event.post_id}-s{_moment(event.spotlight_at)}",
            texts.POST_SPOTLIGHTED,
            actor_id=event.spotlight_by,
            community_id=event.community_id,
            community_name=found.community.name if found.community is not None else "",
            post_id=event.post_id,
            target_kind="post",
        )


def notify_member_spotlighted(event: MemberSpotlighted) -> None:
    if event.spotlight_by == event.user_id:
        return
    for profile in readers(event.org_id, event.community_id, [event.user_id]).profiles.values():
        _deliver(
            event.org_id,
            profile,
            f"{event.community_id}-m{_moment(event.spotlight_at)}",
            texts.MEMBER_SPOTLIGHTED,
            actor_id=event.spotlight_by,
            community_id=event.community_id,
            community_name=event.community_name,
        )


def notify_join_approved(event: JoinApproved) -> None:
    found = readers(event.org_id, event.community_id, [event.user_id])
    for profile in found.profiles.values():
        _deliver(
            event.org_id,
            profile,
            f"{event.community_id}-j{_moment(event.since)}",
            texts.JOIN_APPROVED,
            community_id=event.community_id,
            community_name=found.community.name if found.community is not None else "",
        )


def notify_content_moderated(event: ContentModerated) -> None:
    """The author hears that a moderator hid or removed their post or comment, and why."""
    if event.moderator_id == event.author_id:
        return
    found = readers(event.org_id, event.community_id, [event.author_id])
    for profile in found.profiles.values():
        _deliver(
            event.org_id,
            profile,
            f"{event.comment_id or event.post_id}-x{event.entry_id}",
            texts.CONTENT_MODERATED,  # moderators stay unnamed: "a moderator", as in the log's audience
            community_id=event.community_id,
            community_name=found.community.name if found.community is not None else "",
            post_id=event.post_id,
            comment_id=event.comment_id,
            target_kind=event.target_kind,
            moderation_action=event.action,
            reason=event.reason,
        )


def uncount_removed_notification(event: NotificationRemoved) -> None:
    if event.unread:
        inbox.uncount_removed(event.org_id, event.recipient_id, event.source_id)
