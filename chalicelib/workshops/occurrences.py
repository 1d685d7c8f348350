"""Reading an occurrence through the community in the path."""

from __future__ import annotations

from chalicelib.errors import NotFound
from chalicelib.store import workshops as store
from chalicelib.store.models import WorkshopItem


def require_workshop(org_id: str, community_id: str, workshop_id: str) -> WorkshopItem:
    """The occurrence, if it belongs to the community in the path (404 otherwise)."""
    workshop = store.get_workshop(org_id, workshop_id)
    if workshop is None or workshop.community_id != community_id:
        raise NotFound("No such workshop in this community.")
    return workshop
