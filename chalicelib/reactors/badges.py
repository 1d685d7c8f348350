"""What follows a badge award: the member is notified, and the award is announced on the wall.

Both happen at most once however often the award's stream record is delivered: the notification's
id is the badge's (`badge-<id>`: a badge is held once), and the announcement's post id is derived
from the award (its moment and a hash of member and badge), written only if it does not exist.
The announcement is a system post (author `kring`, `system_kind = badge_awarded`): the event
mappers skip it, so it earns nobody points, counters or follows. A member who set
`announce_badges` to false is notified but not announced.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from chalicelib.gamification import badges as rules
from chalicelib.ids import ulid_bytes, ulid_text, utc_now
from chalicelib.notifications import texts
from chalicelib.observability import count_business_event
from chalicelib.reactors.events import BadgeAwarded
from chalicelib.store import badges as store
from chalicelib.store import keys
from chalicelib.store import notifications as inbox
from chalicelib.store import wall as wall_store
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import (
    BadgeCatalogueItem,
    CommunityItem,
    KringItem,
    OrganisationItem,
    UserItem,
)
from chalicelib.wall.system_posts import new_system_post

BADGE_AWARDED = "badge_awarded"


def _profile_key(org_id: str, user_id: str) -> Key:
    return keys.org_pk(org_id), keys.user_sk(user_id)


def _active_profile(found: dict[Key, KringItem], event: BadgeAwarded) -> UserItem | None:
    profile = found.get(_profile_key(event.org_id, event.user_id))
    if isinstance(profile, UserItem) and profile.status != "deactivated":
        return profile
    return None


def _badge(found: dict[Key, KringItem], event: BadgeAwarded) -> rules.Badge | None:
    item = found.get(store.catalogue_key(event.org_id))
    catalogue = rules.effective_catalogue(item if isinstance(item, BadgeCatalogueItem) else None)
    return rules.find(catalogue, event.badge_id)


def awarded_moment(value: str) -> datetime:
    """The award's stored moment; now if it cannot be read."""
    for parse in (lambda v: datetime.strptime(v, "%Y-%m-%dT%H:%M:%S.%f%z"), datetime.fromisoformat):
        try:
            moment = parse(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc_now()


def announcement_id(event: BadgeAwarded) -> str:
    """A ULID of the award's moment whose randomness is the award's: the same award, the same post."""
    moment = awarded_moment(event.awarded_at)
    milliseconds = int(moment.timestamp() * 1000)
    digest = hashlib.sha256(f"{event.org_id}#{event.user_id}#{event.badge_id}".encode()).digest()
    return ulid_text(ulid_bytes(milliseconds, digest[:10]))


def notify_badge_awarded(event: BadgeAwarded) -> None:
    found = get_items([_profile_key(event.org_id, event.user_id), store.catalogue_key(event.org_id)])
    profile, badge = _active_profile(found, event), _badge(found, event)
    if profile is None or badge is None:
        return
    note = inbox.new_note(
        event.org_id,
        profile.user_id,
        f"badge-{event.badge_id}",
        kind=texts.BADGE_AWARDED,
        language=profile.language,
        actor_id=event.awarded_by,
        community_id=event.community_id,
        badge_id=event.badge_id,
        badge_name=badge.name(profile.language),
    )
    if inbox.deliver(note):
        count_business_event("NotificationDelivered")


def announce_badge_awarded(event: BadgeAwarded) -> None:
    """A system post on the wall of the award's community, unless the member opted out."""
    if not event.community_id:
        return
    community_key = (keys.org_pk(event.org_id), keys.community_sk(event.community_id))
    organisation_key = (keys.org_pk(event.org_id), keys.ORGANISATION_SK)
    found = get_items(
        [
            _profile_key(event.org_id, event.user_id),
            store.catalogue_key(event.org_id),
            community_key,
            organisation_key,
        ]
    )
    profile, badge, community = _active_profile(found, event), _badge(found, event), found.get(community_key)
    if profile is None or badge is None or not isinstance(community, CommunityItem):
        return
    if profile.announce_badges is False or community.archived_at is not None:
        return
    organisation = found.get(organisation_key)
    language = organisation.default_language if isinstance(organisation, OrganisationItem) else "en"
    announced = rules.announcement_texts(badge, profile.display_name, event.reason)
    post_id = announcement_id(event)
    post = new_system_post(
        community,
        post_id,
        BADGE_AWARDED,
        announced,
        language,
        awarded_moment(event.awarded_at),
        system_user_id=event.user_id,
        system_badge_id=event.badge_id,
    )
    if wall_store.save_system_post(post):
        count_business_event("BadgeAnnounced")
