"""Ranking a board at read time, from the entries the stream consumer keeps (board_upkeep.py).

A member board (the organisation's, a community's, a campaign's) is its entries, read whole and
ranked by chalicelib/gamification/boards.py; a team's board is the organisation's entries of its
members; the team competition sums the organisation's (or a campaign's) entries per team and divides
by the team's active members. Opted-out members stay out of what others see and still learn their
own place; deactivated members are on no board. Names are the profiles' as they are now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from chalicelib.gamification import boards
from chalicelib.store import keys, teams, users
from chalicelib.store import leaderboards as store
from chalicelib.store.batch import get_items
from chalicelib.store.leaderboards import BoardScore
from chalicelib.store.models import UserItem


@dataclass(frozen=True)
class Ranked:
    ranking: boards.Ranking
    updated_at: str | None  # when the newest entry was written


def _updated_at(entries: Iterable[BoardScore]) -> str | None:
    return max((entry.updated_at for entry in entries), default=None)


def _entrants(entries: Iterable[BoardScore], hidden: store.Hidden) -> list[boards.Entrant]:
    return [
        boards.Entrant(
            entry.user_id,
            "",
            int(entry.score),
            entry.reached_at or "",
            hidden=entry.user_id in hidden.opted_out,
        )
        for entry in entries
        if entry.user_id not in hidden.deactivated
    ]


def member_board(
    org_id: str, scope: str, period: str, hidden: store.Hidden, only: frozenset[str] | None = None
) -> Ranked:
    """A board of members, ranked; `only`: just these members (a team's board)."""
    entries = store.read_board(org_id, scope, period)
    if only is not None:
        entries = [entry for entry in entries if entry.user_id in only]
    return Ranked(boards.rank(_entrants(entries, hidden)), _updated_at(entries))


def team_board(org_id: str, team_id: str, period: str, hidden: store.Hidden) -> Ranked:
    members = frozenset(member.user_id for member in teams.list_all_members(org_id, team_id))
    return member_board(org_id, boards.ORG_SCOPE, period, hidden, members)


def _all_profiles(org_id: str) -> list[UserItem]:
    found: list[UserItem] = []
    after: dict[str, Any] | None = None
    while True:
        page = users.list_members(org_id, 100, after)
        found.extend(page.items)
        if not page.last_key:
            return found
        after = page.last_key


def team_competition(org_id: str, scope: str, period: str, campaign: bool = False) -> Ranked:
    """Teams by their members' points per active member (on `scope`'s entries: the organisation's
    board, or a campaign's). A campaign's competition has only the teams with a participant."""
    entries = store.read_board(org_id, scope, period)
    team_names = {team.team_id: team.name for team in teams.list_teams(org_id)}
    members: dict[str, list[UserItem]] = defaultdict(list)
    for profile in _all_profiles(org_id):
        if profile.team_id in team_names and profile.status != "deactivated":
            members[profile.team_id].append(profile)
    by_user = {entry.user_id: entry for entry in entries}
    competing = []
    for team_id, name in team_names.items():
        people = members.get(team_id, [])
        active = sum(1 for person in people if person.status == "active")
        scored = [by_user[person.user_id] for person in people if person.user_id in by_user]
        if not active or (campaign and not scored):
            continue
        points = sum(int(entry.score) for entry in scored)
        competing.append(
            boards.Entrant(
                team_id,
                name,
                boards.fair_team_score(points, active),
                max((entry.reached_at or "" for entry in scored), default=""),
                points=points,
                active_members=active,
            )
        )
    return Ranked(boards.rank(competing), _updated_at(entries))


def with_names(org_id: str, places: list[boards.Place]) -> list[boards.Place]:
    """The places with their members' names as their profiles say now (one BatchGetItem)."""
    wanted = [(keys.org_pk(org_id), keys.user_sk(place.entrant.entrant_id)) for place in places]
    found = get_items(wanted)
    named = []
    for place, key in zip(places, wanted, strict=True):
        profile = found.get(key)
        name = profile.display_name if isinstance(profile, UserItem) else ""
        named.append(replace(place, entrant=replace(place.entrant, name=name or "")))
    return named
