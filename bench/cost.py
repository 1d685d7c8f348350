"""What Kring costs to run on AWS: the bench's measured figures priced with public on-demand prices.

Pure functions of the bench document (bench/run.py) and the tables below; nothing here calls AWS or
reads a clock. docs/benchmarks.md ("Cost model") explains the profile, the prices and the results.

- `PRICES`: public on-demand prices in eu-west-1 (Ireland), as of `PRICES_AS_OF`, without free tiers.
- `DEPLOYMENT`: what infra/ deploys that has a price of its own (checked against the synthesized
  template by tests/infra/test_cost_inventory.py).
- `PROFILE`: what a monthly active user (MAU) does in a month, as operations of the API.
- `LAMBDA`, `MEDIA`, `WEB`: the assumptions the bench cannot measure (durations on AWS, media sizes,
  the web app's requests); `LOGS`: what logs are priced from where the bench's `log_volume`
  measurement is missing (`log_bytes`).
- `cost_model(document)`: the `cost` section of bench/results.json.

Three figures come out:

- `usd_per_1000_mau_month`: everything that grows with use (requests, the consumer, the jobs' work
  caused by activity, media, storage growth), for 1,000 MAU in organisations of 200 or of 1,000
  members (the larger of the two);
- `usd_fixed_per_deployment_month`: what a deployment costs with no organisation at all (the web
  ACL, metrics, alarms, the scheduled functions' invocations...);
- `usd_idle_org_month`: what one organisation of 200 members costs in a month in which nobody does
  anything (the jobs' reads for it, its stored data).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

PRICES_AS_OF = "2026-12-07"
REGION = "eu-west-1"
GB = 1024**3
SECONDS_PER_MONTH = 30 * 24 * 3600
MINUTES_PER_MONTH = SECONDS_PER_MONTH // 60


@dataclass(frozen=True)
class Price:
    usd: float
    per: float  # units the price is for
    unit: str

    @property
    def each(self) -> float:
        return self.usd / self.per


# Public on-demand prices, eu-west-1 (Ireland), as of PRICES_AS_OF; free tiers are not deducted.
PRICES: dict[str, Price] = {
    # DynamoDB on-demand, Standard table class (the November 2024 halving of $1.4135 / $0.283).
    "dynamodb_write": Price(0.7068, 1e6, "write request units"),
    "dynamodb_read": Price(0.1415, 1e6, "read request units"),
    "dynamodb_storage": Price(0.283, 1, "GB-month stored (items + 100 bytes each, per index too)"),
    "dynamodb_pitr": Price(0.2264, 1, "GB-month of point-in-time recovery (table size)"),
    # Stream reads made by a Lambda event source mapping are free.
    "dynamodb_stream_read_by_lambda": Price(0.0, 1, "GetRecords by a Lambda trigger"),
    "lambda_request": Price(0.20, 1e6, "invocations"),
    # Compute per architecture (Graviton is 20 % cheaper); billed init is included since 2025-08-01.
    "lambda_compute_x86_64": Price(0.0000166667, 1, "GB-second on x86_64, init included"),
    "lambda_compute_arm64": Price(0.0000133334, 1, "GB-second on arm64 (Graviton), init included"),
    "waf_web_acl": Price(5.00, 1, "web ACL-month"),
    "waf_rule": Price(1.00, 1, "rule or rule group-month"),
    "waf_request": Price(0.60, 1e6, "requests inspected"),
    "xray_trace": Price(5.00, 1e6, "traces recorded"),
    # CloudFront, Europe / North America edges (PriceClass_100 serves only those).
    "cloudfront_request": Price(0.012, 10_000, "HTTPS requests"),
    "cloudfront_transfer_out": Price(0.085, 1, "GB to the internet (first 10 TB)"),
    "cloudfront_function": Price(0.10, 1e6, "CloudFront Functions invocations"),
    "logs_ingestion": Price(0.57, 1, "GB ingested (standard class)"),
    "logs_storage": Price(0.03, 1, "GB-month stored (compressed)"),
    "custom_metric": Price(0.30, 1, "custom metric-month (first 10,000)"),
    "alarm_metric": Price(0.10, 1, "standard-resolution alarm metric-month"),
    "s3_storage": Price(0.023, 1, "GB-month, S3 Standard"),
    "s3_write_request": Price(0.005, 1000, "PUT, POST, COPY, LIST requests"),
    "s3_read_request": Price(0.0004, 1000, "GET, HEAD requests"),
    "data_transfer_out": Price(0.09, 1, "GB to the internet (first 10 TB)"),
    "secret": Price(0.40, 1, "secret-month"),
    "secrets_api": Price(0.05, 10_000, "API calls"),
    "kms_key": Price(1.00, 1, "customer managed key-month"),
    "scheduler_invocation": Price(1.00, 1e6, "EventBridge Scheduler invocations"),
    "cognito_mau": Price(0.015, 1, "MAU, Essentials feature plan, beyond 10,000 free MAU"),
}


@dataclass(frozen=True)
class Deployment:
    """What infra/ deploys that has a price of its own."""

    function_memory_mb: Mapping[str, int]
    # Every function's instruction set (.chalice/config.json `lambda_architecture`): compute and
    # billed init are priced at its GB-second price.
    architecture: str
    scheduled_functions: tuple[str, ...]
    # X-Ray (infra/settings.py): off unless a stage turns it on; then the API's sampling rule keeps
    # `xray_reservoir_per_second` requests each second and `xray_fixed_rate` of the rest.
    tracing: bool
    xray_reservoir_per_second: float
    xray_fixed_rate: float
    waf_rules: int  # rate-based rule + AWS managed rule groups (each billed as a rule)
    alarm_metrics: int  # metrics the alarms watch (a metric-math alarm pays for each metric in it)
    secrets: int
    kms_keys: int
    log_retention_days: int
    indexes: int
    # Lambda's START, END and REPORT lines of each invocation: sent only when the functions'
    # SystemLogLevel is INFO or DEBUG (infra sets WARN: none for an invocation that went well).
    platform_log_lines: bool


def alarm_metrics(functions: int, indexes: int) -> int:
    """Errors and Throttles per function, the consumer's iterator age, the API's 5XX, the table's
    read and write throttles (table and each index, one metric-math alarm), dead letters, two queues."""
    return 2 * functions + 1 + 1 + 2 * (1 + indexes) + 1 + 2


_FUNCTIONS = {
    "api_handler": 1024,
    "on_table_change": 512,
    "on_media_uploaded": 512,
    "nightly_member_counts": 512,
    "sweep_campaigns": 512,
    "run_scheduled_job": 512,
}
DEPLOYMENT = Deployment(
    function_memory_mb=_FUNCTIONS,
    architecture="arm64",
    scheduled_functions=("nightly_member_counts", "sweep_campaigns"),
    tracing=False,
    xray_reservoir_per_second=1,
    xray_fixed_rate=0.01,
    waf_rules=3,
    alarm_metrics=alarm_metrics(len(_FUNCTIONS), indexes=1),
    secrets=1,
    kms_keys=1,
    log_retention_days=30,
    indexes=1,
    platform_log_lines=False,
)


@dataclass(frozen=True)
class LambdaAssumptions:
    """Durations on AWS, which the emulator cannot measure (it is not DynamoDB's latency)."""

    base_ms: float = 10.0  # the handler's own work: routing, validation, JSON, a warm container
    ms_per_ddb_request: float = 8.0  # a same-region DynamoDB request as the SDK sees it
    # Invocations that start a new execution environment (billed init: the cold import measured).
    cold_start_share: Mapping[str, float] = field(
        default_factory=lambda: {
            "api_handler": 0.02,  # AWS reports under 1 % in production; a small deployment idles more
            "on_table_change": 0.05,
            "on_media_uploaded": 1.0,
            "run_scheduled_job": 1.0,
            "nightly_member_counts": 1.0,
            "sweep_campaigns": 1 / 12,
        }
    )
    cursor_secret_reads_per_cold_start: float = 1.0  # chalicelib/secrets.py: once per container
    # The media signing key, read once per container by its first answer that shows an image.
    media_key_reads_per_cold_start: float = 1.0
    # One display URL signature: RSA-2048 in pure Python, two 1024-bit modular exponentiations
    # (about 8 ms of a whole core on the bench machine; 1024 MB is about 0.6 of a vCPU).
    ms_per_display_url_signature: float = 15.0
    # Billed init = this + the function's measured `cold_import_ms`. An assumption, not a measure:
    # Lambda's Python runtime starting the interpreter and its runtime client before app.py is
    # imported (a bare `python -c pass` takes ~30 ms on the bench machine; the runtime client adds
    # its own imports). Stated once here because wall clock on a shared machine is too noisy to bill.
    interpreter_start_ms: float = 100.0


@dataclass(frozen=True)
class LogAssumptions:
    """What the functions write to CloudWatch Logs. `make bench` measures the bytes of each kind of
    invocation (bench/log_volume.py, `log_volume` in results.json) and `log_bytes` prices those; the
    byte figures below are used only where a document has no measurement (a bench run without it),
    and `cost.logs.sources` says which were used."""

    # START, END and REPORT (with Init Duration and the X-Ray trace id): priced only while the
    # functions' SystemLogLevel lets them through (DEPLOYMENT.platform_log_lines).
    platform_bytes: int = 350
    # "Request served" (Powertools JSON with the request's keys): 314-438 bytes measured, 392 on
    # average over two reads and two writes, plus the 36-character request id Lambda gives it.
    request_line_bytes: int = 430
    # Lines per request: the sampled share (chalicelib/observability.py, 5 %; log_volume records the
    # app's setting) and an allowance of 1 % for the ones always written (5xx answers, requests
    # slower than a second), which no bench run can measure.
    always_written_share: float = 0.01
    request_lines_per_request: float = 0.05 + always_written_share
    # One EMF document a flush, at most one a invocation (measured: one for a request that counted a
    # business event, none for a read, one for a consumer batch): 228-259 bytes, 239 on average.
    metrics_line_bytes: int = 240
    compression: float = 0.15  # stored size / ingested size


# A phone photo as the web app sends it (web/src/media/displaySized.ts): at most 1290 px on its
# longest side at quality 0.8, WebP where the browser encodes it (Chromium, Firefox), JPEG where it
# does not (Safari, so every browser on an iPhone). Measured in Chromium on the browser journey's
# 8 MP photo-like picture (tests/e2e/web/photo_like.js: 2.47 MB as the camera stores it): 112,694
# bytes as WebP, 189,228 as JPEG (1600 px JPEG, the app's size before: 281,181 bytes).
PHOTO_BYTES = {"image/webp": 112_694, "image/jpeg": 189_228}
WEBP_UPLOAD_SHARE = 0.5  # uploads from browsers that encode WebP (iPhones are about half of phones)


@dataclass(frozen=True)
class MediaAssumptions:
    # Sent as taken (a camera's 3 MB), the media transfer line alone would be twenty times as much.
    upload_bytes: int = round(
        WEBP_UPLOAD_SHARE * PHOTO_BYTES["image/webp"] + (1 - WEBP_UPLOAD_SHARE) * PHOTO_BYTES["image/jpeg"]
    )
    download_bytes: int = upload_bytes  # the same object (Kring serves what was uploaded)
    s3_requests_per_upload: int = 3  # the POST, the consumer's ranged GET of the first bytes, a HEAD
    response_header_bytes: int = 400  # on every API response, beside its body


@dataclass(frozen=True)
class WebAssumptions:
    """The web app, served by CloudFront from its bucket (its API calls are in the profile)."""

    # Measured in Chromium by tests/e2e/web/test_returning_session.py (which fails above these): a
    # session of a member whose service worker is installed sends the page (network first: a 304
    # while it has not changed) and the browser's update check of the service worker (a 304);
    # scripts, styles, manifest and icons come from the service worker's cache. Assumed before: 8.
    requests_per_session: int = 2
    revalidation_bytes: int = 300  # a 304's headers
    full_loads_per_mau_month: float = 2.0  # a new version (or an emptied cache): the whole app again
    # The same test's first visit: the page (twice: opened, then after signing in), its script,
    # style and icon (three times: image, favicon, precache), the service worker, and every file
    # the service worker precaches (all the app's chunks, for offline use): 43 requests at this
    # commit (34 of them scripts), counted once the server's log shows every precached file. A new
    # version fetches about as many: every chunk's name changes with any change to the code (each
    # hash covers the names of the chunks it imports).
    requests_per_full_load: int = 43
    # What those requests bring, gzipped as CloudFront sends them: every file the service worker
    # precaches (`python -m bench.web_size`: precache_bytes). The first screen alone is less
    # (`web_first_load_bytes`), but the service worker fetches the rest at once. 119,782 at this commit.
    full_load_bytes: int = 120_000


LAMBDA = LambdaAssumptions()
LOGS = LogAssumptions()


@dataclass(frozen=True)
class LogBytes:
    """Bytes ingested per invocation of each kind, as priced (`log_bytes`)."""

    request_line: float  # a "Request served" line, when one is written
    lines_per_request: float
    read_metrics: float  # EMF bytes an API read flushes
    write_metrics: float  # ... and an API write
    consumer_batch: float  # everything a stream batch writes
    media_batch: float  # everything the media consumer writes for an upload
    job_run: float  # everything a scheduled job's run writes
    sources: Mapping[str, str]  # each field: "measured" (bench/log_volume.py) or "assumed" (LOGS)

    def api_request(self, write_share: float) -> float:
        """A request's average: its sampled line and the metrics its reads and writes flush."""
        metrics = write_share * self.write_metrics + (1 - write_share) * self.read_metrics
        return self.request_line * self.lines_per_request + metrics


def log_bytes(document: Mapping[str, Any]) -> LogBytes:
    """What the bench measured (`log_volume.per_invocation_bytes`), else the stated assumption."""
    measured = (document.get("log_volume") or {}).get("per_invocation_bytes") or {}
    sources: dict[str, str] = {}

    def pick(field_name: str, key: str, assumed: float) -> float:
        sources[field_name] = "measured" if key in measured else "assumed"
        return float(measured[key]) if key in measured else assumed

    rate = measured.get("request_log_sample_rate")
    sources["lines_per_request"] = (
        f"the app's sample rate + {LOGS.always_written_share:.0%} assumed always written"
        if rate is not None
        else "assumed"
    )
    return LogBytes(
        request_line=pick("request_line", "request_line_bytes", LOGS.request_line_bytes),
        lines_per_request=(
            float(rate) + LOGS.always_written_share if rate is not None else LOGS.request_lines_per_request
        ),
        read_metrics=pick("read_metrics", "read_metrics_bytes", 0.0),
        write_metrics=pick("write_metrics", "write_metrics_bytes", LOGS.metrics_line_bytes),
        consumer_batch=pick("consumer_batch", "consumer_batch_bytes", LOGS.metrics_line_bytes),
        # The media consumer is not run by log_volume (an upload needs S3's event): assumed.
        media_batch=pick("media_batch", "media_batch_bytes", LOGS.metrics_line_bytes),
        job_run=pick("job_run", "job_run_bytes", LOGS.metrics_line_bytes),
        sources=sources,
    )


MEDIA = MediaAssumptions()
WEB = WebAssumptions()


@dataclass(frozen=True)
class Use:
    operation: str  # a key of the bench's `operations`
    per_mau_month: float
    why: str


SESSIONS_PER_MAU_MONTH = 12  # about three a week: a workplace community opened from a notification


def _per_session(operation: str, per_session: float, why: str) -> Use:
    return Use(operation, per_session * SESSIONS_PER_MAU_MONTH, why)


# The unread badge (web/src/unread.ts): the first request after a screen change asks for the count
# and its answer carries it (a header; one consistent GetItem of the inbox counter in the same
# invocation, no request of its own); so does the answer to marking a notification read. Only a count
# older than a minute while the app is visible is asked for with a request of its own. A session:
# the screens of the profile below (feed, a wall, a post, now and then notifications, boards,
# progress or quizzes: about 4 changes of screen) in about 4 minutes in view; screens are not
# evenly spread (a post or a lesson read for longer than a minute), so about half of those minutes
# pass without a screen change bringing the count: 2 asks of its own a session (was 1 + 4 + 4 = 9:
# on start, on every screen change and every minute in view).
SCREENS_PER_SESSION = 1 + 4
MINUTES_IN_VIEW_PER_SESSION = 4
UNREAD_MAX_AGE_SECONDS = 60
UNREAD_ASKS_PER_SESSION = MINUTES_IN_VIEW_PER_SESSION * 60 // UNREAD_MAX_AGE_SECONDS // 2
UNREAD_CARRIED_PER_SESSION = SCREENS_PER_SESSION - 1  # the first screen's comes with the start


# The video player's reports (web/src/screens/video/VideoWatch.tsx): a first one 15 s into playing
# (the server allows a first report 20 s of play), then one a minute while playing, and one at each
# pause (a cue pauses too), seek, the end and on leaving the player or the page (with keepalive).
# An opening plays about 90 s (a three-minute video over two openings) and stops at a cue once:
# the first report, one a minute after it, one at the cue, one at the end or on leaving. It was
# one every 10 s while playing, on pause and at cues: 10 an opening, 40 a month.
VIDEO_OPENINGS_PER_MAU_MONTH = 4
VIDEO_SECONDS_PLAYED_PER_OPENING = 90
VIDEO_FIRST_REPORT_SECONDS = 15
VIDEO_REPORT_EVERY_SECONDS = 60
VIDEO_CUE_PAUSES_PER_OPENING = 1
VIDEO_REPORTS_PER_OPENING = (
    1
    + (VIDEO_SECONDS_PLAYED_PER_OPENING - VIDEO_FIRST_REPORT_SECONDS) // VIDEO_REPORT_EVERY_SECONDS
    + VIDEO_CUE_PAUSES_PER_OPENING
    + 1
)


# Intervision (chalicelib/intervision): one person in ten is in a group, which meets once a month for
# its method's 70 minutes. While a session is live each phone asks for its small live state 5 s after
# the session changed, then 10 s later, then every 20 s while nothing moves (INTERVISION_LIVE_STEPS,
# web/src/screens/intervision/Session.tsx; nothing while the tab is hidden, one ask at once when it
# comes back into view), and reads the whole session again when it moved. An ask that finds what the
# phone has (its If-None-Match tag) is a 304 with no body. A session moves about 30 times (the
# facilitator's moves, cases, votes, everyone's contributions: the getIntervisionSession line below):
# spread evenly, a move every 140 s, which the back-off finds with 8 asks (5, 15, 35, ..., 135 s
# after the last), the most a fixed number of moves can cause with it (bunched moves cost fewer). So
# 30 x 8 = 240 asks a member and session, 31 of them finding a move (or the first one), plus two
# returns into view; it was one ask every 5 s: 840. A group in one room stays in step: a move shows on
# the other phones within 5 s while things move and 20 s at worst after a quiet spell, and at once
# on the phone that made it; the phase's time left runs on the phone from phase_ends_at.
INTERVISION_SHARE = 0.1
INTERVISION_SESSION_SECONDS = 70 * 60
INTERVISION_LIVE_STEPS = (5, 10, 20)  # seconds between asks after a move: the last one repeats
INTERVISION_MOVES = 30
INTERVISION_RETURNS_INTO_VIEW = 2
INTERVISION_GROUP_SIZE = 6


def live_asks_between_moves(gap_seconds: float, steps: tuple[int, ...] = INTERVISION_LIVE_STEPS) -> int:
    """How many asks a phone makes between two moves `gap_seconds` apart (the back-off's schedule)."""
    asks, elapsed = 0, 0
    while True:
        elapsed += steps[min(asks, len(steps) - 1)]
        if elapsed > gap_seconds:
            return asks
        asks += 1


INTERVISION_LIVE_POLLS = (  # per member and session
    INTERVISION_MOVES * live_asks_between_moves(INTERVISION_SESSION_SECONDS / INTERVISION_MOVES)
    + INTERVISION_RETURNS_INTO_VIEW
)
INTERVISION_LIVE_CHANGED = INTERVISION_MOVES + 1  # the asks that find a move, and the first ask


def _intervision(operation: str, per_member_session: float, why: str) -> Use:
    return Use(operation, per_member_session * INTERVISION_SHARE, why)


# What one monthly active user does in a month. Staff work (moderation, invitations, quiz authoring)
# is spread over everyone as a small share.
PROFILE: tuple[Use, ...] = (
    # The app opens with one request (GET /v1/me/start): my profile, my communities and my unread
    # count, which were three (getMyProfile, listMyCommunities from the feed, the unread count).
    _per_session("getMyStart", 1, "the app starts"),
    _per_session(
        "getUnreadNotificationCount", UNREAD_ASKS_PER_SESSION, "a minute in view without a screen change"
    ),
    _per_session("getHomeFeed", 1, "the first screen"),
    _per_session("listCommunityPosts", 1, "one community's wall"),
    _per_session("listCommunityPosts:page-2", 0.5, "scrolling on, every other session"),
    _per_session("getPopularThisWeek", 0.25, "now and then"),
    _per_session("getPost", 1, "one post opened"),
    _per_session("listComments", 1, "its comments"),
    # The feed, the library and search use the start's list; the communities screen reloads it.
    _per_session("listMyCommunities", 0.5, "switching community"),
    _per_session("listMyNotifications", 0.5, "the inbox, every other session"),
    # The images a session shows (two) come with their signed URLs in the wall's answers (getHomeFeed,
    # listCommunityPosts, getPost): no getMedia for them. What the app still sends: the composer
    # waits for an upload's check (about two polls for each of the 0.5 uploads below), and an image
    # whose URL expired on a screen left open an hour asks again (rare: not counted).
    Use("getMedia", 1, "the composer polls an upload's check (was 2 a session, one per image shown)"),
    _per_session("getOrganisationLeaderboard:week", 0.25, "boards, now and then (the app opens the week's)"),
    _per_session("getOrganisationLeaderboardAroundMe:week", 0.25, "where am I"),
    _per_session("getCommunityLeaderboard", 0.1, ""),
    _per_session("getTeamsLeaderboard", 0.1, ""),
    _per_session("getMyPoints", 0.25, ""),
    _per_session("listMyCampaigns", 0.25, ""),
    Use("publishPost", 2, "two posts a month (the client sends an Idempotency-Key)"),
    Use("createMediaUpload", 0.5, "one post in four has an image"),
    Use("addComment", 4, ""),
    Use("replyToComment", 2, ""),
    Use("reactToPost", 20, "reactions are the cheapest way to take part"),
    Use("reactToComment", 5, ""),
    Use("removePostReaction", 1, "a change of mind"),
    Use("followPost", 0.5, ""),
    Use("markNotificationRead", 4, "notifications read one by one"),
    Use("markAllNotificationsRead", 1, ""),
    Use("getCampaign", 1, "one quiz campaign a month"),
    # Each answer brings the next question (serve_next, web/src/screens/Play.tsx): /play/next only
    # starts the quiz (or resumes it), once, not once per question (was 10 + 10).
    Use("nextCampaignQuestion", 1, "its first question; the other nine come with the answers"),
    Use("answerCampaignQuestion:next", 10, "its ten answers, each with the next question (the last: done)"),
    Use("getCampaignResults", 1, ""),
    Use("getCampaignLeaderboard", 1, ""),
    Use("listQuizzes", 0.5, "practice"),
    Use("nextPracticeQuestion", 0.5, "half a practice quiz a month: its first question (was 5)"),
    Use("answerPracticeQuestion:next", 5, "five practice answers, each with the next question"),
    Use("getPracticeResults", 0.5, ""),
    Use("listMyBadges", 0.5, ""),
    Use("updateMyProfile", 0.1, ""),
    Use("joinCommunity", 0.2, ""),
    Use("reportPost", 0.02, "staff and moderation, shared over everyone"),
    Use("getModerationQueue", 0.05, ""),
    Use("moderate", 0.02, ""),
    Use("listMembers", 0.02, ""),
    Use("inviteMember", 0.03, "3 % of people join in a month"),
    Use("awardBadge", 0.05, ""),
    Use("createQuestion", 0.05, ""),
    Use("getQuestionStats", 0.05, ""),
    # Microlearnings: four five-card lessons a month, each opened about twice (resumed on another
    # device or after a break), its cards moved through, two cards answered, then completed.
    Use("listOrganisationLibrary", 1, "the library, now and then"),
    Use("listCommunityLibrary", 1, ""),
    Use("listMyLearning", 1, "continue where I left off"),
    Use("openLesson", 8, "four lessons, each opened twice"),
    # The position is saved when it matters, not as each card is passed (12 a month before): an
    # answer carries it, completing sets it, and leaving a lesson unfinished sends it (keepalive).
    # Of each lesson's two openings, one ends unfinished: four saves.
    Use("moveInLesson", 4, "leaving a lesson unfinished (answers and completion carry the position)"),
    Use("answerLessonCard", 4, "a question per lesson"),
    Use("answerLessonCard:poll", 4, "a poll per lesson: its votes come back (one Query, one GetItem)"),
    Use("completeLesson", 4, ""),
    Use("createLesson", 0.02, "experts' authoring, shared over everyone"),
    Use("changeLesson", 0.06, ""),
    Use("previewLesson", 0.04, ""),
    Use("publishLesson", 0.02, ""),
    # Refreshers: the home shows how many are due; a session most working days, a few answered each.
    _per_session("getForYou", 1, "the home's 'for you': what to learn next and the refreshers due"),
    Use("followPerson", 0.2, "following a colleague or an expert now and then"),
    Use("listPeopleIFollow", 0.1, "checking whom I follow"),
    Use("getMyRefresherSession", 8, "a refresher session two days in three of a working month"),
    Use("answerRefresher", 30, "about four refreshers a session"),
    Use("setMyRefresherPreferences", 0.05, "reminders and quiet hours, set once"),
    # Workshops and meetups: a look at the community's coming workshops and one or two of them, a
    # place taken every other month (a few given up, the waitlist promoted), a calendar file, a
    # check-in; organisers (a few in a hundred) plan a series now and then and open the attendees.
    Use("listWorkshops", 1, "the community's coming workshops"),
    Use("getWorkshop", 1.5, "a workshop's page, from the list or a notification"),
    Use("rsvpWorkshop", 0.5, "a place every other month (the waitlist when full)"),
    Use("cancelWorkshopRsvp", 0.1, "a place given up now and then (the waitlist promoted)"),
    Use("getWorkshopCalendar", 0.3, "added to the calendar"),
    Use("checkInToWorkshop", 0.4, "checked in at most workshops one has a place at"),
    Use("createWorkshop", 0.02, "organisers: a series now and then"),
    Use("updateWorkshop", 0.02, ""),
    Use("cancelWorkshop", 0.005, ""),
    Use("listWorkshopAttendees", 0.05, "organisers, before and at the workshop"),
    Use("getWorkshopCheckInCode", 0.02, "organisers, at the workshop"),
    # Content feedback: most completed lessons get a reaction; authors read their lists now and then.
    Use("reactToContent", 3, "three of the four lessons a month"),
    Use("getContentReactions", 4, "shown with a lesson"),
    Use("listMyAuthorTasks", 0.05, "authors, shared over everyone"),
    Use("getContentInsights", 0.05, ""),
    # Buddy programmes (issue #15): a fifth of people are in a pair; each opens their pair's space
    # about twice a month and writes in it; programmes are read at sign-up time; organisers' review
    # is shared over everyone.
    Use("listProgrammes", 0.1, "sign-up time, now and then"),
    Use("getProgramme", 0.1, ""),
    Use("signUpForProgramme", 0.07, "a fifth of people sign up once a quarter"),
    Use("listMyPairs", 0.4, ""),
    Use("getPair", 0.4, "a fifth of people, twice a month"),
    Use("listPairMessages", 0.4, ""),
    Use("postPairMessage", 0.6, "three messages a month in a pair"),
    Use("endPairWithFeedback", 0.02, ""),
    Use("requestRematch", 0.002, ""),
    Use("createProgramme", 0.001, "organisers, shared over everyone"),
    Use("setProgrammeWindow", 0.001, ""),
    Use("listProgrammeSignups", 0.002, ""),
    Use("startProgrammeMatching", 0.001, ""),
    Use("getProgrammeProposal", 0.005, ""),
    Use("adjustProgrammeProposal", 0.005, ""),
    Use("publishProgrammePairs", 0.001, ""),
    # Interactive video: two three-minute videos a month, each opened twice (resumed on another
    # device); the player reports as VIDEO_REPORTS_PER_OPENING says, and a question or two is
    # answered at cues.
    Use("watchVideo", VIDEO_OPENINGS_PER_MAU_MONTH, "two videos, each opened twice"),
    Use(
        "reportVideoViewing",
        VIDEO_OPENINGS_PER_MAU_MONTH * VIDEO_REPORTS_PER_OPENING,
        "what the player played, one write each",
    ),
    Use("answerVideoCue", 3, ""),
    Use("getVideoCaptions", 2, "captions on for half the viewings"),
    Use("createVideo", 0.01, "experts' authoring, shared over everyone"),
    Use("changeVideo", 0.03, ""),
    Use("publishVideo", 0.01, ""),
    # The library's search, typed as you go: three searches a month, about four requests each
    # (the screen asks again after a 200 ms pause in typing).
    Use("searchLibrary", 3 * 4, "three searches a month, four requests each as people type"),
    # Questions and answers (issue #15): one question asked by one member in five a month, similar
    # questions looked up about four times while it is typed; questions read from notifications
    # and the community's list; a few answers and upvotes; experts' lists now and then.
    Use("askQuestion", 0.2, "one member in five asks a question a month"),
    Use("suggestSimilarQuestions", 0.2 * 4, "four look-ups while a question is typed"),
    Use("listCommunityQuestions", 1, "the community's questions, once a month"),
    Use("getQuestionPage", 2, "two questions read"),
    Use("answerQuestion", 0.3, ""),
    Use("upvoteAnswer", 0.5, ""),
    Use("acceptAnswer", 0.15, "most questions get an accepted answer"),
    Use("listQuestionsForMe", 0.1, "experts' questions, shared over everyone"),
    Use("listContentRequests", 0.02, ""),
    Use("promoteAnswer", 0.01, ""),
    # Intervision: per member of a group and session (see INTERVISION_SHARE above).
    _intervision(
        "getIntervisionSessionLive",
        INTERVISION_LIVE_CHANGED,
        "the phone's asks that find the session moved (back-off: 240 asks, was 840)",
    ),
    _intervision(
        "getIntervisionSessionLive:unchanged",
        INTERVISION_LIVE_POLLS - INTERVISION_LIVE_CHANGED,
        "the asks that find nothing new: a 304, no body",
    ),
    _intervision("getIntervisionSession", 30, "read again when it moved: 6 moves, ~4 contributions each"),
    _intervision("getMyIntervisionGroup", 2, "the group and its sessions"),
    _intervision("listMyIntervisionGroups", 1, ""),
    _intervision("listIntervisionActions", 1, "my actions, before the session"),
    _intervision("attendIntervisionSession", 1, ""),
    _intervision("moveIntervisionPhase", 7 / INTERVISION_GROUP_SIZE, "the facilitator's seven moves"),
    _intervision("bringIntervisionCase", 0.5, "every other member brings a case"),
    _intervision("voteIntervisionCase", 1, ""),
    _intervision("writeIntervisionNote", 4, "questions, analysis, advice, evaluation"),
    _intervision("addIntervisionAction", 2 / INTERVISION_GROUP_SIZE, "the case owner's two actions"),
    _intervision("markIntervisionAction", 2 / INTERVISION_GROUP_SIZE, "and marking them done"),
    _intervision("getIntervisionSessionCalendar", 0.2, ""),
    _intervision("getIntervisionGroupOverview", 0.05, "organisers, shared over everyone"),
)
# What reaches the stream consumer from that profile, beside the wall events the upkeep simulation
# measures (posts, comments, reactions): measured once each by the workload.
CONSUMER_EVENTS: tuple[Use, ...] = (
    Use("consumer:questionAnswered", 15, "campaign and practice answers"),
    # What an answer's points and campaign score then ask of the boards (their records come back to
    # the consumer): one move of the member's organisation entry (all time, week and quarter in one
    # item) as measured, twice (the campaign score's move is the same size, a community score's too).
    Use("consumer:scoreChanged", 2 * 15, "an answer's scores placed on the boards"),
    Use("consumer:badgeAwarded", 0.05, "manual awards (earned badges are in the simulation)"),
    Use("consumer:mediaUploaded", 0.5, "S3's object-created event"),
    Use("consumer:contentReportedOutdated", 0.05, "an outdated report, now and then"),
    # A lesson's answered cards and its completion each award points once (a move awards nothing).
    Use("consumer:lessonProgress", 8 + 4, "answered lesson cards and completions"),
    # A video's completion awards points once; its reports' records change nothing, but each one
    # still reaches the consumer (the stream has no filter).
    Use("consumer:videoProgress", 2, "completed videos"),
    Use(
        "consumer:videoReport",
        VIDEO_OPENINGS_PER_MAU_MONTH * VIDEO_REPORTS_PER_OPENING + 3,
        "reports and cue answers: read, nothing to do",
    ),
    # The index follows what enters or leaves the library: lessons published or archived, posts
    # pinned or spotlighted, and edits of these (a post's edit is read once to decide).
    Use("consumer:searchableChanged", 0.2, "library changes, shared over everyone"),
    # A question asked is indexed (as searchableChanged) and routed to its skills' experts; an
    # answer tells the asker; an acceptance awards the points and tells the answerer.
    Use("consumer:questionAsked", 0.2, "routed to the experts of its skills"),
    Use("consumer:answerPosted", 0.3, "the asker is told"),
    Use("consumer:answerAccepted", 0.15, "points and a notification"),
)
# The programme jobs' DynamoDB work per monthly active user, from the bench's runs (matching three
# sign-ups, publishing one pair, one pair's check-in): a programme a quarter, a fifth of people in it
# (a tenth of a pair each), three check-ins per pair. The matching run is counted per three people.
PROGRAMME_JOBS: tuple[Use, ...] = (
    Use("job:programmeMatching", 0.2 / 3 / 3, "one run per three sign-ups, a quarter's programme"),
    Use("job:programmePublish", 0.1 / 3, "per pair published"),
    Use("job:programmeCheckIn", 3 * 0.1 / 3, "three check-ins per pair"),
)
# Work done inside requests the profile counts already, without a request of its own: the unread
# count carried on a screen's first answer and on marking a notification read (priced as its
# DynamoDB read and the compute that read takes: `carried_unread`).
CARRIED_UNREAD_PER_MAU_MONTH = UNREAD_CARRIED_PER_SESSION * SESSIONS_PER_MAU_MONTH + next(
    use.per_mau_month for use in PROFILE if use.operation == "markNotificationRead"
)
MEDIA_DOWNLOADS_PER_MAU_MONTH = 2 * SESSIONS_PER_MAU_MONTH  # two images shown a session
# The wall's answers sign the display URLs of the images they carry (chalicelib/wall/media_urls.py):
# a page of 20 posts, one in four with an image (createMediaUpload / publishPost), carries five. Priced
# as if no container's cache (one signature per object and quarter hour) ever saved one: a bound.
IMAGES_PER_WALL_ANSWER = {
    "getHomeFeed": 5.0,
    "listCommunityPosts": 5.0,
    "listCommunityPosts:page-2": 5.0,
    "getPopularThisWeek": 5.0,
    "getPost": 0.25,
}
WALL_EVENTS = {"post": 2.0, "comment": 6.0, "reaction": 25.0}  # from the profile's writes above
QUIZ_ANSWERS_PER_MAU_MONTH = 15.0
# Activity spreads over working hours: 21 days x 10 hours (organisation time).
ACTIVE_MINUTES_PER_MONTH = 21 * 10 * 60
ORGANISATION_SIZES = (200, 1000)
IDLE_ORGANISATION_MEMBERS = 200
STORAGE_MONTHS = 12  # storage priced as in an organisation's twelfth month
# Items with a TTL (`expires_at`) are deleted by DynamoDB: the longest lifetime any has is 90 days
# (notifications; idempotency records 1 day, effect markers and dead letters 7), so an expiring
# item's bytes are priced for 3 months of growth, at most (an upper bound), the rest for 12.
EXPIRING_MONTHS = 3
# A member's board entry holds the weeks and quarters their score item keeps (the current and the
# previous); when one drops out (the member scores again two periods on) its final points are
# copied to that period's own board: a read of the entry and one small PutItem, kept for good. The
# upkeep's window sees no new period, so they are priced here as an upper bound: one a week and one
# a quarter for each of two scopes (the organisation, one community) of every active member.
PERIOD_COPIES_PER_MAU_MONTH = 2 * (52 / 12 + 4 / 12)
PERIOD_COPY_STORED_BYTES = 400  # key, user, score, reached_at, version (100 bytes overhead included)
# Items there is one of per member (and community or board scope): the totals, community scores,
# members' board entries, the inbox counter, the profile. A window adds them when a member first
# scores somewhere, and a later change rewrites them in place: they do not grow with each event, so
# their growth is not multiplied by a year of events; they are priced as kept at the size the end
# of the window has them. (Past periods' board entries, also `board_entry`, are priced apart above.)
PER_MEMBER_TYPES = ("points_total", "community_score", "board_entry", "inbox_counter", "user")
CAMPAIGN_SCHEDULES_PER_ORG_MONTH = 6  # one-time schedules: open, remind, close of two campaigns
# The daily refresher reminder (chalicelib/refreshers/reminders.py): one run a day of an organisation
# whose learners have refreshers (none for one that has none), each learner's part as measured with
# one deck (`job:refresherReminders`: the decks Query counted per learner, an upper bound).
REFRESHER_REMINDER_RUNS_PER_ORG_MONTH = 30
# Workshop reminders (chalicelib/workshops/reminders.py): two one-time schedules per occurrence (a day
# and an hour before), each telling everyone with a place. Per MAU a month: the places taken (the
# profile's `rsvpWorkshop`) are each reminded twice; occurrences are about a tenth of the places
# (ten people a workshop). `job:workshopReminder` is measured with one person going: an upper bound
# per person (the occurrence and its RSVPs are read once per run, not per person).
WORKSHOP_REMINDERS_PER_PLACE = 2
WORKSHOP_PLACES_PER_OCCURRENCE = 10


def scoring_events_per_mau_month() -> float:
    return sum(WALL_EVENTS.values()) + QUIZ_ANSWERS_PER_MAU_MONTH


def upkeep_settings(members: int) -> Any:
    """The upkeep simulation (bench/upkeep.py) of an organisation of `members`, at this profile's rate."""
    from bench.upkeep import UpkeepSettings

    total = sum(WALL_EVENTS.values())
    rate = members * scoring_events_per_mau_month() / ACTIVE_MINUTES_PER_MONTH
    return UpkeepSettings(
        members=members,
        # Quiz answers score members as wall events do: the jobs see them alike, so the simulation
        # runs wall events at the rate of all scoring events (its consumer is priced per wall event).
        scoring_events_per_member_month=scoring_events_per_mau_month(),
        active_minutes_per_month=ACTIVE_MINUTES_PER_MONTH,
        mix=tuple((kind, count / total) for kind, count in WALL_EVENTS.items()),
        # About 60 events in the window (15 to 30 minutes); idle runs are all alike: a few suffice.
        window_minutes=min(30, max(15, math.ceil(60 / rate))),
        idle_minutes=3,
    )


# Counting the deployment -----------------------------------------------------------------------


def metric_names(source: Iterable[str]) -> set[str]:
    """Business events (and metrics) the code can count: literal arguments of count_business_event /
    add_metric(name=), both branches of a conditional, and `Campaign{step}` for each campaign step."""
    names: set[str] = set()
    for text in source:
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            function = (
                node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            )
            if function not in ("count_business_event", "add_metric"):
                continue
            argument = (
                node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "name"), None)
            )
            names.update(_literal_names(argument))
    return names


