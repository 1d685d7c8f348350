"""A programme and pairs of it, written directly (the sweeps' worlds need them, not the journey)."""

from __future__ import annotations

from chalicelib.ids import new_id, utc_now
from chalicelib.principal import Principal
from chalicelib.programmes import organise
from chalicelib.programmes.review import pair_id_of
from chalicelib.store import keys
from chalicelib.store import programmes as store
from chalicelib.store.models import MyPairItem, PairItem, PairMessageItem


def make_programme(organiser: Principal, name: str) -> str:
    return organise.create_programme(organiser, organise.NewProgramme(name, "buddies")).programme_id


def make_pair(
    org_id: str, programme_id: str, first: str, second: str, secret: str, ended: bool = False
) -> str:
    """A published pair of `first` and `second` with `secret` written in its space (ended: closed)."""
    pair_id = pair_id_of(programme_id, first, second)
    now = utc_now()
    pair = PairItem(
        keys.pair_pk(org_id, pair_id),
        keys.PAIR_SK,
        org_id=org_id,
        pair_id=pair_id,
        programme_id=programme_id,
        programme_name="Buddies",
        member_ids=[first, second],
        member_names=["First", "Second"],
        started_at=now,
        gsi1pk=keys.programme_pairs_gsi1pk(org_id, programme_id),
        gsi1sk=keys.pair_sk(pair_id),
    )
    mine = [
        MyPairItem(
            keys.my_pairs_pk(org_id, me),
            keys.pair_sk(pair_id),
            org_id=org_id,
            user_id=me,
            pair_id=pair_id,
            programme_id=programme_id,
            programme_name="Buddies",
            partner_id=other,
            partner_name="",
        )
        for me, other in ((first, second), (second, first))
    ]
    store.publish_pairs(org_id, [pair], mine, [], [])
    message_id = new_id()
    store.add_message(
        pair,
        first,
        PairMessageItem(
            "",
            keys.pair_message_sk(message_id),
            org_id=org_id,
            pair_id=pair_id,
            message_id=message_id,
            author_id=first,
            kind="message",
            body=secret,
            created_at=now,
        ),
    )
    if ended:
        store.end_pair(org_id, pair, now)
    return pair_id
