"""What a route needs of its caller, declared with the route and decided in one place.

Every route names one `Relation` between the caller and the resource in its path. Before the
handler runs, `authorize` reads what the relation depends on in one BatchGetItem (the
community, the caller's membership, the post and the comment the path names, and the word
list when the caller is about to write) and decides from the caller's current profile:

- every nested id must belong to its parent (comment -> post -> community), or the answer is
  404 before anything is read or written on the caller's behalf;
- a caller without the relation gets 403 (or 404 for a community they may not see into).

The use cases still enforce their own rules about the state of things (an archived community,
a held post); the community access read here is reused by them for the rest of the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from chalicelib.errors import Forbidden, NotFound
from chalicelib.principal import Principal
from chalicelib.store import keys
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import (
    CampaignItem,
    CommentItem,
    IntervisionGroupItem,
    IntervisionMemberItem,
    IntervisionSessionItem,
    PostItem,
)

if TYPE_CHECKING:
    from chalicelib.communities.access import CommunityAccess
    from chalicelib.communities.shared_media import MediaView
    from chalicelib.store.models import PairItem


class Relation(StrEnum):
    """The relation a route needs between the caller and the resource in its path."""

    ORG_MEMBER = "org_member"
    ORG_ADMIN = "org_admin"
    SELF = "self"
    COMMUNITY_READER = "community_reader"
    COMMUNITY_MEMBER = "community_member"
    COMMUNITY_MODERATOR = "community_moderator"
    POST_AUTHOR = "post_author"
    POST_AUTHOR_OR_MODERATOR = "post_author_or_moderator"
    COMMENT_AUTHOR = "comment_author"
    COMMENT_AUTHOR_OR_MODERATOR = "comment_author_or_moderator"
    MEDIA_VIEWER = "media_viewer"
    EVENT_ORGANISER = "event_organiser"
    PAIR_MEMBER = "pair_member"
    INTERVISION_MEMBER = "intervision_member"

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self]

    @property
    def needs_community(self) -> bool:
        return self not in (
            Relation.ORG_MEMBER,
            Relation.ORG_ADMIN,
            Relation.SELF,
            Relation.MEDIA_VIEWER,
            Relation.PAIR_MEMBER,
            Relation.INTERVISION_MEMBER,
        )


DESCRIPTIONS: dict[Relation, str] = {
    Relation.ORG_MEMBER: "an active person of the organisation",
    Relation.ORG_ADMIN: "an admin of the organisation",
    Relation.SELF: "the caller, about themselves only",
    Relation.COMMUNITY_READER: "someone who may read this community's wall (open, or a member)",
    Relation.COMMUNITY_MEMBER: "an active member of this community who is not muted",
    Relation.COMMUNITY_MODERATOR: "a moderator of this community (or a community manager or admin)",
    Relation.POST_AUTHOR: "the author of this post, an active member not muted",
    Relation.POST_AUTHOR_OR_MODERATOR: "the author of this post, or a moderator of this community",
    Relation.COMMENT_AUTHOR: "the author of this comment, an active member not muted",
    Relation.COMMENT_AUTHOR_OR_MODERATOR: "the author of this comment, or a moderator of this community",
    Relation.MEDIA_VIEWER: "the uploader, or a reader of the community whose post it is attached to",
    Relation.EVENT_ORGANISER: "someone who organises this community's workshops (its moderators and mentors)",
    Relation.PAIR_MEMBER: "one of the two people of this active pair (nobody else, not even an admin)",
    Relation.INTERVISION_MEMBER: "a current member of this intervision group",
}

_WRITERS = frozenset({Relation.COMMUNITY_MEMBER, Relation.POST_AUTHOR, Relation.COMMENT_AUTHOR})
_POST_RELATIONS = frozenset({Relation.POST_AUTHOR, Relation.POST_AUTHOR_OR_MODERATOR})
_COMMENT_RELATIONS = frozenset({Relation.COMMENT_AUTHOR, Relation.COMMENT_AUTHOR_OR_MODERATOR})


@dataclass(frozen=True)
class Resolved:
    """What the relation was decided on; the handler may use it instead of reading again."""

    community: CommunityAccess | None = None
    post: PostItem | None = None
    comment: CommentItem | None = None
    media: MediaView | None = None
    pair: PairItem | None = None
    intervision_group: IntervisionGroupItem | None = None
    intervision_session: IntervisionSessionItem | None = None  # when the path names one of the group's
    intervision_member: IntervisionMemberItem | None = None  # the caller's membership (since when)


def check_declaration(relation: Relation, path: str, roles: frozenset[str]) -> None:
    """A route's relation must fit its path: refuse a declaration that could never be decided."""
    if relation.needs_community and "{community_id}" not in path:
        raise ValueError(f"{path}: {relation} needs {{community_id}} in the path")
    if relation in _POST_RELATIONS and "{post_id}" not in path:
        raise ValueError(f"{path}: {relation} needs {{post_id}} in the path")
    if relation in _COMMENT_RELATIONS and "{comment_id}" not in path:
        raise ValueError(f"{path}: {relation} needs {{comment_id}} in the path")
    if relation is Relation.ORG_ADMIN and set(roles) != {"org_admin"}:
        raise ValueError(f"{path}: {relation} is declared with roles={{org_admin}}")
    if relation is Relation.PAIR_MEMBER and "{pair_id}" not in path:
        raise ValueError(f"{path}: {relation} needs {{pair_id}} in the path")
    if relation is Relation.MEDIA_VIEWER and "{media_id}" not in path:
        raise ValueError(f"{path}: {relation} needs {{media_id}} in the path")
    if relation is Relation.INTERVISION_MEMBER and "{group_id}" not in path:
        raise ValueError(f"{path}: {relation} needs {{group_id}} in the path")
    if relation is Relation.SELF and "{user_id}" in path:
        raise ValueError(f"{path}: a self route is about the caller and names no other person")


