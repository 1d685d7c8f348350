"""What the gamification burst does, decided up front: members, posts, and every scoring event.

Plain Python and deterministic (one seed): the same plan gives the same events in the same order.
The expectation is computed here too, from the plan alone and the pure point rules
(chalicelib/gamification/rules.py, daily caps included), independently of the consumer: which
ledger entries each member must end up with, their points, and so their totals and ranks.
"""

from __future__ import annotations

import bisect
import itertools
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.gamification import rules
from chalicelib.store.models import REACTION_TYPES

POST, COMMENT, REACTION = "post", "comment", "reaction"
# How a member's ten scoring events split (posts to react to come from the wall as it was too).
MIX = ((POST, 0.12), (COMMENT, 0.23), (REACTION, 0.65))
BURST_START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Brussels
TIMEZONE = "Europe/Brussels"
# Reactions favour popular posts: the n-th most popular post is chosen with weight 1 / (n + SKEW).
SKEW = 50


@dataclass(frozen=True)
class ExistingPost:
    post_id: str
    community_id: str
    author_id: str
    created_at: datetime
    likes: int


@dataclass(frozen=True)
class ScoringEvent:
    """One thing a member does at `second` (from the start of the burst)."""

    number: int  # position in time order
    kind: str  # post | comment | reaction
    second: float
    user_id: str
    community_id: str
    post_id: str  # the post published, commented on or reacted to
    post_author_id: str
    content_id: str = ""  # the new post's or comment's id (set when it is written)
    reaction: str = "like"

    @property
    def at(self) -> datetime:
        return BURST_START + timedelta(seconds=self.second)


@dataclass
class BurstPlan:
    org_id: str
    users: list[str]
    communities: list[str]
    existing_posts: list[ExistingPost]
    events: list[ScoringEvent]
    seconds: float

    @property
    def timezone(self) -> str:
        return TIMEZONE


def _ids(rng: random.Random, count: int) -> list[str]:
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count)]


