"""Posts, comments and reactions, with the counters that must agree with them.

Every write that changes a counter goes in one transaction with the item it counts, so
counters always agree with the records, also under retries and concurrent clicks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.errors import Conflict, NotFound
from chalicelib.store import keys
from chalicelib.store.models import (
    CommentItem,
    CommunityItem,
    ContentItem,
    KringItem,
    MediaItem,
    PopularEntryItem,
    PostItem,
    ReactionItem,
    transaction_connection,
)
from chalicelib.store.moderation import WritesAlongside
from chalicelib.store.pages import Page, query_page
from chalicelib.store.reaction_index import index_under_viewer
from chalicelib.store.writes import Steps, StepsRefused

OPEN_COMMUNITY = CommunityItem.pk.exists() & CommunityItem.archived_at.does_not_exist()


def _community(org_id: str, community_id: str) -> CommunityItem:
    return CommunityItem(keys.org_pk(org_id), keys.community_sk(community_id))


def save_post(
    post: PostItem,
    shared: PostItem | None = None,
    media: Sequence[MediaItem] = (),
    alongside: WritesAlongside | None = None,
) -> None:
    """A new post (or share) and its community's counter (and the shared post's), together.

    Attached media is marked as the post's in the same transaction, if still ready and unattached.
    A post held for review is not counted (until a moderator publishes it). `alongside`: the
    author's posting counters and a held post's queue entry (store/moderation.py).
    """
    community = _community(post.org_id, post.community_id)
    steps = Steps()
    steps.put("post", post, PostItem.pk.does_not_exist())
    if post.status == "published":
        steps.update("community", community, [CommunityItem.post_count.add(1)], OPEN_COMMUNITY)
    else:
        steps.check("community", CommunityItem, community.pk, community.sk, OPEN_COMMUNITY)
    if shared is not None:
        steps.update("shared", shared, [PostItem.share_count.add(1)], PostItem.status == "published")
    for item in media:
        steps.update(
            "media",
            item,
            [MediaItem.post_id.set(post.post_id), MediaItem.community_id.set(post.community_id)],
            (MediaItem.status == "ready") & MediaItem.post_id.does_not_exist(),
        )
    if alongside is not None:
        alongside.add_to(steps)
    try:
        steps.write()
    except StepsRefused as refused:
        if alongside is not None:
            alongside.raise_if_refused(refused)
        if "media" in refused:
            raise Conflict("An attached media item changed meanwhile; publish again.") from refused
        if "community" in refused:
            raise Conflict("This community is archived.") from refused
        if "shared" in refused:
            raise NotFound("The post you share is no longer there.") from refused
        raise


def get_post(org_id: str, community_id: str, post_id: str) -> PostItem | None:
    try:
        return PostItem.get(keys.community_pk(org_id, community_id), keys.post_sk(post_id))
    except PostItem.DoesNotExist:
        return None


def update_content(item: ContentItem, actions: list[Action], expected_status: str) -> None:
    """Change a post or comment that is still in the state the caller saw."""
    item.update(actions=actions, condition=type(item).status == expected_status)


def save_edit(item: ContentItem, actions: list[Action], held: bool, alongside: WritesAlongside) -> None:
    """An edit of a published post or comment, with the author's posting counters. Held by the word
    list (`actions` set its status), it leaves what counts it, as a moderator's hold would: the
    community's `post_count`, or the post's `comment_count` (and a reply's parent's `reply_count`,
    which counts no held reply), and its queue entry is written."""
    counters: list[tuple[KringItem, Action]] = []
    if held and isinstance(item, PostItem):
        counters.append((_community(item.org_id, item.community_id), CommunityItem.post_count.add(-1)))
    elif held and isinstance(item, CommentItem):
        post = PostItem(keys.community_pk(item.org_id, item.community_id), keys.post_sk(item.post_id))
        counters.append((post, PostItem.comment_count.add(-1)))
        if item.parent_comment_id:
            parent = CommentItem(item.pk, keys.comment_sk(item.parent_comment_id))
            counters.append((parent, CommentItem.reply_count.add(-1)))
    steps = Steps()
    steps.update("content", item, actions, type(item).status == "published")
    for counted_on, change in counters:
        steps.update("counter", counted_on, [change], type(counted_on).pk.exists())
    alongside.add_to(steps)
    try:
        steps.write()
    except StepsRefused as refused:
        alongside.raise_if_refused(refused)
        raise Conflict("It changed meanwhile; reload and edit again.") from refused
    except TransactWriteError as exc:  # e.g. another transaction on the same items at once
        raise Conflict("It changed meanwhile; reload and edit again.") from exc


def remove_post(post: PostItem, actions: list[Action]) -> None:
    """Soft-delete a post; the community's counter follows in the same transaction."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.update(post, actions=actions, condition=PostItem.status != "deleted")
        if post.status == "published":
            transaction.update(
                _community(post.org_id, post.community_id), actions=[CommunityItem.post_count.add(-1)]
            )


def list_posts(org_id: str, community_id: str, limit: int, after: dict[str, Any] | None) -> Page[PostItem]:
    """Newest first. Posts that are not published are filtered out by DynamoDB, so a page may be short."""
    return query_page(
        PostItem,
        keys.community_pk(org_id, community_id),
        keys.POST_SK_PREFIX,
        limit=limit,
        after=after,
        filter_condition=PostItem.status == "published",
    )


