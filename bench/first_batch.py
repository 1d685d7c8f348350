"""Realistic first work for a cold function: the stream consumer's first batch (one member's
reaction to a post) and the API's first requests (a signed-in member's profile, home feed and a
reaction), in an organisation the bench builds in the emulator.

A consumer's cold start usually follows a quiet spell, so its first record is a member's post,
comment or reaction; a reaction reaches the most common reactors (the author's notification and
both people's points). The bench builds an organisation in the emulator, has a member react to a
colleague's posts through the same use case the API calls, and hands each reaction's item to the
consumer as the INSERT record the table's stream carries. One post per probe round: every round's
first record is a new reaction (not a replay that its reactors already applied).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from local import emulator


@dataclass(frozen=True)
class ColdWorld:
    resources: emulator.LocalResources
    batches: list[dict[str, Any]]  # one stream event per round, each a new reaction
    token: str  # a member's ID token (valid for an hour)
    community_id: str
    fresh_post_ids: list[str]  # posts nobody reacted to yet: one per round for the API's reaction


def cold_world(count: int) -> ColdWorld:
    """An organisation in the emulator with `count` consumer batches and `count` unreacted posts."""
    from chalicelib import bootstrap
    from chalicelib.communities import membership
    from chalicelib.communities.use_cases import NewCommunity, create_community
    from chalicelib.identity.use_cases import NewMember, invite_member, onboard_organisation
    from chalicelib.principal import Principal, Role
    from chalicelib.store import keys
    from chalicelib.wall.posts import PostDraft, publish_post
    from chalicelib.wall.reactions import react
    from local import invitations
    from tests.support.stack import DEMO_PASSWORD, start_test_stack, unique
    from tests.support.tokens import sign_in

    resources = start_test_stack()
    org_id = unique("cold")
    directory = bootstrap.user_directory()
    with invitations.held():
        _, admin = onboard_organisation(
            directory,
            org_id,
            "Cold start",
            NewMember(f"admin@{org_id}.kring.test", "Anna", ["org_admin"], "nl", "Europe/Brussels"),
            "Europe/Brussels",
            "nl",
        )
        author = invite_member(
            directory, org_id, NewMember(f"author@{org_id}.kring.test", "Lucas", [], "en", "Europe/Brussels")
        )

    def principal(user_id: str, roles: frozenset[Role] = frozenset()) -> Principal:
        return Principal(org_id=org_id, user_id=user_id, email="", roles=roles)

    anna = principal(admin.user_id, frozenset({Role.ORG_ADMIN}))
    lucas = principal(author.user_id)
    community = create_community(
        anna,
        NewCommunity(
            "Digital skills", "Tools of the digital workplace.", "Confidence", ["digital"], "organisation"
        ),
    )
    membership.join(lucas, community.community_id)
    directory.set_permanent_password(admin.user_id, DEMO_PASSWORD)
    token = sign_in(resources, admin.email, DEMO_PASSWORD)
    draft = PostDraft("Who has a tip for sharing one window in a call?", [], [])
    fresh = [publish_post(lucas, community.community_id, draft).post_id for _ in range(count)]
    dynamodb = emulator.client("dynamodb", resources.endpoint_url)
    batches: list[dict[str, Any]] = []
    for number in range(count):
        post = publish_post(
            lucas, community.community_id, PostDraft(f"What I learned today, part {number}.", [], [])
        )
        react(anna, community.community_id, post.post_id, None, "insightful")
        key = {
            "pk": {"S": keys.reactions_pk(org_id, post.post_id)},
            "sk": {"S": keys.reaction_sk(anna.user_id)},
        }
        item = dynamodb.get_item(TableName=resources.table_name, Key=key, ConsistentRead=True)["Item"]
        batches.append(stream_event(resources.table_stream_arn, key, item, number))
    return ColdWorld(resources, batches, token, community.community_id, fresh)


def stream_event(
    stream_arn: str, key: Mapping[str, Any], item: Mapping[str, Any], number: int
) -> dict[str, Any]:
    """The event Lambda gives the consumer for an INSERT of `item` (as events/ samples it)."""
    return {
        "Records": [
            {
                "eventID": f"cold{number:028d}",
                "eventName": "INSERT",
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": emulator.LOCAL_REGION,
                "dynamodb": {
                    "ApproximateCreationDateTime": 1795459600 + number,
                    "Keys": dict(key),
                    "NewImage": dict(item),
                    "SequenceNumber": f"{100000000000000000000 + number}",
                    "SizeBytes": len(json.dumps(item)),
                    "StreamViewType": "NEW_AND_OLD_IMAGES",
                },
                "eventSourceARN": stream_arn,
            }
        ]
    }