def _post_id(rng: random.Random, moment: datetime) -> str:
    """A ULID-shaped id whose time part is `moment` (so ids sort by time, like new posts' ids)."""
    millis = int(moment.timestamp() * 1000)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = (millis << 80) | rng.getrandbits(80)
    return "".join(alphabet[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def make_plan(
    users: int,
    events_per_user: int = 10,
    communities: int = 5,
    seconds: float = 60.0,
    existing_posts: int | None = None,
    seed: int = 5,
    org_id: str | None = None,
) -> BurstPlan:
    """`users` members each doing `events_per_user` scoring things within `seconds`."""
    rng = random.Random(seed)
    org = org_id or f"burst-{uuid.UUID(int=rng.getrandbits(128)).hex[:8]}"
    members = _ids(rng, users)
    community_ids = [f"C{n:02d}{uuid.UUID(int=rng.getrandbits(128)).hex[:10]}" for n in range(communities)]
    older = existing_posts if existing_posts is not None else max(10, users // 5)
    week_start = BURST_START - timedelta(days=2)  # Monday morning: the same ISO week
    posts = []
    for _ in range(older):
        created = week_start + timedelta(seconds=rng.uniform(0, 2 * 86400 - 3600))
        posts.append(
            ExistingPost(
                _post_id(rng, created),
                rng.choice(community_ids),
                rng.choice(members),
                created,
                rng.randint(0, 3),
            )
        )
    posts.sort(key=lambda post: post.created_at)
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    wanted = [
        (rng.uniform(0, seconds), user, rng.choices(kinds, weights)[0])
        for user in members
        for _ in range(events_per_user)
    ]
    wanted.sort()
    return BurstPlan(org, members, community_ids, posts, _events(rng, wanted, posts), seconds)


def make_activity_plan(
    users: int,
    communities: int,
    moments: list[tuple[float, int | None]],
    mix: tuple[tuple[str, float], ...] = MIX,
    seed: int = 12,
    org_id: str | None = None,
) -> BurstPlan:
    """Members doing scoring things at given moments, for the upkeep measurement (bench/upkeep.py).

    Each moment is (second, member number or None for a member chosen at random); the kind of each
    event is drawn from `mix`. Organisation, communities and older posts are made as in `make_plan`."""
    rng = random.Random(seed)
    base = make_plan(users, 0, communities, 60.0, seed=seed, org_id=org_id)
    kinds = [kind for kind, _ in mix]
    weights = [weight for _, weight in mix]
    wanted = [
        (
            second,
            base.users[who] if who is not None else rng.choice(base.users),
            rng.choices(kinds, weights)[0],
        )
        for second, who in moments
    ]
    wanted.sort()
    seconds = max((second for second, _ in moments), default=0.0)
    return BurstPlan(
        base.org_id,
        base.users,
        base.communities,
        base.existing_posts,
        _events(rng, wanted, base.existing_posts),
        seconds,
    )


class _Targets:
    """Posts that can be reacted to or commented on at a moment: the older ones (popularity-weighted
    for reactions) and the ones published in the burst so far."""

    def __init__(self, posts: list[ExistingPost], rng: random.Random) -> None:
        self.rng = rng
        self.old = [(post.post_id, post.community_id, post.author_id) for post in posts]
        popular = list(range(len(self.old)))
        rng.shuffle(popular)
        self.popular = popular
        self.cumulative = list(itertools.accumulate(1 / (rank + SKEW) for rank in range(len(popular))))
        self.new: list[tuple[str, str, str]] = []

    def for_reaction(self) -> tuple[str, str, str]:
        if self.new and self.rng.random() < 0.3:
            return self.rng.choice(self.new)
        pick = bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])
        return self.old[self.popular[min(pick, len(self.popular) - 1)]]

    def for_comment(self) -> tuple[str, str, str]:
        if self.new and self.rng.random() < 0.3:
            return self.rng.choice(self.new)
        return self.rng.choice(self.old)


def _events(
    rng: random.Random, wanted: list[tuple[float, str, str]], posts: list[ExistingPost]
) -> list[ScoringEvent]:
    targets = _Targets(posts, rng)
    reacted: set[tuple[str, str]] = set()
    found: list[ScoringEvent] = []
    for second, user, kind in wanted:
        number = len(found)
        if kind == POST:
            community = rng.choice(sorted({post.community_id for post in posts}))
            post_id = _post_id(rng, BURST_START + timedelta(seconds=second))
            found.append(ScoringEvent(number, POST, second, user, community, post_id, user, post_id))
            targets.new.append((post_id, community, user))
            continue
        if kind == COMMENT:
            post_id, community, author = targets.for_comment()
            comment_id = _post_id(rng, BURST_START + timedelta(seconds=second))
            found.append(ScoringEvent(number, COMMENT, second, user, community, post_id, author, comment_id))
            continue
        for _ in range(50):  # one reaction per person and post, and none to one's own post
            post_id, community, author = targets.for_reaction()
            if author != user and (user, post_id) not in reacted:
                break
        else:
            raise RuntimeError("no post left to react to")
        reacted.add((user, post_id))
        found.append(
            ScoringEvent(
                number,
                REACTION,
                second,
                user,
                community,
                post_id,
                author,
                reaction=rng.choice(REACTION_TYPES),
            )
        )
    return found


# The expectation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    """Points an event must give one member: the ledger entry `entry_key` in `community_id`."""

    user_id: str
    action: str
    entry_key: str
    community_id: str
    at: datetime


def awards_of(event: ScoringEvent) -> list[Award]:
    """What the point rules promise for an event, in the order the consumer awards them."""
    if event.kind == POST:
        return [_award(event.user_id, rules.POST_PUBLISHED, f"post-published#{event.post_id}", event)]
    if event.kind == COMMENT:
        return [_award(event.user_id, rules.COMMENT_ADDED, f"comment-added#{event.content_id}", event)]
    source = f"reaction#{event.post_id}#{event.user_id}"
    found = []
    if rules.earns_points(rules.REACTION_GIVEN, event.user_id, event.post_author_id):
        found.append(_award(event.user_id, rules.REACTION_GIVEN, source, event))
    if rules.earns_points(rules.REACTION_RECEIVED, event.user_id, event.post_author_id):
        found.append(_award(event.post_author_id, rules.REACTION_RECEIVED, source, event))
    return found


def _award(user_id: str, action: str, source_id: str, event: ScoringEvent) -> Award:
    return Award(user_id, action, f"{action}#{source_id}", event.community_id, event.at)


@dataclass
class MemberExpectation:
    entries: dict[str, int] = field(default_factory=dict)  # entry key -> points
    points: int = 0
    last_scored_at: str = ""  # ISO of the latest award that gave points
    community_points: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    community_scored_at: dict[str, str] = field(default_factory=lambda: defaultdict(str))


def expected_points(
    awards_in_order: Iterable[Award], rule_table: dict[str, rules.PointRule] | None = None
) -> dict[str, MemberExpectation]:
    """Every member's entries and points, awarding in the order the events are first handled
    (the daily caps give points to the first events of a day, so order matters for who got what)."""
    from chalicelib.ids import iso

    table = rule_table or rules.DEFAULT_RULES
    zone = ZoneInfo(TIMEZONE)
    earned: dict[tuple[str, str, str], int] = defaultdict(int)
    members: dict[str, MemberExpectation] = defaultdict(MemberExpectation)
    for award in awards_in_order:
        member = members[award.user_id]
        if award.entry_key in member.entries:
            continue  # a redelivery: the rules promise nothing more
        day = award.at.astimezone(zone).date().isoformat()
        counted = earned[(award.user_id, award.action, day)]
        points = rules.points_for(table[award.action], counted)
        earned[(award.user_id, award.action, day)] = counted + points
        member.entries[award.entry_key] = points
        if points:
            member.points += points
            member.community_points[award.community_id] += points
            member.last_scored_at = max(member.last_scored_at, iso(award.at))
            scored = member.community_scored_at
            scored[award.community_id] = max(scored[award.community_id], iso(award.at))
    return dict(members)
