"""What a team completed lately: each completion is written to the team the learner is in when
the stream consumer sees it, so a colleague's completions count for their team, not mine."""

from __future__ import annotations

from chalicelib.store import for_you as store
from chalicelib.store import users
from chalicelib.store.models import TeamCompletionItem


def note_completion(
    org_id: str, user_id: str, content_id: str, kind: str, community_id: str | None, completed_at: str
) -> None:
    """Add the completion to the learner's team's recent completions (nothing without a team).
    Keyed by the completion, so a replayed event writes the same item."""
    profile = users.get_member(org_id, user_id)
    if profile is None or profile.team_id is None:
        return
    store.save_team_completion(
        TeamCompletionItem(
            org_id=org_id,
            team_id=profile.team_id,
            user_id=user_id,
            display_name=profile.display_name,
            content_id=content_id,
            kind=kind,
            community_id=community_id,
            completed_at=completed_at,
        )
    )
