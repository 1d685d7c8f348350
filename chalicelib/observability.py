"""One place for the Powertools Logger and Metrics every module uses, and for X-Ray tracing.

Metrics: a handful of names, one per kind of activity (`EVENT_METRICS`), each with the `service`
dimension only. Each distinct name and dimension value is a custom metric CloudWatch bills every
month, so the business event itself (`PostPublished`, `BadgeEarned`...) is not a dimension: each
flush writes the events it counted into the EMF document's `events` property, which CloudWatch
Logs Insights can count (`stats sum(events.PostPublished)`) without a metric of its own.

Logs: CloudWatch bills every byte ingested, so a request that went well is not written down each
time (`request_log_level`): every problem response of 500 or more is (at ERROR), as is every slow
request and a sampled share of the others, each with its status and latency. Errors are logged
where they happen. Lambda's own START/END/REPORT lines are off (infra: SystemLogLevel WARN);
its Duration and Errors metrics stay.
"""

from __future__ import annotations

import logging
import os
import random
from collections import Counter

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="kring")
metrics = Metrics(namespace="Kring", service="kring")

# The stream consumer keeps a poison record in the table: an alarm watches this metric on its own.
DEAD_LETTERED = "StreamRecordDeadLettered"
OTHER_ACTIVITY = "OtherActivity"  # an event missing below still counts, under this name

_KINDS: dict[str, tuple[str, ...]] = {
    # What members do.
    "Participation": (
        "PostPublished",
        "PostShared",
        "CommentAdded",
        "ReactionGiven",
        "QuestionServed",
        "QuestionAnswered",
        "RefresherReviewed",
        "ContentReacted",
        "ContentReportedOutdated",
        "PersonFollowed",
        "MediaUploadStarted",
        "LessonCardAnswered",
        "LessonCompleted",
        "VideoCueAnswered",
        "VideoCompleted",
        "LibrarySearched",
        "QuestionAsked",
        "AnswerPosted",
        "AnswerUpvoted",
        "AnswerUpvoteWithdrawn",
        "AnswerAccepted",
        "ContentRequestTaken",
        "ContentRequestClosed",
        "AnswerPromoted",
        "WorkshopPlaceTaken",
        "WorkshopWaitlisted",
        "WorkshopWaitlistPromoted",
        "WorkshopRsvpCancelled",
        "WorkshopAttended",
        "ProgrammeSignUp",
        "PairMessage",
        "PairRematchRequested",
        "IntervisionSessionStarted",
        "IntervisionNoteWritten",
    ),
    "Moderation": (
        "PostHeld",
        "CommentHeld",
        "ContentReported",
        "ContentModerated",
        "ReportsDismissed",
        "MemberRemoved",
        "MemberMuted",
        "MemberUnmuted",
    ),
    "Gamification": (
        "PointsAwarded",
        "PointsWithdrawn",
        "LevelReached",
        "BadgeEarned",
        "BadgeAwarded",
        "BadgeAwardedManually",
        "BadgeAnnounced",
        "PostCounted",
        "LeaderboardsRefreshed",
    ),
    "Notifications": ("NotificationDelivered", "ReactionDigested"),
    "Media": ("MediaReady", "MediaRejected", "MediaDeleted", "MediaUndeclaredDeleted"),
    # What admins, managers and the schedules set up.
    "Administration": (
        "OrganisationOnboarded",
        "MemberInvited",
        "TeamCreated",
        "IntervisionGroupFormed",
        "IntervisionSessionsPlanned",
        "TeamDeleted",
        "TeamMemberPlaced",
        "TeamMemberRemoved",
        "CommunityCreated",
        "BadgeCreated",
        "QuestionCreated",
        "QuestionPublished",
        "QuizCreated",
        "QuizPublished",
        "RefresherSettingsChanged",
        "AuthorTaskClosed",
        "PostSpotlighted",
        "MemberSpotlighted",
        "CampaignOpen",
        "CampaignRemind",
        "CampaignClose",
        "CampaignPosted",
        "CampaignRepeated",
        "LearningContentCreated",
        "LearningContentPublished",
        "LearningReviewRequested",
        "LearningReviewApproved",
        "LearningReviewSentBack",
        "QuestionEscalated",
        "ContentRequested",
        "WorkshopPlanned",
        "WorkshopCancelled",
        "ProgrammeCreated",
        "ProgrammeMatched",
        "ProgrammePublished",
    ),
    DEAD_LETTERED: (DEAD_LETTERED,),
}
# The metric each business event counts towards.
EVENT_METRICS: dict[str, str] = {event: metric for metric, events in _KINDS.items() for event in events}
METRIC_NAMES: frozenset[str] = frozenset([*_KINDS, OTHER_ACTIVITY])

_counted: Counter[str] = Counter()

# The share of requests below SLOW_REQUEST_MS and under 500 whose "Request served" line is written:
# enough to see latency by path over a day (a thousand active people make ~15,000 requests a day),
# a twentieth of the bytes. Configuration only (`KRING_REQUEST_LOG_SAMPLE_RATE`; `kring run`'s
# console sets 1: every request).
DEFAULT_REQUEST_LOG_SAMPLE_RATE = 0.05
SLOW_REQUEST_MS = 1000.0


def request_log_sample_rate() -> float:
    return float(os.environ.get("KRING_REQUEST_LOG_SAMPLE_RATE", DEFAULT_REQUEST_LOG_SAMPLE_RATE))


def request_log_level(status: int, duration_ms: float, draw: float | None = None) -> int | None:
    """At which level a served request is written down, or None when it is not.

    `draw` is a uniform number in [0, 1) (a fresh random one unless given)."""
    if status >= 500:
        return logging.ERROR
    if duration_ms >= SLOW_REQUEST_MS:
        return logging.WARNING
    if (random.random() if draw is None else draw) < request_log_sample_rate():  # noqa: S311 - sampling, not secrecy
        return logging.INFO
    return None


def count_business_event(name: str) -> None:
    """One more of a business event (an invitation, a post...), published at the next flush."""
    _counted[name] += 1


def publish_metrics() -> None:
    """Write what was counted to the log as one EMF document; quiet when nothing was.

    Every handler calls this before it returns (HTTP middleware, consumers, jobs)."""
    if not _counted and not metrics.metric_set:
        return
    counted = dict(_counted)
    _counted.clear()
    by_metric: Counter[str] = Counter()
    for event, count in counted.items():
        by_metric[EVENT_METRICS.get(event, OTHER_ACTIVITY)] += count
    for metric, count in sorted(by_metric.items()):
        metrics.add_metric(name=metric, unit="Count", value=count)
    if counted:
        metrics.add_metadata(key="events", value=counted)
    metrics.flush_metrics()
    # With POWERTOOLS_METRICS_DISABLED (`kring run`'s console) Powertools writes nothing and keeps
    # them: a long-running process would pile them up.
    metrics.clear_metrics()


def _start_tracing() -> None:
    """When the stage traces (infra sets POWERTOOLS_TRACE_DISABLED=false), record every AWS call of
    a sampled request, DynamoDB's included, as a subsegment of the function's trace.

    Only then is the X-Ray SDK imported: a stage that does not trace pays nothing for it at cold
    start. Powertools' Tracer stays off outside Lambda (locally and in tests)."""
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "true").lower() != "false":
        return
    from aws_lambda_powertools import Tracer

    Tracer(service="kring", patch_modules=("botocore",))


_start_tracing()
