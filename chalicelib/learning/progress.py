"""A learner's progress through content, whatever its kind: open (the release and the progress in
one read), start or resume on any device, and save whole in one conditioned write.

A release marked major starts the learner over (the old progress is replaced when they next
save); any other release keeps their progress. A completed item stays completed: completion is
recorded once, by the server, and its points follow from the stream.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.errors import Conflict, NotFound
from chalicelib.ids import utc_now
from chalicelib.learning import access, rules
from chalicelib.learning.items import title_of
from chalicelib.principal import Principal
from chalicelib.store import learning
from chalicelib.store.models import LearningProgressItem, LearningReleaseItem

SAVED_ELSEWHERE = "Your progress was saved meanwhile on another device: reload to continue from there."


@dataclass(frozen=True)
class Opened:
    """A release the caller may read, and their progress through it as it now stands."""

    release: LearningReleaseItem
    progress: LearningProgressItem  # fresh (read_version None) when not started or started over
    read_version: int | None  # the stored progress's version (None: nothing stored yet)

    @property
    def started(self) -> bool:
        return self.read_version is not None


def fresh_progress(principal: Principal, release: LearningReleaseItem) -> LearningProgressItem:
    now = utc_now()
    return LearningProgressItem(
        org_id=principal.org_id,
        content_id=release.content_id,
        kind=release.kind,
        community_id=release.community_id,
        user_id=principal.user_id,
        major=int(release.major),
        release_version=int(release.release_version),
        position=0,
        answers="{}",
        state="{}",
        title=title_of(release),
        started_at=now,
        updated_at=now,
        version=0,
    )


def open_content(
    principal: Principal, content_id: str, kind: str | None = None, for_change: bool = False
) -> Opened:
    """The release and the caller's progress: one BatchGetItem (consistent `for_change`), plus the
    community access for community content (reused when the route read it)."""
    release, progress = learning.get_release_and_progress(
        principal.org_id, content_id, principal.user_id, consistent=for_change
    )
    if release is not None and kind is not None and release.kind != kind:
        release = None
    release = access.require_learner(principal, release)
    if progress is None:
        return Opened(release, fresh_progress(principal, release), None)
    read_version = int(progress.version or 0)
    if progress.completed_at is None and rules.progress_starts_over(int(progress.major), int(release.major)):
        # Keep the version read, so the next save replaces the old progress only if it is still it.
        restarted = fresh_progress(principal, release)
        return Opened(release, restarted, read_version)
    progress.release_version = int(release.release_version)
    return Opened(release, progress, read_version)


def require_open(opened: Opened) -> Opened:
    if opened.release.archived:
        raise NotFound(access.NO_SUCH_CONTENT)
    return opened


def answers_of(progress: LearningProgressItem) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(progress.answers or "{}")
    return answers


def state_of(progress: LearningProgressItem) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(progress.state or "{}")
    return state


def json_of(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def save(
    opened: Opened, answers: dict[str, Any] | None = None, state: dict[str, Any] | None = None
) -> Opened:
    """Save the progress whole in one write, if no other device saved it since it was opened; the
    progress as it now stands."""
    progress = opened.progress
    if answers is not None:
        progress.answers = json_of(answers)
    if state is not None:
        progress.state = json_of(state)
    progress.updated_at = utc_now()
    if not learning.save_progress(progress, opened.read_version):
        raise Conflict(SAVED_ELSEWHERE)
    return Opened(opened.release, progress, int(progress.version))


def my_progress(principal: Principal, limit: int, after: dict[str, Any] | None) -> Any:
    """What the caller started or finished, on any device (one Query)."""
    return learning.list_progress(principal.org_id, principal.user_id, limit, after)
