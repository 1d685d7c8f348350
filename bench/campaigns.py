"""Bench steps of the campaign routes and jobs (called from bench/workload.py)."""

from __future__ import annotations

from typing import Any

PAGE = 20


def exercise_campaigns(http: Any, seed: Any, workload: Any, org: Any) -> None:
    """Admins and a community's manager schedule, change, open, close and cancel campaigns; a
    learner reads theirs, the live boards and their progress; the transition job and the sweeper."""
    from bench.workload import BenchFailure
    from chalicelib.campaigns import lifecycle
    from chalicelib.ids import iso, utc_now

    learner, admin, manager = org.learner.token, org.admin.token, org.manager.token
    admin_path, community_path = "/v1/admin/campaigns", f"/v1/communities/{org.community_id}/campaigns"
    year = utc_now().year + 2
    draft = {
        "kind": "quiz",
        "preset": "christmas",
        "year": year,
        "audience": "community",
        "community_id": org.community_id,
    }
    key = {"Idempotency-Key": "bench-campaign-0001"}
    made = http("createCampaign", "POST", admin_path, admin, 201, draft, key).json()
    one = f"{admin_path}/{made['id']}"
    http("listCampaignsAsAdmin", "GET", f"{admin_path}?limit={PAGE}", admin)
    http("getCampaignAsAdmin", "GET", one, admin)
    change = {"closes_local": f"{year}-12-23T18:00:00", "version": made["version"]}
    http("changeCampaign", "PATCH", one, admin, body=change)
    http("openCampaign", "POST", f"{one}/open", admin)
    mine = http("listMyCampaigns", "GET", f"/v1/campaigns?limit={PAGE}", learner).json()
    if made["id"] not in [c["id"] for c in mine["items"]]:
        raise BenchFailure("listMyCampaigns: the learner does not see the open campaign")
    everyone = f"/v1/campaigns/{made['id']}"
    http("getCampaign", "GET", everyone, learner)
    http("getCampaignLeaderboard", "GET", f"{everyone}/leaderboard?limit=10", learner)
    http("getCampaignLeaderboardAroundMe", "GET", f"{everyone}/leaderboard/around-me", learner)
    http("getCampaignTeamsLeaderboard", "GET", f"{everyone}/leaderboard/teams", learner)
    http("getMyCampaignProgress", "GET", f"{everyone}/progress", learner)
    http("closeCampaign", "POST", f"{one}/close", admin)
    spare = seed("POST", admin_path, admin, {**draft, "preset": "new_year"})
    http("cancelCampaign", "POST", f"{admin_path}/{spare['id']}/cancel", admin)

    tips = {
        "kind": "challenge",
        "titles": {"en": "Share one tip a day"},
        "opens_local": f"{year}-03-06T09:00:00",
        "closes_local": f"{year}-03-17T17:00:00",
        "reminders_local": [f"{year}-03-13T09:00:00"],
    }
    tips_key = {"Idempotency-Key": "bench-campaign-0002"}
    ours = http("createCommunityCampaign", "POST", community_path, manager, 201, tips, tips_key).json()
    ours_path = f"{community_path}/{ours['id']}"
    http("listCommunityCampaigns", "GET", f"{community_path}?limit={PAGE}", manager)
    http("getCommunityCampaign", "GET", ours_path, manager)
    http("changeCommunityCampaign", "PATCH", ours_path, manager, body={"titles": {"nl": "Elke dag een tip"}})
    http("openCommunityCampaign", "POST", f"{ours_path}/open", manager)
    http("closeCommunityCampaign", "POST", f"{ours_path}/close", manager)
    other = seed("POST", community_path, manager, tips)
    http("cancelCommunityCampaign", "POST", f"{community_path}/{other['id']}/cancel", manager)

    # The schedule's job for a campaign with nothing due (a late duplicate of a cancelled campaign's
    # open), and the sweeper's Query. (A firing is for a moment that has come: its `at` is never in
    # the future, so a campaign still to come is not the case to measure.)
    with workload.measuring("job:campaignTransition:nothing-due"):
        lifecycle.run_transition(org.org_id, spare["id"], iso(utc_now()))
    with workload.measuring("job:sweepCampaigns"):
        lifecycle.sweep(utc_now())
