"""Method templates of an intervision session, as data: phases with their durations, what each
phase lets people do (`kind`), and instructions per role in nl, fr and en.

Kinds: `cases` (each member may bring in a case), `choose` (each member votes; leaving the phase
picks the case with most votes and makes its author the case owner), `notes` (members write:
questions, analysis, advice to the case owner, evaluation), `talk` (the group talks; nothing is
written). `actions` on a phase lets the case owner write the actions they take away.
Instructions are keyed by role: `member` for everyone, and `case_owner`, `facilitator`,
`timekeeper` where that role does something else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.errors import ValidationFailed

Texts = dict[str, str]  # language -> text
ROLES = ("member", "case_owner", "facilitator", "timekeeper")
KINDS = ("cases", "choose", "notes", "talk")


@dataclass(frozen=True)
class Phase:
    key: str
    kind: str
    minutes: int
    title: Texts
    instructions: dict[str, Texts]  # role -> language -> text
    actions: bool = False  # the case owner writes their actions in this phase


@dataclass(frozen=True)
class Method:
    key: str
    name: Texts
    phases: tuple[Phase, ...] = field(default_factory=tuple)

    @property
    def minutes(self) -> int:
        return sum(phase.minutes for phase in self.phases)


def _t(nl: str, fr: str, en: str) -> Texts:
    return {"nl": nl, "fr": fr, "en": en}


_BRING = Phase(
    "cases",
    "cases",
    10,
    _t("Casussen inbrengen", "Apporter des cas", "Bring in cases"),
    {
        "member": _t(
            "Breng kort een situatie uit je werk in waar je mee zit.",
            "Décrivez brièvement une situation de travail qui vous préoccupe.",
            "Briefly bring in a situation from your work that you are struggling with.",
        ),
        "facilitator": _t(
            "Zorg dat iedereen de kans krijgt een casus in te brengen.",
            "Veillez à ce que chacun puisse apporter un cas.",
            "Make sure everyone gets the chance to bring in a case.",
        ),
    },
)
_CHOOSE = Phase(
    "choose",
    "choose",
    5,
    _t("Eén casus kiezen", "Choisir un cas", "Choose one case"),
    {
        "member": _t(
            "Kies de casus waar de groep het meest aan heeft.",
            "Choisissez le cas dont le groupe tirera le plus.",
            "Choose the case the group will learn most from.",
        ),
        "facilitator": _t(
            "Ga verder als iedereen gekozen heeft: de casus met de meeste stemmen wint.",
            "Passez à la suite quand chacun a choisi : le cas le plus choisi l'emporte.",
            "Move on when everyone has chosen: the case with most votes is taken.",
        ),
    },
)
_EVALUATE = Phase(
    "evaluation",
    "notes",
    10,
    _t("Evaluatie en acties", "Évaluation et actions", "Evaluation and actions"),
    {
        "member": _t(
            "Wat neem je mee uit deze sessie?",
            "Que retenez-vous de cette séance ?",
            "What do you take away from this session?",
        ),
        "case_owner": _t(
            "Schrijf de acties op die je gaat ondernemen; ze komen terug in de volgende sessie.",
            "Notez les actions que vous allez entreprendre ; elles reviendront à la prochaine séance.",
            "Write down the actions you will take; they come back at the next session.",
        ),
    },
    actions=True,
)

INCIDENT = Method(
    "incident",
    _t("Incidentmethode", "Méthode de l'incident", "Incident method"),
    (
        _BRING,
        _CHOOSE,
        Phase(
            "questions",
            "notes",
            15,
            _t("Vragenronde: alleen feiten", "Tour de questions : les faits", "Question round: facts only"),
            {
                "member": _t(
                    "Stel vragen naar feiten, nog geen meningen of adviezen.",
                    "Posez des questions sur les faits, sans avis ni conseil.",
                    "Ask about facts only: no opinions or advice yet.",
                ),
                "case_owner": _t(
                    "Beantwoord de vragen met feiten.",
                    "Répondez aux questions par des faits.",
                    "Answer the questions with facts.",
                ),
                "timekeeper": _t(
                    "Bewaak de tijd en meld wanneer er nog twee minuten zijn.",
                    "Surveillez le temps et annoncez les deux dernières minutes.",
                    "Keep the time and call out the last two minutes.",
                ),
            },
        ),
        Phase(
            "analysis",
            "notes",
            15,
            _t("Analyse", "Analyse", "Analysis"),
            {
                "member": _t(
                    "Wat is hier eigenlijk het probleem? Deel je analyse.",
                    "Quel est le vrai problème ? Partagez votre analyse.",
                    "What is the real problem here? Share your analysis.",
                ),
                "case_owner": _t(
                    "Luister en noteer wat je raakt.",
                    "Écoutez et notez ce qui vous touche.",
                    "Listen, and note what strikes you.",
                ),
            },
        ),
        Phase(
            "advice",
            "notes",
            15,
            _t("Adviesronde", "Tour de conseils", "Advice round"),
            {
                "member": _t(
                    "Schrijf je advies aan de casusinbrenger.",
                    "Écrivez votre conseil à la personne qui a apporté le cas.",
                    "Write your advice to the case owner.",
                ),
                "case_owner": _t(
                    "Lees de adviezen; je hoeft nog niet te reageren.",
                    "Lisez les conseils ; inutile d'y répondre déjà.",
                    "Read the advice; you do not need to respond yet.",
                ),
            },
        ),
        _EVALUATE,
    ),
)

BALINT = Method(
    "balint",
    _t("Balintmethode", "Méthode Balint", "Balint method"),
    (
        _BRING,
        _CHOOSE,
        Phase(
            "story",
            "talk",
            10,
            _t("Het verhaal", "Le récit", "The story"),
            {
                "member": _t(
                    "Luister naar het verhaal zonder te onderbreken.",
                    "Écoutez le récit sans interrompre.",
                    "Listen to the story without interrupting.",
                ),
                "case_owner": _t(
                    "Vertel je verhaal zoals jij het beleefde.",
                    "Racontez votre histoire telle que vous l'avez vécue.",
                    "Tell your story as you lived it.",
                ),
            },
        ),
        Phase(
            "questions",
            "notes",
            10,
            _t("Verhelderende vragen", "Questions de clarification", "Clarifying questions"),
            {
                "member": _t(
                    "Stel alleen verhelderende vragen.",
                    "Posez seulement des questions de clarification.",
                    "Ask clarifying questions only.",
                ),
            },
        ),
        Phase(
            "associations",
            "notes",
            20,
            _t("Associaties van de groep", "Associations du groupe", "The group's associations"),
            {
                "member": _t(
                    "Deel gevoelens, beelden en gedachten die het verhaal oproept.",
                    "Partagez les sentiments, images et pensées que le récit évoque.",
                    "Share the feelings, images and thoughts the story brings up.",
                ),
                "case_owner": _t(
                    "Schuif even achteruit en luister alleen.",
                    "Reculez un peu et écoutez seulement.",
                    "Step back and only listen.",
                ),
            },
        ),
        Phase(
            "reflection",
            "talk",
            10,
            _t("Terugkoppeling", "Retour", "The case owner reflects"),
            {
                "member": _t("Luister.", "Écoutez.", "Listen."),
                "case_owner": _t(
                    "Vertel wat je geraakt heeft.",
                    "Dites ce qui vous a touché.",
                    "Say what touched you.",
                ),
            },
        ),
        _EVALUATE,
    ),
)

METHODS: dict[str, Method] = {INCIDENT.key: INCIDENT, BALINT.key: BALINT}
DEFAULT_METHOD = INCIDENT.key


def method_of(key: str) -> Method:
    method = METHODS.get(key)
    if method is None:
        raise ValidationFailed(f"No method template {key!r}: use one of {', '.join(METHODS)}.")
    return method
