"""Programmes, sign-ups, proposals, pairs and pair spaces (chalicelib/store/models/programmes.py).

A pair's space is read and written only through functions that take the pair and the reader: the
space's key names both members, and a reader who is not one of them (an admin included) is
refused here too, not only by the route's relation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.errors import Forbidden
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import (
    MyPairItem,
    PairItem,
    PairMessageItem,
    ProgrammeItem,
    ProgrammeSignupItem,
    ProposedPairItem,
)
from chalicelib.store.pages import Page
from chalicelib.store.writes import Steps, StepsRefused


def get_programme(org_id: str, programme_id: str, consistent: bool = False) -> ProgrammeItem | None:
    try:
        return ProgrammeItem.get(
            keys.programmes_pk(org_id), keys.programme_sk(programme_id), consistent_read=consistent
        )
    except ProgrammeItem.DoesNotExist:
        return None


def save_new_programme(item: ProgrammeItem) -> None:
    item.save(condition=ProgrammeItem.pk.does_not_exist())


def update_programme(item: ProgrammeItem, actions: list[Action], condition: Any = None) -> bool:
    """Change the programme if `condition` holds; False when it no longer does (someone else moved
    the programme on between the read and this write: two organisers, or a double click)."""
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if condition is not None and is_condition_failure(exc):
            return False
        raise
    return True


def list_programmes(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[ProgrammeItem]:
    results = ProgrammeItem.query(
        keys.programmes_pk(org_id), limit=limit, last_evaluated_key=after, scan_index_forward=False
    )
    return Page([i for i in results if isinstance(i, ProgrammeItem)], results.last_evaluated_key)


def get_signup(org_id: str, programme_id: str, user_id: str) -> ProgrammeSignupItem | None:
    try:
        return ProgrammeSignupItem.get(keys.programme_pk(org_id, programme_id), keys.signup_sk(user_id))
    except ProgrammeSignupItem.DoesNotExist:
        return None


def save_signup(item: ProgrammeSignupItem) -> None:
    item.save()


def save_new_signup(item: ProgrammeSignupItem, programme: ProgrammeItem) -> bool:
    """Put a first sign-up and count it, in one transaction; False when the person signed up
    meanwhile (a retry or a double click): the count then stays as it is."""
    steps = Steps()
    steps.put("signup", item, ProgrammeSignupItem.pk.does_not_exist())
    steps.update("programme", ProgrammeItem(programme.pk, programme.sk), [ProgrammeItem.signup_count.add(1)])
    try:
        steps.write()
    except StepsRefused as refused:
        if "signup" in refused:
            return False
        raise
    return True


def all_signups(org_id: str, programme_id: str) -> list[ProgrammeSignupItem]:
    """Every sign-up of the programme (all pages: for the organiser's list and the matching job)."""
    results = ProgrammeSignupItem.query(
        keys.programme_pk(org_id, programme_id),
        ProgrammeSignupItem.sk.startswith(keys.SIGNUP_SK_PREFIX),
    )
    return [i for i in results if isinstance(i, ProgrammeSignupItem)]


def proposal(org_id: str, programme_id: str) -> list[ProposedPairItem]:
    results = ProposedPairItem.query(
        keys.programme_pk(org_id, programme_id),
        ProposedPairItem.sk.startswith(keys.PROPOSED_SK_PREFIX),
        consistent_read=True,
    )
    return [i for i in results if isinstance(i, ProposedPairItem)]


def replace_proposal(org_id: str, programme_id: str, pairs: list[ProposedPairItem]) -> None:
    """The matching job's new proposal replaces the previous one (one BatchWriteItem per 25)."""
    old = proposal(org_id, programme_id)
    with ProposedPairItem.batch_write() as batch:
        new_keys = {(p.pk, p.sk) for p in pairs}
        for item in old:
            if (item.pk, item.sk) not in new_keys:
                batch.delete(item)
        for item in pairs:
            batch.save(item)


def put_proposed(item: ProposedPairItem) -> None:
    item.save()


def delete_proposed(item: ProposedPairItem) -> None:
    item.delete()


def publish_pairs(
    org_id: str,
    pairs: list[PairItem],
    mine: list[MyPairItem],
    signups: list[ProgrammeSignupItem],
    proposed: list[ProposedPairItem],
) -> None:
    """Writes the published pairs, each member's view of them and their paired sign-ups, and
    removes the proposal: batches of 25, each item keyed by the pair, so a retry rewrites the
    same items."""
    with PairItem.batch_write() as batch:
        for item in [*pairs, *mine, *signups]:
            batch.save(item)
        for old in proposed:
            batch.delete(old)


def get_pair(org_id: str, pair_id: str) -> PairItem | None:
    try:
        return PairItem.get(keys.pair_pk(org_id, pair_id), keys.PAIR_SK)
    except PairItem.DoesNotExist:
        return None


def programme_pairs(org_id: str, programme_id: str) -> list[PairItem]:
    results = PairItem.gsi1.query(keys.programme_pairs_gsi1pk(org_id, programme_id))
    return [i for i in results if isinstance(i, PairItem)]


def my_pairs(org_id: str, user_id: str) -> list[MyPairItem]:
    results = MyPairItem.query(keys.my_pairs_pk(org_id, user_id))
    return [i for i in results if isinstance(i, MyPairItem)]


def end_pair(org_id: str, pair: PairItem, now: datetime) -> None:
    pair.update(actions=[PairItem.status.set("ended"), PairItem.ended_at.set(now)])
    for user_id in pair.member_ids:
        MyPairItem(keys.my_pairs_pk(org_id, user_id), keys.pair_sk(pair.pair_id)).update(
            actions=[MyPairItem.status.set("ended")]
        )


def record_feedback(pair: PairItem, user_id: str) -> None:
    pair.update(actions=[PairItem.feedback_from.set(PairItem.feedback_from.append([user_id]))])


def count_check_in(pair: PairItem, session: int) -> bool:
    """Marks the pair's check-in `session` as sent, once (False if it was sent before)."""
    try:
        pair.update(
            actions=[PairItem.check_ins_sent.set(session)],
            condition=PairItem.check_ins_sent < session,
        )
    except Exception as error:  # a conditional check: sent already
        from chalicelib.store.conditions import is_condition_failure

        if is_condition_failure(error):
            return False
        raise
    return True


def _space_pk(pair: PairItem, reader_id: str) -> str:
    if reader_id not in pair.member_ids:
        raise Forbidden("Only the two people of this pair can use its space.")
    if pair.status != "active":
        raise Forbidden("This pair has ended; its space is closed.")
    return keys.pair_space_pk(pair.org_id, pair.pair_id, list(pair.member_ids))


def add_message(pair: PairItem, writer_id: str | None, message: PairMessageItem) -> None:
    """A member's message; a check-in prompt is written by the system (`writer_id` None)."""
    pk = (
        _space_pk(pair, writer_id)
        if writer_id is not None
        else keys.pair_space_pk(pair.org_id, pair.pair_id, list(pair.member_ids))
    )
    message.pk = pk
    message.save(condition=PairMessageItem.pk.does_not_exist())


def messages(
    pair: PairItem, reader_id: str, limit: int, after: dict[str, Any] | None
) -> Page[PairMessageItem]:
    results = PairMessageItem.query(
        _space_pk(pair, reader_id), limit=limit, last_evaluated_key=after, scan_index_forward=False
    )
    return Page([i for i in results if isinstance(i, PairMessageItem)], results.last_evaluated_key)
