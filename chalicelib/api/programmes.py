"""/v1/programmes: buddy and mentor programmes. Organisers (org admins and community managers)
create them, open and close sign-up, start matching, review, adjust and publish; everyone in the
organisation reads them and signs up."""

from __future__ import annotations

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.programme_models import (
    Adjustment,
    Programme,
    ProgrammeDraft,
    ProgrammePage,
    Proposal,
    ProposedPair,
    Signup,
    SignUpForm,
    SignupList,
    WindowChange,
)
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.principal import Role
from chalicelib.programmes import organise
from chalicelib.store import programmes as store

api = Api(__name__, tag="programmes")
ORGANISERS = frozenset({Role.ORG_ADMIN, Role.COMMUNITY_MANAGER})


def _programme(request: ApiRequest) -> Programme:
    item = organise.require_programme(request.principal.org_id, request.path_params["programme_id"], True)
    mine = store.get_signup(request.principal.org_id, item.programme_id, request.principal.user_id)
    return Programme.of(item, mine)


@api.route(
    "/v1/programmes",
    "POST",
    operation_id="createProgramme",
    summary="Create a buddy or mentoring programme with its sign-up window",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=ProgrammeDraft,
    response=Programme,
    status=201,
    idempotent=True,
)
def create_programme(request: ApiRequest) -> Created:
    draft: ProgrammeDraft = request.body
    item = organise.create_programme(
        request.principal,
        organise.NewProgramme(
            draft.name,
            draft.kind,
            draft.description,
            draft.not_same_team,
            draft.opens_at,
            draft.closes_at,
            tuple(draft.check_in_days),
        ),
    )
    return Created(Programme.of(item), f"/v1/programmes/{item.programme_id}")


@api.route(
    "/v1/programmes",
    "GET",
    operation_id="listProgrammes",
    summary="The organisation's programmes, newest first",
    relation=Relation.ORG_MEMBER,
    query=PageQuery,
    response=ProgrammePage,
)
def list_programmes(request: ApiRequest) -> ProgrammePage:
    page = store.list_programmes(
        request.principal.org_id, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return ProgrammePage(
        items=[Programme.of(p) for p in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/programmes/{programme_id}",
    "GET",
    operation_id="getProgramme",
    summary="A programme, with my sign-up",
    relation=Relation.ORG_MEMBER,
    response=Programme,
)
def get_programme(request: ApiRequest) -> Programme:
    return _programme(request)


@api.route(
    "/v1/programmes/{programme_id}/window",
    "PUT",
    operation_id="setProgrammeWindow",
    summary="Open or close the sign-up window by hand",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=WindowChange,
    response=Programme,
)
def set_window(request: ApiRequest) -> Programme:
    change: WindowChange = request.body
    organise.set_window(request.principal, request.path_params["programme_id"], change.open)
    return _programme(request)


@api.route(
    "/v1/programmes/{programme_id}/signup",
    "PUT",
    operation_id="signUpForProgramme",
    summary="Sign up (or change my sign-up) while the window is open",
    relation=Relation.ORG_MEMBER,
    request=SignUpForm,
    response=Signup,
)
def sign_up(request: ApiRequest) -> Signup:
    from chalicelib.programmes import signups  # only signing up

    form: SignUpForm = request.body
    item = signups.sign_up(
        request.principal,
        request.path_params["programme_id"],
        signups.SignUp(
            form.role,
            tuple(form.offers),
            tuple(form.wants),
            tuple(form.languages),
            form.time_zone,
            tuple(form.availability),
            form.goal,
            form.capacity,
        ),
    )
    return Signup.of(item)


@api.route(
    "/v1/programmes/{programme_id}/signups",
    "GET",
    operation_id="listProgrammeSignups",
    summary="Everyone who signed up (organisers)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=SignupList,
)
def list_signups(request: ApiRequest) -> SignupList:
    programme = organise.require_programme(request.principal.org_id, request.path_params["programme_id"])
    items = store.all_signups(request.principal.org_id, programme.programme_id)
    return SignupList(items=[Signup.of(s) for s in items])


@api.route(
    "/v1/programmes/{programme_id}/matching",
    "POST",
    operation_id="startProgrammeMatching",
    summary="Close sign-up and compute a proposal (a job; the programme shows 'review' when ready)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=Programme,
    status=202,
)
def start_matching(request: ApiRequest) -> Programme:
    from chalicelib.programmes import review  # matching loads only where pairs are proposed

    review.start_matching(request.principal, request.path_params["programme_id"])
    return _programme(request)


def _proposal(request: ApiRequest) -> Proposal:
    org_id = request.principal.org_id
    programme = organise.require_programme(org_id, request.path_params["programme_id"], True)
    people = store.all_signups(org_id, programme.programme_id)
    names = {p.user_id: p.display_name for p in people}
    pairs = store.proposal(org_id, programme.programme_id)
    paired = {p.first_id for p in pairs} | {p.second_id for p in pairs}
    return Proposal(
        status=programme.status,
        points=sum(int(p.points) for p in pairs),
        bound=int(programme.proposal_bound or 0),
        exact=bool(programme.proposal_exact),
        pairs=sorted((ProposedPair.of(p, names) for p in pairs), key=lambda p: -p.points),
        unmatched=[Signup.of(p) for p in people if p.user_id not in paired and p.status == "waiting"],
    )


@api.route(
    "/v1/programmes/{programme_id}/proposal",
    "GET",
    operation_id="getProgrammeProposal",
    summary="The proposed pairs with their explained scores, and who is unmatched",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=Proposal,
)
def get_proposal(request: ApiRequest) -> Proposal:
    return _proposal(request)


@api.route(
    "/v1/programmes/{programme_id}/proposal/adjustments",
    "POST",
    operation_id="adjustProgrammeProposal",
    summary="Pair, unpair or swap people in the proposal (hard constraints checked)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=Adjustment,
    response=Proposal,
)
def adjust_proposal(request: ApiRequest) -> Proposal:
    from chalicelib.programmes import review  # matching loads only where pairs are proposed

    change: Adjustment = request.body
    review.adjust(
        request.principal, request.path_params["programme_id"], change.action, change.first, change.second
    )
    return _proposal(request)


@api.route(
    "/v1/programmes/{programme_id}/publish",
    "POST",
    operation_id="publishProgrammePairs",
    summary="Publish the reviewed pairs (a job: pairs, spaces, notifications, check-ins)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=Programme,
    status=202,
)
def publish(request: ApiRequest) -> Programme:
    from chalicelib.programmes import review  # matching loads only where pairs are proposed

    review.publish(request.principal, request.path_params["programme_id"])
    return _programme(request)
