"""Who hears of a question: the community's experts of its skills when it is asked; more people
(the community's moderators and mentors, and those experts) when it is escalated. Only those who
may read the community now (communities/audience.py); never the asker. Each is told once: the
notification's id is the question and the reason, and the routed entry is written once."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.communities.audience import readers
from chalicelib.ids import utc_now
from chalicelib.notifications import texts
from chalicelib.observability import count_business_event
from chalicelib.qa import rules
from chalicelib.store import memberships
from chalicelib.store import notifications as inbox
from chalicelib.store import qa as store
from chalicelib.store.models import PostItem

ROUTED_ROLES = ("moderator", "mentor")  # community roles told of an escalated question
MEMBER_PAGE = 100


def experts_by_skill(org_id: str, skills: Iterable[str]) -> dict[str, str]:
    """user id -> the first of the question's skills they declared (one Query per skill)."""
    found: dict[str, str] = {}
    for skill in skills:
        for user_id in store.experts_of(org_id, skill):
            found.setdefault(user_id, skill)
    return found


def tell(post: PostItem, people: dict[str, str | None], kind: str, reason: str) -> int:
    """Route the question to `people` (user id -> skill) who may read it; returns how many were told now."""
    wanted = [u for u in people if u != post.author_id]
    found = readers(post.org_id, post.community_id, wanted)
    community_name = found.community.name if found.community is not None else ""
    now = utc_now()
    told = 0
    for user_id, profile in found.profiles.items():
        store.route_to(store.new_routed(post.org_id, user_id, post, reason, people[user_id], now))
        note = inbox.new_note(
            post.org_id,
            user_id,
            f"qa-{reason}-{post.post_id}",
            kind=kind,
            language=profile.language,
            actor_id=post.author_id,
            actor_name=post.author_name,
            community_id=post.community_id,
            community_name=community_name,
            post_id=post.post_id,
            content_title=rules.title_of(post.body),
        )
        if inbox.deliver(note):
            told += 1
            count_business_event("NotificationDelivered")
    return told


def route_new_question(post: PostItem) -> int:
    """The community's experts of the question's skills hear of it."""
    experts: dict[str, str | None] = dict(experts_by_skill(post.org_id, post.skill_tags or []))
    return tell(post, experts, texts.QUESTION_FOR_YOU, "skill")


def route_escalated(post: PostItem) -> int:
    """Unanswered in time: the community's moderators and mentors and the skills' experts hear of it."""
    people: dict[str, str | None] = dict(experts_by_skill(post.org_id, post.skill_tags or []))
    after = None
    while True:
        page = memberships.list_members(post.org_id, post.community_id, MEMBER_PAGE, after)
        for member in page.items:
            if member.status == "active" and member.role in ROUTED_ROLES:
                people.setdefault(member.user_id, None)
        if page.last_key is None:
            break
        after = page.last_key
    return tell(post, people, texts.QUESTION_ESCALATED, "escalated")
