"""Rebuilding the leaderboards: every minute, for each organisation whose scores changed.

The consumer only writes members' own score items (spread over the shards of the score index);
this job ranks them and writes the boards, changing only the places that moved and pacing its
writes to stay under a partition key's limit. A board of a week or quarter that just ended is
rebuilt for a little while after midnight (organisation time), so late events still count; then
it stays as it was: the final standings. The new period's boards start empty, which is the
roll-over.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from chalicelib.gamification import boards, ledger, periods
from chalicelib.gamification.boards import ORG_SCOPE, TEAMS_SCOPE, community_scope, period_of, team_scope
from chalicelib.ids import iso, utc_now
from chalicelib.jobs.pacing import Pacer
from chalicelib.observability import count_business_event, logger
from chalicelib.store import keys, organisations, teams, users
from chalicelib.store import leaderboards as store
from chalicelib.store.models import (
    BoardEntrantItem,
    BoardMetaItem,
    BoardRankItem,
    KringItem,
    PlayerScoreItem,
    PointsTotalItem,
    UserItem,
)

GRACE = timedelta(hours=2)  # a finished period's boards still take late events this long
OVERLAP = timedelta(minutes=2)  # scores written this long before the last run are looked at again
LEASE = timedelta(minutes=10)  # one run at a time per organisation (a run takes far less)


def periods_to_build(now: datetime, timezone: str) -> list[tuple[str, str]]:
    """(kind, key) of the boards to build now: the current week, quarter and all time, and the
    previous week or quarter while it is within its grace after ending."""
    zone = ledger.zone(timezone)
    today = now.astimezone(zone).date()
    wanted = []
    for kind in (periods.WEEK, periods.QUARTER):
        wanted.append((kind, periods.period_key(kind, today)))
        previous = periods.previous_period_key(kind, today)
        if previous and periods.since_period_start(kind, now, zone) < GRACE:
            wanted.append((kind, previous))
    wanted.append((periods.ALL_TIME, periods.ALL_TIME))
    return wanted


def _points_in(item: Any, kind: str, key: str) -> int:
    if kind == periods.ALL_TIME:
        return int(item.points)
    return ledger.period_points(item, kind).points_in(key)


@dataclass
class RefreshResult:
    org_id: str
    refreshed: bool
    boards: int = 0
    writes: int = 0
    reason: str = ""


@dataclass
class _Members:
    profiles: dict[str, UserItem] = field(default_factory=dict)

    def counted(self, user_id: str) -> UserItem | None:
        profile = self.profiles.get(user_id)
        return profile if profile is not None and profile.status != "deactivated" else None


def _all_members(org_id: str) -> _Members:
    members = _Members()
    after: dict[str, Any] | None = None
    while True:
        page = users.list_members(org_id, 100, after)
        members.profiles.update({item.user_id: item for item in page.items})
        if not page.last_key:
            return members
        after = page.last_key


def _member_entrant(profile: UserItem, score: int, reached_at: str | None) -> boards.Entrant:
    return boards.Entrant(
        profile.user_id,
        profile.display_name,
        score,
        reached_at or "",
        hidden=bool(profile.leaderboard_opt_out),
    )


def _entrants(pairs: list[tuple[UserItem, Any]], kind: str, key: str) -> list[boards.Entrant]:
    """Members with points in the period, as entrants of a board."""
    found = []
    for profile, item in pairs:
        score = _points_in(item, kind, key)
        if score > 0:
            found.append(_member_entrant(profile, score, item.last_scored_at))
    return found


def rankings(
    scores: store.Scores,
    members: _Members,
    team_names: dict[str, str],
    wanted: list[tuple[str, str]],
    campaign_ids: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], boards.Ranking]:
    """Every board of the organisation, ranked: (scope, period) -> ranking. Campaign boards only
    for `campaign_ids` (those whose scores changed: a finished campaign's board stays final)."""
    result: dict[tuple[str, str], boards.Ranking] = {}
    counted_totals: list[tuple[UserItem, PointsTotalItem]] = [
        (profile, total) for total in scores.totals if (profile := members.counted(total.user_id)) is not None
    ]
    communities: dict[str, list[tuple[UserItem, Any]]] = defaultdict(list)
    for item in scores.communities:
        profile = members.counted(item.user_id)
        if profile is not None:
            communities[item.community_id].append((profile, item))
    team_members: dict[str, list[UserItem]] = defaultdict(list)
    for profile in members.profiles.values():
        if profile.team_id and profile.team_id in team_names and profile.status != "deactivated":
            team_members[profile.team_id].append(profile)

    for kind, key in wanted:
        period = period_of(kind, key)

        result[(ORG_SCOPE, period)] = boards.rank(_entrants(counted_totals, kind, key))
        for community_id, pairs in communities.items():
            result[(community_scope(community_id), period)] = boards.rank(_entrants(pairs, kind, key))
        points_by_user = {profile.user_id: _points_in(total, kind, key) for profile, total in counted_totals}
        reached_by_user = {profile.user_id: total.last_scored_at or "" for profile, total in counted_totals}
        for team_id in team_names:
            people = team_members.get(team_id, [])
            result[(team_scope(team_id), period)] = boards.rank(
                [
                    _member_entrant(person, points_by_user[person.user_id], reached_by_user[person.user_id])
                    for person in people
                    if points_by_user.get(person.user_id, 0) > 0
                ]
            )
        result[(TEAMS_SCOPE, period)] = boards.rank(
            _team_competition(team_names, team_members, points_by_user, reached_by_user)
        )

    players: dict[str, list[tuple[UserItem, PlayerScoreItem]]] = defaultdict(list)
    for player in scores.players:
        profile = members.counted(player.user_id)
        if profile is not None and player.context_id in campaign_ids:
            players[player.context_id].append((profile, player))
    for campaign_id, pairs in players.items():
        points_by_user = {profile.user_id: int(player.points) for profile, player in pairs}
        reached_by_user = {profile.user_id: player.last_scored_at or "" for profile, player in pairs}
        result[(boards.campaign_scope(campaign_id), periods.ALL_TIME)] = boards.rank(
            [
                _member_entrant(profile, int(player.points), player.last_scored_at)
                for profile, player in pairs
                if int(player.points) > 0 or int(player.answered) > 0
            ]
        )
        competing = {
            team: name
            for team, name in team_names.items()
            if any(person.user_id in points_by_user for person in team_members.get(team, []))
        }
        result[(boards.campaign_teams_scope(campaign_id), periods.ALL_TIME)] = boards.rank(
            _team_competition(competing, team_members, points_by_user, reached_by_user)
        )
    return result


def _team_competition(
    team_names: dict[str, str],
    team_members: dict[str, list[UserItem]],
    points_by_user: dict[str, int],
    reached_by_user: dict[str, str],
) -> list[boards.Entrant]:
    """Teams as entrants: their members' points per active member (teams without one are left out)."""
    entrants = []
    for team_id, name in team_names.items():
        people = team_members.get(team_id, [])
        active = sum(1 for person in people if person.status == "active")
        if not active:
            continue
        points = sum(points_by_user.get(person.user_id, 0) for person in people)
        entrants.append(
            boards.Entrant(
                team_id,
                name,
                boards.fair_team_score(points, active),
                max((reached_by_user.get(p.user_id, "") for p in people), default=""),
                points=points,
                active_members=active,
            )
        )
    return entrants


def _wanted_items(
    org_id: str, scope: str, period: str, ranking: boards.Ranking, now: str
) -> dict[str, KringItem]:
    items: dict[str, KringItem] = {}
    for place in ranking.places:
        entrant = place.entrant
        rank_item = store.board_rank(
            org_id,
            scope,
            period,
            place.rank,
            entrant_id=entrant.entrant_id,
            name=entrant.name,
            score=boards.shown_score(entrant.score),
            points=entrant.points,
            active_members=entrant.active_members,
        )
        items[rank_item.sk] = rank_item
    for standing in ranking.standings.values():
        entrant_item = store.board_entrant(
            org_id,
            scope,
            period,
            standing.entrant.entrant_id,
            rank=standing.rank,
            score=boards.shown_score(standing.entrant.score),
            visible=standing.visible,
        )
        items[entrant_item.sk] = entrant_item
    meta = store.board_meta(org_id, scope, period, len(ranking.places), now)
    items[meta.sk] = meta
    return items


def _same(stored: KringItem, wanted: KringItem) -> bool:
    fields: tuple[str, ...]
    if isinstance(wanted, BoardRankItem) and isinstance(stored, BoardRankItem):
        fields = ("entrant_id", "name", "score", "points", "active_members")
    elif isinstance(wanted, BoardEntrantItem) and isinstance(stored, BoardEntrantItem):
        fields = ("rank", "score", "visible")
    elif isinstance(wanted, BoardMetaItem) and isinstance(stored, BoardMetaItem):
        fields = ("entrants",)
    else:
        return False
    return all(_comparable(getattr(stored, f)) == _comparable(getattr(wanted, f)) for f in fields)


def _comparable(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def write_changes(
    org_id: str, scope: str, period: str, ranking: boards.Ranking, now: str, pacer: Pacer
) -> int:
    """Write the board's places and standings that differ from what is stored; remove the rest."""
    stored = store.read_board(org_id, scope, period)
    wanted = _wanted_items(org_id, scope, period, ranking, now)
    puts = [item for sk, item in wanted.items() if sk not in stored or not _same(stored[sk], item)]
    if puts == [wanted[keys.BOARD_META_SK]] and keys.BOARD_META_SK in stored:
        puts = []  # nothing moved: leave META (and its updated_at) alone
    deletes = [item for sk, item in stored.items() if sk not in wanted]
    if (puts or deletes) and wanted[keys.BOARD_META_SK] not in puts:
        puts.append(wanted[keys.BOARD_META_SK])
    return store.write_board(puts, deletes, pacer.before_writes)


def refresh_organisation_boards(
    org_id: str,
    now: datetime | None = None,
    pacer: Pacer | None = None,
    force: bool = False,
    campaign_id: str | None = None,
) -> RefreshResult:
    """Rebuild the organisation's boards if anything they show changed since the last run.

    `campaign_id`: rebuild now, including that campaign's boards (its final standings, at close)."""
    now = now or utc_now()
    started = utc_now()
    pacer = pacer or Pacer()
    organisation = organisations.get_organisation(org_id)
    if organisation is None:
        return RefreshResult(org_id, False, reason="no such organisation")
    wanted = periods_to_build(now, organisation.timezone)
    state = store.get_state(org_id)
    built = store.built_periods(state)
    wanted_keys = {f"{kind}:{key}" for kind, key in wanted}
    since = iso(datetime.fromisoformat(state.checkpoint) - OVERLAP) if state.checkpoint else ""
    reason = ""
    if force or campaign_id:
        reason = "forced"
    elif state.checkpoint is None:
        reason = "first run"
    elif set(built) != wanted_keys:
        reason = "period changed"
    elif state.stale_at and state.stale_at > state.checkpoint:
        reason = "profiles or teams changed"
    elif store.scores_written_since(org_id, since):
        reason = "scores changed"
    if not reason:
        return RefreshResult(org_id, False, reason="unchanged")
    if not store.claim_run(org_id, started, started + LEASE):
        return RefreshResult(org_id, False, reason="another run is rebuilding these boards")

    scores = store.all_scores(org_id)
    members = _all_members(org_id)
    team_names = {team.team_id: team.name for team in teams.list_teams(org_id)}
    campaigns = frozenset(
        player.context_id
        for player in scores.players
        if force or campaign_id == player.context_id or (player.gsi1sk or "") > since
    )
    ranked = rankings(scores, members, team_names, wanted, campaigns)
    stamp = iso(now)
    writes = 0
    for (scope, period), ranking in ranked.items():
        writes += write_changes(org_id, scope, period, ranking, stamp, pacer)
    store.finish_run(org_id, iso(started), json.dumps({key: "built" for key in sorted(wanted_keys)}), stamp)
    count_business_event("LeaderboardsRefreshed")
    logger.info("Leaderboards refreshed", extra={"org_id": org_id, "boards": len(ranked), "writes": writes})
    return RefreshResult(org_id, True, len(ranked), writes, reason)


def refresh_all_leaderboards(
    now: datetime | None = None, refresh: Callable[..., RefreshResult] = refresh_organisation_boards
) -> list[RefreshResult]:
    """The scheduled run: every organisation, one after the other (each skips fast when unchanged)."""
    results = []
    after: dict[str, Any] | None = None
    while True:
        page = organisations.list_organisations(100, after)
        for organisation in page.items:
            try:
                results.append(refresh(organisation.org_id, now))
            except Exception:
                # One organisation's trouble must not keep the others' boards still; it is retried next run.
                logger.exception(
                    "Leaderboards of an organisation failed", extra={"org_id": organisation.org_id}
                )
        if not page.last_key:
            return results
        after = page.last_key
