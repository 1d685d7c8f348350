"""The rules of "for you", pure: why a content item is recommended, and in which order.

A content item may have several reasons; the strongest comes first, and the items are ordered by
their strongest reason (what my team completed, then new content from people I follow, then the
skills of my communities), then by how much weight it carries (more colleagues, more skills),
then newest first, then by id so that the order is stable from one call to the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TEAM_COMPLETED = "team_completed"
FOLLOWED_AUTHOR = "followed_author"
COMMUNITY_SKILL = "community_skill"
STRENGTH = {TEAM_COMPLETED: 3, FOLLOWED_AUTHOR: 2, COMMUNITY_SKILL: 1}


@dataclass(frozen=True)
class Reason:
    kind: str  # team_completed | followed_author | community_skill
    people: tuple[str, ...] = ()  # colleagues who completed it, or the followed authors (names)
    skills: tuple[str, ...] = ()  # the skills it shares with my communities
    communities: tuple[str, ...] = ()  # names of my communities with those skills

    @property
    def weight(self) -> int:
        return len(self.people) if self.kind != COMMUNITY_SKILL else len(self.skills)


@dataclass(frozen=True)
class Candidate:
    content_id: str
    published_at: str  # ISO, for "newest first" among equals
    reasons: tuple[Reason, ...]  # strongest first


def strongest_first(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(reasons, key=lambda r: (-STRENGTH[r.kind], -r.weight, r.kind)))


def team_reason(colleague_names: Iterable[str]) -> Reason | None:
    names = tuple(dict.fromkeys(name for name in colleague_names))
    return Reason(TEAM_COMPLETED, people=names) if names else None


def followed_reason(author_ids: Iterable[str], followed: dict[str, str]) -> Reason | None:
    """`followed`: followed person's id -> name."""
    names = tuple(followed[a] for a in dict.fromkeys(author_ids) if a in followed)
    return Reason(FOLLOWED_AUTHOR, people=names) if names else None


def skill_reason(skill_tags: Iterable[str], my_skills: dict[str, tuple[str, ...]]) -> Reason | None:
    """`my_skills`: a skill of my communities -> the names of those communities."""
    skills = tuple(sorted({tag for tag in skill_tags if tag in my_skills}))
    if not skills:
        return None
    communities = tuple(sorted({name for skill in skills for name in my_skills[skill]}))
    return Reason(COMMUNITY_SKILL, skills=skills, communities=communities)


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Strongest reason first, then its weight, then newest, then by id (stable between calls)."""
    ordered = sorted((c for c in candidates if c.reasons), key=lambda c: c.content_id)
    ordered.sort(key=lambda c: c.published_at, reverse=True)  # stable: equal dates keep id order
    ordered.sort(key=lambda c: (STRENGTH[c.reasons[0].kind], c.reasons[0].weight), reverse=True)
    return ordered
