"""Who may see, join, post in and moderate a community.

Every community is listed to everyone in its organisation (so people can ask to join), but
the wall and the member list of an invite-only community are for its members only. Posting
needs an active, unmuted membership.
Moderating needs the community's moderator role, or the organisation's community manager or
admin role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.errors import Conflict, Forbidden
from chalicelib.principal import Principal, Role
from chalicelib.store.models import CommunityItem, CommunityMemberItem

ORG_MODERATORS = frozenset({Role.COMMUNITY_MANAGER, Role.ORG_ADMIN})
COMMUNITY_ROLES = ("member", "mentor", "moderator")


@dataclass(frozen=True)
class CommunityAccess:
    principal: Principal
    community: CommunityItem
    membership: CommunityMemberItem | None
    word_list: tuple[str, ...] = ()  # the organisation's held words, when the caller asked for them
    word_list_loaded: bool = False

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.status == "active"

    @property
    def is_moderator(self) -> bool:
        if self.principal.has_any_role(ORG_MODERATORS):
            return True
        return self.is_member and self.membership is not None and self.membership.role == "moderator"

    @property
    def can_read_wall(self) -> bool:
        return self.community.visibility == "organisation" or self.is_member or self.is_moderator

    def require_wall_reader(self) -> CommunityAccess:
        if not self.can_read_wall:
            raise Forbidden("This community is invite-only: join it to read its wall.")
        return self

    def require_open_for_changes(self) -> CommunityAccess:
        if self.community.archived_at is not None:
            raise Conflict("This community is archived; it can be read but not changed.")
        return self

    def require_poster(self) -> CommunityAccess:
        self.require_open_for_changes()
        if not self.is_member:
            raise Forbidden("Join the community to post in it.")
        if self.membership is not None and self.membership.muted:
            raise Forbidden("You are muted in this community.")
        return self

    @property
    def is_event_organiser(self) -> bool:
        """Who plans the community's workshops: its moderators (community managers and admins
        included) and its mentors (the community's mentor role, or a mentor of the organisation
        who is a member)."""
        if self.is_moderator:
            return True
        if not self.is_member or self.membership is None:
            return False
        return self.membership.role == "mentor" or Role.MENTOR in self.principal.roles

    def require_event_organiser(self) -> CommunityAccess:
        if not self.is_event_organiser:
            self.require_wall_reader()  # someone who may not even read it learns nothing more
            raise Forbidden("Only the community's moderators and mentors organise its workshops.")
        return self

    def require_moderator(self) -> CommunityAccess:
        if not self.is_moderator:
            raise Forbidden("Only the community's moderators can do this.")
        return self

    def require_may_act_on(
        self, target: CommunityMemberItem, target_org_roles: Iterable[str] = ()
    ) -> CommunityAccess:
        """The rules that protect moderators hold against moderators too: only the organisation's
        moderators (community managers, org admins) change the role of, mute or remove one of the
        community's moderators or one of their own, so no peer is demoted to get around a rule."""
        protected = target.role == "moderator" or bool(ORG_MODERATORS & set(target_org_roles))
        if protected and not self.principal.has_any_role(ORG_MODERATORS):
            raise Forbidden("Only community managers and org admins change, mute or remove a moderator.")
        return self
