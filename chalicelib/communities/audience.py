"""Who may read a community now: the one definition every fan-out uses (notifications of a
thread's followers, mentions and replies, a campaign's announcements and reminders).

Someone may read a community when their profile in the organisation is not deactivated, and the
community is open to the organisation, or they hold an active membership of it, or their role in
the organisation makes them a moderator of every community (community manager, org admin) — the
same people `CommunityAccess.can_read_wall` lets read its wall. Without a community (a campaign for
the organisation or for teams), an active profile is enough.

Reads: one BatchGetItem of the community and the candidates' profiles (up to 100 keys a request);
for an invite-only community, one more of the memberships of those an active profile and no
organisation role let in already (memberships the caller read already are not read again). No
Scan, no GetItem per person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from chalicelib.store import keys, memberships
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import CommunityItem, CommunityMemberItem, KringItem, UserItem

BATCH_KEYS = 100  # BatchGetItem's limit per request
ORG_MODERATOR_ROLES = frozenset({"community_manager", "org_admin"})  # chalicelib.communities.access
OPEN = "organisation"  # a community's visibility when everyone in the organisation reads it


@dataclass(frozen=True)
class Readers:
    """The community as read (None: not given, or gone) and the profiles of those who may read it."""

    community: CommunityItem | None
    profiles: dict[str, UserItem] = field(default_factory=dict)

    def __contains__(self, user_id: object) -> bool:
        return user_id in self.profiles


def is_active(profile: KringItem | None) -> bool:
    return isinstance(profile, UserItem) and profile.status != "deactivated"


def may_read(
    profile: KringItem | None, community: CommunityItem | None, membership: KringItem | None
) -> bool:
    """The rule itself, for items in hand: see the module's docstring."""
    if not is_active(profile):
        return False
    if community is None:
        return True
    assert isinstance(profile, UserItem)
    if community.visibility == OPEN or ORG_MODERATOR_ROLES & set(profile.roles or []):
        return True
    return isinstance(membership, CommunityMemberItem) and membership.status == "active"


def _read(wanted: list[Key]) -> dict[Key, KringItem]:
    found: dict[Key, KringItem] = {}
    unique = list(dict.fromkeys(wanted))
    for start in range(0, len(unique), BATCH_KEYS):
        found.update(get_items(unique[start : start + BATCH_KEYS]))
    return found


def readers(
    org_id: str,
    community_id: str | None,
    user_ids: Iterable[str],
    known_memberships: Mapping[str, CommunityMemberItem] | None = None,
) -> Readers:
    """Those of `user_ids` who may read the community now (None: the organisation), with their
    profiles, in the order given. `known_memberships`: memberships read already, by user id."""
    candidates = list(dict.fromkeys(user_ids))
    community_key = (keys.org_pk(org_id), keys.community_sk(community_id)) if community_id else None
    profile_keys = {user_id: (keys.org_pk(org_id), keys.user_sk(user_id)) for user_id in candidates}
    if not candidates:
        return Readers(None)
    found = _read([*([community_key] if community_key else []), *profile_keys.values()])
    community = found.get(community_key) if community_key else None
    if community_key is not None and not isinstance(community, CommunityItem):
        return Readers(None)  # the community is gone: nobody reads it
    assert community is None or isinstance(community, CommunityItem)
    profiles = {u: found.get(k) for u, k in profile_keys.items()}
    held: dict[str, KringItem | None] = dict(known_memberships or {})
    if community is not None:
        unknown = [
            u
            for u, p in profiles.items()
            if u not in held and is_active(p) and not may_read(p, community, None)
        ]
        if unknown:
            wanted = {u: memberships.membership_key(org_id, community.community_id, u) for u in unknown}
            read = _read(list(wanted.values()))
            held.update({u: read.get(k) for u, k in wanted.items()})
    return Readers(
        community,
        {
            u: p
            for u, p in profiles.items()
            if isinstance(p, UserItem) and may_read(p, community, held.get(u))
        },
    )
