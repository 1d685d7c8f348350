"""/v1/organisation: what a member may know of their organisation, and counts for admins."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.errors import NotFound
from chalicelib.ids import iso
from chalicelib.principal import Role
from chalicelib.store import organisations
from chalicelib.store.models import OrganisationItem

api = Api(__name__, tag="organisation")


class Organisation(BaseModel):
    id: str
    name: str
    timezone: str
    default_language: str


class MemberCounts(BaseModel):
    active: int
    invited: int
    deactivated: int
    counted_at: str | None


class OrganisationOverview(Organisation):
    members: MemberCounts


def _load(org_id: str) -> OrganisationItem:
    organisation = organisations.get_organisation(org_id)
    if organisation is None:
        raise NotFound("Your organisation is not registered.")
    return organisation


@api.route(
    "/v1/organisation",
    "GET",
    operation_id="getMyOrganisation",
    relation=Relation.ORG_MEMBER,
    summary="My organisation",
    response=Organisation,
)
def get_organisation(request: ApiRequest) -> Organisation:
    org = _load(request.principal.org_id)
    return Organisation(
        id=org.org_id, name=org.name, timezone=org.timezone, default_language=org.default_language
    )


@api.route(
    "/v1/admin/organisation",
    "GET",
    operation_id="getOrganisationOverview",
    relation=Relation.ORG_ADMIN,
    summary="My organisation with its member counts (refreshed nightly)",
    response=OrganisationOverview,
    roles=frozenset({Role.ORG_ADMIN}),
)
def get_overview(request: ApiRequest) -> OrganisationOverview:
    org = _load(request.principal.org_id)
    counts = MemberCounts(
        active=int(org.active_members or 0),
        invited=int(org.invited_members or 0),
        deactivated=int(org.deactivated_members or 0),
        counted_at=iso(org.stats_updated_at) if org.stats_updated_at else None,
    )
    return OrganisationOverview(
        id=org.org_id,
        name=org.name,
        timezone=org.timezone,
        default_language=org.default_language,
        members=counts,
    )
