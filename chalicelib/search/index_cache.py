"""An organisation's index in a warm container: loaded whole once, then kept by its change feed.

A cold container reads the organisation's documents (one Query, paged); after that, at most every
`refresh_seconds`, it reads what changed since its mark (one Query on GSI1, usually empty: 0.5 RCU).
The mark trails the last refresh by MARGIN, so a change that reached GSI1 late, or was stamped by a
writer whose clock runs behind, is still seen; a document read again is applied only if newer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from chalicelib.ids import iso, utc_now
from chalicelib.search import text
from chalicelib.search.ranking import Entry, MemoryIndex
from chalicelib.store import search as store
from chalicelib.store.models import SearchDocItem

MARGIN = timedelta(seconds=30)
RELOAD_SECONDS = 24 * 3600  # well inside the week tombstones are kept (store/search.py)
MAX_ORGANISATIONS = 8  # a container mostly serves one organisation at a time; bound its memory


@dataclass
class _Held:
    index: MemoryIndex
    mark: str  # changes after this moment are read at the next refresh
    loaded_at: float
    checked_at: float
    seen: dict[str, str] = field(default_factory=dict)  # document key -> changed_at applied (tombstones too)


_held: dict[str, _Held] = {}
_lock = threading.Lock()


def current_index(org_id: str, refresh_seconds: float) -> MemoryIndex:
    """The organisation's index, no older than `refresh_seconds` (plus the stream's lag)."""
    with _lock:
        now = time.monotonic()
        held = _held.get(org_id)
        if held is None or now - held.loaded_at > RELOAD_SECONDS:
            held = _load(org_id, now)
            if len(_held) >= MAX_ORGANISATIONS:
                _held.clear()
            _held[org_id] = held
        elif now - held.checked_at >= refresh_seconds:
            started = utc_now()
            for item in store.changed_since(org_id, held.mark):
                _apply(held, item)
            held.mark = iso(started - MARGIN)
            held.checked_at = now
        return held.index


def searched[T](org_id: str, use: Callable[[MemoryIndex], T]) -> T:
    """`use` of the organisation's held index, while no refresh changes it (the local server runs
    requests in threads; a Lambda container runs one at a time). Call `current_index` first."""
    with _lock:
        held = _held.get(org_id)
        return use(held.index if held is not None else MemoryIndex())


def forget_all() -> None:
    """Drop every held index (the next search loads it again)."""
    with _lock:
        _held.clear()


def _load(org_id: str, now: float) -> _Held:
    started = utc_now()
    held = _Held(MemoryIndex(), iso(started - MARGIN), now, now)
    for item in store.all_documents(org_id):
        _apply(held, item)
    return held


def _apply(held: _Held, item: SearchDocItem) -> None:
    key = item.sk
    if held.seen.get(key, "") > item.changed_at:
        return  # an older version than the one applied (read again within the margin)
    held.seen[key] = item.changed_at
    if item.deleted:
        held.index.remove(key)
        return
    terms = text.decode_terms(item.terms)
    held.index.put(entry_of(item), terms)


def entry_of(item: SearchDocItem) -> Entry:
    return Entry(
        key=item.sk,
        kind=item.kind,
        source_id=item.source_id,
        community_id=item.community_id,
        visibility=item.visibility,
        language=item.language,
        title=item.title,
        snippet=item.snippet,
        skills=tuple(item.skills or ()),
        updated_at=item.updated_at,
        changed_at=item.changed_at,
        length=int(item.length),
    )


def build(items: Iterable[SearchDocItem]) -> MemoryIndex:
    """An index of these items, as a cold container builds it (the bench times this)."""
    held = _Held(MemoryIndex(), "", 0.0, 0.0)
    for item in items:
        _apply(held, item)
    return held.index


def hold(org_id: str, index: MemoryIndex) -> None:
    """Keep an index built elsewhere as the organisation's, as if just loaded (the bench builds a
    large one in-process rather than through the emulator's slow Query)."""
    now = time.monotonic()
    with _lock:
        _held[org_id] = _Held(index, iso(utc_now() - MARGIN), now, now)
