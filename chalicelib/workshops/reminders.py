"""The reminders of an occurrence (a day and an hour before): one-time schedules made by planning.py
run this job, which tells everyone with a place. The job checks the occurrence still starts when the
schedule was made for and is not cancelled; each notification's id names the occurrence and the
reminder and the start it is for, so a replayed run tells nobody twice and a moved occurrence
is announced again."""

from __future__ import annotations

from chalicelib.ids import iso
from chalicelib.observability import count_business_event
from chalicelib.store import notifications as inbox
from chalicelib.store import users
from chalicelib.store import workshops as store
from chalicelib.store.models import WorkshopItem

REMINDER = "workshop_reminder"  # the notification kind (chalicelib/notifications/texts.py)


def send_reminder(org_id: str, workshop_id: str, reminder: str, starts_at: str) -> int:
    workshop = store.get_workshop(org_id, workshop_id)
    if workshop is None or workshop.status != "scheduled" or iso(workshop.starts_at) != starts_at:
        return 0
    told = 0
    for rsvp in store.list_rsvps(org_id, workshop_id):
        if rsvp.status != "going":
            continue
        # The id names the start too: after a move, the reminder of the new time is news.
        moment = "".join(ch for ch in starts_at if ch.isdigit())
        if tell(org_id, rsvp.user_id, f"workshop-{workshop_id}-{reminder}-{moment}", REMINDER, workshop):
            told += 1
    return told


def tell(org_id: str, user_id: str, notification_id: str, kind: str, workshop: WorkshopItem) -> bool:
    """One notification about the workshop, once (its id)."""
    profile = users.get_member(org_id, user_id)
    if profile is None or profile.status == "deactivated":
        return False
    note = inbox.new_note(
        org_id,
        user_id,
        notification_id,
        kind=kind,
        language=profile.language,
        community_id=workshop.community_id,
        content_id=workshop.workshop_id,
        content_title=workshop.title,
    )
    if inbox.deliver(note):
        count_business_event("NotificationDelivered")
        return True
    return False
