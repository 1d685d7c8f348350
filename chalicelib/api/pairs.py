"""/v1/pairs/{pair_id} and /v1/me/pairs: a pair's private space. Only the two members of an active
pair get in (Relation.PAIR_MEMBER): not an admin, not another pair, not a former member."""

from __future__ import annotations

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.programme_models import (
    FeedbackDraft,
    MessageDraft,
    MyPair,
    MyPairList,
    Pair,
    PairMessage,
    PairMessagePage,
)
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.programmes import pairs
from chalicelib.store.models import PairItem

api = Api(__name__, tag="pairs")


def _pair(request: ApiRequest) -> PairItem:
    pair = request.resolved.pair
    assert pair is not None  # the relation read it
    return pair


@api.route(
    "/v1/me/pairs",
    "GET",
    operation_id="listMyPairs",
    summary="The pairs I am or was in",
    relation=Relation.SELF,
    response=MyPairList,
)
def list_my_pairs(request: ApiRequest) -> MyPairList:
    return MyPairList(items=[MyPair.of(p) for p in pairs.my_pairs(request.principal)])


@api.route(
    "/v1/pairs/{pair_id}",
    "GET",
    operation_id="getPair",
    summary="My pair: who, why we were matched, check-ins",
    relation=Relation.PAIR_MEMBER,
    response=Pair,
)
def get_pair(request: ApiRequest) -> Pair:
    return Pair.of(_pair(request))


@api.route(
    "/v1/pairs/{pair_id}/messages",
    "GET",
    operation_id="listPairMessages",
    summary="The pair's private thread, newest first (messages, check-in guides, feedback)",
    relation=Relation.PAIR_MEMBER,
    query=PageQuery,
    response=PairMessagePage,
)
def list_messages(request: ApiRequest) -> PairMessagePage:
    page = pairs.messages(
        request.principal, _pair(request), request.query.limit, request.cursor_in(request.query.cursor)
    )
    return PairMessagePage(
        items=[PairMessage.of(m) for m in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/pairs/{pair_id}/messages",
    "POST",
    operation_id="postPairMessage",
    summary="Write in the pair's private thread",
    relation=Relation.PAIR_MEMBER,
    request=MessageDraft,
    response=PairMessage,
    status=201,
    idempotent=True,
)
def post_message(request: ApiRequest) -> Created:
    draft: MessageDraft = request.body
    pair = _pair(request)
    item = pairs.post_message(request.principal, pair, draft.body)
    return Created(PairMessage.of(item), f"/v1/pairs/{pair.pair_id}/messages")


@api.route(
    "/v1/pairs/{pair_id}/feedback",
    "POST",
    operation_id="endPairWithFeedback",
    summary="Give my closing feedback; the pair ends when both have",
    relation=Relation.PAIR_MEMBER,
    request=FeedbackDraft,
    response=Pair,
)
def end_with_feedback(request: ApiRequest) -> Pair:
    draft: FeedbackDraft = request.body
    return Pair.of(pairs.end_with_feedback(request.principal, _pair(request), draft.feedback))


@api.route(
    "/v1/pairs/{pair_id}/rematch",
    "POST",
    operation_id="requestRematch",
    summary="End this pair and wait for a new match (never with the same person)",
    relation=Relation.PAIR_MEMBER,
)
def request_rematch(request: ApiRequest) -> None:
    pairs.request_rematch(request.principal, _pair(request))