CAMPAIGN_STEPS = ("open", "remind", "close")


def _literal_names(node: ast.expr | None) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literal_names(node.body) | _literal_names(node.orelse)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return {f"{prefix}{step.capitalize()}" for step in CAMPAIGN_STEPS}
    return set()


def code_metric_names(root: Path) -> set[str]:
    """The custom metrics the code publishes: the metric (chalicelib/observability.EVENT_METRICS) of
    each business event counted under chalicelib/ (the one function here that reads files). Each is
    published with one dimension value (service=kring), so each name is one billed metric."""
    from chalicelib.observability import EVENT_METRICS, OTHER_ACTIVITY

    events = metric_names(path.read_text() for path in sorted((root / "chalicelib").rglob("*.py")))
    return {EVENT_METRICS.get(event, OTHER_ACTIVITY) for event in events}


# The model -------------------------------------------------------------------------------------


@dataclass
class Bill:
    """Line items in US dollars, by name."""

    lines: dict[str, float] = field(default_factory=dict)
    # Priced but not deployed (X-Ray while tracing is off): what turning it on would add.
    not_deployed: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, usd: float) -> None:
        if usd:
            self.lines[name] = self.lines.get(name, 0.0) + usd

    def add_if(self, deployed: bool, name: str, usd: float) -> None:
        if not deployed:
            if usd:
                self.not_deployed[name] = self.not_deployed.get(name, 0.0) + usd
        else:
            self.add(name, usd)

    @property
    def total(self) -> float:
        return sum(self.lines.values())

    def scaled(self, factor: float) -> Bill:
        return Bill(
            {name: usd * factor for name, usd in self.lines.items()},
            {name: usd * factor for name, usd in self.not_deployed.items()},
        )

    def top(self, count: int = 8) -> list[dict[str, Any]]:
        total = self.total or 1.0
        ranked = sorted(self.lines.items(), key=lambda line: -line[1])[:count]
        return [{"name": name, "usd": _usd(usd), "share": round(usd / total, 3)} for name, usd in ranked]

    def as_dict(self) -> dict[str, float]:
        return {name: _usd(usd) for name, usd in sorted(self.lines.items(), key=lambda line: -line[1])}


