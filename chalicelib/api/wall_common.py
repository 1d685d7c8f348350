"""What the wall's routes share: their blueprint (tagged `wall`; the post routes in wall.py, the
comment routes in comments.py), their paths, and the shapes posts and comments both have."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from chalicelib.api.framework import Api
from chalicelib.api.schemas import request_model_config
from chalicelib.store.models import ContentItem

api = Api("chalicelib.api.wall", tag="wall")
ReactionType = Literal["like", "insightful", "celebrate", "support"]
# "held": waiting for a moderator (the word list matched); only its author sees it, in the reply.
ContentStatus = Literal["published", "held", "hidden", "deleted"]
EXAMPLE_BODY = "TIL how to share my screen. Thanks @[Marc](user:0b6a2f4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b)!"


class Reactions(BaseModel):
    like: int
    insightful: int
    celebrate: int
    support: int


def reactions_of(item: ContentItem) -> Reactions:
    return Reactions(
        like=int(item.like_count or 0),
        insightful=int(item.insightful_count or 0),
        celebrate=int(item.celebrate_count or 0),
        support=int(item.support_count or 0),
    )


class Author(BaseModel):
    id: str
    display_name: str


POSTS = "/v1/communities/{community_id}/posts"
POST = POSTS + "/{post_id}"
COMMENT = POST + "/comments/{comment_id}"


class ReactionRequest(BaseModel):
    model_config = request_model_config({"reaction": "insightful"})

    reaction: ReactionType


class MyReaction(BaseModel):
    reaction: ReactionType
