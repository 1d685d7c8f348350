"""What "for you" reads besides content: the people a learner follows, and a team's recent
completions (kept by the stream consumer, so a learner's colleagues are one Query away)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.store.models.base import KringItem


class FollowedPersonItem(KringItem, discriminator="followed_person"):
    """A person the learner follows (`ORG#<org>#LEARNER#<user>` / `FOLLOWING#<followed>`): their new
    content is recommended to the learner."""

    user_id = UnicodeAttribute()  # the follower
    followed_id = UnicodeAttribute()
    followed_name = UnicodeAttribute(default="")  # as it was when followed (shown in the reason)
    since = UTCDateTimeAttribute()


class TeamCompletionItem(KringItem, discriminator="team_completion"):
    """A team member completed a content item (`ORG#<org>#TEAM#<team>` / `DONE#<at>#<content>#<user>`),
    written once per completion for the team the member was in then; expires after a few months."""

    team_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute(default="")
    content_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    completed_at = UnicodeAttribute()
