"""Who may read which communities' walls now: the access the library's search and the Q&A lists
(questions routed to me, content requests) check each hit against, without loading the index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from chalicelib.communities.access import ORG_MODERATORS, CommunityAccess
from chalicelib.principal import Principal
from chalicelib.store import keys, memberships
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import CommunityItem, CommunityMemberItem

BATCH_KEYS = 100  # BatchGetItem's limit

# (org, user) -> community -> (may read, until): the same bound as the caller's profile cache.
_readers: dict[tuple[str, str], dict[str, tuple[bool, float]]] = {}
_lock = threading.Lock()
_MAX_PEOPLE = 2048


def readable_communities(principal: Principal, community_ids: set[str], cache_seconds: float) -> set[str]:
    """The communities among `community_ids` (those with content in the index) whose wall the caller
    may read now: one BatchGetItem of the communities and the caller's memberships per 50
    communities not remembered from the last `cache_seconds`."""
    if principal.has_any_role(ORG_MODERATORS):
        return set(community_ids)  # community managers and org admins read every community
    now = time.monotonic()
    person = (principal.org_id, principal.user_id)
    known = _readers.get(person, {})
    decided = {cid: may for cid, (may, until) in known.items() if cid in community_ids and until > now}
    wanted = sorted(community_ids - decided.keys())
    for start in range(0, len(wanted), BATCH_KEYS // 2):
        chunk = wanted[start : start + BATCH_KEYS // 2]
        pairs = {
            cid: (
                (keys.org_pk(principal.org_id), keys.community_sk(cid)),
                memberships.membership_key(principal.org_id, cid, principal.user_id),
            )
            for cid in chunk
        }
        found = get_items([key for pair in pairs.values() for key in pair])
        for cid, (community_key, membership_key) in pairs.items():
            decided[cid] = _may_read(principal, found, community_key, membership_key)
    if cache_seconds > 0 and wanted:
        with _lock:
            if len(_readers) >= _MAX_PEOPLE:
                _readers.clear()
            held = _readers.setdefault(person, {})
            for cid in wanted:
                held[cid] = (decided[cid], now + cache_seconds)
    return {cid for cid, may in decided.items() if may}


def _may_read(
    principal: Principal, found: Mapping[Key, object], community_key: Key, membership_key: Key
) -> bool:
    community = found.get(community_key)
    if not isinstance(community, CommunityItem):
        return False  # gone: its content is no one's to find
    membership = found.get(membership_key)
    access = CommunityAccess(
        principal, community, membership if isinstance(membership, CommunityMemberItem) else None
    )
    return access.can_read_wall
