"""The reminder a day before an intervision session: a one-time schedule per session (made when
it is planned) runs this job, which puts one notification in each current member's inbox. The
notification's id names the session, so a second run delivers nothing; a session that started,
closed or is gone by then is not announced."""

from __future__ import annotations

from chalicelib.notifications.texts import INTERVISION_SESSION_SOON
from chalicelib.observability import count_business_event
from chalicelib.store import intervision as store
from chalicelib.store import notifications, users


def remind(org_id: str, group_id: str, session_id: str) -> dict[str, int]:
    group = store.get_group(org_id, group_id)
    session = store.get_session(org_id, group_id, session_id)
    if group is None or session is None or session.status != "planned":
        return {"sent": 0}
    sent = 0
    for user_id in group.member_ids or []:
        profile = users.get_member(org_id, user_id)
        if profile is None or profile.status == "deactivated":
            continue
        note = notifications.new_note(
            org_id,
            user_id,
            f"ivs-{session_id}",
            kind=INTERVISION_SESSION_SOON,
            language=profile.language,
            content_title=group.name,
        )
        if notifications.deliver(note):
            count_business_event("NotificationDelivered")
            sent += 1
    return {"sent": sent}
