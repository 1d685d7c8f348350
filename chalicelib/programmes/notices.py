"""Telling both members of a pair: published, and each check-in."""

from __future__ import annotations

from chalicelib.notifications import texts
from chalicelib.store import notifications, users
from chalicelib.store.models import PairItem


def _notify(org_id: str, pair: PairItem, kind: str, note_id: str) -> None:
    for user_id in pair.member_ids:
        profile = users.get_member(org_id, user_id)
        language = profile.language if profile else texts.FALLBACK_LANGUAGE
        note = notifications.new_note(
            org_id,
            user_id,
            note_id,
            kind=kind,
            language=language,
            content_id=pair.pair_id,
            content_title=pair.programme_name,
        )
        notifications.deliver(note)  # keyed by the pair (and session): a replay delivers nothing new


def notify_published(org_id: str, pair: PairItem) -> None:
    _notify(org_id, pair, texts.PAIR_PUBLISHED, f"pair-{pair.pair_id}")


def notify_check_in(org_id: str, pair: PairItem, session: int) -> None:
    _notify(org_id, pair, texts.PAIR_CHECK_IN, f"pair-{pair.pair_id}-checkin-{session}")