def save_comment(
    comment: CommentItem, post: PostItem, parent: CommentItem | None, alongside: WritesAlongside | None = None
) -> None:
    """A comment held for review is not counted (until a moderator publishes it)."""
    counted = comment.status == "published"
    steps = Steps()
    steps.put("comment", comment, CommentItem.pk.does_not_exist())
    steps.update(
        "post", post, [PostItem.comment_count.add(1 if counted else 0)], PostItem.status == "published"
    )
    if parent is not None:
        steps.update(
            "parent",
            parent,
            [CommentItem.reply_count.add(1 if counted else 0)],
            CommentItem.status == "published",
        )
    if alongside is not None:
        alongside.add_to(steps)
    try:
        steps.write()
    except StepsRefused as refused:
        if alongside is not None:
            alongside.raise_if_refused(refused)
        if "post" in refused or "parent" in refused:
            raise NotFound("What you reply to is no longer there.") from refused
        raise


def remove_comment(comment: CommentItem, post: PostItem, actions: list[Action]) -> None:
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.update(comment, actions=actions, condition=CommentItem.status != "deleted")
        if comment.status == "published":
            transaction.update(post, actions=[PostItem.comment_count.add(-1)])


def get_comment(org_id: str, post_id: str, comment_id: str, parent_id: str | None) -> CommentItem | None:
    try:
        return CommentItem.get(keys.thread_pk(org_id, post_id), keys.comment_sk(comment_id, parent_id))
    except CommentItem.DoesNotExist:
        return None


def list_thread(org_id: str, post_id: str, limit: int, after: dict[str, Any] | None) -> Page[CommentItem]:
    """Comments oldest first, each followed by its replies. Deleted ones stay as placeholders;
    hidden ones and those held for review are left out (a page may be short)."""
    return query_page(
        CommentItem,
        keys.thread_pk(org_id, post_id),
        keys.COMMENT_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
        filter_condition=CommentItem.status.is_in("published", "deleted"),
    )


def _counter(reaction: str) -> Any:
    return getattr(ContentItem, f"{reaction}_count")


def add_reaction(reaction: ReactionItem, target: ContentItem) -> bool:
    """First reaction of this person to this target: one transactional write. False if one exists.

    The reaction is indexed under the person who gave it (store/reaction_index.py) by the same Put."""
    steps = Steps()
    steps.put("reaction", index_under_viewer(reaction), ReactionItem.pk.does_not_exist())
    steps.update("target", target, [_counter(reaction.reaction).add(1)], type(target).status == "published")
    try:
        steps.write()
    except StepsRefused as refused:
        if "reaction" in refused:
            return False
        raise NotFound("What you react to is no longer there.") from refused
    return True


def change_reaction(reaction: ReactionItem, previous: str, target: ContentItem) -> None:
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(index_under_viewer(reaction), condition=ReactionItem.reaction == previous)
        transaction.update(
            target,
            actions=[_counter(reaction.reaction).add(1), _counter(previous).add(-1)],
            condition=type(target).status == "published",
        )


def remove_reaction(reaction: ReactionItem, target: ContentItem) -> None:
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.delete(reaction, condition=ReactionItem.reaction == reaction.reaction)
        transaction.update(target, actions=[_counter(reaction.reaction).add(-1)])


def get_reaction(org_id: str, target_id: str, user_id: str) -> ReactionItem | None:
    try:
        return ReactionItem.get(
            keys.reactions_pk(org_id, target_id), keys.reaction_sk(user_id), consistent_read=True
        )
    except ReactionItem.DoesNotExist:
        return None


def place_in_popular_index(
    org_id: str, community_id: str, post_id: str, pk: str | None, sk: str | None
) -> None:
    """Put (or take) a post's popular entry (its own item, next to its thread) in the index.

    The post item itself stays out of the index, so a reaction's counter update in the request
    never writes the index's one key per organisation and week."""
    entry = PopularEntryItem(keys.thread_pk(org_id, post_id), keys.POPULAR_ENTRY_SK)
    if not (pk and sk):
        entry.delete()
        return
    entry.org_id, entry.post_id, entry.community_id = org_id, post_id, community_id
    entry.gsi1pk, entry.gsi1sk = pk, sk
    # A replayed record of a post that is gone since must not bring its entry back: the post is
    # read (consistently) before the entry is put. A post that leaves `published` between the two
    # has a stream record of its own after this one, which takes the entry out again. A read and a
    # PutItem cost 1 RCU and 1 WCU; the transaction that checked the post with the put cost 2 WCU
    # per KB of the post and 2 for the entry.
    try:
        post = PostItem.get(
            keys.community_pk(org_id, community_id), keys.post_sk(post_id), consistent_read=True
        )
    except PostItem.DoesNotExist:
        return
    if post.status != "published":
        return
    entry.save()


def popular_posts(org_id: str, popular_pk: str, limit: int) -> list[PopularEntryItem]:
    """The week's popular entries, highest band first (the posts themselves are read after)."""
    results = KringItem.gsi1.query(popular_pk, scan_index_forward=False, limit=limit)
    return [item for item in results if isinstance(item, PopularEntryItem)]


# System posts (badge announcements, campaign posts) -------------------------------------------


def save_system_post(post: PostItem) -> bool:
    """Put a system post and count it in its community's `post_count`, once.

    False if it is there already (a redelivery) or the community is gone or archived."""
    steps = Steps()
    steps.put("post", post, PostItem.pk.does_not_exist())
    steps.update(
        "community",
        _community(post.org_id, post.community_id),
        [CommunityItem.post_count.add(1)],
        OPEN_COMMUNITY,
    )
    try:
        steps.write()
    except StepsRefused:
        return False
    return True


def texts_document(texts: dict[str, str]) -> str:
    """A system post's texts per language, as stored."""
    return json.dumps(texts, ensure_ascii=False, sort_keys=True)
