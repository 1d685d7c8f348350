"""What the stream consumer writes for a scoring event stays exactly once with fewer writes: an award
no longer reads its own ledger entry first and writes the member's community board entry itself, a
reaction digest that is still unread changes on its own, and a post's popular entry is put after
reading the post instead of in a transaction with it. Each is checked by what a person would
notice: points, the community's board, the unread count, the week's popular list."""

from __future__ import annotations

import pytest

from chalicelib.gamification import board_upkeep, ledger, rules
from chalicelib.gamification.boards import community_scope
from chalicelib.ids import iso, new_id, utc_now
from chalicelib.store import keys, wall
from chalicelib.store import notifications as inbox
from chalicelib.store import points as points_store
from chalicelib.store.leaderboards import ALL_TIME, read_board
from chalicelib.store.models import CommunityScoreItem, PopularEntryItem, PostItem
from chalicelib.wall.popularity import popular_index_keys
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


def _ledger_keys(org_id: str, user_id: str) -> list[str]:
    page = points_store.list_ledger(org_id, user_id, 100, None)
    return [entry.sk for entry in page.items]


def test_an_award_delivered_again_adds_nothing_also_after_the_member_scored_since(org_b: OrgWorld) -> None:
    org, member, community = org_b.org_id, org_b.learner.user_id, org_b.community_id
    scope = community_scope(community)
    comment, reaction = new_id(), new_id()
    now = iso(utc_now())
    before = points_store.read_state(org, member, None, None, (community, scope))
    points_before = int(before.totals.points) if before.totals is not None else 0
    community_before = before.community.score if before.community is not None else 0

    assert ledger.award(org, member, rules.COMMENT_ADDED, f"comment-added#{comment}", now, comment, community)
    assert ledger.award(org, member, rules.REACTION_GIVEN, f"reaction#{reaction}", now, reaction, community)
    scored = points_store.read_state(org, member, None, None, (community, scope))
    assert scored.totals is not None and scored.community is not None
    earned = int(scored.totals.points) - points_before
    # The community's board counts them at once: the award's transaction wrote the member's entry.
    assert earned > 0 and scored.community.score - community_before == earned
    assert scored.community.version == int(scored.totals.version)
    assert [(s.user_id, s.score) for s in read_board(org, scope, ALL_TIME) if s.user_id == member] == [
        (member, scored.community.score)
    ]

    # The comment's record comes again (a retried batch, a replayed dead letter): the totals moved
    # on since it was read, and still nothing is added, in all time or in the community.
    again = ledger.award(
        org, member, rules.COMMENT_ADDED, f"comment-added#{comment}", now, comment, community
    )
    assert again is False
    replayed = points_store.read_state(org, member, None, None, (community, scope))
    assert replayed.totals is not None and replayed.community is not None
    assert int(replayed.totals.points) == int(scored.totals.points)
    assert int(replayed.totals.version) == int(scored.totals.version)
    assert replayed.community == scored.community
    entries = [key for key in _ledger_keys(org, member) if key.endswith(comment)]
    assert entries == [keys.points_entry_sk(f"{rules.COMMENT_ADDED}#comment-added#{comment}")]


def test_an_award_right_after_the_upgrade_counts_on_the_community_points_not_yet_on_its_board(
    org_b: OrgWorld,
) -> None:
    """Awards used to write a community score item, which the board then mirrored from its stream
    record: one written just before the upgrade may not be on the board yet when the next award
    comes. That award counts on the score item's points, so the board misses nothing."""
    org, member, community = org_b.org_id, org_b.manager.user_id, org_b.community_id
    scope = community_scope(community)
    now = iso(utc_now())
    assert ledger.award(org, member, rules.COMMENT_ADDED, f"comment-added#{new_id()}", now, None, community)
    placed = points_store.read_state(org, member, None, None, (community, scope))
    assert placed.community is not None and placed.totals is not None
    # The award before the upgrade, as it was written: totals and the community score (3 more
    # points, its version), its board entry not moved yet.
    totals = placed.totals
    version = int(totals.version) + 1
    totals.points, totals.version = int(totals.points) + 3, version
    totals.save()
    CommunityScoreItem(
        keys.points_pk(org, member),
        keys.community_score_sk(community),
        org_id=org,
        user_id=member,
        community_id=community,
        points=placed.community.score + 3,
        version=version,
        last_scored_at=now,
    ).save()

    assert ledger.award(org, member, rules.COMMENT_ADDED, f"comment-added#{new_id()}", now, None, community)
    after = points_store.read_state(org, member, None, None, (community, scope))
    assert after.community is not None and after.totals is not None
    assert after.community.score == placed.community.score + 3 + 5  # the score's 3 and the comment's 5
    assert after.community.version == int(after.totals.version)
    # The old score's record reaches the board afterwards: it is older than the entry, nothing moves.
    old = {
        "user_id": member,
        "community_id": community,
        "points": placed.community.score + 3,
        "version": version,
    }
    assert board_upkeep.place_on_boards(org, board_upkeep.changes_of("community_score", None, old)) == 0


