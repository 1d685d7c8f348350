"""The intra-organisation sweep: every route, tried by every kind of person of one organisation.

Each route declares the relation it needs to the resource in its path (chalicelib/api/
relations.py). From that declaration alone this module works out who must get in and who must
be refused, then checks both: the refused over HTTP (a 401/403 problem, and nothing of the
organisation changed), the admitted through the same resolver the framework runs before every
handler (and, for reads, over HTTP as well). A route added later is covered without anyone
adding it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from chalicelib import bootstrap
from chalicelib.api.framework import Operation
from chalicelib.api.relations import Relation, authorize
from chalicelib.communities import membership
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.identity import use_cases as identity
from chalicelib.identity.current import current_principal
from chalicelib.identity.use_cases import NewMember
from chalicelib.ids import utc_now
from chalicelib.principal import Principal, Role, TokenIdentity
from chalicelib.store import keys, memberships
from chalicelib.store.models import CommunityItem, CommunityMemberItem
from local import emulator
from tests.support import tokens
from tests.support.isolation import ChangeWatch, example_body
from tests.support.programmes import make_pair
from tests.support.stack import DEMO_PASSWORD, ApiClient, Reply, unique
from tests.support.world import OrgWorld, Person, build_org, save_quiz_campaign

PROBLEM = "application/problem+json"

# Who each kind of person is, relative to the sweep's invite-only community and its post.
PERSONAS = (
    "admin",  # org admin: moderates every community, is not a member of this one
    "manager",  # community manager (org role): moderates every community
    "author",  # member of the community, wrote the post and the comment
    "member",  # another member of the community
    "moderator",  # member with the community's moderator role, a learner in the organisation
    "muted",  # member muted by a moderator
    "outsider",  # in the organisation, not in the community
    "other_moderator",  # moderator of another community only
    "deactivated",  # was a member; deactivated since their token was issued
    "demoted",  # was an org admin when their token was issued; a learner now
)


# The sweep's intervision group: four members of the community. The outsider was a member and was
# taken out (a former member), and is now in another group with the other moderator and the demoted.
INTERVISION_MEMBERS = ("author", "member", "moderator", "muted")
INTERVISION_OTHER_GROUP = ("other_moderator", "outsider", "demoted", "deactivated")


@dataclass(frozen=True)
class IntervisionWorld:
    group_id: str
    session_id: str  # live, in its last phase, with a case, a question and an action
    action_id: str
    secrets: tuple[str, ...]  # what was said: never in a reply to anyone but the group's members


@dataclass
class TrustWorld:
    org: OrgWorld
    people: dict[str, Person]
    community_campaign_id: str
    intervision: IntervisionWorld
    pair_id: str = ""  # the author's and the member's pair (another pair: the moderator and the muted)
    ended_pair_id: str = ""  # the author's and the outsider's former pair: closed to everyone
    principals: dict[str, Principal] = field(default_factory=dict)

    def path(self, operation: Operation) -> str:
        samples = dict(self.org.path_samples(operation.path))
        samples.update(group_id=self.intervision.group_id, session_id=self.intervision.session_id)
        samples.update(action_id=self.intervision.action_id)
        if operation.path.startswith("/v1/communities/{community_id}/campaigns/"):
            samples["campaign_id"] = self.community_campaign_id
        samples["pair_id"] = self.pair_id
        return re.sub(r"{(\w+)}", lambda m: samples[m.group(1)], operation.path)


def admitted(operation: Operation, persona: str, world: TrustWorld) -> bool:
    """What the route's declaration promises this person: in, or refused."""
    if persona == "deactivated":
        return False
    principal = world.principals[persona]
    if operation.roles and not principal.roles & operation.roles:
        return False
    relation = operation.relation
    assert relation is not None
    community_readers = {"admin", "manager", "author", "member", "moderator", "muted"}
    posters = {"author", "member", "moderator", "manager"}  # the manager founded the community
    moderators = {"admin", "manager", "moderator"}
    promised: dict[Relation, set[str]] = {
        Relation.ORG_MEMBER: set(PERSONAS),
        Relation.SELF: set(PERSONAS),
        Relation.ORG_ADMIN: {"admin"},
        Relation.COMMUNITY_READER: community_readers,
        Relation.COMMUNITY_MEMBER: posters,
        Relation.COMMUNITY_MODERATOR: moderators,
        Relation.POST_AUTHOR: {"author"},
        Relation.POST_AUTHOR_OR_MODERATOR: {"author"} | moderators,
        Relation.COMMENT_AUTHOR: {"author"},
        Relation.COMMENT_AUTHOR_OR_MODERATOR: {"author"} | moderators,
        Relation.MEDIA_VIEWER: community_readers,  # the world's media: the author's, on its post
        Relation.EVENT_ORGANISER: moderators,  # and the community's mentors (none among the personas)
        Relation.PAIR_MEMBER: {"author", "member"},  # not the admin, not another pair
        Relation.INTERVISION_MEMBER: set(INTERVISION_MEMBERS),  # not admins, organisers, former members
    }
    return persona in promised[relation]


