"""The rules of the game, as tables: points per action, daily caps, levels and streaks.

Plain Python, no I/O: the reactor reads the state, asks these rules what changes, and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

POST_PUBLISHED = "post_published"
COMMENT_ADDED = "comment_added"
REACTION_GIVEN = "reaction_given"
REACTION_RECEIVED = "reaction_received"
POST_SPOTLIGHTED = "post_spotlighted"
MEMBER_SPOTLIGHTED = "member_spotlighted"
SHARE_RECEIVED = "share_received"
QUIZ_ANSWERED = "quiz_answered"
LESSON_CARD_ANSWERED = "lesson_card_answered"
LESSON_COMPLETED = "lesson_completed"
VIDEO_COMPLETED = "video_completed"
ANSWER_ACCEPTED = (
    "answer_accepted"  # an answer of theirs accepted by the asker or a moderator (chalicelib/qa)
)
WORKSHOP_ATTENDED = "workshop_attended"
WITHDRAWN = "withdrawn"  # not an action: the reason of an entry that takes points back


@dataclass(frozen=True)
class PointRule:
    points: int
    daily_cap: int  # at most this many points a day from this action (organisation's time zone)


# action               points  daily cap
DEFAULT_RULES: dict[str, PointRule] = {
    POST_PUBLISHED: PointRule(10, 50),
    COMMENT_ADDED: PointRule(5, 25),
    REACTION_RECEIVED: PointRule(2, 40),
    REACTION_GIVEN: PointRule(1, 10),
    POST_SPOTLIGHTED: PointRule(20, 40),
    MEMBER_SPOTLIGHTED: PointRule(25, 50),
    SHARE_RECEIVED: PointRule(3, 30),
    QUIZ_ANSWERED: PointRule(2, 40),  # each question answered (a quiz's own points are its score)
    LESSON_CARD_ANSWERED: PointRule(1, 20),  # a lesson's question, poll, reflection or flashcard
    LESSON_COMPLETED: PointRule(15, 60),  # a lesson completed (once per lesson)
    VIDEO_COMPLETED: PointRule(10, 50),  # an interactive video completed, as the server counts it (once)
    ANSWER_ACCEPTED: PointRule(25, 100),  # once per answer, kept when the asker accepts another later
    WORKSHOP_ATTENDED: PointRule(20, 40),  # checked in at a workshop with its code (once per occurrence)
}
ACTIONS = tuple(DEFAULT_RULES)
# What the member does themselves: these keep a streak going (what others do to them does not).
LEARNING_ACTIVITY = frozenset(
    {
        POST_PUBLISHED,
        COMMENT_ADDED,
        REACTION_GIVEN,
        QUIZ_ANSWERED,
        LESSON_CARD_ANSWERED,
        LESSON_COMPLETED,
        VIDEO_COMPLETED,
        WORKSHOP_ATTENDED,
    }
)
MAX_POINTS = 1000
MAX_DAILY_CAP = 10_000


# Why a ledger entry exists, as the member reads it.
REASONS: dict[str, dict[str, str]] = {
    POST_PUBLISHED: {
        "nl": "Je publiceerde een bericht",
        "fr": "Vous avez publié",
        "en": "You published a post",
    },
    COMMENT_ADDED: {"nl": "Je reageerde op een bericht", "fr": "Vous avez commenté", "en": "You commented"},
    REACTION_RECEIVED: {
        "nl": "Iemand reageerde op je bijdrage",
        "fr": "Quelqu'un a réagi à votre contribution",
        "en": "Someone reacted to your contribution",
    },
    REACTION_GIVEN: {
        "nl": "Je reageerde op een bijdrage",
        "fr": "Vous avez réagi à une contribution",
        "en": "You reacted to a contribution",
    },
    POST_SPOTLIGHTED: {
        "nl": "Je bericht kwam in de kijker",
        "fr": "Votre publication a été mise en avant",
        "en": "Your post was spotlighted",
    },
    MEMBER_SPOTLIGHTED: {
        "nl": "Je kwam in de kijker in een community",
        "fr": "Vous avez été mis en avant dans une communauté",
        "en": "You were spotlighted in a community",
    },
    SHARE_RECEIVED: {
        "nl": "Iemand deelde je bericht",
        "fr": "Quelqu'un a partagé votre publication",
        "en": "Someone shared your post",
    },
    QUIZ_ANSWERED: {
        "nl": "Je beantwoordde een quizvraag",
        "fr": "Vous avez répondu à une question de quiz",
        "en": "You answered a quiz question",
    },
    LESSON_CARD_ANSWERED: {
        "nl": "Je beantwoordde een kaart van een les",
        "fr": "Vous avez répondu à une carte d'une leçon",
        "en": "You answered a card of a lesson",
    },
    LESSON_COMPLETED: {
        "nl": "Je rondde een les af",
        "fr": "Vous avez terminé une leçon",
        "en": "You completed a lesson",
    },
    VIDEO_COMPLETED: {
        "nl": "Je bekeek een interactieve video helemaal",
        "fr": "Vous avez terminé une vidéo interactive",
        "en": "You completed an interactive video",
    },
    ANSWER_ACCEPTED: {
        "nl": "Je antwoord op een vraag werd aanvaard",
        "fr": "Votre réponse à une question a été acceptée",
        "en": "Your answer to a question was accepted",
    },
    WORKSHOP_ATTENDED: {
        "nl": "Je was aanwezig op een workshop",
        "fr": "Vous avez participé à un atelier",
        "en": "You attended a workshop",
    },
    WITHDRAWN: {
        "nl": "Punten ingetrokken: de bijdrage is verwijderd of verborgen",
        "fr": "Points retirés : la contribution a été supprimée ou masquée",
        "en": "Points withdrawn: the contribution was removed or hidden",
    },
}


def reason(action: str, language: str) -> str:
    texts = REASONS.get(action, REASONS[WITHDRAWN])
    return texts.get(language, texts["en"])


def rules_with(overrides: dict[str, PointRule]) -> dict[str, PointRule]:
    """The organisation's rules: its overrides over the defaults (unknown actions ignored)."""
    return {action: overrides.get(action, rule) for action, rule in DEFAULT_RULES.items()}


