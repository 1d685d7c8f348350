"""One-off upgrade commands an operator runs after deploying (`kring fill-boards`,
`kring index-reactions`, `kring fill-media-keys`): the only code of Kring that Scans the table.

No request and no consumer may Scan (a Scan reads the whole table); these commands walk it once,
page by page, and hand each item to the app's own code (chalicelib), which writes it with the same
guards as live traffic, so running them again, or beside live traffic, changes nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.operand import Path

from chalicelib.gamification import board_fill, board_upkeep
from chalicelib.store import leaderboards
from chalicelib.store.attachment_keys import fill_object_keys, needs_keys
from chalicelib.store.attribute_values import plain_item
from chalicelib.store.models import KringItem, PostItem, ReactionItem, UserItem
from chalicelib.store.reaction_index import index_reaction


def scan_items(item_types: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Every item of these types in the table, as plain values (consistent Scan, all pages)."""
    connection = KringItem._get_connection()
    start: dict[str, Any] | None = None
    while True:
        page = connection.scan(
            filter_condition=Path("type").is_in(*item_types),
            exclusive_start_key=start,  # type: ignore[arg-type]
            consistent_read=True,
        )
        for raw in page.get("Items", []):
            yield plain_item(raw)
        start = page.get("LastEvaluatedKey")
        if not start:
            return


def fill_boards() -> board_fill.FillReport:
    """Boards of organisations that scored before the stream consumer kept them (docs/deploy.md)."""
    report = board_fill.FillReport()
    for image in scan_items(board_upkeep.SCORE_TYPES):
        board_fill.place_score(image, report)
    hidden = (UserItem.leaderboard_opt_out == True) | (UserItem.status == "deactivated")  # noqa: E712
    for profile in UserItem.scan(filter_condition=hidden, consistent_read=True):
        board_fill.record_hidden(profile, report)
    for item in scan_items(("board_hidden",)):
        board_fill.correct_hidden_set(item, report)
    for item in scan_items(leaderboards.RETIRED_TYPES):
        board_fill.remove_retired(item, report)
    return report


@dataclass
class IndexingReport:
    indexed: int = 0
    gone: int = 0  # removed between the scan and the update: nothing to index


def index_unindexed_reactions() -> IndexingReport:
    """Reactions written before the viewer's reactions index get its keys (docs/decisions.md)."""
    report = IndexingReport()
    for reaction in ReactionItem.scan(filter_condition=ReactionItem.gsi1pk.does_not_exist()):
        if index_reaction(reaction):
            report.indexed += 1
        else:
            report.gone += 1
    return report


@dataclass
class MediaKeysReport:
    posts: int = 0  # posts given the object keys of their attachments
    keys: int = 0
    without_media: int = 0  # attachments whose media item is gone (their readers see no image)
    changed_meanwhile: int = 0  # posts edited or deleted between the scan and the update: left alone


def fill_media_keys() -> MediaKeysReport:
    """Posts published before they kept their attachments' object keys get them, so their readers
    get the display URLs in the answers instead of asking for each image (docs/decisions.md)."""
    report = MediaKeysReport()
    with_attachments = PostItem.attachments[0].id.exists()
    for post in PostItem.scan(filter_condition=with_attachments, consistent_read=True):
        if not needs_keys(post):
            continue
        filled = fill_object_keys(post)
        report.keys += filled.keys
        report.posts += 1 if filled.keys else 0
        report.without_media += filled.without_media
        report.changed_meanwhile += 1 if filled.changed_meanwhile else 0
    return report
