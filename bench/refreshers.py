"""The refresher operations of the workload: the learner met three questions three days ago (wrong,
so they are due), opens the day's session, answers one (and replays it), sets their reminder
preferences; an admin sets the organisation's settings; the daily reminder job runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

QUESTIONS = 3


def exercise_refreshers(http: Any, seed: Any, workload: Any, org: Any) -> None:
    from bench.workload import BenchFailure
    from chalicelib.ids import utc_now
    from chalicelib.refreshers.deck import QuestionMet, met_question
    from chalicelib.refreshers.reminders import send_daily_reminders

    learner, manager, admin = org.learner.token, org.manager.token, org.admin.token
    question_ids = []
    for n in range(QUESTIONS):
        draft = {
            "kind": "single",
            "language": "nl",
            "prompt": f"Welke sneltoets hoort bij opdracht {n}?",
            "options": [{"text": "Ctrl+C"}, {"text": "Ctrl+V", "correct": True}, {"text": "Ctrl+Z"}],
            "explanation": "Ctrl+V plakt.",
        }
        made = seed("POST", "/v1/questions", manager, draft)
        seed("POST", f"/v1/questions/{made['id']}/publish", manager, None, expect=200)
        question_ids.append(made["id"])
    met_at = utc_now() - timedelta(days=3)
    for n, question_id in enumerate(question_ids):
        source = f"bench-met-{n}"
        met_question(QuestionMet(org.org_id, org.learner.user_id, question_id, False, met_at, "quiz", source))

    due = http("countMyDueRefreshers", "GET", "/v1/me/refreshers/due", learner).json()
    if due["due"] != QUESTIONS:
        raise BenchFailure(f"countMyDueRefreshers: {due['due']} due, not {QUESTIONS}")
    session = http("getMyRefresherSession", "GET", "/v1/me/refreshers?language=nl", learner).json()
    if len(session["items"]) != QUESTIONS:
        raise BenchFailure(f"getMyRefresherSession: {len(session['items'])} refreshers, not {QUESTIONS}")
    # Due refreshers: one Query of the learner's due index (issue #14), beside the identity check,
    # the questions' BatchGetItem and the settings (cached a minute in a warm container).
    session_calls = next(m for m in workload.measurements if m.key == "getMyRefresherSession").calls
    queries = [c for c in session_calls if c.operation == "Query"]
    if len(queries) != 1:
        raise BenchFailure(f"getMyRefresherSession: {len(queries)} Queries for the due refreshers, not 1")
    answer_path = f"/v1/me/refreshers/{question_ids[0]}/answer"
    http("answerRefresher", "POST", answer_path, learner, body={"option_ids": ["b"], "confidence": "good"})
    replayed = http("answerRefresher:replay", "POST", answer_path, learner, body={"option_ids": ["b"]}).json()
    if not replayed["replayed"]:
        raise BenchFailure("answerRefresher:replay was not recognised as a replay")
    http("getMyRefresherPreferences", "GET", "/v1/me/refreshers/preferences", learner)
    quiet = {"reminders": True, "quiet_from": "21:00", "quiet_until": "07:00"}
    http("setMyRefresherPreferences", "PUT", "/v1/me/refreshers/preferences", learner, body=quiet)
    settings = http("getRefresherSettings", "GET", "/v1/admin/refreshers/settings", admin).json()
    change = {"desired_retention": 0.9, "daily_size": 5, "remind_at": "08:00", "version": settings["version"]}
    http("setRefresherSettings", "PUT", "/v1/admin/refreshers/settings", admin, body=change)
    # The daily reminder of an organisation with one deck: the decks Query, then per learner their
    # profile, the due count, the notification and the day noted (bench/cost.py prices it per learner).
    with workload.measuring("job:refresherReminders"):
        send_daily_reminders(org.org_id, utc_now().replace(hour=12))