def _usd(value: float) -> float:
    return round(value, 4) if abs(value) < 1 else round(value, 2)


def display_url_signatures_per_mau() -> float:
    return sum(use.per_mau_month * IMAGES_PER_WALL_ANSWER.get(use.operation, 0.0) for use in PROFILE)


def price(name: str, quantity: float) -> float:
    return PRICES[name].each * quantity


def lambda_compute(gigabyte_seconds: float) -> float:
    """Compute (or billed init) at the deployed architecture's GB-second price."""
    return price(f"lambda_compute_{DEPLOYMENT.architecture}", gigabyte_seconds)


def dynamodb(rcu: float, wcu: float) -> float:
    return price("dynamodb_read", rcu) + price("dynamodb_write", wcu)


def gb_seconds(memory_mb: int, milliseconds: float) -> float:
    """Billed compute: memory in GB x duration, rounded up to the millisecond."""
    return memory_mb / 1024 * math.ceil(milliseconds) / 1000


def invocation_ms(ddb_requests: float) -> float:
    return LAMBDA.base_ms + LAMBDA.ms_per_ddb_request * ddb_requests


def xray_traced_share(requests_per_second: float, reservoir: float = 1.0, fixed_rate: float = 0.05) -> float:
    """A sampling rule: the first `reservoir` requests each second and `fixed_rate` of the others.
    The defaults are X-Ray's default rule (Lambda's own sampling of invocations nothing upstream
    sampled); the API's rule is the deployment's."""
    if requests_per_second <= 0:
        return 1.0
    kept = min(requests_per_second, reservoir) + fixed_rate * max(requests_per_second - reservoir, 0.0)
    return kept / requests_per_second