@dataclass(frozen=True)
class Mismatch:
    route: str
    persona: str
    expected: str
    got: str


def sweep_route(api: ApiClient, operation: Operation, world: TrustWorld) -> list[Mismatch]:
    route = f"{operation.method} {operation.path}"
    path = world.path(operation)
    body = example_body(operation)
    found: list[Mismatch] = []
    refused = [persona for persona in PERSONAS if not admitted(operation, persona, world)]
    for persona in PERSONAS:
        if persona not in refused:
            found.extend(_check_admitted(api, operation, world, persona, route, path))
    watch = ChangeWatch(world.org, _intervision_partitions(world))
    for persona in refused:
        reply = api.call(operation.method, path, world.people[persona].token, body=body)
        wanted = (401,) if persona == "deactivated" else (403, 404)
        if reply.status not in wanted or not (reply.header("content-type") or "").startswith(PROBLEM):
            found.append(Mismatch(route, persona, f"refused {wanted}", f"{reply.status} {_detail(reply)}"))
    if operation.relation is Relation.PAIR_MEMBER:
        # A pair that ended is closed to everyone, its former members included.
        closed = path.replace(world.pair_id, world.ended_pair_id)
        for persona in ("author", "outsider", "admin"):
            reply = api.call(operation.method, closed, world.people[persona].token, body=body)
            if reply.status not in (403, 404):
                found.append(Mismatch(route, f"former {persona}", "refused (403, 404)", str(reply.status)))
    changed = watch.changed()
    if changed:
        found.append(
            Mismatch(route, "the refused", "nothing changed", f"the organisation's data changed {changed}")
        )
    return found


def _intervision_partitions(world: TrustWorld) -> list[str]:
    """The sweep's intervision group and its live session: a refused request changes neither."""
    org_id, ivg = world.org.org_id, world.intervision
    return [
        keys.intervision_group_pk(org_id, ivg.group_id),
        keys.intervision_content_pk(org_id, ivg.group_id, ivg.session_id),
    ]


def _check_admitted(
    api: ApiClient, operation: Operation, world: TrustWorld, persona: str, route: str, path: str
) -> list[Mismatch]:
    assert operation.relation is not None
    params = dict(zip(operation.path_params, _values(operation.path, path), strict=True))
    try:
        authorize(operation.relation, world.principals[persona], params)
    except Exception as error:
        return [Mismatch(route, persona, "admitted by its relation", repr(error))]
    if operation.method != "GET":
        return []  # writes by the admitted would change the world the other checks rely on
    reply = api.call("GET", path, world.people[persona].token)
    if reply.status in (401, 403):
        return [Mismatch(route, persona, "admitted over HTTP", f"{reply.status} {_detail(reply)}")]
    return []


