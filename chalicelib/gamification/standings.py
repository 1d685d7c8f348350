"""Reading leaderboards: who may see which board, the top of it, and the places around me.

A read is the access check and the hidden members (with my profile, for the team competition) in
one BatchGetItem, the board's entries (one Query per shard, chalicelib/gamification/rankings.py),
ranked in memory, and the shown members' names in one more BatchGetItem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from chalicelib.communities.access import CommunityAccess
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.gamification import boards, periods, rankings, setup
from chalicelib.gamification.boards import ORG_SCOPE, TEAMS_SCOPE, community_scope, period_of, team_scope
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import keys
from chalicelib.store import leaderboards as store
from chalicelib.store.batch import Key, get_items
from chalicelib.store.memberships import membership_key
from chalicelib.store.models import (
    CampaignItem,
    CommunityItem,
    CommunityMemberItem,
    KringItem,
    TeamItem,
    UserItem,
)

PERIOD_KEY_FORMATS = {periods.WEEK: r"^\d{4}-W\d{2}$", periods.QUARTER: r"^\d{4}-Q[1-4]$"}


@dataclass(frozen=True)
class Board:
    scope: str
    kind: str  # week | quarter | all
    key: str  # 2026-W49, 2026-Q4 or all

    @property
    def period(self) -> str:
        return period_of(self.kind, self.key)


@dataclass(frozen=True)
class BoardView:
    board: Board
    updated_at: str | None  # when the newest entry was written (None: an empty board)
    entrants: int  # how many others can see on it
    places: list[boards.Place]
    me: boards.Standing | None  # around me: my standing (None: not on this board yet)
    my_entrant_id: str | None  # whose places are "mine" (me, or my team on the teams board)


def board_for(
    principal: Principal, scope: str, kind: str, key: str | None, now: datetime | None = None
) -> Board:
    """The board of `scope` for the period `kind` (its current one in the organisation, or `key`)."""
    if key is None or kind == periods.ALL_TIME:
        today = (now or utc_now()).astimezone(
            periods.zone(setup.organisation_setup(principal.org_id).timezone)
        )
        key = periods.period_key(kind, today.date())
    return Board(scope, kind, key)


def organisation_board(principal: Principal, kind: str, key: str | None) -> Board:
    return board_for(principal, ORG_SCOPE, kind, key)


def teams_board(principal: Principal, kind: str, key: str | None) -> Board:
    return board_for(principal, TEAMS_SCOPE, kind, key)


def community_board(principal: Principal, community_id: str, kind: str, key: str | None) -> Board:
    return board_for(principal, community_scope(community_id), kind, key)


def team_board(principal: Principal, team_id: str, kind: str, key: str | None) -> Board:
    return board_for(principal, team_scope(team_id), kind, key)


def campaign_board(principal: Principal, campaign_id: str, teams: bool = False) -> Board:
    """A campaign's board of participants (or of their teams): one board for the campaign's run."""
    scope = boards.campaign_teams_scope(campaign_id) if teams else boards.campaign_scope(campaign_id)
    return Board(scope, periods.ALL_TIME, periods.ALL_TIME)


def _access_keys(principal: Principal, board: Board) -> list[Key]:
    org_pk = keys.org_pk(principal.org_id)
    if board.scope.startswith(("campaign:", "campaign-teams:")):
        return [(keys.campaigns_pk(principal.org_id), keys.campaign_sk(board.scope.split(":", 1)[1]))]
    if board.scope.startswith("community:"):
        community_id = board.scope.split(":", 1)[1]
        return [
            (org_pk, keys.community_sk(community_id)),
            membership_key(principal.org_id, community_id, principal.user_id),
        ]
    if board.scope.startswith("team:"):
        return [(org_pk, keys.team_sk(board.scope.split(":", 1)[1]))]
    return []


def _check_access(principal: Principal, board: Board, found: Mapping[Key, object]) -> None:
    """A community's board is for those who may read its wall; a team's board needs the team."""
    wanted = _access_keys(principal, board)
    if board.scope.startswith("community:"):
        community, membership = found.get(wanted[0]), found.get(wanted[1])
        if not isinstance(community, CommunityItem):
            raise NotFound("No community with this id in your organisation.")
        member = membership if isinstance(membership, CommunityMemberItem) else None
        CommunityAccess(principal, community, member).require_wall_reader()
    elif board.scope.startswith("team:") and not isinstance(found.get(wanted[0]), TeamItem):
        raise NotFound("No team with this id in your organisation.")
    elif board.scope.startswith(("campaign:", "campaign-teams:")) and not isinstance(
        found.get(wanted[0]), CampaignItem
    ):
        raise NotFound("No campaign with this id in your organisation.")


def _is_team_competition(board: Board) -> bool:
    return board.scope == TEAMS_SCOPE or board.scope.startswith("campaign-teams:")


# The caller's own access check, done in the same BatchGetItem as the keys the board needs
# (a campaign's audience): given those keys, it returns everything it read, or raises.
AccessCheck = Callable[[list[Key]], Mapping[Key, KringItem]]


def _read_access(
    principal: Principal, board: Board, extra: list[Key], access: AccessCheck | None
) -> Mapping[Key, KringItem]:
    wanted = [store.hidden_key(principal.org_id), *extra]
    if access is not None:
        return access(wanted)
    found = get_items(_access_keys(principal, board) + wanted)
    _check_access(principal, board, found)
    return found


def _ranked(principal: Principal, board: Board, hidden: store.Hidden) -> rankings.Ranked:
    org_id = principal.org_id
    if board.scope == TEAMS_SCOPE:
        return rankings.team_competition(org_id, ORG_SCOPE, board.period)
    if board.scope.startswith("campaign-teams:"):
        campaign_id = board.scope.split(":", 1)[1]
        return rankings.team_competition(org_id, boards.campaign_scope(campaign_id), board.period, True)
    if board.scope.startswith("team:"):
        return rankings.team_board(org_id, board.scope.split(":", 1)[1], board.period, hidden)
    return rankings.member_board(org_id, board.scope, board.period, hidden)


def _view(
    principal: Principal,
    board: Board,
    ranked: rankings.Ranked,
    places: list[boards.Place],
    me: boards.Standing | None,
    mine: str | None,
) -> BoardView:
    if not _is_team_competition(board):
        places = rankings.with_names(principal.org_id, places)
    return BoardView(board, ranked.updated_at, len(ranked.ranking.places), places, me, mine)


def top(principal: Principal, board: Board, limit: int, access: AccessCheck | None = None) -> BoardView:
    """The board's first `limit` places (my place, or my team's, marked)."""
    profile_key = (keys.org_pk(principal.org_id), keys.user_sk(principal.user_id))
    extra = [profile_key] if _is_team_competition(board) else []
    found = _read_access(principal, board, extra, access)
    ranked = _ranked(principal, board, store.Hidden.of(found.get(store.hidden_key(principal.org_id))))
    mine: str | None = principal.user_id
    if _is_team_competition(board):
        profile = found.get(profile_key)
        mine = profile.team_id or "" if isinstance(profile, UserItem) else ""
    return _view(principal, board, ranked, ranked.ranking.places[:limit], None, mine)


def standing_of(
    principal: Principal, board: Board, access: AccessCheck | None = None
) -> tuple[rankings.Ranked, boards.Standing | None]:
    """My standing on a member board (None: not on it), with the whole ranking."""
    found = _read_access(principal, board, [], access)
    ranked = _ranked(principal, board, store.Hidden.of(found.get(store.hidden_key(principal.org_id))))
    return ranked, ranked.ranking.standings.get(principal.user_id)


def around_me(principal: Principal, board: Board, access: AccessCheck | None = None) -> BoardView:
    if _is_team_competition(board):
        raise ValidationFailed("The teams board is short: read it whole, your team is marked on it.")
    ranked, me = standing_of(principal, board, access)
    if me is None:
        return _view(principal, board, ranked, [], None, principal.user_id)
    first, last = boards.around(me.rank, len(ranked.ranking.places))
    places = [place for place in ranked.ranking.places if first <= place.rank <= last]
    return _view(principal, board, ranked, places, me, principal.user_id)
