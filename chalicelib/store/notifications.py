"""Followers of posts, members' notification inboxes and their unread counters.

Followers live in the post's own partition (`FOLLOWER#<user>`, next to its comments), so the
consumer finds everyone to notify with one Query. An inbox is `ORG#<org>#INBOX#<user>`: one
item per notification (`NOTE#<id>`, the id derived from the source event, so a conditional put
makes a redelivery change nothing) and the unread counter (`UNREAD`), which changes in the same
transaction as the notifications it counts. Notifications also sit in GSI1 under the inbox key,
sorted by the ULID of their last change: newest first is one Query, and a reaction digest that
grows moves back to the top.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.errors import NotFound
from chalicelib.ids import new_id, utc_now
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.effects import MARKER_LIFETIME
from chalicelib.store.models import (
    EffectItem,
    FollowerItem,
    InboxCounterItem,
    NotificationItem,
)
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import Steps, StepsRefused

NOTIFICATION_LIFETIME = timedelta(days=90)  # inboxes stay small; an expired unread one is uncounted
READ_ALL_CHUNK = 50  # notifications per transaction (+ the counter), well under DynamoDB's 100
READ_ALL_ROUNDS = 20


# Followers --------------------------------------------------------------------------------


def follower_key(org_id: str, post_id: str, user_id: str) -> tuple[str, str]:
    return keys.thread_pk(org_id, post_id), keys.follower_sk(user_id)


def get_follower(org_id: str, post_id: str, user_id: str) -> FollowerItem | None:
    try:
        return FollowerItem.get(*follower_key(org_id, post_id, user_id), consistent_read=True)
    except FollowerItem.DoesNotExist:
        return None


def new_follower(
    org_id: str, community_id: str, post_id: str, user_id: str, reason: str, since_id: str, following: bool
) -> FollowerItem:
    pk, sk = follower_key(org_id, post_id, user_id)
    return FollowerItem(
        pk,
        sk,
        org_id=org_id,
        post_id=post_id,
        community_id=community_id,
        user_id=user_id,
        reason=reason,
        since_id=since_id,
        following=following,
    )


def follow_once(follower: FollowerItem) -> bool:
    """Follow unless this person already follows or chose to unfollow. False if nothing changed."""
    try:
        follower.save(condition=FollowerItem.pk.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def save_follower(follower: FollowerItem) -> None:
    follower.save()


def followers(org_id: str, post_id: str) -> list[FollowerItem]:
    """Everyone who follows the post now (all pages)."""
    results = FollowerItem.query(
        keys.thread_pk(org_id, post_id),
        FollowerItem.sk.startswith(keys.FOLLOWER_SK_PREFIX),
        filter_condition=FollowerItem.following == True,  # noqa: E712 (a DynamoDB condition)
    )
    return [item for item in results if isinstance(item, FollowerItem)]


# Notifications ----------------------------------------------------------------------------


def note_key(org_id: str, user_id: str, notification_id: str) -> tuple[str, str]:
    return keys.inbox_pk(org_id, user_id), keys.notification_sk(notification_id)


def _counter(org_id: str, user_id: str) -> InboxCounterItem:
    return InboxCounterItem(keys.inbox_pk(org_id, user_id), keys.INBOX_COUNTER_SK)


def _count(org_id: str, change: int) -> list[Action]:
    """Counter actions that also create the counter (with its type) the first time."""
    return [
        InboxCounterItem.unread_count.add(change),
        InboxCounterItem.item_type.set(InboxCounterItem),  # type: ignore[arg-type]
        InboxCounterItem.org_id.set(org_id),
    ]


def new_note(org_id: str, recipient_id: str, notification_id: str, **attributes: Any) -> NotificationItem:
    pk, sk = note_key(org_id, recipient_id, notification_id)
    now = utc_now()
    return NotificationItem(
        pk,
        sk,
        org_id=org_id,
        notification_id=notification_id,
        recipient_id=recipient_id,
        gsi1pk=pk,
        gsi1sk=keys.notification_sk(new_id()),
        unread=True,
        created_at=now,
        updated_at=now,
        expires_at=now + NOTIFICATION_LIFETIME,
        **attributes,
    )


def deliver(note: NotificationItem) -> bool:
    """Put a new notification and count it as unread, once: False if it was delivered before."""
    steps = Steps()
    steps.put("note", note, NotificationItem.pk.does_not_exist())
    steps.update("unread count", _counter(note.org_id, note.recipient_id), _count(note.org_id, 1))
    try:
        steps.write()
    except StepsRefused as refused:
        if "note" in refused:
            return False
        raise
    return True


def get_note(org_id: str, user_id: str, notification_id: str) -> NotificationItem | None:
    try:
        return NotificationItem.get(*note_key(org_id, user_id, notification_id), consistent_read=True)
    except NotificationItem.DoesNotExist:
        return None


class InboxBusy(RuntimeError):
    """A notification kept changing under us; the stream record is retried."""


def add_to_digest(note: NotificationItem, actor_id: str, actor_name: str) -> bool:
    """Count `actor_id` once in the digest `note` (created if needed); unread again if it was read.

    False if this actor was counted before (a redelivery, or a second reaction that day).
    """
    for _ in range(4):
        current = get_note(note.org_id, note.recipient_id, note.notification_id)
        if current is None:
            note.actor_ids = {actor_id}
            note.actor_count = 1
            note.actor_id, note.actor_name = actor_id, actor_name
            if deliver(note):
                return True
            continue  # created meanwhile by another delivery: count into it
        if actor_id in (current.actor_ids or set()):
            return False
        actions: list[Action] = [
            NotificationItem.actor_ids.add({actor_id}),
            NotificationItem.actor_count.add(1),
            NotificationItem.actor_id.set(actor_id),
            NotificationItem.actor_name.set(actor_name),
            NotificationItem.unread.set(True),
            NotificationItem.updated_at.set(utc_now()),
            NotificationItem.gsi1sk.set(keys.notification_sk(new_id())),
        ]
        condition = (NotificationItem.unread == bool(current.unread)) & ~NotificationItem.actor_ids.contains(
            actor_id
        )
        if current.unread:
            # Still unread: the counter already counts it, so the digest is the only item to change.
            # One conditional UpdateItem, not a one-item transaction (which costs twice the units).
            if _update_if(current, actions, condition):
                return True
            continue  # read, or counted, meanwhile: look again
        steps = Steps()
        steps.update("digest", current, actions, condition)
        steps.update("unread count", _counter(note.org_id, note.recipient_id), _count(note.org_id, 1))
        try:
            steps.write()
        except StepsRefused as refused:
            if "digest" in refused:
                continue  # read, or counted, meanwhile: look again
            raise
        return True
    raise InboxBusy(f"digest {note.notification_id} kept changing")


def _update_if(note: NotificationItem, actions: list[Action], condition: Condition) -> bool:
    """Update the notification if `condition` holds; False if it did not."""
    try:
        note.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def uncount_removed(org_id: str, user_id: str, source_event: str) -> bool:
    """An unread notification expired: it no longer counts, once per removal, never below zero."""
    marker = EffectItem(
        keys.effect_pk(org_id, source_event),
        "inbox-uncount",
        org_id=org_id,
        source_event=source_event,
        effect="inbox-uncount",
        expires_at=utc_now() + MARKER_LIFETIME,
    )
    steps = Steps()
    steps.put("marker", marker, EffectItem.pk.does_not_exist())
    steps.update(
        "unread count",
        _counter(org_id, user_id),
        [InboxCounterItem.unread_count.add(-1)],
        InboxCounterItem.unread_count > 0,
    )
    try:
        steps.write()
    except StepsRefused:
        return False  # uncounted before (the marker), or the counter is at zero already
    return True


def unread_count(org_id: str, user_id: str) -> int:
    try:
        counter = InboxCounterItem.get(
            keys.inbox_pk(org_id, user_id), keys.INBOX_COUNTER_SK, consistent_read=True
        )
    except InboxCounterItem.DoesNotExist:
        return 0
    return max(int(counter.unread_count or 0), 0)


def mark_read(org_id: str, user_id: str, notification_id: str) -> None:
    """Mark one notification read and uncount it, together. Marking it again changes nothing."""
    note = NotificationItem(*note_key(org_id, user_id, notification_id))
    read: list[Action] = [NotificationItem.unread.set(False)]
    steps = Steps()
    steps.update("note", note, read, NotificationItem.unread == True)  # noqa: E712
    steps.update(
        "unread count",
        _counter(org_id, user_id),
        [InboxCounterItem.unread_count.add(-1)],
        InboxCounterItem.unread_count > 0,
    )
    try:
        steps.write()
    except StepsRefused as refused:
        if "note" in refused:
            if get_note(org_id, user_id, notification_id) is None:
                raise NotFound("No such notification in your inbox.") from refused
            return  # read already
        # The counter says 0: never go below it.
        note.update(actions=read, condition=NotificationItem.unread == True)  # noqa: E712


def _unread_notes(org_id: str, user_id: str) -> list[NotificationItem]:
    results = NotificationItem.query(
        keys.inbox_pk(org_id, user_id),
        NotificationItem.sk.startswith(keys.NOTIFICATION_SK_PREFIX),
        filter_condition=NotificationItem.unread == True,  # noqa: E712
        consistent_read=True,
    )
    found: list[NotificationItem] = []
    for item in results:
        if isinstance(item, NotificationItem):
            found.append(item)
            if len(found) == READ_ALL_CHUNK:
                break
    return found


def mark_all_read(org_id: str, user_id: str) -> int:
    """Mark every unread notification read, a chunk per transaction with the counter. Returns how many."""
    marked = 0
    for _ in range(READ_ALL_ROUNDS):
        notes = _unread_notes(org_id, user_id)
        if not notes:
            break
        for reset_counter in (False, True):
            counter_actions: list[Action] = [
                InboxCounterItem.unread_count.set(0)
                if reset_counter
                else InboxCounterItem.unread_count.add(-len(notes))
            ]
            steps = Steps()
            for note in notes:
                steps.update(
                    "notes",
                    note,
                    [NotificationItem.unread.set(False)],
                    NotificationItem.unread == True,  # noqa: E712
                )
            steps.update(
                "unread count",
                _counter(org_id, user_id),
                counter_actions,
                None if reset_counter else InboxCounterItem.unread_count >= len(notes),
            )
            try:
                steps.write()
            except StepsRefused as refused:
                if "unread count" in refused and not reset_counter:
                    continue  # the counter is behind: mark these and set it to zero
                break  # one was read meanwhile: read the unread ones again
            marked += len(notes)
            break
    return marked


def list_notes(org_id: str, user_id: str, limit: int, after: dict[str, Any] | None) -> Page[NotificationItem]:
    """Newest (or most recently grown) first."""
    inbox = keys.inbox_pk(org_id, user_id)
    return query_page(
        NotificationItem,
        inbox,
        keys.NOTIFICATION_SK_PREFIX,
        limit=limit,
        after=after,
        on_gsi1=True,
    )
