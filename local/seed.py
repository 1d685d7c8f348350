"""Demo data for the local stack: two organisations, their people, a community each and a few posts.

Everything goes through the same use cases the API calls (and the real Cognito directory in the
emulator), so demo data looks exactly like data made by hand. Seeding runs only on an empty
store, so it never duplicates anything and never touches data you made yourself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from chalicelib import bootstrap
from chalicelib.auth import Principal, Role
from chalicelib.communities import membership
from chalicelib.communities.use_cases import NewCommunity, create_community
from chalicelib.identity.use_cases import NewMember, invite_member, onboard_organisation
from chalicelib.store import organisations
from chalicelib.store.models import UserItem
from chalicelib.wall.posts import PostDraft, publish_post

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
    for email in members:
        directory.set_permanent_password(email, password)

    managers = [m for m in members.values() if "community_manager" in m.roles]
    creator = managers[0] if managers else first  # communities are created by their manager
    community = create_community(_principal(creator), demo.community)
    for member in members.values():  # everyone in a demo organisation is in its community
        membership.join(_principal(member), community.community_id)
    for email, body in demo.posts:
        publish_post(_principal(members[email]), community.community_id, PostDraft(body, [], []))


def seed(password: str = DEMO_PASSWORD) -> bool:
    """Seed the demo organisations if the store is empty; True when it seeded."""
    bootstrap.ready()
    if not store_is_empty():
        return False
    for demo in DEMO_ORGANISATIONS:
        seed_organisation(demo, password)
        log.info("Seeded organisation %s with %d people", demo.org_id, len(demo.people))
    return True


def demo_accounts() -> list[tuple[str, str, tuple[str, ...]]]:
    """(org id, email, roles) of every demo account, for the banner and for tests."""
    return [(demo.org_id, p.email, p.roles) for demo in DEMO_ORGANISATIONS for p in demo.people]
