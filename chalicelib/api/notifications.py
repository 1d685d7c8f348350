"""Following posts, and my notification inbox (/v1/me/notifications)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.ids import iso
from chalicelib.notifications import inbox, texts
from chalicelib.store.models import NotificationItem

api = Api(__name__, tag="notifications")

NotificationKind = Literal[
    "mention",
    "comment_on_your_post",
    "comment_on_followed_post",
    "reply_to_your_comment",
    "reaction_digest",
    "post_spotlighted",
    "member_spotlighted",
    "join_approved",
    "level_up",
    "badge_awarded",
    "campaign_opened",
    "campaign_reminder",
    "content_moderated",
    "refreshers_due",
    "content_outdated",
    "learning_review_due",
    "question_for_you",
    "question_escalated",
    "answer_to_your_question",
    "answer_accepted",
    "workshop_promoted",
    "workshop_reminder",
    "workshop_cancelled",
    "pair_published",
    "pair_check_in",
    "intervision_session_soon",
]


class Actor(BaseModel):
    id: str
    display_name: str


class Notification(BaseModel):
    id: str
    kind: NotificationKind
    text: str
    unread: bool
    actor: Actor | None
    actor_count: int
    community_id: str | None
    post_id: str | None
    comment_id: str | None
    created_at: str
    updated_at: str
    badge_id: str | None = None  # badge_awarded: the badge (see GET /v1/badges)
    campaign_id: str | None = None  # campaign_opened / campaign_reminder (see GET /v1/campaigns/{id})
    # learning_review_due, content_outdated: the lesson or video; workshop_*: the workshop
    # learning_review_due, content_outdated: the lesson or video; pair_published, pair_check_in: the pair
    content_id: str | None = None

    @classmethod
    def of(cls, item: NotificationItem) -> Notification:
        count = int(item.actor_count or 1)
        return cls(
            id=item.notification_id,
            kind=item.kind,  # type: ignore[arg-type]
            text=texts.render(
                item.kind,
                item.language,
                actor_name=item.actor_name,
                actor_count=count,
                target_kind=item.target_kind,
                community_name=item.community_name,
                level=int(item.level) if item.level is not None else None,
                badge_name=item.badge_name,
                campaign_title=item.campaign_title,
                action=item.moderation_action,
                reason=item.reason,
                content_title=item.content_title,
            ),
            unread=bool(item.unread),
            actor=Actor(id=item.actor_id, display_name=item.actor_name or "") if item.actor_id else None,
            actor_count=count,
            community_id=item.community_id,
            post_id=item.post_id,
            comment_id=item.comment_id,
            created_at=iso(item.created_at),
            updated_at=iso(item.updated_at),
            badge_id=item.badge_id,
            campaign_id=item.campaign_id,
            content_id=item.content_id,
        )


class NotificationPage(BaseModel):
    items: list[Notification]
    next_cursor: str | None


class UnreadCount(BaseModel):
    unread: int


FOLLOW = "/v1/communities/{community_id}/posts/{post_id}/follow"
INBOX = "/v1/me/notifications"


@api.route(
    FOLLOW,
    "PUT",
    operation_id="followPost",
    relation=Relation.COMMUNITY_READER,
    summary="Follow a post: hear about its new comments",
)
def follow_post(request: ApiRequest) -> None:
    inbox.follow_post(request.principal, request.path_params["community_id"], request.path_params["post_id"])


@api.route(
    FOLLOW,
    "DELETE",
    operation_id="unfollowPost",
    relation=Relation.COMMUNITY_READER,
    summary="Stop following a post",
)
def unfollow_post(request: ApiRequest) -> None:
    inbox.unfollow_post(
        request.principal, request.path_params["community_id"], request.path_params["post_id"]
    )


@api.route(
    INBOX,
    "GET",
    operation_id="listMyNotifications",
    relation=Relation.SELF,
    summary="My notifications, newest first, in my language",
    query=PageQuery,
    response=NotificationPage,
)
def list_my_notifications(request: ApiRequest) -> NotificationPage:
    page = inbox.my_notifications(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return NotificationPage(
        items=[Notification.of(item) for item in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    INBOX + "/unread-count",
    "GET",
    operation_id="getUnreadNotificationCount",
    relation=Relation.SELF,
    summary="How many of my notifications are unread",
    response=UnreadCount,
)
def unread_count(request: ApiRequest) -> UnreadCount:
    return UnreadCount(unread=inbox.my_unread_count(request.principal))


@api.route(
    INBOX + "/{notification_id}/read",
    "POST",
    operation_id="markNotificationRead",
    relation=Relation.SELF,
    summary="Mark one of my notifications read (again: no change)",
)
def mark_read(request: ApiRequest) -> None:
    inbox.mark_read(request.principal, request.path_params["notification_id"])


@api.route(
    INBOX + "/read-all",
    "POST",
    operation_id="markAllNotificationsRead",
    relation=Relation.SELF,
    summary="Mark all my notifications read",
    response=UnreadCount,
)
def mark_all_read(request: ApiRequest) -> UnreadCount:
    inbox.mark_all_read(request.principal)
    return UnreadCount(unread=inbox.my_unread_count(request.principal))
