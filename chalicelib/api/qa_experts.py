"""Experts: my expertise, the questions routed to me, and content requests."""

from __future__ import annotations

from chalicelib.api.framework import ApiRequest
from chalicelib.api.qa_models import (
    AskedQuestion,
    CloseRequest,
    ContentRequest,
    ContentRequests,
    Expertise,
    RoutedQuestion,
    RoutedQuestions,
    api,
)
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.ids import iso
from chalicelib.principal import Role
from chalicelib.qa import content_requests, experts

EXPERTS = frozenset({Role.MENTOR, Role.COMMUNITY_MANAGER, Role.ORG_ADMIN})
REQUESTS = "/v1/content-requests"


@api.route(
    "/v1/me/expertise",
    "GET",
    operation_id="getMyExpertise",
    relation=Relation.SELF,
    summary="The skills I can help with (questions tagged with them come to me)",
    response=Expertise,
)
def get_expertise(request: ApiRequest) -> Expertise:
    return Expertise(skills=experts.my_expertise(request.principal))


@api.route(
    "/v1/me/expertise",
    "PUT",
    operation_id="setMyExpertise",
    relation=Relation.SELF,
    roles=EXPERTS,
    summary="Declare the skills I can help with (mentors, community managers, admins)",
    request=Expertise,
    response=Expertise,
)
def set_expertise(request: ApiRequest) -> Expertise:
    body: Expertise = request.body
    return Expertise(skills=experts.set_expertise(request.principal, list(body.skills)))


@api.route(
    "/v1/me/routed-questions",
    "GET",
    operation_id="listQuestionsForMe",
    relation=Relation.SELF,
    summary="Questions sent to me (my skills, or escalated), newest first, as they are now",
    query=PageQuery,
    response=RoutedQuestions,
)
def questions_for_me(request: ApiRequest) -> RoutedQuestions:
    shown, last_key = experts.questions_for_me(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return RoutedQuestions(
        items=[
            RoutedQuestion(
                question=AskedQuestion.of(r.question),
                reason=r.routed.reason,  # type: ignore[arg-type]
                skill=r.routed.skill,
                routed_at=iso(r.routed.routed_at),
            )
            for r in shown
        ],
        next_cursor=request.cursor_out(last_key),
    )


@api.route(
    REQUESTS,
    "GET",
    operation_id="listContentRequests",
    relation=Relation.ORG_MEMBER,
    roles=EXPERTS,
    summary="Questions nobody answered in time, to write content for (open and taken)",
    query=PageQuery,
    response=ContentRequests,
)
def list_requests(request: ApiRequest) -> ContentRequests:
    page = content_requests.list_requests(
        request.principal,
        request.query.limit,
        request.cursor_in(request.query.cursor),
        request.config.profile_cache_seconds,
    )
    return ContentRequests(
        items=[ContentRequest.of(r) for r in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    REQUESTS + "/{request_id}/take",
    "POST",
    operation_id="takeContentRequest",
    relation=Relation.ORG_MEMBER,
    roles=EXPERTS,
    summary="Take a content request: I will write the content",
    response=ContentRequest,
)
def take_request(request: ApiRequest) -> ContentRequest:
    return ContentRequest.of(content_requests.take(request.principal, request.path_params["request_id"]))


@api.route(
    REQUESTS + "/{request_id}/close",
    "POST",
    operation_id="closeContentRequest",
    relation=Relation.ORG_MEMBER,
    roles=EXPERTS,
    summary="Close a content request (who took it, or a community manager), naming the content written",
    request=CloseRequest,
    response=ContentRequest,
)
def close_request(request: ApiRequest) -> ContentRequest:
    body: CloseRequest = request.body
    return ContentRequest.of(
        content_requests.close(request.principal, request.path_params["request_id"], body.content_id)
    )