@contextmanager
def authorized(relation: Relation, principal: Principal, path_params: dict[str, str]) -> Iterator[Resolved]:
    """Decide the relation; while the handler runs, its use cases reuse the community access."""
    resolved = authorize(relation, principal, path_params)
    if resolved.community is None:
        yield resolved
        return
    from chalicelib.communities.membership import reusing_access  # loaded by deciding a community relation

    with reusing_access(resolved.community):
        yield resolved


def authorize(relation: Relation, principal: Principal, path_params: dict[str, str]) -> Resolved:
    if relation is Relation.MEDIA_VIEWER:
        return _authorize_media_viewer(principal, path_params["media_id"])
    if relation is Relation.PAIR_MEMBER:
        from chalicelib.programmes.pairs import require_pair  # only the pair routes

        return Resolved(pair=require_pair(principal, path_params["pair_id"]))
    if relation is Relation.INTERVISION_MEMBER:
        return _authorize_intervision_member(
            principal, path_params["group_id"], path_params.get("session_id")
        )
    community_id = path_params.get("community_id")
    if community_id is None:
        return Resolved()  # org-wide routes: the profile check and the roles decided
    # Only a route in a community reads its community and the caller's membership: an org-wide
    # route's first request does not load the community code.
    from chalicelib.communities.membership import access_of
    from chalicelib.store import memberships

    post_id = path_params.get("post_id")
    comment_id = path_params.get("comment_id")
    campaign_id = path_params.get("campaign_id")
    org_id = principal.org_id

    community_key = (keys.org_pk(org_id), keys.community_sk(community_id))
    membership_key = memberships.membership_key(org_id, community_id, principal.user_id)
    wanted: list[Key] = [community_key, membership_key]
    word_list_key = (keys.org_pk(org_id), keys.WORD_LIST_SK)
    if relation in _WRITERS:
        wanted.append(word_list_key)
    post_key = comment_key = campaign_key = None
    if post_id is not None:
        post_key = (keys.community_pk(org_id, community_id), keys.post_sk(post_id))
        wanted.append(post_key)
        if comment_id is not None:
            from chalicelib.wall.published import split_comment_id  # only routes with a comment

            own_id, parent_id = split_comment_id(comment_id)
            comment_key = (keys.thread_pk(org_id, post_id), keys.comment_sk(own_id, parent_id))
            wanted.append(comment_key)
    if campaign_id is not None:
        campaign_key = (keys.campaigns_pk(org_id), keys.campaign_sk(campaign_id))
        wanted.append(campaign_key)
    found = get_items(wanted)

    access = access_of(principal, found, community_key, membership_key, word_list_key, relation in _WRITERS)
    _require_relation_to_community(relation, access)

    # Nested ids: each must belong to its parent before anything else happens.
    post = found.get(post_key) if post_key else None
    if post_key is not None and not isinstance(post, PostItem):
        raise NotFound("No such post in this community.")
    comment = found.get(comment_key) if comment_key else None
    if comment_key is not None and not isinstance(comment, CommentItem):
        raise NotFound("No such comment on this post.")
    campaign = found.get(campaign_key) if campaign_key else None
    if campaign_key is not None and (
        not isinstance(campaign, CampaignItem)
        or campaign.audience != "community"
        or campaign.community_id != community_id
    ):
        raise NotFound("No such campaign in this community.")

    assert post is None or isinstance(post, PostItem)  # narrowed above; for the type checker
    assert comment is None or isinstance(comment, CommentItem)
    _require_authorship(relation, principal, access, post, comment)
    return Resolved(access, post, comment)


