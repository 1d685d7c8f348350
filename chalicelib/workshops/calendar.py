"""Calendar files for an occurrence or for a whole series (one UTC event per occurrence)."""

from __future__ import annotations

from chalicelib.calendar_files import CalendarEvent, calendar_file
from chalicelib.principal import Principal
from chalicelib.store import workshops as store
from chalicelib.store.models import WorkshopItem
from chalicelib.workshops.occurrences import require_workshop


def event_of(workshop: WorkshopItem) -> CalendarEvent:
    return CalendarEvent(
        uid=f"workshop-{workshop.workshop_id}@kring",
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        summary=workshop.title,
        description=workshop.description or "",
        location=workshop.place or workshop.online_url or "",
        sequence=int(workshop.sequence),
        cancelled=workshop.status == "cancelled",
        updated_at=workshop.updated_at,
    )


def calendar_for(principal: Principal, community_id: str, workshop_id: str, series: bool) -> tuple[str, str]:
    """The file's name and text: this occurrence, or every occurrence of its series."""
    workshop = require_workshop(principal.org_id, community_id, workshop_id)
    occurrences = [workshop]
    if series and int(workshop.occurrences) > 1:
        ids = [f"{workshop.series_id}-{n}" for n in range(1, int(workshop.occurrences) + 1)]
        found = store.get_workshops(principal.org_id, ids)
        occurrences = [w for w in found if w.community_id == community_id]
    events = [event_of(w) for w in occurrences]
    name = "".join(ch if ch.isalnum() else "-" for ch in workshop.title.lower()).strip("-")[:40] or "workshop"
    return f"{name}.ics", calendar_file(events, name=workshop.title)