def api_traced_share(requests_per_second: float) -> float:
    return xray_traced_share(
        requests_per_second, DEPLOYMENT.xray_reservoir_per_second, DEPLOYMENT.xray_fixed_rate
    )


def lambda_cost(
    bill: Bill,
    label: str,
    function: str,
    invocations: float,
    ddb_requests: float,
    init_ms: float,
    log_bytes_each: float,
    traced_share: float = 1.0,
) -> None:
    """Requests, compute (at the deployed memory), billed init, X-Ray traces and logs of a function."""
    memory = DEPLOYMENT.function_memory_mb[function]
    per_invocation_requests = ddb_requests / invocations if invocations else 0.0
    bill.add(f"Lambda requests ({label})", price("lambda_request", invocations))
    bill.add(
        f"Lambda compute ({label})",
        lambda_compute(invocations * gb_seconds(memory, invocation_ms(per_invocation_requests))),
    )
    cold = invocations * LAMBDA.cold_start_share[function]
    bill.add(f"Lambda billed init ({label})", lambda_compute(cold * gb_seconds(memory, init_ms)))
    if function == "api_handler":
        bill.add(
            "Secrets Manager reads",
            price(
                "secrets_api",
                cold * (LAMBDA.cursor_secret_reads_per_cold_start + LAMBDA.media_key_reads_per_cold_start),
            ),
        )
    bill.add_if(DEPLOYMENT.tracing, "X-Ray traces", price("xray_trace", invocations * traced_share))
    platform = LOGS.platform_bytes if DEPLOYMENT.platform_log_lines else 0
    logs(bill, invocations * (platform + log_bytes_each))


