"""Organisations: one record each, listed through the organisations index (GSI1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.errors import Conflict
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import OrganisationItem
from chalicelib.store.pages import Page


def create_organisation(
    org_id: str, name: str, timezone: str, default_language: str, created_at: datetime
) -> OrganisationItem:
    item = OrganisationItem(
        keys.org_pk(org_id),
        keys.ORGANISATION_SK,
        org_id=org_id,
        name=name,
        timezone=timezone,
        default_language=default_language,
        created_at=created_at,
        gsi1pk=keys.ORGANISATIONS_INDEX_PK,
        gsi1sk=org_id,
    )
    try:
        item.save(condition=OrganisationItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            raise Conflict(f"The organisation '{org_id}' already exists.") from exc
        raise
    return item


def get_organisation(org_id: str) -> OrganisationItem | None:
    try:
        return OrganisationItem.get(keys.org_pk(org_id), keys.ORGANISATION_SK)
    except OrganisationItem.DoesNotExist:
        return None


def delete_organisation(org_id: str) -> None:
    OrganisationItem(keys.org_pk(org_id), keys.ORGANISATION_SK).delete()


def list_organisations(limit: int = 100, after: dict[str, Any] | None = None) -> Page[OrganisationItem]:
    results = OrganisationItem.gsi1.query(keys.ORGANISATIONS_INDEX_PK, limit=limit, last_evaluated_key=after)
    items = [item for item in results if isinstance(item, OrganisationItem)]
    return Page(items, results.last_evaluated_key)


def record_member_counts(org_id: str, active: int, invited: int, deactivated: int, at: datetime) -> None:
    OrganisationItem(keys.org_pk(org_id), keys.ORGANISATION_SK).update(
        actions=[
            OrganisationItem.active_members.set(active),
            OrganisationItem.invited_members.set(invited),
            OrganisationItem.deactivated_members.set(deactivated),
            OrganisationItem.stats_updated_at.set(at),
        ],
        condition=OrganisationItem.pk.exists(),
    )
