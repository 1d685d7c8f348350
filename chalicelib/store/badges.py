"""The badge catalogue of an organisation, and the badges members hold.

The catalogue is one item, `ORG#<org>` / `BADGE_CATALOGUE` (JSON of the organisation's badges and
its edits of the defaults), replaced whole with a condition on the `version` read. An award is
`ORG#<org>#POINTS#<user>` / `BADGE#<badge>`, next to the member's `TOTAL`: written with
`attribute_not_exists(pk)` (at most once per member and badge) in one transaction with the totals,
whose `badges` set gets the id and whose `version` moves on, so a concurrent points write re-reads.
The ledger writes earned awards itself (with `new_award`); manual awards are written here, event
awards by chalicelib/gamification/badge_awards.py (with `award_once`).
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.expressions.update import Action

from chalicelib.errors import Conflict
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.store import keys
from chalicelib.store.batch import Key
from chalicelib.store.models import (
    BadgeAwardItem,
    BadgeCatalogueItem,
    PointsTotalItem,
)
from chalicelib.store.writes import Steps, StepsRefused, save_versioned

# The catalogue ---------------------------------------------------------------------------------


def catalogue_key(org_id: str) -> Key:
    return keys.org_pk(org_id), keys.BADGE_CATALOGUE_SK


def get_catalogue(org_id: str) -> BadgeCatalogueItem | None:
    try:
        return BadgeCatalogueItem.get(*catalogue_key(org_id), consistent_read=True)
    except BadgeCatalogueItem.DoesNotExist:
        return None


class CatalogueChanged(RuntimeError):
    """Someone replaced the catalogue after it was read; read it again."""


def replace_catalogue(
    org_id: str, document: str, read_version: int | None, updated_by: str
) -> BadgeCatalogueItem:
    """Write the organisation's badges if the catalogue is still at `read_version` (None: none yet)."""
    item = BadgeCatalogueItem(
        *catalogue_key(org_id),
        org_id=org_id,
        catalogue=document,
        updated_by=updated_by,
        updated_at=utc_now(),
    )
    if not save_versioned(item, read_version):
        raise CatalogueChanged(f"the badge catalogue of {org_id} changed")
    return item


# Awards ----------------------------------------------------------------------------------------


def award_key(org_id: str, user_id: str, badge_id: str) -> Key:
    return keys.points_pk(org_id, user_id), keys.badge_award_sk(badge_id)


def new_award(
    org_id: str,
    user_id: str,
    badge_id: str,
    *,
    source_id: str,
    community_id: str | None,
    awarded_at: datetime,
    reason: str | None = None,
    awarded_by: str | None = None,
) -> BadgeAwardItem:
    """An award to write with `attribute_not_exists(pk)`, in one transaction with the member's TOTAL."""
    return BadgeAwardItem(
        *award_key(org_id, user_id, badge_id),
        org_id=org_id,
        badge_id=badge_id,
        user_id=user_id,
        awarded_at=awarded_at,
        source_id=source_id,
        community_id=community_id,
        reason=reason,
        awarded_by=awarded_by,
    )


def list_awards(org_id: str, user_id: str) -> list[BadgeAwardItem]:
    """The badges a member holds, in id order: one Query (a member holds a catalogue's worth at most)."""
    results = BadgeAwardItem.query(
        keys.points_pk(org_id, user_id), BadgeAwardItem.sk.startswith(keys.BADGE_AWARD_SK_PREFIX)
    )
    return [item for item in results if isinstance(item, BadgeAwardItem)]


def _holding(org_id: str, user_id: str, badge_id: str) -> list[Action]:
    """TOTAL gets the badge and a new version (creating TOTAL, typed, when the member has none yet)."""
    return [
        PointsTotalItem.badges.add({badge_id}),
        PointsTotalItem.version.add(1),
        PointsTotalItem.item_type.set(PointsTotalItem.item_type | PointsTotalItem),  # type: ignore[arg-type]
        PointsTotalItem.org_id.set(PointsTotalItem.org_id | org_id),
        PointsTotalItem.user_id.set(PointsTotalItem.user_id | user_id),
    ]


def award_once(award: BadgeAwardItem) -> bool:
    """Write an award with the member's totals, once: False if the member held the badge already."""
    totals = PointsTotalItem(keys.points_pk(award.org_id, award.user_id), keys.POINTS_TOTAL_SK)
    steps = Steps()
    steps.put("award", award, BadgeAwardItem.pk.does_not_exist())
    steps.update("totals", totals, _holding(award.org_id, award.user_id, award.badge_id))
    try:
        steps.write()
    except StepsRefused as refused:
        if "award" in refused:
            return False
        raise
    count_business_event("BadgeAwarded")
    return True


def award_manually(
    org_id: str,
    user_id: str,
    badge_id: str,
    *,
    community_id: str,
    reason: str,
    awarded_by: str,
    awarded_at: datetime | None = None,
) -> BadgeAwardItem:
    """A moderator's award; the member holding the badge already is a Conflict (409)."""
    award = new_award(
        org_id,
        user_id,
        badge_id,
        source_id=f"manual#{awarded_by}",
        community_id=community_id,
        awarded_at=awarded_at or utc_now(),
        reason=reason,
        awarded_by=awarded_by,
    )
    if not award_once(award):
        raise Conflict("This member holds this badge already; a badge is awarded once.")
    return award