def logs(bill: Bill, ingested_bytes: float) -> None:
    """Ingestion, and storage of what the retention keeps (a month's logs, compressed)."""
    bill.add("CloudWatch Logs ingestion", price("logs_ingestion", ingested_bytes / GB))
    kept_months = DEPLOYMENT.log_retention_days / 30
    bill.add(
        "CloudWatch Logs storage", price("logs_storage", ingested_bytes * LOGS.compression * kept_months / GB)
    )


@dataclass(frozen=True)
class Measured:
    """Totals of a source in an upkeep phase (bench/upkeep.py `usage`)."""

    invocations: float = 0.0
    ddb_requests: float = 0.0
    rcu: float = 0.0
    wcu: float = 0.0

    @classmethod
    def of(cls, figures: Mapping[str, Any] | None) -> Measured:
        figures = figures or {}
        return cls(*(float(figures.get(key, 0)) for key in ("invocations", "ddb_requests", "rcu", "wcu")))

    def times(self, factor: float) -> Measured:
        return Measured(*(value * factor for value in self.values()))

    def minus(self, other: Measured) -> Measured:
        return Measured(*(max(0.0, a - b) for a, b in zip(self.values(), other.values(), strict=True)))

    def plus(self, other: Measured) -> Measured:
        return Measured(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[float, float, float, float]:
        return (self.invocations, self.ddb_requests, self.rcu, self.wcu)


@dataclass(frozen=True)
class JobMonth:
    """A scheduled function's work for one organisation in a month."""

    function: str
    idle: Measured  # what it does for the organisation when nothing happens
    activity: Measured  # what activity adds
    firings: int


def job_months(upkeep: Mapping[str, Any]) -> list[JobMonth]:
    """From one size's upkeep figures: each schedule's cost per firing when idle (or its single run),
    times its firings in a month; and the extra of the active phase per active minute, times the
    active minutes of a month."""
    usage = upkeep["usage"]
    found = []
    for name, schedule in upkeep["schedules"].items():
        idle = Measured.of(usage.get("idle", {}).get(name))
        single = Measured.of(usage.get("single", {}).get(name))
        once = idle if idle.invocations else single
        per_firing = once.times(1 / once.invocations) if once.invocations else Measured()
        active = Measured.of(usage.get("active", {}).get(name))
        extra = active.minus(per_firing.times(active.invocations)).times(
            ACTIVE_MINUTES_PER_MONTH / upkeep["active_minutes"]
        )
        firings = int(schedule["firings_per_month"])
        found.append(JobMonth(name, per_firing.times(firings), replace(extra, invocations=0.0), firings))
    return found


def consumer_per_wall_event(upkeep: Mapping[str, Any]) -> Measured:
    active = Measured.of(upkeep["usage"].get("active", {}).get("on_table_change"))
    return active.times(1 / upkeep["window_events"]) if upkeep["window_events"] else active


def storage_bytes(table: Mapping[str, int]) -> int:
    """Billed DynamoDB storage: items and index entries, 100 bytes of overhead each."""
    return table["bytes"] + 100 * table["items"] + table["index_bytes"] + 100 * table["index_entries"]


def storage_cost(bill: Bill, stored_bytes: float) -> None:
    bill.add("DynamoDB storage", price("dynamodb_storage", stored_bytes / GB))
    bill.add("DynamoDB point-in-time recovery", price("dynamodb_pitr", stored_bytes / GB))


# The bench's name (bench/cold_import.py) for a function whose deployed name differs.
_COLD_IMPORT_NAMES = {"api_handler": "api"}


def init_ms(document: Mapping[str, Any], function: str) -> float:
    """Billed init of `function`: the stated interpreter start-up plus the function's measured
    `cold_import_ms` (CPU time of importing what it runs; stable where wall clock is not), or
    its first batch's `cold_start_first_batch_ms` where measured (a cold consumer pays for its
    DynamoDB client and reactors too, as billed duration of its first call)."""
    measured = {**document["cold_import_ms"], **document.get("cold_start_first_batch_ms", {})}
    return LAMBDA.interpreter_start_ms + float(measured[_COLD_IMPORT_NAMES.get(function, function)])


def api_requests_per_mau(profile: Iterable[Use] = PROFILE) -> float:
    return sum(use.per_mau_month for use in profile)


def carried_unread(operations: Mapping[str, Mapping[str, float]]) -> Measured:
    """The unread count carried on an answer: what asking for it on its own reads beyond the
    identity check every request makes (the inbox counter's consistent GetItem), no invocation."""
    alone, identity = operations["getUnreadNotificationCount"], operations["identity:profile"]
    return Measured(
        0.0,
        alone["ddb_requests"] - identity["ddb_requests"],
        alone["rcu"] - identity["rcu"],
        alone["wcu"] - identity["wcu"],
    )


def write_share_of_requests(document: Mapping[str, Any]) -> float:
    """The profile's requests that write (the ones that flush a metrics document)."""
    operations = document["operations"]
    writes = sum(use.per_mau_month for use in PROFILE if operations[use.operation]["wcu"])
    return writes / api_requests_per_mau()


def usage_bill(document: Mapping[str, Any], members: int) -> Bill:
    """What an organisation of `members` monthly active users adds in a month (its idle cost aside)."""
    operations, upkeep = document["operations"], document["upkeep"][str(members)]
    response_bytes = document.get("response_bytes", {})
    bill = Bill()

    # The API: every request of the profile.
    requests = api_requests_per_mau() * members
    rcu = sum(use.per_mau_month * operations[use.operation]["rcu"] for use in PROFILE) * members
    wcu = sum(use.per_mau_month * operations[use.operation]["wcu"] for use in PROFILE) * members
    ddb_requests = (
        sum(use.per_mau_month * operations[use.operation]["ddb_requests"] for use in PROFILE) * members
    )
    carried = carried_unread(operations).times(CARRIED_UNREAD_PER_MAU_MONTH * members)
    rcu, wcu, ddb_requests = rcu + carried.rcu, wcu + carried.wcu, ddb_requests + carried.ddb_requests
    writes = sum(use.per_mau_month for use in PROFILE if operations[use.operation]["wcu"]) * members
    body = sum(use.per_mau_month * response_bytes.get(use.operation, 1000) for use in PROFILE) * members
    bill.add("DynamoDB (API requests)", dynamodb(rcu, wcu))
    # No API Gateway: CloudFront sends /v1/* to the API function's URL (a function URL costs
    # nothing beyond the invocation); the distribution's web ACL inspects each request.
    bill.add("WAF requests", price("waf_request", requests))
    busy_rate = requests / (ACTIVE_MINUTES_PER_MONTH * 60)
    logged = log_bytes(document)
    log_each = logged.api_request(writes / requests)
    traced = api_traced_share(busy_rate)
    lambda_cost(
        bill, "API", "api_handler", requests, ddb_requests, init_ms(document, "api_handler"), log_each, traced
    )
    signatures = display_url_signatures_per_mau() * members
    bill.add(
        "Lambda compute (API: display URL signatures)",
        lambda_compute(
            gb_seconds(
                DEPLOYMENT.function_memory_mb["api_handler"], signatures * LAMBDA.ms_per_display_url_signature
            ),
        ),
    )
    # People use the web app: its requests reach the API through the web distribution (same origin),
    # which bills each request and the bytes it returns (from the function URL to CloudFront, an AWS
    # origin, transfer is free).
    bill.add("CloudFront requests (API)", price("cloudfront_request", requests))
    bill.add(
        "CloudFront transfer out (API responses)",
        price("cloudfront_transfer_out", (body + MEDIA.response_header_bytes * requests) / GB),
    )
    web_app_cost(bill, members)

    # The stream consumer: wall events as measured at this size, the rest as the workload measured them.
    wall_events = sum(WALL_EVENTS.values()) * members
    consumer = consumer_per_wall_event(upkeep).times(wall_events)
    for use in CONSUMER_EVENTS:
        once = operations[use.operation]
        count = use.per_mau_month * members
        consumer = consumer.plus(
            Measured(count, once["ddb_requests"] * count, once["rcu"] * count, once["wcu"] * count)
        )
    copies = PERIOD_COPIES_PER_MAU_MONTH * members
    consumer = consumer.plus(Measured(0.0, copies, copies * 0.5, copies))
    bill.add("DynamoDB (stream consumer)", dynamodb(consumer.rcu, consumer.wcu))
    media_events = (
        next(use for use in CONSUMER_EVENTS if use.operation == "consumer:mediaUploaded").per_mau_month
        * members
    )
    lambda_cost(
        bill,
        "stream consumer",
        "on_table_change",
        consumer.invocations - media_events,
        consumer.ddb_requests - media_events * operations["consumer:mediaUploaded"]["ddb_requests"],
        init_ms(document, "on_table_change"),
        logged.consumer_batch,
    )
    lambda_cost(
        bill,
        "media consumer",
        "on_media_uploaded",
        media_events,
        media_events * operations["consumer:mediaUploaded"]["ddb_requests"],
        init_ms(document, "on_media_uploaded"),
        logged.media_batch,
    )

    # The jobs: what activity adds to them (the idle part is the organisation's idle cost).
    for job in job_months(upkeep):
        bill.add("DynamoDB (scheduled jobs, activity)", dynamodb(job.activity.rcu, job.activity.wcu))
        memory = DEPLOYMENT.function_memory_mb[job.function]
        seconds = gb_seconds(memory, LAMBDA.ms_per_ddb_request * job.activity.ddb_requests)
        bill.add("Lambda compute (scheduled jobs, activity)", lambda_compute(seconds))
    schedules = CAMPAIGN_SCHEDULES_PER_ORG_MONTH * members / IDLE_ORGANISATION_MEMBERS
    bill.add("EventBridge Scheduler (one-time jobs)", price("scheduler_invocation", schedules))
    lambda_cost(
        bill,
        "one-time jobs",
        "run_scheduled_job",
        schedules,
        3 * schedules,
        init_ms(document, "run_scheduled_job"),
        logged.job_run,
    )

    # Buddy programmes' jobs (matching, publishing, check-ins), scaled from the measured runs.
    programme_work = Measured(0.0, 0.0, 0.0, 0.0)
    for use in PROGRAMME_JOBS:
        once, count = operations[use.operation], use.per_mau_month * members
        programme_work = programme_work.plus(
            Measured(count, once["ddb_requests"] * count, once["rcu"] * count, once["wcu"] * count)
        )
    bill.add("DynamoDB (programme jobs)", dynamodb(programme_work.rcu, programme_work.wcu))

    # The daily refresher reminder: every active member is taken to have a deck.
    reminder = operations["job:refresherReminders"]
    learner_days = REFRESHER_REMINDER_RUNS_PER_ORG_MONTH * members
    bill.add(
        "DynamoDB (refresher reminders)",
        dynamodb(reminder["rcu"] * learner_days, reminder["wcu"] * learner_days),
    )
    runs = REFRESHER_REMINDER_RUNS_PER_ORG_MONTH
    bill.add("EventBridge Scheduler (refresher reminders)", price("scheduler_invocation", runs))
    lambda_cost(
        bill,
        "refresher reminders",
        "run_scheduled_job",
        runs,
        reminder["ddb_requests"] * learner_days,
        init_ms(document, "run_scheduled_job"),
        logged.job_run,
    )

    # Workshop reminders: each place taken is reminded twice, each run is one schedule.
    places = next(use for use in PROFILE if use.operation == "rsvpWorkshop").per_mau_month * members
    told = WORKSHOP_REMINDERS_PER_PLACE * places
    workshop_runs = told / WORKSHOP_PLACES_PER_OCCURRENCE
    workshop_reminder = operations["job:workshopReminder"]
    bill.add(
        "DynamoDB (workshop reminders)",
        dynamodb(workshop_reminder["rcu"] * told, workshop_reminder["wcu"] * told),
    )
    bill.add("EventBridge Scheduler (workshop reminders)", price("scheduler_invocation", workshop_runs))
    lambda_cost(
        bill,
        "workshop reminders",
        "run_scheduled_job",
        workshop_runs,
        workshop_reminder["ddb_requests"] * told,
        init_ms(document, "run_scheduled_job"),
        logged.job_run,
    )

    # The intervision reminder: a one-time schedule per session, a day before (measured for a group
    # of four: its reads and notifications, scaled to each member of a group).
    intervision = operations["job:intervisionReminder"]
    member_sessions = INTERVISION_SHARE * members
    bill.add(
        "DynamoDB (intervision reminders)",
        dynamodb(intervision["rcu"] / 4 * member_sessions, intervision["wcu"] / 4 * member_sessions),
    )
    reminders = member_sessions / INTERVISION_GROUP_SIZE
    bill.add("EventBridge Scheduler (intervision reminders)", price("scheduler_invocation", reminders))
    lambda_cost(
        bill,
        "intervision reminders",
        "run_scheduled_job",
        reminders,
        intervision["ddb_requests"] / 4 * member_sessions,
        init_ms(document, "run_scheduled_job"),
        logged.job_run,
    )

    # Media: uploads kept; downloads through the media distribution (signed URLs). Every download
    # is counted as a cache miss too (an S3 GET; S3 to CloudFront is free): an upper bound.
    uploads = next(use for use in PROFILE if use.operation == "createMediaUpload").per_mau_month * members
    downloads = MEDIA_DOWNLOADS_PER_MAU_MONTH * members
    kept = uploads * MEDIA.upload_bytes * STORAGE_MONTHS
    bill.add("S3 media storage", price("s3_storage", kept / GB))
    bill.add(
        "S3 requests", price("s3_write_request", uploads * 2) + price("s3_read_request", uploads + downloads)
    )
    bill.add("CloudFront requests (media)", price("cloudfront_request", downloads))
    bill.add(
        "CloudFront transfer out (media downloads)",
        price("cloudfront_transfer_out", downloads * MEDIA.download_bytes / GB),
    )

    # DynamoDB storage that activity adds, as in the organisation's twelfth month: what is kept has
    # grown for twelve months, what expires for its lifetime only, what there is one of per member
    # weighs what it weighs.
    events = scoring_events_per_mau_month() * members
    kept, expiring = stored_growth_per_event(upkeep)
    grown = events * (kept * STORAGE_MONTHS + expiring * EXPIRING_MONTHS)
    copied = copies * PERIOD_COPY_STORED_BYTES * STORAGE_MONTHS
    storage_cost(bill, grown + copied + per_member_bytes(upkeep["table_after"]))
    return bill


def per_member_bytes(table: Mapping[str, Any]) -> int:
    """Stored bytes (overhead included) of the items there is one of per member and scope."""
    by_type = table.get("stored_bytes_by_type", {})
    return sum(int(by_type.get(item_type, 0)) for item_type in PER_MEMBER_TYPES)


def stored_growth_per_event(upkeep: Mapping[str, Any]) -> tuple[float, float]:
    """Bytes a wall event adds to the table (items and index entries, overhead included): those kept
    for ever and those that expire (a TTL set), as the upkeep simulation measured them; items there
    is one of per member and scope are left out (`PER_MEMBER_TYPES`)."""
    if not upkeep["window_events"]:
        return 0.0, 0.0
    before, after = upkeep["table_before_window"], upkeep["table_after"]
    per_member = per_member_bytes(after) - per_member_bytes(before)
    growth = storage_bytes(after) - storage_bytes(before) - per_member
    expiring = after.get("expiring_stored_bytes", 0) - before.get("expiring_stored_bytes", 0)
    return (growth - expiring) / upkeep["window_events"], expiring / upkeep["window_events"]


def web_requests_per_mau_month() -> float:
    """Requests for the web app's own files a member sends in a month: sessions and full loads."""
    return (
        SESSIONS_PER_MAU_MONTH * WEB.requests_per_session
        + WEB.full_loads_per_mau_month * WEB.requests_per_full_load
    )


def web_bytes_per_mau_month() -> float:
    """Bytes of the web app's own files CloudFront sends a member in a month."""
    revalidated = SESSIONS_PER_MAU_MONTH * WEB.requests_per_session * WEB.revalidation_bytes
    return revalidated + WEB.full_loads_per_mau_month * WEB.full_load_bytes


def web_app_cost(bill: Bill, members: int) -> None:
    """The web app's own files: revalidated each session, loaded in full on a new version."""
    requests = web_requests_per_mau_month() * members
    sent = web_bytes_per_mau_month() * members
    bill.add("CloudFront requests (web app)", price("cloudfront_request", requests))
    # The web ACL is the distribution's: it inspects the app's files too, not only /v1/*.
    bill.add("WAF requests (web app)", price("waf_request", requests))
    # The routes function runs on every viewer request of the bucket's behaviour, files included.
    bill.add("CloudFront Functions (web app routes)", price("cloudfront_function", requests))
    bill.add("CloudFront transfer out (web app)", price("cloudfront_transfer_out", sent / GB))
    # A cache miss per file and new version, from the web bucket.
    bill.add("S3 requests (web app)", price("s3_read_request", WEB.full_loads_per_mau_month * members))


def idle_org_bill(document: Mapping[str, Any], members: int = IDLE_ORGANISATION_MEMBERS) -> Bill:
    """An organisation in which nobody does anything for a month: the jobs' work for it, its data."""
    upkeep = document["upkeep"][str(members)]
    bill = Bill()
    for job in job_months(upkeep):
        bill.add("DynamoDB (scheduled jobs, idle)", dynamodb(job.idle.rcu, job.idle.wcu))
        memory = DEPLOYMENT.function_memory_mb[job.function]
        seconds = gb_seconds(memory, LAMBDA.ms_per_ddb_request * job.idle.ddb_requests)
        bill.add("Lambda compute (scheduled jobs, idle)", lambda_compute(seconds))
    storage_cost(bill, storage_bytes(upkeep["table_before_window"]))
    return bill


def fixed_bill(document: Mapping[str, Any], metric_count: int) -> Bill:
    """A deployment with no organisation: its scheduled invocations, web ACL, metrics, alarms, keys."""
    bill = Bill()
    any_size = next(iter(document["upkeep"].values()))
    for name in DEPLOYMENT.scheduled_functions:
        firings = any_size["schedules"][name]["firings_per_month"]
        # Listing the organisations (one Query) is the run's own work; each organisation's is not fixed.
        lambda_cost(bill, "scheduled functions", name, firings, firings, init_ms(document, name), 0)
    bill.add(
        "WAF web ACL and rules", PRICES["waf_web_acl"].usd + DEPLOYMENT.waf_rules * PRICES["waf_rule"].usd
    )
    bill.add("CloudWatch custom metrics", metric_count * PRICES["custom_metric"].usd)
    bill.add("CloudWatch alarms", DEPLOYMENT.alarm_metrics * PRICES["alarm_metric"].usd)
    bill.add("Secrets Manager secret", DEPLOYMENT.secrets * PRICES["secret"].usd)
    bill.add("KMS key (alarm topic)", DEPLOYMENT.kms_keys * PRICES["kms_key"].usd)
    return bill


def cost_model(document: Mapping[str, Any], metric_count: int) -> dict[str, Any]:
    """The `cost` section of bench/results.json (see the module docstring)."""
    by_size: dict[str, dict[str, Any]] = {}
    for members in ORGANISATION_SIZES:
        bill = usage_bill(document, members)
        by_size[str(members)] = {
            "usd_org_month": _usd(bill.total),
            "usd_per_1000_mau_month": _usd(bill.total * 1000 / members),
            "lines_per_1000_mau": bill.scaled(1000 / members).as_dict(),
        }
    worst = max(ORGANISATION_SIZES, key=lambda members: by_size[str(members)]["usd_per_1000_mau_month"])
    usage = usage_bill(document, worst).scaled(1000 / worst)
    fixed = fixed_bill(document, metric_count)
    idle = idle_org_bill(document)
    identity = price("cognito_mau", 1000)
    logged = log_bytes(document)
    return {
        "prices_as_of": PRICES_AS_OF,
        # Bytes each kind of invocation sends to CloudWatch Logs, as priced, and where each came from.
        "logs": {
            "bytes_per_invocation": {
                "api_request_average": round(logged.api_request(write_share_of_requests(document)), 1),
                "request_line": logged.request_line,
                "read_metrics": logged.read_metrics,
                "write_metrics": logged.write_metrics,
                "consumer_batch": logged.consumer_batch,
                "media_batch": logged.media_batch,
                "job_run": logged.job_run,
            },
            "lines_per_request": round(logged.lines_per_request, 4),
            "sources": dict(logged.sources),
        },
        # X-Ray is off by default (a stage setting): what turning it on would add.
        "xray_if_tracing": {
            "usd_per_1000_mau_month": _usd(sum(usage.not_deployed.values())),
            "usd_fixed_per_deployment_month": _usd(sum(fixed.not_deployed.values())),
        },
        "region": REGION,
        "usd_per_1000_mau_month": _usd(usage.total),
        "usd_per_1000_mau_month_size": worst,
        "usd_fixed_per_deployment_month": _usd(fixed.total),
        "usd_idle_org_month": _usd(idle.total),
        "idle_org_members": IDLE_ORGANISATION_MEMBERS,
        "top_drivers": usage.top(),
        "by_organisation_size": by_size,
        "fixed_lines": fixed.as_dict(),
        "idle_org_lines": idle.as_dict(),
        # Not in the figures above: Cognito's first 10,000 MAU a month are free; beyond, each MAU costs this.
        "cognito_usd_per_1000_mau_beyond_free_tier": _usd(identity),
        "custom_metric_names": metric_count,  # each published with one dimension value: one metric each
        "api_requests_per_mau_month": round(api_requests_per_mau(), 1),
        "scoring_events_per_mau_month": scoring_events_per_mau_month(),
        # Beside the figures above: the web distribution on a CloudFront flat-rate plan (a stage
        # setting, pay-as-you-go by default): the plan each size fits and the bill on it.
        "front_door_plans": _front_door_plans(document, fixed),
    }


def _front_door_plans(document: Mapping[str, Any], fixed: Bill) -> dict[str, Any]:
    from bench.front_door import front_door_plans  # it prices with this module's tables

    return front_door_plans(document, fixed)
