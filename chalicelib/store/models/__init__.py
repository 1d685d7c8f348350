"""The item types of Kring's single table, one module per domain.

Importing this package imports every module, so that every item type is registered with the
table's discriminator (`type`) before a Query can return it: a type defined in a module not
imported here would come back from a Query as an error. Import item types from here.
"""

from chalicelib.store.models.base import Gsi1, KringItem, bind, transaction_connection
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
from chalicelib.store.models.quizzes import AnswerItem, QuestionItem, QuestionStatsItem, QuizItem, ServedItem
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
