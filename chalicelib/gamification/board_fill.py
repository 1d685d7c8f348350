"""Filling the boards of an organisation that scored before the stream consumer kept them: an
operator's one-off command (`kring fill-boards`), safe to run again and beside live traffic.

Every member's totals, community scores and campaign scores are placed as the consumer would place
their latest change (chalicelib/gamification/board_upkeep.py): the member's entry for the scope
(all time, and the weeks and quarters the score keeps), written only where it is missing or older
than the score's version, so a score the consumer placed meanwhile is kept. Entries the old
consumer wrote per period stay where they are and are read as past periods' entries. Who is hidden
(opted out, deactivated) is set from each such profile, and a member the hidden sets name whose
profile no longer says so is taken out, each in a transaction with a check that the profile still
says what was read. Then the old job's items, and the day counters the caps used before, are
removed. The walk over the table (a Scan, which no request or consumer does) is the command's
own: local/upgrades.py; here is what it does with each item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.gamification import board_upkeep
from chalicelib.store import leaderboards as store
from chalicelib.store import users
from chalicelib.store.models import UserItem


@dataclass
class FillReport:
    scores: int = 0  # score items read
    written: int = 0  # members' entries written (missing or older)
    kept: int = 0  # entries already as new or newer (the consumer's)
    hidden: int = 0  # members recorded as their profile says (opted out, deactivated, or neither)
    changed_meanwhile: int = 0  # profiles changed during the fill (their own change set the item)
    removed: int = 0  # retired items deleted


def place_score(image: dict[str, Any], report: FillReport) -> None:
    """Place one score item (plain values) on its boards as the consumer would place its latest change."""
    report.scores += 1
    for change in board_upkeep.changes_of(str(image["type"]), None, image):
        if board_upkeep.place(str(image["org_id"]), change):
            report.written += 1
        else:
            report.kept += 1


def record_hidden(profile: UserItem, report: FillReport) -> None:
    """Who is hidden, as this profile says (in a transaction that checks it still says so)."""
    if store.set_hidden(profile):
        report.hidden += 1
    else:
        report.changed_meanwhile += 1


def correct_hidden_set(item: dict[str, Any], report: FillReport) -> None:
    """Take out of an organisation's hidden sets a member whose profile no longer says so (left by a
    profile change whose second write failed, before the two were one transaction)."""
    org_id = str(item["org_id"])
    for user_id in set(item.get("opted_out") or ()) | set(item.get("deactivated") or ()):
        member = users.get_member(org_id, str(user_id))
        if member is not None and not _hidden(member):
            record_hidden(member, report)


def remove_retired(item: dict[str, Any], report: FillReport) -> None:
    store.remove_item(str(item["pk"]), str(item["sk"]))
    report.removed += 1


def _hidden(profile: UserItem) -> bool:
    return bool(profile.leaderboard_opt_out) or profile.status == "deactivated"
