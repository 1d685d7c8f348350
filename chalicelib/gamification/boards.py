"""Ranking a leaderboard: plain Python, no I/O.

Higher scores first; a tie goes to whoever reached the score first, then to the smaller id, so
the same scores always give the same order. Members who opted out are left out of what others
see, and the ranks close up around them; they still learn where they would stand. Teams are
ranked by points per active member, so a small team can beat a large one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from chalicelib.gamification import periods

ORG_SCOPE = "org"
TEAMS_SCOPE = "teams"  # the team competition: teams ranked by points per active member


def community_scope(community_id: str) -> str:
    return f"community:{community_id}"


def team_scope(team_id: str) -> str:
    """The members of one team, ranked."""
    return f"team:{team_id}"


def campaign_scope(campaign_id: str) -> str:
    """The participants of one campaign, by their points in it (period `all`)."""
    return f"campaign:{campaign_id}"


def campaign_teams_scope(campaign_id: str) -> str:
    """The teams of one campaign's participants, by campaign points per active member."""
    return f"campaign-teams:{campaign_id}"


def period_of(kind: str, key: str) -> str:
    return periods.ALL_TIME if kind == periods.ALL_TIME else f"{kind}:{key}"


@dataclass(frozen=True)
class Entrant:
    entrant_id: str
    name: str
    score: Fraction | int
    reached_at: str = ""  # ISO: when the score was reached (earlier wins a tie); "" sorts first
    hidden: bool = False  # opted out: not on others' boards
    points: int | None = None  # teams: the team's points
    active_members: int | None = None  # teams: the members it is divided by


@dataclass(frozen=True)
class Place:
    """What a board shows: a rank among the visible entrants."""

    rank: int
    entrant: Entrant


@dataclass(frozen=True)
class Standing:
    """Where one entrant stands, as they see it themselves."""

    entrant: Entrant
    rank: int  # among the visible entrants; for a hidden one, where they would be
    visible: bool


@dataclass(frozen=True)
class Ranking:
    places: list[Place]
    standings: dict[str, Standing]


def _order(entrant: Entrant) -> tuple[Fraction, str, str]:
    return (-Fraction(entrant.score), entrant.reached_at or "", entrant.entrant_id)


def rank(entrants: list[Entrant]) -> Ranking:
    places: list[Place] = []
    standings: dict[str, Standing] = {}
    for entrant in sorted(entrants, key=_order):
        if entrant.hidden:
            standings[entrant.entrant_id] = Standing(entrant, len(places) + 1, visible=False)
            continue
        place = Place(len(places) + 1, entrant)
        places.append(place)
        standings[entrant.entrant_id] = Standing(entrant, place.rank, visible=True)
    return Ranking(places, standings)


def fair_team_score(points: int, active_members: int) -> Fraction:
    """A team's points per active member (a team without active members scores nothing)."""
    return Fraction(points, active_members) if active_members > 0 else Fraction(0)


def shown_score(score: Fraction | float) -> float | int:
    """A score as a board shows it: whole points, or per-member points to two decimals."""
    value = Fraction(score)
    return int(value) if value.denominator == 1 else round(float(value), 2)


AROUND = 5  # "around me": this many places above and below


def around(rank_of_me: int, total_places: int) -> tuple[int, int]:
    """The ranks to show around `rank_of_me` (inclusive); a hidden member's rank is where they
    would be, so the place just above them is rank - 1 and the one below is `rank` itself."""
    first = max(1, rank_of_me - AROUND)
    last = min(max(total_places, 1), rank_of_me + AROUND)
    return first, last