def _values(template: str, concrete: str) -> list[str]:
    pattern = (
        "^" + re.sub(r"{(\w+)}", "([^/]+)", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    )
    match = re.match(pattern, concrete)
    assert match is not None, (template, concrete)
    return list(match.groups())


def _detail(reply: Reply) -> str:
    try:
        return str((reply.json() or {}).get("detail", ""))[:120]
    except ValueError:
        return reply.body[:120].decode(errors="replace")


def build_trust_world(resources: emulator.LocalResources) -> TrustWorld:
    org = build_org(resources, "trust")
    org_id = org.org_id
    directory = bootstrap.user_directory()
    admin = org.admin.principal(org_id)

    def person(name: str, roles: list[str]) -> Person:
        email = f"{name}.{unique('p')}@{org_id}.kring.test"
        new = NewMember(email, f"{name} of {org_id}", roles, "en", "Europe/Brussels")
        member = identity.invite_member(directory, org_id, new)
        directory.set_permanent_password(member.user_id, DEMO_PASSWORD)
        token = tokens.sign_in(resources, email, DEMO_PASSWORD)
        return Person(email, member.user_id, token, frozenset(Role(r) for r in member.roles))

    people = {"admin": org.admin, "manager": org.manager, "author": org.learner}
    for name in ("member", "moderator", "muted", "outsider", "other_moderator", "deactivated"):
        people[name] = person(name, [])
    people["demoted"] = person("demoted", ["org_admin"])
    community_id = org.community_id
    for name in ("member", "moderator", "muted", "deactivated"):
        membership.join(people[name].principal(org_id), community_id)
    membership.set_role(org.manager.principal(org_id), community_id, people["moderator"].user_id, "moderator")
    muted = memberships.get_membership(org_id, community_id, people["muted"].user_id)
    assert muted is not None
    memberships.update_membership(muted, [CommunityMemberItem.muted.set(True)])
    elsewhere = communities.create_community(
        org.manager.principal(org_id),
        NewCommunity(unique("elsewhere"), "", "Another goal", [], "organisation"),
    )
    membership.join(people["other_moderator"].principal(org_id), elsewhere.community_id)
    membership.set_role(
        org.manager.principal(org_id), elsewhere.community_id, people["other_moderator"].user_id, "moderator"
    )
    # The sweep's community is invite-only, so reading it is a relation of its own.
    CommunityItem(keys.org_pk(org_id), keys.community_sk(community_id)).update(
        actions=[CommunityItem.visibility.set("invite_only")]
    )
    intervision = _intervision_world(org_id, people)
    # Tokens were issued above; the people change after: their tokens must not carry the old them.
    identity.deactivate_member(directory, admin, people["deactivated"].user_id)
    identity.change_roles(directory, admin, people["demoted"].user_id, [])
    world = TrustWorld(org, people, _community_campaign(admin, community_id, org.quiz_id), intervision)
    secret = unique("secret-pair-message")
    world.pair_id = make_pair(
        org_id, org.programme_id, people["author"].user_id, people["member"].user_id, secret
    )
    make_pair(org_id, org.programme_id, people["moderator"].user_id, people["muted"].user_id, secret)
    world.ended_pair_id = make_pair(
        org_id, org.programme_id, people["author"].user_id, people["outsider"].user_id, secret, ended=True
    )
    bootstrap.ready()
    for name, someone in people.items():
        if name != "deactivated":
            world.principals[name] = current_principal(TokenIdentity(org_id, someone.user_id), 0)
    world.principals["deactivated"] = Principal(org_id, people["deactivated"].user_id, "", frozenset())
    return world


def _community_campaign(author: Principal, community_id: str, quiz_id: str) -> str:
    """A scheduled quiz campaign of the community (its quiz is the world's)."""
    opens_at = utc_now() + timedelta(days=10)
    return save_quiz_campaign(
        author,
        quiz_id,
        audience="community",
        community_id=community_id,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=1),
        status="scheduled",
    )


def _intervision_world(org_id: str, people: dict[str, Person]) -> IntervisionWorld:
    """A group whose session is live with things said in it; a former member; another group."""
    from chalicelib.intervision import groups, sessions
    from chalicelib.intervision.methods import INCIDENT

    organiser = people["manager"].principal(org_id)
    members = [people[name].user_id for name in INTERVISION_MEMBERS]
    former = people["outsider"].user_id
    group = groups.create_group(organiser, unique("secret-group"), "incident", [*members[:3], former])
    group = groups.change_group(
        organiser, group.group_id, group.name, "incident", members, int(group.version)
    )
    groups.create_group(
        organiser, unique("other-group"), "incident", [people[n].user_id for n in INTERVISION_OTHER_GROUP]
    )
    (session,) = sessions.schedule_sessions(organiser, group, utc_now() + timedelta(days=1), 4, 1)
    facilitator = people[INTERVISION_MEMBERS[0]].principal(org_id)  # the first member facilitates first
    session = sessions.move_phase(facilitator, session, -1)
    case_title, question, action = unique("secret-case"), unique("secret-question"), unique("secret-action")
    sessions.bring_case(facilitator, session, case_title, "What happened")
    session = sessions.move_phase(facilitator, sessions.move_phase(facilitator, session, 0), 1)
    sessions.write_note(facilitator, session, question)
    for phase in range(2, len(INCIDENT.phases) - 1):  # on to evaluation and actions
        session = sessions.move_phase(facilitator, session, phase)
    made = sessions.add_action(facilitator, session, action)  # the facilitator's case was chosen
    return IntervisionWorld(
        group.group_id, session.session_id, made.action_id, (case_title, question, action)
    )