def points_for(rule: PointRule, earned_today: int) -> int:
    """What one more such action earns, given what this action already earned the member today."""
    return max(0, min(rule.points, rule.daily_cap - earned_today))


def earns_points(action: str, actor_id: str, beneficiary_id: str) -> bool:
    """Nothing for reacting to (or sharing, or spotlighting) your own work."""
    if action in (REACTION_GIVEN, REACTION_RECEIVED, SHARE_RECEIVED, POST_SPOTLIGHTED, MEMBER_SPOTLIGHTED):
        return actor_id != beneficiary_id
    return True


# Levels -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    number: int
    threshold: int  # experience points needed
    names: dict[str, str]  # nl, fr, en


# level  from points  nl / fr / en
LEVELS: tuple[Level, ...] = (
    Level(1, 0, {"nl": "Nieuwkomer", "fr": "Nouveau venu", "en": "Newcomer"}),
    Level(2, 50, {"nl": "Ontdekker", "fr": "Explorateur", "en": "Explorer"}),
    Level(3, 150, {"nl": "Leergierige", "fr": "Apprenant", "en": "Learner"}),
    Level(4, 400, {"nl": "Bijdrager", "fr": "Contributeur", "en": "Contributor"}),
    Level(5, 1000, {"nl": "Mentor", "fr": "Mentor", "en": "Mentor"}),
    Level(6, 2500, {"nl": "Expert", "fr": "Expert", "en": "Expert"}),
    Level(7, 6000, {"nl": "Meester", "fr": "Maître", "en": "Master"}),
)


def level_for(points: int) -> Level:
    reached = [level for level in LEVELS if points >= level.threshold]
    return reached[-1] if reached else LEVELS[0]


def next_level(level: Level) -> Level | None:
    return LEVELS[level.number] if level.number < len(LEVELS) else None


def level_name(number: int, language: str) -> str:
    level = LEVELS[min(max(number, 1), len(LEVELS)) - 1]
    return level.names.get(language, level.names["en"])


# Streaks ------------------------------------------------------------------------------------


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Streak:
    current: int = 0
    longest: int = 0
    last_day: date | None = None  # the last day with activity
    freeze_week: str | None = None  # the ISO week whose freeze was used last


def with_activity(streak: Streak, day: date) -> Streak:
    """The streak after activity on `day`. A single missed day is bridged once per ISO week (the
    missed day's week); activity on a day before the last one changes nothing."""
    last = streak.last_day
    if last is not None and day <= last:
        return streak
    if last is not None and day - last == timedelta(days=1):
        current, freeze_week = streak.current + 1, streak.freeze_week
    elif (
        last is not None
        and day - last == timedelta(days=2)
        and streak.freeze_week != iso_week(last + timedelta(days=1))
    ):
        current, freeze_week = streak.current + 1, iso_week(last + timedelta(days=1))
    else:
        current, freeze_week = 1, streak.freeze_week
    return replace(
        streak, current=current, longest=max(streak.longest, current), last_day=day, freeze_week=freeze_week
    )


def current_streak(streak: Streak, today: date) -> int:
    """The streak as shown today: still alive today if yesterday (or, with the week's freeze still
    unused, the day before) had activity; today can still be earned."""
    last = streak.last_day
    if last is None:
        return 0
    gap = (today - last).days
    if gap <= 1:
        return streak.current
    if gap == 2 and streak.freeze_week != iso_week(last + timedelta(days=1)):
        return streak.current
    return 0