@pytest.fixture
def digest(org_b: OrgWorld) -> tuple[str, str, str]:
    """A fresh reaction digest id in the manager's inbox (org, recipient, id)."""
    return org_b.org_id, org_b.manager.user_id, f"{new_id()}-r20261207"


def _note(org_id: str, recipient: str, notification_id: str) -> inbox.NotificationItem:
    return inbox.new_note(
        org_id, recipient, notification_id, kind="reaction_digest", language="nl", target_kind="post"
    )


def test_a_digest_counts_each_reactor_once_and_the_badge_counts_it_once_while_unread(
    digest: tuple[str, str, str], org_b: OrgWorld
) -> None:
    org, recipient, note_id = digest
    first, second, third = org_b.learner.user_id, org_b.admin.user_id, new_id()
    unread_before = inbox.unread_count(org, recipient)

    assert inbox.add_to_digest(_note(org, recipient, note_id), first, "Learner")
    assert inbox.add_to_digest(_note(org, recipient, note_id), second, "Admin")
    assert inbox.add_to_digest(_note(org, recipient, note_id), first, "Learner") is False  # delivered again
    stored = inbox.get_note(org, recipient, note_id)
    assert stored is not None and stored.unread is True
    assert (stored.actor_count, stored.actor_ids, stored.actor_id) == (2, {first, second}, second)
    assert inbox.unread_count(org, recipient) == unread_before + 1  # one digest, one unread

    # Read, then someone new reacts: unread again, counted again once, and moved to the top.
    inbox.mark_read(org, recipient, note_id)
    assert inbox.unread_count(org, recipient) == unread_before
    assert inbox.add_to_digest(_note(org, recipient, note_id), third, "Someone")
    assert inbox.add_to_digest(_note(org, recipient, note_id), third, "Someone") is False
    regrown = inbox.get_note(org, recipient, note_id)
    assert regrown is not None and regrown.unread is True and regrown.actor_count == 3
    assert regrown.gsi1sk > stored.gsi1sk
    assert inbox.unread_count(org, recipient) == unread_before + 1


def test_a_replayed_rank_of_a_post_deleted_since_does_not_bring_it_back_to_popular(
    api: ApiClient, org_b: OrgWorld
) -> None:
    org, community = org_b.org_id, org_b.community_id
    path = f"/v1/communities/{community}/posts"
    created = api.post(path, org_b.manager.token, {"body": "Wie doet mee met de lunchwandeling?"})
    assert created.status == 201, created.body
    post_id = created.json()["id"]
    # As engaging as a few likes and comments make it: the record that moved it into this week's band.
    image = {
        "type": "post",
        "status": "published",
        "org_id": org,
        "post_id": post_id,
        "created_at": iso(utc_now()),
        "like_count": 3,
        "comment_count": 2,
    }
    pk, sk = popular_index_keys(image)
    assert pk and sk

    def entry() -> PopularEntryItem | None:
        try:
            return PopularEntryItem.get(
                keys.thread_pk(org, post_id), keys.POPULAR_ENTRY_SK, consistent_read=True
            )
        except PopularEntryItem.DoesNotExist:
            return None

    wall.place_in_popular_index(org, community, post_id, pk, sk)
    placed = entry()
    assert placed is not None and (placed.gsi1pk, placed.gsi1sk) == (pk, sk)

    assert api.call("DELETE", f"{path}/{post_id}", org_b.manager.token).status == 204
    wall.place_in_popular_index(org, community, post_id, None, None)  # the deletion's own record
    wall.place_in_popular_index(org, community, post_id, pk, sk)  # the old record, replayed
    assert entry() is None
    deleted = PostItem.get(keys.community_pk(org, community), keys.post_sk(post_id), consistent_read=True)
    assert deleted.status != "published"
    # A post that does not exist (any more) gets no entry either.
    missing = new_id()
    wall.place_in_popular_index(org, community, missing, pk, sk)
    with pytest.raises(PopularEntryItem.DoesNotExist):
        PopularEntryItem.get(keys.thread_pk(org, missing), keys.POPULAR_ENTRY_SK, consistent_read=True)
