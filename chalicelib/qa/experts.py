"""Expertise: the skills a mentor (or community manager, or admin) can help with, and the
questions routed to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.communities.skills import normalise_tags
from chalicelib.errors import ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.qa import rules
from chalicelib.search.readers import readable_communities
from chalicelib.store import qa as store
from chalicelib.store import users
from chalicelib.store.models import PostItem, RoutedQuestionItem


def my_expertise(principal: Principal) -> list[str]:
    return sorted(item.skill for item in store.my_skills(principal.org_id, principal.user_id))


def set_expertise(principal: Principal, skills: list[str]) -> list[str]:
    """Replace the caller's skills (one Query, one transaction)."""
    wanted = normalise_tags(skills)
    if len(wanted) > rules.MAX_SKILLS:
        raise ValidationFailed(f"At most {rules.MAX_SKILLS} skills.")
    current = {item.skill: item for item in store.my_skills(principal.org_id, principal.user_id)}
    adding, removing = rules.skills_change(list(current), wanted)
    profile = users.get_member(principal.org_id, principal.user_id)
    name = profile.display_name if profile is not None else ""
    now = utc_now()
    store.replace_skills(
        [store.new_skill(principal.org_id, principal.user_id, s, name, now) for s in adding],
        [current[s] for s in removing],
    )
    return wanted


@dataclass(frozen=True)
class RoutedQuestion:
    routed: RoutedQuestionItem
    question: PostItem


def questions_for_me(
    principal: Principal, limit: int, after: dict[str, Any] | None
) -> tuple[list[RoutedQuestion], dict[str, Any] | None]:
    """The questions routed to the caller, as they are now (one Query, one BatchGetItem); those
    gone (deleted, hidden) are left out, and so are those of communities the caller may not read
    now (they left or were removed since): being told once is no lasting right to read."""
    page = store.routed_to(principal.org_id, principal.user_id, limit, after)
    readable = readable_communities(principal, {r.community_id for r in page.items}, 0)
    wanted = [r for r in page.items if r.community_id in readable]
    found = store.get_posts(principal.org_id, [(r.community_id, r.post_id) for r in wanted])
    shown = [
        RoutedQuestion(r, found[r.post_id])
        for r in wanted
        if r.post_id in found and found[r.post_id].status == "published"
    ]
    return shown, page.last_key
