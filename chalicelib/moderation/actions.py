"""What moderators do: hide, restore or remove a post or comment, dismiss its reports, and mute,
unmute or remove a member. Each action has a reason and lands in the community's log.

A transition only happens from the state the moderator saw (a conditional write), so two
moderators acting at once change the counters once; the second gets a 409.
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.expressions.update import Action

from chalicelib.communities.access import CommunityAccess
from chalicelib.communities.membership import load_access
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.media.attachments import schedule_deletion
from chalicelib.moderation.reports import target_key
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import keys, memberships, wall
from chalicelib.store import moderation as store
from chalicelib.store.batch import get_items
from chalicelib.store.models import (
    CommentItem,
    CommunityItem,
    CommunityMemberItem,
    ContentItem,
    ModerationLogItem,
    PostItem,
    UserItem,
)
from chalicelib.wall.published import find_comment

CONTENT_ACTIONS = ("hide", "restore", "remove", "dismiss")
MEMBER_ACTIONS = ("mute", "unmute", "remove_member")
ACTIONS = CONTENT_ACTIONS + MEMBER_ACTIONS
# action -> (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "hide": (("published",), "hidden"),
    "restore": (("hidden", "held"), "published"),
    "remove": (("published", "hidden", "held"), "deleted"),
}


@dataclass(frozen=True)
class ModerationRequest:
    action: str
    target_kind: str  # post | comment | member
    target_id: str  # post id, public comment id, or user id
    post_id: str | None  # the comment's post
    reason: str


def moderate(principal: Principal, community_id: str, request: ModerationRequest) -> ModerationLogItem:
    access = load_access(principal, community_id).require_moderator()
    if request.target_kind == "member":
        if request.action not in MEMBER_ACTIONS:
            raise ValidationFailed(f"For a member, the action is one of {', '.join(MEMBER_ACTIONS)}.")
        return _moderate_member(access, request)
    if request.action not in CONTENT_ACTIONS:
        raise ValidationFailed(f"For a post or comment, the action is one of {', '.join(CONTENT_ACTIONS)}.")
    return _moderate_content(access, request)


def _entry(
    access: CommunityAccess,
    request: ModerationRequest,
    previous_status: str,
    post_id: str | None = None,
    report_count: int = 0,
) -> ModerationLogItem:
    principal = access.principal
    entry_id = new_id()
    community_id = access.community.community_id
    return ModerationLogItem(
        keys.moderation_pk(principal.org_id, community_id),
        keys.moderation_log_sk(entry_id),
        org_id=principal.org_id,
        community_id=community_id,
        entry_id=entry_id,
        action=request.action,
        target_kind=request.target_kind,
        target_id=request.target_id,
        moderator_id=principal.user_id,
        moderator_name=access.membership.display_name if access.membership else principal.email,
        reason=request.reason,
        at=utc_now(),
        previous_status=previous_status,
        post_id=post_id,
        report_count=report_count,
    )


def _load_target(access: CommunityAccess, request: ModerationRequest) -> tuple[ContentItem, PostItem]:
    org_id, community_id = access.principal.org_id, access.community.community_id
    if request.target_kind == "post":
        post = wall.get_post(org_id, community_id, request.target_id)
        if post is None:
            raise NotFound("No such post in this community.")
        return post, post
    if not request.post_id:
        raise ValidationFailed(
            "Name the comment's post.", [{"field": "post_id", "message": "required", "code": "missing"}]
        )
    post = wall.get_post(org_id, community_id, request.post_id)
    comment = find_comment(access.principal, post, request.target_id) if post else None
    if post is None or comment is None:
        raise NotFound("No such comment in this community.")
    return comment, post


def _moderate_content(access: CommunityAccess, request: ModerationRequest) -> ModerationLogItem:
    target, post = _load_target(access, request)
    org_id, community_id = access.principal.org_id, access.community.community_id
    key = target_key(target)
    case = store.get_case(org_id, community_id, key)
    report_count = int(case.report_count or 0) if case else 0
    entry = _entry(
        access, request, post_id=post.post_id, previous_status=target.status, report_count=report_count
    )
    entry.author_id = target.author_id  # the author hears what was done to their words, and why
    if request.action == "dismiss":
        if case is None or not report_count:
            raise Conflict("There are no open reports about this.")
        if case.held:
            raise Conflict("It is held for review: restore or remove it.")
        store.settle_case(case, entry)
        count_business_event("ReportsDismissed")
        return entry
    sources, new_status = TRANSITIONS[request.action]
    if target.status not in sources:
        raise Conflict(f"It is {target.status}: it cannot be moved with {request.action}.")
    actions: list[Action] = [type(target).status.set(new_status)]
    if new_status == "deleted":
        actions.append(type(target).body.set(""))
    transition = store.Transition(
        target,
        target.status,
        actions,
        _counter_changes(target, post, new_status),
        store.case_key(org_id, community_id, key),
    )
    store.apply_transition(transition, entry)
    if isinstance(target, PostItem) and new_status == "deleted":
        # A removed post's media goes the way of a deleted post's. (Not served from now on either
        # way: media follows its post. If this fails, deleting the post again finishes it.)
        schedule_deletion(org_id, target.post_id, [a.id for a in target.attachments])
    count_business_event("ContentModerated")
    return entry


def _counter_changes(target: ContentItem, post: PostItem, new_status: str) -> list[store.CounterChange]:
    """Counters count what is published: a transition moves them like publishing or deleting would."""
    delta = (new_status == "published") - (target.status == "published")
    if not delta:
        return []
    if isinstance(target, PostItem):
        community = CommunityItem(keys.org_pk(target.org_id), keys.community_sk(target.community_id))
        return [
            store.CounterChange(community, [CommunityItem.post_count.add(delta)], CommunityItem.pk.exists())
        ]
    assert isinstance(target, CommentItem)
    changes = [store.CounterChange(post, [PostItem.comment_count.add(delta)], PostItem.pk.exists())]
    if target.parent_comment_id and target.status == "held":
        # A held reply was never counted on its comment; deleting and hiding leave the count alone.
        parent = CommentItem(target.pk, keys.comment_sk(target.parent_comment_id))
        changes.append(store.CounterChange(parent, [CommentItem.reply_count.add(1)], CommentItem.pk.exists()))
    return changes


def _moderate_member(access: CommunityAccess, request: ModerationRequest) -> ModerationLogItem:
    principal = access.principal
    if request.target_id == principal.user_id:
        raise ValidationFailed("Moderators cannot moderate themselves.")
    membership_key = memberships.membership_key(
        principal.org_id, access.community.community_id, request.target_id
    )
    profile_key = (keys.org_pk(principal.org_id), keys.user_sk(request.target_id))
    found = get_items([membership_key, profile_key])  # the member, and their roles in the organisation
    member, profile = found.get(membership_key), found.get(profile_key)
    if not isinstance(member, CommunityMemberItem):
        raise NotFound("This person is not in the community.")
    if member.status == "removed":
        raise Conflict("This person was removed already; inviting them lets them back in.")
    access.require_may_act_on(member, profile.roles if isinstance(profile, UserItem) else ())
    entry = _entry(access, request, previous_status="muted" if member.muted else member.status)
    if request.action == "remove_member":
        store.remove_membership(member, entry)
        count_business_event("MemberRemoved")
        return entry
    mute = request.action == "mute"
    if member.status != "active":
        raise Conflict("Only active members can be muted or unmuted.")
    if bool(member.muted) == mute:
        raise Conflict("This member is already muted." if mute else "This member is not muted.")
    store.change_membership(member, [CommunityMemberItem.muted.set(mute)], entry)
    count_business_event("MemberMuted" if mute else "MemberUnmuted")
    return entry
