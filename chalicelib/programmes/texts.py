"""The texts the system writes into a pair's space: a short guide per check-in session."""

from __future__ import annotations

LANGUAGES = ("nl", "fr", "en")

# Session n (1-based) -> language -> the guide posted in the pair's space.
CHECK_IN_GUIDES: tuple[dict[str, str], ...] = (
    {
        "nl": "Check-in 1: maak kennis. Wat wil je elk bereiken, en hoe vaak spreken jullie af?",
        "fr": ("Point 1 : faites connaissance. Que voulez-vous atteindre, et à quel rythme vous voir ?"),
        "en": (
            "Check-in 1: get to know each other. What do you each want to reach, and how often will you meet?"
        ),
    },
    {
        "nl": "Check-in 2: wat lukte er sinds de vorige keer? Kies samen één ding om te oefenen.",
        "fr": (
            "Point 2 : qu'avez-vous réussi depuis la dernière fois ? "
            "Choisissez ensemble une chose à pratiquer."
        ),
        "en": "Check-in 2: what went well since last time? Pick one thing to practise together.",
    },
    {
        "nl": "Check-in 3: kijk terug. Wat neem je mee? Rond af met feedback aan elkaar.",
        "fr": "Point 3 : faites le bilan. Que retenez-vous ? Terminez par un retour mutuel.",
        "en": "Check-in 3: look back. What do you take with you? End with feedback to each other.",
    },
)


def check_in_guide(session: int, language: str) -> str:
    guide = CHECK_IN_GUIDES[min(max(session, 1), len(CHECK_IN_GUIDES)) - 1]
    return guide.get(language, guide["en"])
