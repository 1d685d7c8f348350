"""One-time jobs that EventBridge Scheduler schedules invoke, by name.

A schedule's payload is {"job": NAME, "org_id": ORG, "args": {...}}; the organisation is part
of the payload the app itself wrote when it created the schedule, never client input.

Each job imports its code when it runs: a cold `run_scheduled_job` loads the one job it was
invoked for (a media clean-up never loads the campaign calendar). The names are written here, not
imported from the modules that schedule them (that would load every job's code); a unit test
checks that they agree (tests/unit/test_job_registry.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.observability import logger

# The names the scheduling modules use (chalicelib.media.attachments.DELETE_MEDIA_JOB,
# chalicelib.campaigns.schedules.JOB, chalicelib.learning.review_dates.JOB,
# chalicelib.refreshers.reminders.JOB, chalicelib.workshops.planning.REMINDER_JOB).
# chalicelib.refreshers.reminders.JOB, chalicelib.intervision.sessions.REMINDER_JOB).
REFRESH_MEMBER_COUNTS_JOB = "refresh_member_counts"
DELETE_MEDIA_JOB = "delete_media"
CAMPAIGN_TRANSITION_JOB = "campaign_transition"
LEARNING_REVIEW_DUE_JOB = "learning_review_due"
REFRESHER_REMINDERS_JOB = "refresher_reminders"
QA_ESCALATE_JOB = "qa_escalate"  # chalicelib.qa.escalation.ESCALATE_JOB
QA_CONTENT_REQUEST_JOB = "qa_content_request"  # chalicelib.qa.escalation.CONTENT_REQUEST_JOB
WORKSHOP_REMINDER_JOB = "workshop_reminder"
# chalicelib.programmes: organise.WINDOW_JOB, review.MATCHING_JOB / PUBLISH_JOB / CHECK_IN_JOB.
PROGRAMME_WINDOW_JOB = "programme_window"
PROGRAMME_MATCHING_JOB = "programme_matching"
PROGRAMME_PUBLISH_JOB = "programme_publish"
PROGRAMME_CHECK_IN_JOB = "programme_check_in"
INTERVISION_REMINDER_JOB = "intervision_reminder"


def _refresh_member_counts(org_id: str, **_: Any) -> Any:
    from chalicelib.identity.member_counts import refresh_member_counts

    return refresh_member_counts(org_id)


def _delete_media(org_id: str, media_ids: Any = (), post_id: Any = None, **_: Any) -> Any:
    from chalicelib.media.attachments import delete_media

    return delete_media(org_id, [str(m) for m in media_ids], post_id)


def _campaign_transition(org_id: str, campaign_id: Any = "", at: Any = None, **_: Any) -> Any:
    from chalicelib.campaigns.lifecycle import run_transition

    return run_transition(org_id, str(campaign_id), str(at) if at else None)


def _learning_review_due(org_id: str, content_id: Any = "", review_on: Any = "", **_: Any) -> Any:
    from chalicelib.learning.review_dates import remind

    return remind(org_id, str(content_id), str(review_on))


def _refresher_reminders(org_id: str, **_: Any) -> Any:
    from chalicelib.refreshers.reminders import send_daily_reminders

    return send_daily_reminders(org_id)


def _qa_escalate(org_id: str, community_id: Any = "", post_id: Any = "", **_: Any) -> Any:
    from chalicelib.qa.escalation import escalate

    return escalate(org_id, str(community_id), str(post_id))


def _qa_content_request(org_id: str, community_id: Any = "", post_id: Any = "", **_: Any) -> Any:
    from chalicelib.qa.escalation import open_content_request

    return open_content_request(org_id, str(community_id), str(post_id))


def _workshop_reminder(
    org_id: str, workshop_id: Any = "", reminder: Any = "", starts_at: Any = "", **_: Any
) -> Any:
    from chalicelib.workshops.reminders import send_reminder

    return send_reminder(org_id, str(workshop_id), str(reminder), str(starts_at))


def _programme_window(org_id: str, programme_id: Any = "", action: Any = "", **_: Any) -> Any:
    from chalicelib.programmes.organise import run_window

    return run_window(org_id, str(programme_id), str(action))


def _programme_matching(org_id: str, programme_id: Any = "", run: Any = 0, **_: Any) -> Any:
    from chalicelib.programmes.review import run_matching

    return run_matching(org_id, str(programme_id), int(run))


def _programme_publish(org_id: str, programme_id: Any = "", **_: Any) -> Any:
    from chalicelib.programmes.review import run_publish

    return run_publish(org_id, str(programme_id))


def _programme_check_in(org_id: str, programme_id: Any = "", session: Any = 1, **_: Any) -> Any:
    from chalicelib.programmes.pairs import run_check_in

    return run_check_in(org_id, str(programme_id), int(session))


def _intervision_reminder(org_id: str, group_id: Any = "", session_id: Any = "", **_: Any) -> Any:
    from chalicelib.intervision.reminders import remind

    return remind(org_id, str(group_id), str(session_id))


JOBS: dict[str, Callable[..., Any]] = {
    REFRESH_MEMBER_COUNTS_JOB: _refresh_member_counts,
    DELETE_MEDIA_JOB: _delete_media,
    CAMPAIGN_TRANSITION_JOB: _campaign_transition,
    LEARNING_REVIEW_DUE_JOB: _learning_review_due,
    REFRESHER_REMINDERS_JOB: _refresher_reminders,
    QA_ESCALATE_JOB: _qa_escalate,
    QA_CONTENT_REQUEST_JOB: _qa_content_request,
    WORKSHOP_REMINDER_JOB: _workshop_reminder,
    PROGRAMME_WINDOW_JOB: _programme_window,
    PROGRAMME_MATCHING_JOB: _programme_matching,
    PROGRAMME_PUBLISH_JOB: _programme_publish,
    PROGRAMME_CHECK_IN_JOB: _programme_check_in,
    INTERVISION_REMINDER_JOB: _intervision_reminder,
}


def run_job(payload: dict[str, Any]) -> dict[str, Any]:
    name = payload.get("job")
    org_id = payload.get("org_id")
    job = JOBS.get(str(name))
    if job is None or not isinstance(org_id, str):
        logger.error("Unknown or malformed scheduled job", extra={"job": name})
        return {"ran": False, "reason": "unknown job"}
    result = job(org_id, **(payload.get("args") or {}))
    return {"ran": True, "job": name, "org_id": org_id, "result": result}
