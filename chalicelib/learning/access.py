"""Who may write, review and read learning content.

- Authors are mentors and experts (the organisation's mentor role), community managers and org
  admins; in a community, also its own mentors and moderators. They create content in the
  organisation's library or in a community whose wall they may read.
- The working copy (drafts, content in review) is for its authors, the reviewer asked to review
  it, and the managers of its scope (the community's moderators, community managers, org admins).
- Authors and the reviewer keep that access while they may read the community: who leaves an
  invite-only community, or is removed from it, no longer reaches its content.
- Questions of the bank are named in content only by who may read the bank (its answer keys).
- A release is for everyone of the organisation (organisation content) or for those who may read
  the community's wall (community content). Archived content is for nobody but its authors.

A person who may not read a content item is told it does not exist (404), as for a community.
"""

from __future__ import annotations

from chalicelib.communities.access import ORG_MODERATORS, CommunityAccess
from chalicelib.communities.membership import load_access
from chalicelib.errors import Forbidden, NotFound
from chalicelib.principal import Principal, Role
from chalicelib.store.models import LearningHeadItem, LearningReleaseItem

AUTHORS = frozenset({Role.MENTOR, Role.COMMUNITY_MANAGER, Role.ORG_ADMIN})
COMMUNITY_AUTHOR_ROLES = frozenset({"mentor", "moderator"})
NO_SUCH_CONTENT = "No learning content with this id that you may read."


def may_author_in(principal: Principal, community_id: str | None) -> CommunityAccess | None:
    """403 unless the caller may create content in this scope; the community access, if any."""
    if community_id is None:
        if not principal.has_any_role(AUTHORS):
            raise Forbidden("Only mentors, experts, community managers and org admins write content.")
        return None
    access = load_access(principal, community_id).require_wall_reader().require_open_for_changes()
    community_role = access.membership.role if access.is_member and access.membership is not None else None
    if not (principal.has_any_role(AUTHORS) or community_role in COMMUNITY_AUTHOR_ROLES):
        raise Forbidden(
            "Only the community's mentors and moderators, and the organisation's authors, write here."
        )
    return access


def is_manager(principal: Principal, community_id: str | None) -> bool:
    """Community managers and org admins manage every scope; a community's moderators manage its own."""
    if principal.has_any_role(ORG_MODERATORS):
        return True
    if community_id is None:
        return False
    return load_access(principal, community_id).is_moderator


def _author_or_manager(principal: Principal, named: bool, community_id: str | None) -> bool:
    """`named` (one of the content's authors) counts while the caller may read the community:
    who left an invite-only community, or was removed from it, no longer reaches its content. A
    community's moderators manage its content (one read of the community and the membership)."""
    if principal.has_any_role(ORG_MODERATORS):
        return True
    if community_id is None:
        return named
    found = load_access(principal, community_id)
    return found.is_moderator or (named and found.can_read_wall)


def is_author_of(principal: Principal, author_ids: list[str] | None, community_id: str | None) -> bool:
    """An author of the content (while they may read its community), or a manager of its scope."""
    return _author_or_manager(principal, principal.user_id in (author_ids or []), community_id)


def may_edit(principal: Principal, head: LearningHeadItem) -> bool:
    return is_author_of(principal, head.author_ids, head.community_id)


def reads_community(principal: Principal, community_id: str) -> bool:
    return load_access(principal, community_id).can_read_wall


def is_reviewer(principal: Principal, head: LearningHeadItem) -> bool:
    """The reviewer asked, while they may read the content's community."""
    if head.reviewer_id is None or principal.user_id != head.reviewer_id:
        return False
    return head.community_id is None or reads_community(principal, head.community_id)


def may_read_working_copy(principal: Principal, head: LearningHeadItem) -> bool:
    return is_reviewer(principal, head) or may_edit(principal, head)


def require_editor(principal: Principal, head: LearningHeadItem) -> LearningHeadItem:
    """404 for who may not even read the working copy, 403 for a reviewer who may not change it."""
    if may_edit(principal, head):
        return head
    if is_reviewer(principal, head):
        raise Forbidden("A reviewer comments and decides; the authors change the content.")
    raise NotFound(NO_SUCH_CONTENT)


def require_working_copy_reader(principal: Principal, head: LearningHeadItem) -> LearningHeadItem:
    if not may_read_working_copy(principal, head):
        raise NotFound(NO_SUCH_CONTENT)
    return head


def may_learn(principal: Principal, release: LearningReleaseItem) -> bool:
    """Whether the caller may open the release (archived: only its authors and managers)."""
    if release.archived:
        return is_author_of(principal, release.author_ids, release.community_id)
    if release.community_id is None:
        return True
    return load_access(principal, release.community_id).can_read_wall


def require_learner(principal: Principal, release: LearningReleaseItem | None) -> LearningReleaseItem:
    if release is None or not may_learn(principal, release):
        raise NotFound(NO_SUCH_CONTENT)
    return release


def may_read_question_bank(principal: Principal) -> bool:
    """The question bank, answer keys included, is its authors' (quizzes/bank.py). A question card
    or cue shows its answer to whoever answers it, so naming a question is reading it."""
    return principal.has_any_role(AUTHORS)


def require_library_reader(principal: Principal, community_id: str | None) -> None:
    """The library of a community is for its wall's readers; the organisation's for everyone."""
    if community_id is not None:
        load_access(principal, community_id).require_wall_reader()
