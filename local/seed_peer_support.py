"""Demo peer support: a workshop next week in the demo community and a buddy programme open for
sign-up, so `make run` shows both screens with something in them. Made through the same use cases
the API calls; nothing here notifies anyone (the workshop's reminders fall a day and an hour before
it, the programme's matching waits for its organiser)."""

from __future__ import annotations

import logging
from datetime import timedelta

from chalicelib.campaigns.rules import to_local
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.programmes.organise import NewProgramme, create_programme
from chalicelib.workshops.planning import Plan, create_series, organisation_timezone
from chalicelib.workshops.rsvps import rsvp

log = logging.getLogger(__name__)


def seed_peer_support(
    organiser: Principal, mentor: Principal, attendee: Principal, community_id: str
) -> None:
    timezone = organisation_timezone(organiser.org_id)
    next_week = to_local(utc_now(), timezone) + timedelta(days=7)
    plan = Plan(
        title="Spreadsheets together: pivot tables",
        description="Bring a spreadsheet you use at work; we build a pivot table from it together.",
        place="Meeting room 2.14",
        online_url=None,
        starts_local=next_week.replace(hour=14, minute=0, second=0, microsecond=0, tzinfo=None),
        duration=timedelta(hours=1, minutes=30),
        capacity=8,
        rsvp_closes_before=timedelta(hours=2),
        every_weeks=2,
        occurrences=3,
    )
    series = create_series(mentor, community_id, plan)
    rsvp(attendee, community_id, series[0].workshop_id)
    programme = create_programme(
        organiser,
        NewProgramme(
            name="Digital buddies",
            kind="buddies",
            description="Pair up with a colleague for six weeks and learn one digital skill from each other.",
            not_same_team=True,
        ),
    )
    log.info(
        "Seeded a workshop series (%d sessions) and the buddy programme %s",
        len(series),
        programme.programme_id,
    )