def _authorize_media_viewer(principal: Principal, media_id: str) -> Resolved:
    # Who may see a media item depends on where it is shared and on the state of its post; the
    # media use case decides both in one read, so deciding the relation is asking it.
    from chalicelib.communities import shared_media  # only the media routes: not on every first request

    return Resolved(media=shared_media.view_media(principal, media_id))


def _authorize_intervision_member(principal: Principal, group_id: str, session_id: str | None) -> Resolved:
    """The group's current members only: its organiser and the organisation's admins see that
    sessions happen, never what is said in them. One strongly consistent BatchGetItem reads the
    group (its member list) and the session the path names, whose key is under the group: another
    group's session is not found here. A session held before the caller joined is refused: what was
    said in it is for those who were in the group then (the organiser's overview shows it was held)."""
    from chalicelib.intervision.rules import held_before_joining  # only the intervision routes

    group_key = (keys.intervision_group_pk(principal.org_id, group_id), keys.INTERVISION_GROUP_SK)
    member_key = (group_key[0], keys.intervision_member_sk(principal.user_id))
    wanted: list[Key] = [group_key, member_key]
    session_key = None
    if session_id is not None:
        session_key = (group_key[0], keys.intervision_session_sk(session_id))
        wanted.append(session_key)
    found = get_items(wanted, consistent=True)  # someone taken out of the group is out at once
    group = found.get(group_key)
    if not isinstance(group, IntervisionGroupItem):
        raise NotFound("No such intervision group.")
    member = found.get(member_key)  # written with the member list, in one transaction
    if principal.user_id not in (group.member_ids or []) or not isinstance(member, IntervisionMemberItem):
        raise Forbidden("Only the group's members see and take part in its sessions.")
    session = found.get(session_key) if session_key else None
    if session_key is not None and not isinstance(session, IntervisionSessionItem):
        raise NotFound("No such session in this group.")
    assert session is None or isinstance(session, IntervisionSessionItem)
    if session is not None and held_before_joining(session.starts_at, session.started_at, member.since):
        raise Forbidden(
            "This session was held before you joined the group: what was said stays with who was there."
        )
    return Resolved(intervision_group=group, intervision_session=session, intervision_member=member)


def _require_relation_to_community(relation: Relation, access: CommunityAccess) -> None:
    if relation is Relation.COMMUNITY_READER:
        access.require_wall_reader()
    elif relation in (Relation.COMMUNITY_MEMBER, Relation.POST_AUTHOR, Relation.COMMENT_AUTHOR):
        access.require_wall_reader()
        _require_unmuted_member(access)
    elif relation is Relation.COMMUNITY_MODERATOR:
        access.require_moderator()
    elif relation is Relation.EVENT_ORGANISER:
        access.require_event_organiser()


def _require_unmuted_member(access: CommunityAccess) -> None:
    if not access.is_member:
        raise Forbidden("Join the community to do this.")
    if access.membership is not None and access.membership.muted:
        raise Forbidden("You are muted in this community.")


def _require_authorship(
    relation: Relation,
    principal: Principal,
    access: CommunityAccess,
    post: PostItem | None,
    comment: CommentItem | None,
) -> None:
    if relation in _POST_RELATIONS:
        assert post is not None  # check_declaration: these routes name a post
        _require_author(relation is Relation.POST_AUTHOR, post.author_id == principal.user_id, access, "post")
    if relation in _COMMENT_RELATIONS:
        assert comment is not None
        only_author = relation is Relation.COMMENT_AUTHOR
        _require_author(only_author, comment.author_id == principal.user_id, access, "comment")


def _require_author(only_author: bool, is_author: bool, access: CommunityAccess, kind: str) -> None:
    if only_author and not is_author:
        raise Forbidden(f"Only the author can do this to a {kind}.")
    if not (is_author or access.is_moderator):
        access.require_wall_reader()  # someone who may not even read it learns nothing more
        raise Forbidden(f"Only the author or a moderator can do this to a {kind}.")
