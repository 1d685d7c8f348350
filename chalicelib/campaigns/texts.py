"""What campaigns write on the wall, in Dutch, French and English. Plain Python, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from chalicelib.campaigns.rules import LANGUAGES, pick_text, to_local


@dataclass(frozen=True)
class Winner:
    rank: int
    name: str
    points: int


@dataclass(frozen=True)
class Hardest:
    prompts: dict[str, str]  # by language: the author's, and the nl/fr/en variants it has
    share_correct: float  # 0..1


def local_time(moment: datetime, timezone: str) -> str:
    """23/12/2026 17:00 in the organisation's time zone."""
    return to_local(moment, timezone).strftime("%d/%m/%Y %H:%M")


_OPENED = {
    "nl": "“{title}” is begonnen! Doe mee tot {closes}.",
    "fr": "« {title} » a commencé ! Participez jusqu'au {closes}.",
    "en": "“{title}” has started! Take part until {closes}.",
}
_RECAP_HEAD = {
    "nl": "“{title}” is afgelopen: {count} deelnemers.",
    "fr": "« {title} » est terminé : {count} participants.",
    "en": "“{title}” is over: {count} took part.",
}
_WINNERS = {"nl": "Winnaars:", "fr": "Gagnants :", "en": "Winners:"}
_NO_WINNERS = {
    "nl": "Niemand scoorde punten.",
    "fr": "Personne n'a marqué de points.",
    "en": "Nobody scored.",
}
_POINTS = {"nl": "punten", "fr": "points", "en": "points"}
_HARDEST = {
    "nl": "De moeilijkste vraag: “{prompt}” ({share}% juist).",
    "fr": "La question la plus difficile : « {prompt} » ({share} % de bonnes réponses).",
    "en": "The hardest question: “{prompt}” ({share}% right).",
}


def opened_texts(titles: dict[str, str], closes_at: datetime, timezone: str) -> dict[str, str]:
    closes = local_time(closes_at, timezone)
    return {lang: _OPENED[lang].format(title=pick_text(titles, lang), closes=closes) for lang in LANGUAGES}


def recap_texts(
    titles: dict[str, str], participants: int, winners: Sequence[Winner], hardest: Hardest | None
) -> dict[str, str]:
    """The recap: how many took part, the top (opted-out members are not among `winners`), the hardest
    question."""
    result: dict[str, str] = {}
    for lang in LANGUAGES:
        lines = [_RECAP_HEAD[lang].format(title=pick_text(titles, lang), count=participants)]
        if winners:
            lines.append(_WINNERS[lang])
            lines.extend(f"{w.rank}. {w.name} ({w.points} {_POINTS[lang]})" for w in winners)
        else:
            lines.append(_NO_WINNERS[lang])
        if hardest is not None:
            share = round(hardest.share_correct * 100)
            prompt = pick_text(hardest.prompts, lang)
            lines.append(_HARDEST[lang].format(prompt=prompt, share=share))
        result[lang] = "\n".join(lines)
    return result
