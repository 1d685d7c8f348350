""" "For you": what to learn next and why, read live in a bounded number of requests.

One call reads (docs/data-model.md, FY1-FY8): my profile (its team), my communities, the people I
follow and my team's latest completions; then in one BatchGetItem the communities involved and the
releases my team completed; the organisation's library and those of my `LIBRARIES_READ` most
recently joined communities (one page each); my progress through the best candidates (one
BatchGetItem); and how many refreshers are due (one Query). Nothing is recommended that I may not
read, that I wrote, or that I completed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from chalicelib.communities.access import CommunityAccess
from chalicelib.for_you import rules
from chalicelib.for_you.following import MAX_FOLLOWED
from chalicelib.for_you.rules import Candidate, Reason
from chalicelib.learning import rules as learning_rules
from chalicelib.learning.items import variants_of
from chalicelib.principal import Principal
from chalicelib.refreshers import session
from chalicelib.store import for_you as store
from chalicelib.store import keys, learning, memberships, users
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import (
    CommunityItem,
    CommunityMemberItem,
    LearningProgressItem,
    LearningReleaseItem,
)

COMMUNITIES_READ = 20  # my communities whose skills count (one GSI1 page; each costs 0.5 RCU in the batch)
LIBRARIES_READ = 3  # community libraries read besides the organisation's
LIBRARY_PAGE = 12  # newest releases read per library
TEAM_COMPLETIONS_READ = 30  # my team's latest completions
TEAM_CONTENT_READ = 20  # distinct content items of those read in the batch
CHECKED = 20  # best candidates whose progress is read (completed ones are dropped)
SHOWN = 10


@dataclass(frozen=True)
class Recommendation:
    release: LearningReleaseItem
    language: str
    title: str
    summary: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ForYou:
    refreshers_due: int
    items: list[Recommendation]


def for_you(principal: Principal, language: str | None) -> ForYou:
    org_id, me = principal.org_id, principal.user_id
    profile = users.get_member(org_id, me)
    mine = [
        m
        for m in memberships.list_my_memberships(org_id, me, COMMUNITIES_READ, None).items
        if m.status == "active"
    ]
    followed = {f.followed_id: f.followed_name for f in store.list_following(org_id, me, MAX_FOLLOWED).items}
    team_done = []
    if profile is not None and profile.team_id is not None:
        team_done = [
            done
            for done in store.recent_team_completions(org_id, profile.team_id, TEAM_COMPLETIONS_READ)
            if done.user_id != me
        ]
    colleagues: dict[str, list[str]] = defaultdict(list)  # content id -> names, latest first
    for done in team_done:
        if len(colleagues) < TEAM_CONTENT_READ or done.content_id in colleagues:
            colleagues[done.content_id].append(done.display_name)

    # One BatchGetItem: the communities that decide what I may read, and what my team completed.
    community_ids = {m.community_id for m in mine} | {d.community_id for d in team_done if d.community_id}
    community_keys = {cid: (keys.org_pk(org_id), keys.community_sk(cid)) for cid in community_ids}
    release_keys = [(keys.learning_pk(org_id, cid), keys.LEARNING_RELEASE_SK) for cid in colleagues]
    found = get_items(list(community_keys.values()) + release_keys)
    communities = {
        cid: item for cid, key in community_keys.items() if isinstance(item := found.get(key), CommunityItem)
    }
    membership_of = {m.community_id: m for m in mine}

    def may_read(release: LearningReleaseItem) -> bool:
        if release.archived:
            return False
        if release.community_id is None:
            return True
        community = communities.get(release.community_id)
        if community is None:
            return False
        return CommunityAccess(principal, community, membership_of.get(release.community_id)).can_read_wall

    releases: dict[str, LearningReleaseItem] = {
        item.content_id: item
        for key in release_keys
        if isinstance(item := found.get(key), LearningReleaseItem)
    }
    for community_id in [None, *_recently_joined(mine, LIBRARIES_READ)]:
        for release in learning.list_library(org_id, community_id, LIBRARY_PAGE, None).items:
            releases.setdefault(release.content_id, release)

    my_skills: dict[str, set[str]] = defaultdict(set)
    for community_id in membership_of:
        community = communities.get(community_id)
        if community is not None:
            for skill in community.skill_tags or []:
                my_skills[skill].add(community.name)
    skills = {skill: tuple(sorted(names)) for skill, names in my_skills.items()}

    candidates: list[Candidate] = []
    for release in releases.values():
        if not may_read(release) or me in (release.author_ids or []) or release.created_by == me:
            continue
        reasons = [
            reason
            for reason in (
                rules.team_reason(colleagues.get(release.content_id, [])),
                rules.followed_reason(release.author_ids or [release.created_by], followed),
                rules.skill_reason(release.skill_tags or [], skills),
            )
            if reason is not None
        ]
        if reasons:
            candidates.append(
                Candidate(
                    release.content_id, release.published_at.isoformat(), rules.strongest_first(reasons)
                )
            )

    best = rules.rank(candidates)[:CHECKED]
    progress_keys: list[Key] = [(keys.learner_pk(org_id, me), keys.progress_sk(c.content_id)) for c in best]
    progress = {
        item.content_id: item
        for item in get_items(progress_keys).values()
        if isinstance(item, LearningProgressItem)
    }
    shown = [c for c in best if not _completed(releases[c.content_id], progress.get(c.content_id))][:SHOWN]
    _, due = session.count_due_today(principal)
    return ForYou(due, [_recommendation(releases[c.content_id], language, c.reasons) for c in shown])


def _recently_joined(mine: list[CommunityMemberItem], count: int) -> list[str]:
    ordered = sorted(mine, key=lambda m: (m.since, m.community_id), reverse=True)
    return [m.community_id for m in ordered[:count]]


def _completed(release: LearningReleaseItem, progress: LearningProgressItem | None) -> bool:
    """Completed, unless a major release asked learners to start over since."""
    return (
        progress is not None
        and progress.completed_at is not None
        and int(progress.major) >= int(release.major)
    )


def _recommendation(
    release: LearningReleaseItem, language: str | None, reasons: tuple[Reason, ...]
) -> Recommendation:
    shown_in, variant = learning_rules.variant_for(variants_of(release), language, release.language)
    return Recommendation(release, shown_in, variant.title, variant.summary, reasons)
