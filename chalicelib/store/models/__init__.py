"""The item types of Kring's single table, one module per domain.

Import item types from here (`from chalicelib.store.models import PostItem`). A domain's module
is loaded when one of its names is first asked for, not when the package is: building every
item type's PynamoDB class took about a tenth of `import boto3` on each cold start, and a stream
consumer or job uses a few of them. An item type not loaded yet is still read right: the `type`
discriminator (base.ItemTypeAttribute) loads every module when it meets a type it does not know,
and before a query on KringItem itself filters by the types it knows (`load_all`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from chalicelib.store.models.base import Gsi1, KringItem, bind, transaction_connection

if TYPE_CHECKING:
    from chalicelib.store.models.campaigns import CampaignItem, PlayerScoreItem
    from chalicelib.store.models.communities import CommunityItem, CommunityMemberItem
    from chalicelib.store.models.delivery import EffectItem, IdempotencyItem, StreamDeadLetterItem
    from chalicelib.store.models.feedback import (
        AuthorTaskItem,
        ContentCardStatsItem,
        ContentReactionItem,
        ContentStatsItem,
        PollVotesItem,
    )
    from chalicelib.store.models.for_you import FollowedPersonItem, TeamCompletionItem
    from chalicelib.store.models.gamification import (
        BadgeAwardItem,
        BadgeCatalogueItem,
        BoardEntryItem,
        BoardHiddenItem,
        CommunityScoreItem,
        PointRulesItem,
        PointsEntryItem,
        PointsTotalItem,
    )
    from chalicelib.store.models.identity import OrganisationItem, UserItem
    from chalicelib.store.models.intervision import (
        IntervisionActionItem,
        IntervisionCaseItem,
        IntervisionGroupItem,
        IntervisionMemberItem,
        IntervisionNoteItem,
        IntervisionSessionItem,
        IntervisionVoteItem,
    )
    from chalicelib.store.models.learning import (
        LearningHeadItem,
        LearningProgressItem,
        LearningReleaseItem,
        LearningReviewItem,
    )
    from chalicelib.store.models.media import MediaItem
    from chalicelib.store.models.moderation import ModerationCaseItem, ModerationLogItem, WordListItem
    from chalicelib.store.models.notifications import InboxCounterItem, NotificationItem
    from chalicelib.store.models.programmes import (
        MyPairItem,
        PairItem,
        PairMessageItem,
        ProgrammeItem,
        ProgrammeSignupItem,
        ProposedPairItem,
    )
    from chalicelib.store.models.qa import (
        ContentRequestItem,
        ExpertSkillItem,
        QaAnswerItem,
        QaSettingsItem,
        QaVoterItem,
        RoutedQuestionItem,
    )
    from chalicelib.store.models.quizzes import (
        AnswerItem,
        QuestionItem,
        QuestionStatsItem,
        QuizItem,
        ServedItem,
    )
    from chalicelib.store.models.quotas import OrgRequestCountItem, PostingRateItem
    from chalicelib.store.models.refreshers import RefresherCardItem, RefresherDeckItem, RefresherSettingsItem
    from chalicelib.store.models.search import SearchDocItem
    from chalicelib.store.models.teams import TeamItem, TeamMemberItem
    from chalicelib.store.models.wall import (
        REACTION_TYPES,
        AttachmentAttribute,
        CommentItem,
        ContentItem,
        FollowerItem,
        PopularEntryItem,
        PostItem,
        ReactionItem,
    )
    from chalicelib.store.models.workshops import WorkshopItem, WorkshopRsvpItem, WorkshopWaitItem

# Each module of the package and the names it gives the package (tests/unit/test_item_types.py
# checks that they agree with the imports above, which only the type checker reads).
MODULES: dict[str, tuple[str, ...]] = {
    "campaigns": ("CampaignItem", "PlayerScoreItem"),
    "communities": ("CommunityItem", "CommunityMemberItem"),
    "delivery": ("EffectItem", "IdempotencyItem", "StreamDeadLetterItem"),
    "feedback": (
        "AuthorTaskItem",
        "ContentCardStatsItem",
        "ContentReactionItem",
        "ContentStatsItem",
        "PollVotesItem",
    ),
    "for_you": ("FollowedPersonItem", "TeamCompletionItem"),
    "gamification": (
        "BadgeAwardItem",
        "BadgeCatalogueItem",
        "BoardEntryItem",
        "BoardHiddenItem",
        "CommunityScoreItem",
        "PointRulesItem",
        "PointsEntryItem",
        "PointsTotalItem",
    ),
    "identity": ("OrganisationItem", "UserItem"),
    "intervision": (
        "IntervisionActionItem",
        "IntervisionCaseItem",
        "IntervisionGroupItem",
        "IntervisionMemberItem",
        "IntervisionNoteItem",
        "IntervisionSessionItem",
        "IntervisionVoteItem",
    ),
    "learning": ("LearningHeadItem", "LearningProgressItem", "LearningReleaseItem", "LearningReviewItem"),
    "media": ("MediaItem",),
    "moderation": ("ModerationCaseItem", "ModerationLogItem", "WordListItem"),
    "notifications": ("InboxCounterItem", "NotificationItem"),
    "programmes": (
        "MyPairItem",
        "PairItem",
        "PairMessageItem",
        "ProgrammeItem",
        "ProgrammeSignupItem",
        "ProposedPairItem",
    ),
    "qa": (
        "ContentRequestItem",
        "ExpertSkillItem",
        "QaAnswerItem",
        "QaSettingsItem",
        "QaVoterItem",
        "RoutedQuestionItem",
    ),
    "quizzes": ("AnswerItem", "QuestionItem", "QuestionStatsItem", "QuizItem", "ServedItem"),
    "quotas": ("OrgRequestCountItem", "PostingRateItem"),
    "refreshers": ("RefresherCardItem", "RefresherDeckItem", "RefresherSettingsItem"),
    "search": ("SearchDocItem",),
    "teams": ("TeamItem", "TeamMemberItem"),
    "wall": (
        "REACTION_TYPES",
        "AttachmentAttribute",
        "CommentItem",
        "ContentItem",
        "FollowerItem",
        "PopularEntryItem",
        "PostItem",
        "ReactionItem",
    ),
    "workshops": ("WorkshopItem", "WorkshopRsvpItem", "WorkshopWaitItem"),
}
_MODULE_OF = {name: module for module, names in MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once per name
    return value


def load_all() -> None:
    """Load every item type (a read that may meet any of them needs each registered)."""
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")


__all__ = [
    "REACTION_TYPES",
    "AnswerItem",
    "AttachmentAttribute",
    "AuthorTaskItem",
    "BadgeAwardItem",
    "BadgeCatalogueItem",
    "BoardEntryItem",
    "BoardHiddenItem",
    "CampaignItem",
    "CommentItem",
    "CommunityItem",
    "CommunityMemberItem",
    "CommunityScoreItem",
    "ContentCardStatsItem",
    "ContentItem",
    "ContentReactionItem",
    "ContentRequestItem",
    "ContentStatsItem",
    "EffectItem",
    "ExpertSkillItem",
    "FollowedPersonItem",
    "FollowerItem",
    "Gsi1",
    "IdempotencyItem",
    "InboxCounterItem",
    "IntervisionActionItem",
    "IntervisionCaseItem",
    "IntervisionGroupItem",
    "IntervisionMemberItem",
    "IntervisionNoteItem",
    "IntervisionSessionItem",
    "IntervisionVoteItem",
    "KringItem",
    "LearningHeadItem",
    "LearningProgressItem",
    "LearningReleaseItem",
    "LearningReviewItem",
    "MediaItem",
    "ModerationCaseItem",
    "ModerationLogItem",
    "MyPairItem",
    "NotificationItem",
    "OrgRequestCountItem",
    "OrganisationItem",
    "PairItem",
    "PairMessageItem",
    "PlayerScoreItem",
    "PointRulesItem",
    "PointsEntryItem",
    "PointsTotalItem",
    "PollVotesItem",
    "PopularEntryItem",
    "PostItem",
    "PostingRateItem",
    "ProgrammeItem",
    "ProgrammeSignupItem",
    "ProposedPairItem",
    "QaAnswerItem",
    "QaSettingsItem",
    "QaVoterItem",
    "QuestionItem",
    "QuestionStatsItem",
    "QuizItem",
    "ReactionItem",
    "RefresherCardItem",
    "RefresherDeckItem",
    "RefresherSettingsItem",
    "RoutedQuestionItem",
    "SearchDocItem",
    "ServedItem",
    "StreamDeadLetterItem",
    "TeamCompletionItem",
    "TeamItem",
    "TeamMemberItem",
    "UserItem",
    "WordListItem",
    "WorkshopItem",
    "WorkshopRsvpItem",
    "WorkshopWaitItem",
    "bind",
    "transaction_connection",
]
