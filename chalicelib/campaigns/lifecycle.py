"""Running a campaign's calendar: its schedules, its transitions and what each transition does.

`advance(org, campaign, now)` takes whatever step is due (open, a reminder, close), each at
most once: the status change is a Put conditioned on the version and status read, and it leaves
the step `pending` until its effects are applied. The effects are idempotent themselves (a post
and notifications with ids derived from the campaign, badges held once), so a run that stops
halfway is finished by the next one (its schedule's retry, or the sweeper), and a step that
fires twice does nothing the second time.

The steps' parts live beside this module: schedules.py (one schedule per step), audience.py (who
is notified), posts.py (the wall posts) and closing.py (the close's effects).

- open: an announcement post on the campaign's community wall, and a notification to each member
  of the audience (`campaign-<id>-opened`), at most FANOUT_PER_RUN per run (a cursor goes on);
  the audience is who may read its community now (chalicelib/communities/audience.py): never a
  deactivated member, nor one who left or was removed.
- remind: a notification to each member of the audience who has not yet answered every question
  of the campaign's quiz (`campaign-<id>-reminder-<n>`).
- close: answers are refused from then on; 90 s later (SETTLE: the last answers are scored
  and placed on the campaign's board by the consumer by then), final ranks from its board, the
  seasonal quiz badges, a recap post with the winners (opted-out members left out) and the
  hardest question, and, for a yearly campaign, next year's, which takes the quiz over; otherwise
  the quiz is free again.

Schedules: one EventBridge Scheduler one-time schedule per step (`campaign-<id>-open`,
`-remind-<n>`, `-close`) in the organisation's time zone, invoking the `campaign_transition` job.
The sweeper (every 5 minutes) advances whatever the CAMPAIGNS_DUE index says is due, so a
schedule that did not fire heals.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from chalicelib.campaigns import rules
from chalicelib.campaigns.calendar import due_at, state_of
from chalicelib.config import get_config
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event, logger
from chalicelib.store import campaigns as store
from chalicelib.store.models import CampaignItem

# The effects (posts, notifications to the audience, the close's ranks, badges and recap) are
# imported by apply_effects when a step has some to apply: most sweeps find nothing due, and a
# cold sweep or transition job should not load the whole close to learn that.
FANOUT_PER_RUN = rules.FANOUT_PER_RUN
BY_HAND_FANOUT = 300  # within an API request (open by hand): the sweeper delivers the rest
MAX_STEPS_PER_RUN = 8
# The close's ranks, badges and recap wait this long after the close: the stream consumer scores the
# last answers accepted before it (its lag is seconds; the iterator-age alarm fires at 5 minutes).
# (Configurable: KRING_CAMPAIGN_SETTLE_SECONDS, 90 by default.)


def settle() -> timedelta:
    return timedelta(seconds=get_config().campaign_settle_seconds)


def advance(
    org_id: str, campaign_id: str, now: datetime | None = None, fanout: int = FANOUT_PER_RUN
) -> list[str]:
    """Take every step of the campaign due by `now` (each once); returns what was done.

    `fanout`: how many notifications this run delivers at most (the next run goes on)."""
    now = now or utc_now()
    done: list[str] = []
    for _ in range(MAX_STEPS_PER_RUN):
        item = store.get_campaign(org_id, campaign_id, consistent=True)
        if item is None:
            return done
        state = state_of(item)
        step = rules.due_step(state, now)
        if step is None:
            return done
        try:
            if step.effects_only:
                if not apply_effects(item, now, fanout):
                    return done  # more notifications to deliver: the next run goes on
                item.pending, item.pending_since, item.fanout_cursor = None, None, None
                store.save_change(item, int(item.version), due_at=due_at(item))
                done.append(f"{step.kind}:effects")
            elif rules.skip_stale_reminder(step, now, item.closes_at) and step.reminder:
                item.reminded = [*list(item.reminded or []), step.reminder]
                store.save_change(item, int(item.version), item.status, due_at=due_at(item))
                done.append("remind:skipped")
            else:
                take_step(item, state, step, now)
                done.append(step.kind)
        except store.CampaignChanged:
            continue  # someone else took it: read again
    return done


def take_step(item: CampaignItem, state: rules.State, step: rules.Step, now: datetime) -> CampaignItem:
    """The status change of `step`, conditioned on the version and status read; effects pending."""
    change = rules.change_for(state, step)
    read_version, read_status = int(item.version), item.status
    item.status = change.status
    item.reminded = list(change.reminded)
    item.pending, item.pending_since, item.fanout_cursor = change.pending, now, None
    if step.kind == rules.OPEN_STEP:
        item.opened_at = now
    if step.kind == rules.CLOSE_STEP:
        item.closed_at = now
    store.save_change(item, read_version, read_status, due_at=due_at(item))
    count_business_event(f"Campaign{step.kind.capitalize()}")
    logger.info(
        "Campaign step", extra={"org_id": item.org_id, "campaign_id": item.campaign_id, "step": step.kind}
    )
    return item


def apply_effects(item: CampaignItem, now: datetime, fanout: int = FANOUT_PER_RUN) -> bool:
    """The pending step's effects; True once all are applied (False: a next run goes on)."""
    from chalicelib.campaigns.audience import finished_players, notify_audience
    from chalicelib.notifications import texts as note_texts

    pending = item.pending or ""
    if pending == rules.OPEN_STEP:
        from chalicelib.campaigns.posts import announce_opened

        announce_opened(item)
        return notify_audience(
            item, note_texts.CAMPAIGN_OPENED, f"campaign-{item.campaign_id}-opened", fanout
        )
    if pending.startswith(rules.REMIND_STEP):
        reminder = pending.split("#", 1)[1] if "#" in pending else ""
        reminders = sorted(str(r) for r in item.reminders or [])
        index = reminders.index(reminder) if reminder in reminders else 0
        note_id = f"campaign-{item.campaign_id}-reminder-{index}"
        return notify_audience(
            item, note_texts.CAMPAIGN_REMINDER, note_id, fanout, skip=finished_players(item)
        )
    if pending == rules.CLOSE_STEP:
        settled = min(item.closed_at or now, item.closes_at) + settle()  # (closed early by hand: from then)
        if now < settled:
            from chalicelib.campaigns.schedules import schedule_finish

            # Answers accepted until the close are still on the stream: rank them all, a little later.
            schedule_finish(item, settled)
            return False
        from chalicelib.campaigns.closing import finish

        finish(item, now)
        return True
    return True


def due_campaigns(now: datetime) -> Iterator[CampaignItem]:
    yield from store.due(now)


def sweep(now: datetime | None = None) -> dict[str, list[str]]:
    """Advance every campaign that is due (one Query of CAMPAIGNS_DUE, then each campaign)."""
    now = now or utc_now()
    result: dict[str, list[str]] = {}
    for item in due_campaigns(now):
        try:
            result[f"{item.org_id}/{item.campaign_id}"] = advance(item.org_id, item.campaign_id, now)
        except Exception:
            # One campaign's trouble must not hold the others; it is still due next sweep.
            logger.exception(
                "Campaign sweep failed", extra={"org_id": item.org_id, "campaign_id": item.campaign_id}
            )
    return result


def run_transition(org_id: str, campaign_id: str, at: str | None = None, **_: Any) -> list[str]:
    """The `campaign_transition` job a schedule runs: whatever is due by the moment it was for.

    A Lambda whose clock is a little behind still takes the step it was fired for; it never takes a
    later one early (the open firing must not also close a short campaign, nor the close settle it)."""
    moment = rules.parse_iso(at) if at else utc_now()
    return advance(org_id, campaign_id, max(moment, utc_now()))
