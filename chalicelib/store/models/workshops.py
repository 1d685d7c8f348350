"""Workshops and meetups: one item per occurrence, the RSVPs and the waitlist in its partition."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.store.models.base import KringItem


class WorkshopItem(KringItem, discriminator="workshop"):
    """One occurrence of a workshop (`ORG#<org>#WORKSHOP#<workshop>` / `WORKSHOP`); gsi1
    `ORG#<org>#COMMUNITY#<community>#WORKSHOPS` / `<starts_at>#<workshop>`.

    `going` and `waiting` count the confirmed places and the waitlist; every RSVP, cancellation and
    promotion changes them in the same transaction as the RSVP, conditioned on them, so the event
    is never overbooked and nobody jumps the waitlist."""

    workshop_id = UnicodeAttribute()  # "<series>-<n>"
    series_id = UnicodeAttribute()
    occurrence = NumberAttribute()  # 1..occurrences
    occurrences = NumberAttribute()
    community_id = UnicodeAttribute()
    organiser_id = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    place = UnicodeAttribute(null=True)
    online_url = UnicodeAttribute(null=True)
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    rsvp_until = UTCDateTimeAttribute()
    timezone = UnicodeAttribute()  # the organisation's, when it was planned
    capacity = NumberAttribute()
    going = NumberAttribute(default=0)
    waiting = NumberAttribute(default=0)
    next_ticket = NumberAttribute(default=1)
    status = UnicodeAttribute(default="scheduled")  # scheduled | cancelled
    check_in_code = UnicodeAttribute()  # shown to organisers only
    sequence = NumberAttribute(default=0)  # the calendar file's SEQUENCE: raised on each visible change
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = NumberAttribute(default=0)


class WorkshopRsvpItem(KringItem, discriminator="workshop_rsvp"):
    """A member's RSVP (`ORG#<org>#WORKSHOP#<workshop>` / `RSVP#<user>`)."""

    workshop_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    status = UnicodeAttribute()  # going | waitlisted | cancelled
    ticket = NumberAttribute(null=True)  # the waitlist ticket while waitlisted
    answered_at = UTCDateTimeAttribute()
    promoted_at = UTCDateTimeAttribute(null=True)
    attended_at = UTCDateTimeAttribute(null=True)  # checked in with the code (once)
    wrong_codes = NumberAttribute(default=0)


class WorkshopWaitItem(KringItem, discriminator="workshop_wait"):
    """A place on the waitlist (`ORG#<org>#WORKSHOP#<workshop>` / `WAIT#<ticket>`): the first one by key
    is promoted when a place frees up."""

    workshop_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    ticket = NumberAttribute()
