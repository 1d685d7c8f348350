"""/v1/me/start: what the app's shell needs when it opens, in one request.

The web app started with three requests (my profile, my communities, my unread count), each a
whole API request; this answers them together (docs/decisions.md, "The app starts with one
request"). The three routes stay for other clients and for refreshing one of them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.communities import CommunityPage, my_communities_page
from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.members import Member
from chalicelib.api.relations import Relation
from chalicelib.identity import use_cases
from chalicelib.notifications import inbox

api = Api(__name__, tag="me")

START_COMMUNITIES = 100  # the most GET /v1/me/communities gives in a page


class Start(BaseModel):
    profile: Member
    communities: CommunityPage = Field(
        description="The first page of GET /v1/me/communities (its next_cursor continues there)."
    )
    unread: int = Field(ge=0, description="My unread notification count.")


@api.route(
    "/v1/me/start",
    "GET",
    operation_id="getMyStart",
    relation=Relation.SELF,
    summary="What the app needs when it opens: my profile, my communities and my unread count",
    response=Start,
)
def get_my_start(request: ApiRequest) -> Start:
    principal = request.principal
    items, last_key = my_communities_page(principal, START_COMMUNITIES, None)
    return Start(
        profile=Member.of(use_cases.my_profile(principal)),
        communities=CommunityPage(
            items=items, next_cursor=request.cursor_out_for("listMyCommunities", last_key)
        ),
        unread=inbox.my_unread_count(principal),
    )
