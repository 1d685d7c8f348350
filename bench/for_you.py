"""The "for you" operations of the workload (after the lessons and refreshers steps, so the learner
has refreshers due and the libraries hold lessons): the learner's colleagues completed the
organisation's latest lessons, the learner follows the manager who wrote them, reads "for you"
(`getForYou`), lists the people they follow and unfollows."""

from __future__ import annotations

from typing import Any


def exercise_for_you(http: Any, seed: Any, workload: Any, org: Any) -> None:
    from bench.workload import BenchFailure
    from chalicelib.for_you import team_feed
    from chalicelib.ids import iso, utc_now
    from chalicelib.store import learning, teams, users

    learner, followed = org.learner.token, f"/v1/members/{org.manager.user_id}/follow"
    profile = users.get_member(org.org_id, org.learner.user_id)
    if profile is None or profile.team_id is None:
        raise BenchFailure("getForYou: the learner is in no team")
    colleagues = [m.user_id for m in teams.list_all_members(org.org_id, profile.team_id)]
    latest = learning.list_library(org.org_id, None, 3, None).items
    # What the stream consumer writes for each colleague's completion (measured with the consumer).
    now = iso(utc_now())
    for colleague in colleagues:
        if colleague != org.learner.user_id:
            for r in latest:
                team_feed.note_completion(org.org_id, colleague, r.content_id, r.kind, r.community_id, now)
    http("followPerson", "PUT", followed, learner)
    http("listPeopleIFollow", "GET", "/v1/me/following?limit=20", learner)
    found = http("getForYou", "GET", "/v1/me/for-you?language=nl", learner).json()
    kinds = {reason["kind"] for item in found["items"] for reason in item["reasons"]}
    if found["refreshers_due"] < 1 or not {"team_completed", "followed_author"} <= kinds:
        raise BenchFailure(f"getForYou: {found['refreshers_due']} refreshers due, reasons {sorted(kinds)}")
    http("unfollowPerson", "DELETE", followed, learner, None)
