"""The leaderboard bodies: the board queries and the board as a client sees it.

Apart from the leaderboard routes (chalicelib/api/leaderboards.py) so that the campaign routes,
which answer with the same board, load the board code (chalicelib/gamification/standings.py)
only when a board is asked for, not on every campaign route's first request.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from chalicelib.gamification import boards, standings

Period = Literal["week", "quarter", "all"]


class BoardQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: Period = Field("week", description="week (Monday to Sunday), quarter, or all time.")
    key: str | None = Field(
        None, max_length=8, description="An earlier period: 2026-W48 (week) or 2026-Q3 (quarter)."
    )

    @model_validator(mode="after")
    def _key_fits_the_period(self) -> BoardQuery:
        if self.key is not None:
            from chalicelib.gamification import standings  # a board is asked for: its code is needed

            pattern = standings.PERIOD_KEY_FORMATS.get(self.period)
            if pattern is None or not re.match(pattern, self.key):
                raise ValueError("key must look like 2026-W48 for a week or 2026-Q3 for a quarter")
        return self


class TopQuery(BoardQuery):
    limit: int = Field(10, ge=1, le=100, description="How many places (1-100).")


class Place(BaseModel):
    rank: int
    id: str = Field(description="The member (or, on the teams board, the team).")
    name: str
    score: float | int = Field(description="Points; on the teams board, points per active member.")
    points: int | None = Field(None, description="Teams board: the team's points.")
    active_members: int | None = Field(None, description="Teams board: its active members.")
    is_me: bool = Field(description="Me, or my team on the teams board.")

    @classmethod
    def of(cls, place: boards.Place, mine: str | None) -> Place:
        from chalicelib.gamification.boards import shown_score

        entrant = place.entrant
        return cls(
            rank=place.rank,
            id=entrant.entrant_id,
            name=entrant.name,
            score=shown_score(entrant.score),
            points=entrant.points,
            active_members=entrant.active_members,
            is_me=entrant.entrant_id == mine,
        )


class MyPlace(BaseModel):
    rank: int = Field(description="My place; if I opted out, where I would be.")
    score: float | int
    visible: bool = Field(description="False: I opted out, others do not see me.")


class Leaderboard(BaseModel):
    scope: str
    period: Period
    period_key: str
    updated_at: str | None = Field(description="When the newest score on the board was placed (null: empty).")
    entrants: int = Field(description="How many others can see on the board.")
    items: list[Place]
    me: MyPlace | None = Field(None, description="Around me: my own standing (null: no points yet).")


def board_view(view: standings.BoardView) -> Leaderboard:
    """The board as a client sees it: its places, and mine (where I would be if I opted out)."""
    from chalicelib.gamification.boards import shown_score

    places = [Place.of(place, view.my_entrant_id) for place in view.places]
    me = None
    if view.me is not None:
        me = MyPlace(rank=view.me.rank, score=shown_score(view.me.entrant.score), visible=view.me.visible)
        if not view.me.visible:
            # Others do not see me; I see myself where I would be, between the places around me.
            myself = Place(
                rank=me.rank,
                id=view.me.entrant.entrant_id,
                name="",
                score=me.score,
                points=None,
                active_members=None,
                is_me=True,
            )
            places = (
                [p for p in places if p.rank < me.rank] + [myself] + [p for p in places if p.rank >= me.rank]
            )
    return Leaderboard(
        scope=view.board.scope.split(":", 1)[0],
        period=view.board.kind,  # type: ignore[arg-type]
        period_key=view.board.key,
        updated_at=view.updated_at,
        entrants=view.entrants,
        items=places,
        me=me,
    )
