"""Use cases of badges: the organisation's catalogue (admins), my badges, and manual awards.

The catalogue is one item replaced whole with a condition on the version read; a replace that
loses a race reads again and re-applies its one change (a few times, then 409).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from chalicelib.communities.membership import load_access
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.gamification import badges as rules
from chalicelib.gamification import setup
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import badges as store
from chalicelib.store import keys, media, memberships
from chalicelib.store.batch import get_items
from chalicelib.store.models import BadgeAwardItem, BadgeCatalogueItem, UserItem

ATTEMPTS = 3


def organisation_catalogue(org_id: str) -> list[rules.Badge]:
    return rules.effective_catalogue(store.get_catalogue(org_id))


@dataclass(frozen=True)
class MyCatalogue:
    language: str
    catalogue: list[rules.Badge]


def my_catalogue(principal: Principal) -> MyCatalogue:
    """The catalogue and my language, in one BatchGetItem."""
    profile_key = (keys.org_pk(principal.org_id), keys.user_sk(principal.user_id))
    catalogue_key = store.catalogue_key(principal.org_id)
    found = get_items([profile_key, catalogue_key])
    profile, item = found.get(profile_key), found.get(catalogue_key)
    language = profile.language if isinstance(profile, UserItem) else "en"
    return MyCatalogue(
        language, rules.effective_catalogue(item if isinstance(item, BadgeCatalogueItem) else None)
    )


def my_awards(principal: Principal) -> list[BadgeAwardItem]:
    return store.list_awards(principal.org_id, principal.user_id)


# Admins ------------------------------------------------------------------------------------------


def _checked(principal: Principal, badge: rules.Badge) -> rules.Badge:
    """The badge as it is stored: valid, its image a ready image of the organisation (key copied)."""
    problems = rules.problems(badge)
    if problems:
        raise ValidationFailed(
            "The badge is not valid.", [{"field": "badge", "message": p, "code": "badge"} for p in problems]
        )
    if badge.image_media_id is None:
        return replace(badge, image_key=None)
    image = media.get_media(principal.org_id, badge.image_media_id, consistent=True)
    if image is None or image.status != "ready" or image.kind != "image":
        raise ValidationFailed(
            "A badge's image must be an uploaded image that is ready.",
            [{"field": "image_media_id", "message": "not a ready image", "code": "media"}],
        )
    return replace(badge, image_key=image.object_key)


def _change(principal: Principal, apply: Callable[[dict[str, rules.Badge]], rules.Badge]) -> rules.Badge:
    org_id = principal.org_id
    for _ in range(ATTEMPTS):
        item = store.get_catalogue(org_id)
        own = rules.parse_document(item.catalogue) if item is not None else {}
        changed = apply(own)
        own[changed.id] = replace(changed, default=False)
        try:
            store.replace_catalogue(
                org_id,
                rules.document_of(own),
                int(item.version) if item is not None else None,
                principal.user_id,
            )
        except store.CatalogueChanged:
            continue
        setup.forget(org_id)  # this container's consumer sees the change at once
        stored = rules.find(rules.merged(own), changed.id)
        assert stored is not None
        return stored
    raise Conflict("The badge catalogue kept changing; try again.")


def create_badge(principal: Principal, badge: rules.Badge) -> rules.Badge:
    checked = _checked(principal, badge)

    def add(own: dict[str, rules.Badge]) -> rules.Badge:
        if checked.id in rules.DEFAULT_IDS or checked.id in own:
            raise Conflict(f"A badge with the id '{checked.id}' exists; change it with PUT.")
        return checked

    created = _change(principal, add)
    count_business_event("BadgeCreated")
    return created


def replace_badge(principal: Principal, badge: rules.Badge) -> rules.Badge:
    checked = _checked(principal, badge)

    def change(own: dict[str, rules.Badge]) -> rules.Badge:
        if checked.id not in rules.DEFAULT_IDS and checked.id not in own:
            raise NotFound("No badge with this id in your organisation's catalogue.")
        return checked

    return _change(principal, change)


# Community moderators ----------------------------------------------------------------------------


def award_badge(
    principal: Principal, community_id: str, badge_id: str, user_id: str, reason: str
) -> BadgeAwardItem:
    """A moderator awards a manual badge to a member of their community, with a reason (once)."""
    load_access(principal, community_id).require_moderator().require_open_for_changes()
    if user_id == principal.user_id:
        raise Forbidden("No one awards themselves a badge: another moderator can recognise your work.")
    badge = rules.find(organisation_catalogue(principal.org_id), badge_id)
    if badge is None or not badge.enabled:
        raise NotFound("No badge with this id in your organisation's catalogue.")
    if not rules.is_manual(badge):
        raise ValidationFailed(
            "Only badges with a manual rule are awarded by hand; the others are earned.",
            [{"field": "badge_id", "message": f"{badge_id} is earned, not awarded", "code": "badge"}],
        )
    member = memberships.get_membership(principal.org_id, community_id, user_id)
    if member is None or member.status != "active":
        raise NotFound("This person is not a member of the community.")
    award = store.award_manually(
        principal.org_id,
        user_id,
        badge_id,
        community_id=community_id,
        reason=reason,
        awarded_by=principal.user_id,
    )
    count_business_event("BadgeAwardedManually")
    return award
