"""Demo data for the local stack: two organisations, their people, a community each and a few posts.

The demo organisation also gets a Christmas quiz campaign (three questions) that opens a few
minutes after the first start, so the local clock is seen opening, reminding and closing it, and
some peer support: a workshop series starting next week and a buddy programme open for sign-up.
Everything goes through the same use cases the API calls (and the real Cognito directory in the
emulator), so demo data looks exactly like data made by hand. Seeding runs only on an empty
store, so it never duplicates anything and never touches data you made yourself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from chalicelib import bootstrap
from chalicelib.campaigns.rules import to_local
from chalicelib.campaigns.use_cases import CampaignDraft, create_campaign
from chalicelib.communities import membership
from chalicelib.communities.use_cases import NewCommunity, create_community
from chalicelib.identity.use_cases import NewMember, invite_member, onboard_organisation
from chalicelib.ids import utc_now
from chalicelib.principal import Principal, Role
from chalicelib.quizzes import bank
from chalicelib.store import organisations
from chalicelib.store.models import UserItem
from chalicelib.wall.posts import PostDraft, publish_post
from local import invitations
from local.seed_peer_support import seed_peer_support

log = logging.getLogger(__name__)

# One password for every demo account (meets definitions.USER_POOL's policy: 12+, upper, lower, digit).
DEMO_PASSWORD = "Kring-Demo-2026!"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    roles: tuple[str, ...]
    language: str = "en"


@dataclass(frozen=True)
class DemoOrganisation:
    org_id: str
    name: str
    language: str
    people: tuple[DemoPerson, ...]  # the first is the organisation's first admin
    community: NewCommunity
    posts: tuple[tuple[str, str], ...]  # (author email, body)


DEMO_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        org_id="demo",
        name="Demo Organisation",
        language="nl",
        people=(
            DemoPerson("admin@demo.kring.test", "Anna Peeters", ("org_admin",), "nl"),
            DemoPerson("mentor@demo.kring.test", "Marc Janssens", ("mentor",), "nl"),
            DemoPerson("manager@demo.kring.test", "Sofie Maes", ("community_manager",), "nl"),
            DemoPerson("learner@demo.kring.test", "Lucas Willems", ("learner",), "en"),
            DemoPerson("learner2@demo.kring.test", "Emma Claes", ("learner",), "fr"),
        ),
        community=NewCommunity(
            name="Digital skills",
            description="Learn the tools of the digital workplace together: ask, share and show.",
            goal="Everyone confident with our digital tools by June",
            skill_tags=["digital", "collaboration"],
            visibility="organisation",
        ),
        posts=(
            (
                "manager@demo.kring.test",
                "Welcome to Digital skills! Share one tool trick you learned this week.",
            ),
            (
                "mentor@demo.kring.test",
                "Tip: in a video call, share one window instead of your whole screen. "
                "Your notifications stay private.",
            ),
            ("learner@demo.kring.test", "Today I learned how to share a screen in a video call."),
            ("learner2@demo.kring.test", "Does anyone know how to co-edit a spreadsheet without conflicts?"),
        ),
    ),
    DemoOrganisation(
        org_id="acme",
        name="Acme Corporation",
        language="en",
        people=(
            DemoPerson("admin@acme.kring.test", "Alex Morgan", ("org_admin",)),
            DemoPerson("mentor@acme.kring.test", "Jordan Lee", ("mentor",)),
            DemoPerson("learner@acme.kring.test", "Sam Patel", ("learner",)),
        ),
        community=NewCommunity(
            name="Safety first",
            description="Workplace safety: near misses, good practices and refresher quizzes.",
            goal="Zero lost-time incidents this year",
            skill_tags=["safety"],
            visibility="organisation",
        ),
        posts=(
            (
                "mentor@acme.kring.test",
                "Reminder: the forklift refresher opens next Monday. Who has questions?",
            ),
            ("learner@acme.kring.test", "Near miss today at loading dock 3: a pallet was stacked too high."),
        ),
    ),
)


def store_is_empty() -> bool:
    return not organisations.list_organisations(limit=1).items


def _principal(member: UserItem) -> Principal:
    roles = frozenset(Role(role) for role in member.roles if role in {r.value for r in Role})
    return Principal(org_id=member.org_id, user_id=member.user_id, email=member.email, roles=roles)


def seed_organisation(demo: DemoOrganisation, password: str = DEMO_PASSWORD) -> None:
    directory = bootstrap.user_directory()
    timezone = "Europe/Brussels"
    admin, *others = demo.people
    _, first = onboard_organisation(
        directory,
        demo.org_id,
        demo.name,
        NewMember(admin.email, admin.display_name, list(admin.roles), admin.language, timezone),
        timezone,
        demo.language,
    )
    members = {admin.email: first}
    for person in others:
        new = NewMember(person.email, person.display_name, list(person.roles), person.language, timezone)
        members[person.email] = invite_member(directory, demo.org_id, new)
    for member in members.values():
        directory.set_permanent_password(member.user_id, password)

    managers = [m for m in members.values() if "community_manager" in m.roles]
    creator = managers[0] if managers else first  # communities are created by their manager
    community = create_community(_principal(creator), demo.community)
    for member in members.values():  # everyone in a demo organisation is in its community
        membership.join(_principal(member), community.community_id)
    for email, body in demo.posts:
        publish_post(_principal(members[email]), community.community_id, PostDraft(body, [], []))
    if demo.org_id == "demo":
        seed_christmas_quiz(_principal(first), _principal(members[MENTOR]), community.community_id)
        seed_peer_support(
            _principal(first),
            _principal(members[MENTOR]),
            _principal(members[LEARNER]),
            community.community_id,
        )


MENTOR = "mentor@demo.kring.test"
LEARNER = "learner@demo.kring.test"
CHRISTMAS_QUESTIONS: tuple[dict[str, Any], ...] = (
    {
        "kind": "single",
        "language_code": "en",
        "prompt": "Which shortcut pastes text without its formatting?",
        "options": [{"text": "Ctrl+V"}, {"text": "Ctrl+Shift+V", "correct": True}, {"text": "Ctrl+Alt+P"}],
        "explanation": "Ctrl+Shift+V pastes plain text in most apps.",
        "tags": ["digital"],
    },
    {
        "kind": "true_false",
        "language_code": "en",
        "prompt": "In a video call you can share one window instead of your whole screen.",
        "true_false_answer": True,
        "explanation": "Share a window and your notifications stay private.",
        "tags": ["digital"],
    },
    {
        "kind": "numeric",
        "language_code": "en",
        "prompt": "How many days are there from 1 to 24 December, both included?",
        "correct_number": 24,
        "tolerance": 0,
        "explanation": "An advent calendar has 24 doors.",
        "tags": ["christmas"],
    },
)
OPENS_AFTER = timedelta(minutes=3)


def seed_christmas_quiz(admin: Principal, author: Principal, community_id: str) -> None:
    """Three published questions, a quiz of them, and a Christmas quiz campaign for the community that
    opens a few minutes from now (the local clock fires its schedules), runs two hours and reminds
    after one."""
    question_ids = []
    for form in CHRISTMAS_QUESTIONS:
        question = bank.create_question(author, dict(form))
        bank.publish_question(author, question.question_id)
        question_ids.append(question.question_id)
    quiz = bank.create_quiz(
        author,
        {
            "title": "Christmas quiz",
            "description": "Three festive questions about our digital tools.",
            "language_code": "en",
            "question_ids": question_ids,
            "seconds_per_question": 30,
            "points_per_question": 10,
            "speed_bonus": True,
            "speed_bonus_max": 5,
            "accessible": False,
            "practice": False,
        },
    )
    bank.publish_quiz(author, quiz.quiz_id)
    timezone = organisations.get_organisation(admin.org_id).timezone  # type: ignore[union-attr]
    opens = (to_local(utc_now(), timezone) + OPENS_AFTER).replace(second=0, microsecond=0)
    draft = CampaignDraft(
        kind="quiz",
        preset="christmas",
        quiz_id=quiz.quiz_id,
        audience="community",
        community_id=community_id,
        opens_local=opens,
        closes_local=opens + timedelta(hours=2),
        reminders_local=(opens + timedelta(hours=1),),
    )
    campaign = create_campaign(admin, draft)
    log.info(
        "Seeded the Christmas quiz campaign %s: it opens at %s (%s)", campaign.campaign_id, opens, timezone
    )


def seed(password: str = DEMO_PASSWORD) -> bool:
    """Seed the demo organisations if the store is empty; True when it seeded."""
    bootstrap.ready()
    if not store_is_empty():
        return False
    for demo in DEMO_ORGANISATIONS:
        # Its people get the demo password at once: their invitations would only confuse.
        with invitations.held():
            seed_organisation(demo, password)
        log.info("Seeded organisation %s with %d people", demo.org_id, len(demo.people))
    return True


def demo_accounts() -> list[tuple[str, str, tuple[str, ...]]]:
    """(org id, email, roles) of every demo account, for the banner and for tests."""
    return [(demo.org_id, p.email, p.roles) for demo in DEMO_ORGANISATIONS for p in demo.people]
