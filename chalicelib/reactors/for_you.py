"""What "for you" keeps from the stream: a completion joins the learner's team's recent completions."""

from __future__ import annotations

from chalicelib.for_you import team_feed
from chalicelib.reactors.events import LearningCompleted


def note_team_completion(event: LearningCompleted) -> None:
    team_feed.note_completion(
        event.org_id, event.user_id, event.content_id, event.kind, event.community_id, event.completed_at
    )
