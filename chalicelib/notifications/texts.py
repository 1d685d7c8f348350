"""The texts of notifications, in Dutch, French and English.

Notifications store what happened (kind, actor, counts, the community's name) and the
recipient's language when they were written; the sentence is rendered when the inbox is read.
"""

from __future__ import annotations

LANGUAGES = ("nl", "fr", "en")
FALLBACK_LANGUAGE = "en"

MENTION = "mention"
COMMENT_ON_YOUR_POST = "comment_on_your_post"
COMMENT_ON_FOLLOWED_POST = "comment_on_followed_post"
REPLY_TO_YOUR_COMMENT = "reply_to_your_comment"
REACTION_DIGEST = "reaction_digest"
POST_SPOTLIGHTED = "post_spotlighted"
MEMBER_SPOTLIGHTED = "member_spotlighted"
JOIN_APPROVED = "join_approved"
LEVEL_UP = "level_up"
BADGE_AWARDED = "badge_awarded"
CAMPAIGN_OPENED = "campaign_opened"
CAMPAIGN_REMINDER = "campaign_reminder"
CONTENT_MODERATED = "content_moderated"
LEARNING_REVIEW_DUE = "learning_review_due"
CONTENT_OUTDATED = "content_outdated"  # a learner said a lesson or video is outdated (its authors)
REFRESHERS_DUE = "refreshers_due"  # the daily reminder (refreshers/reminders.py); actor_count: how many
QUESTION_FOR_YOU = "question_for_you"  # a question tagged with a skill of the recipient's (chalicelib/qa)
QUESTION_ESCALATED = "question_escalated"  # nobody answered in time: more people are asked
ANSWER_TO_YOUR_QUESTION = "answer_to_your_question"
ANSWER_ACCEPTED = "answer_accepted"
WORKSHOP_PROMOTED = "workshop_promoted"  # a place came free: the waitlist's head has it now
WORKSHOP_REMINDER = "workshop_reminder"  # a day and an hour before a workshop one has a place at
WORKSHOP_CANCELLED = "workshop_cancelled"  # the organiser cancelled a workshop one answered
PAIR_PUBLISHED = "pair_published"  # a programme's pairs are published; content_title: the programme
PAIR_CHECK_IN = "pair_check_in"  # a check-in prompt in the pair's space
INTERVISION_SESSION_SOON = "intervision_session_soon"  # a day before a session; content_title: the group
MODERATED_ACTIONS = ("hide", "remove")  # what a moderator did that the author is told about

KINDS = (
    MENTION,
    COMMENT_ON_YOUR_POST,
    COMMENT_ON_FOLLOWED_POST,
    REPLY_TO_YOUR_COMMENT,
    REACTION_DIGEST,
    POST_SPOTLIGHTED,
    MEMBER_SPOTLIGHTED,
    JOIN_APPROVED,
    LEVEL_UP,
    BADGE_AWARDED,
    CAMPAIGN_OPENED,
    CAMPAIGN_REMINDER,
    CONTENT_MODERATED,
    LEARNING_REVIEW_DUE,
    REFRESHERS_DUE,
    CONTENT_OUTDATED,
    QUESTION_FOR_YOU,
    QUESTION_ESCALATED,
    ANSWER_TO_YOUR_QUESTION,
    ANSWER_ACCEPTED,
    WORKSHOP_PROMOTED,
    WORKSHOP_REMINDER,
    WORKSHOP_CANCELLED,
    PAIR_PUBLISHED,
    PAIR_CHECK_IN,
    INTERVISION_SESSION_SOON,
)

# Message key -> language -> template.
# Placeholders: {actor}, {others}, {community}, {level}, {level_name}, {badge}, {campaign}, {reason},
# {content}.
TEXTS: dict[str, dict[str, str]] = {
    "mention.post": {
        "nl": "{actor} heeft je vermeld in een bericht",
        "fr": "{actor} vous a mentionné dans une publication",
        "en": "{actor} mentioned you in a post",
    },
    "mention.comment": {
        "nl": "{actor} heeft je vermeld in een reactie",
        "fr": "{actor} vous a mentionné dans un commentaire",
        "en": "{actor} mentioned you in a comment",
    },
    COMMENT_ON_YOUR_POST: {
        "nl": "{actor} heeft gereageerd op je bericht",
        "fr": "{actor} a commenté votre publication",
        "en": "{actor} commented on your post",
    },
    COMMENT_ON_FOLLOWED_POST: {
        "nl": "{actor} heeft gereageerd op een bericht dat je volgt",
        "fr": "{actor} a commenté une publication que vous suivez",
        "en": "{actor} commented on a post you follow",
    },
    REPLY_TO_YOUR_COMMENT: {
        "nl": "{actor} heeft geantwoord op je reactie",
        "fr": "{actor} a répondu à votre commentaire",
        "en": "{actor} replied to your comment",
    },
    "reaction_digest.post.one": {
        "nl": "{actor} heeft gereageerd op je bericht",
        "fr": "{actor} a réagi à votre publication",
        "en": "{actor} reacted to your post",
    },
    "reaction_digest.post.two": {
        "nl": "{actor} en 1 ander hebben gereageerd op je bericht",
        "fr": "{actor} et 1 autre personne ont réagi à votre publication",
        "en": "{actor} and 1 other reacted to your post",
    },
    "reaction_digest.post.many": {
        "nl": "{actor} en {others} anderen hebben gereageerd op je bericht",
        "fr": "{actor} et {others} autres personnes ont réagi à votre publication",
        "en": "{actor} and {others} others reacted to your post",
    },
    "reaction_digest.comment.one": {
        "nl": "{actor} heeft gereageerd op je reactie",
        "fr": "{actor} a réagi à votre commentaire",
        "en": "{actor} reacted to your comment",
    },
    "reaction_digest.comment.two": {
        "nl": "{actor} en 1 ander hebben gereageerd op je reactie",
        "fr": "{actor} et 1 autre personne ont réagi à votre commentaire",
        "en": "{actor} and 1 other reacted to your comment",
    },
    "reaction_digest.comment.many": {
        "nl": "{actor} en {others} anderen hebben gereageerd op je reactie",
        "fr": "{actor} et {others} autres personnes ont réagi à votre commentaire",
        "en": "{actor} and {others} others reacted to your comment",
    },
    POST_SPOTLIGHTED: {
        "nl": "Je bericht staat in de kijker in {community}",
        "fr": "Votre publication est mise en avant dans {community}",
        "en": "Your post is in the spotlight in {community}",
    },
    MEMBER_SPOTLIGHTED: {
        "nl": "Je staat in de kijker in {community}",
        "fr": "Vous êtes mis en avant dans {community}",
        "en": "You are in the spotlight in {community}",
    },
    JOIN_APPROVED: {
        "nl": "Je bent nu lid van {community}",
        "fr": "Vous êtes maintenant membre de {community}",
        "en": "You are now a member of {community}",
    },
    LEVEL_UP: {
        "nl": "Je bent nu niveau {level}: {level_name}",
        "fr": "Vous avez atteint le niveau {level} : {level_name}",
        "en": "You reached level {level}: {level_name}",
    },
    BADGE_AWARDED: {
        "nl": "Je kreeg de badge “{badge}”",
        "fr": "Vous avez reçu le badge « {badge} »",
        "en": "You earned the badge “{badge}”",
    },
    CAMPAIGN_OPENED: {
        "nl": "“{campaign}” is begonnen: doe mee!",
        "fr": "« {campaign} » a commencé : participez !",
        "en": "“{campaign}” has started: take part!",
    },
    CAMPAIGN_REMINDER: {
        "nl": "Nog even: “{campaign}” sluit binnenkort",
        "fr": "Plus que quelques heures : « {campaign} » se termine bientôt",
        "en": "Not long now: “{campaign}” closes soon",
    },
    LEARNING_REVIEW_DUE: {
        "nl": "Tijd om “{content}” na te kijken: is het nog juist?",
        "fr": "Il est temps de relire « {content} » : est-ce toujours exact ?",
        "en": "Time to review “{content}”: is it still right?",
    },
    "content_moderated.hide.post": {
        "nl": "Een moderator heeft je bericht in {community} verborgen: {reason}",
        "fr": "Un modérateur a masqué votre publication dans {community} : {reason}",
        "en": "A moderator hid your post in {community}: {reason}",
    },
    "content_moderated.hide.comment": {
        "nl": "Een moderator heeft je reactie in {community} verborgen: {reason}",
        "fr": "Un modérateur a masqué votre commentaire dans {community} : {reason}",
        "en": "A moderator hid your comment in {community}: {reason}",
    },
    "content_moderated.remove.post": {
        "nl": "Een moderator heeft je bericht in {community} verwijderd: {reason}",
        "fr": "Un modérateur a supprimé votre publication dans {community} : {reason}",
        "en": "A moderator removed your post in {community}: {reason}",
    },
    "content_moderated.remove.comment": {
        "nl": "Een moderator heeft je reactie in {community} verwijderd: {reason}",
        "fr": "Un modérateur a supprimé votre commentaire dans {community} : {reason}",
        "en": "A moderator removed your comment in {community}: {reason}",
    },
    CONTENT_OUTDATED: {
        "nl": "Een lerende vindt “{content}” verouderd: kijk het na in je takenlijst",
        "fr": "Un apprenant trouve « {content} » dépassé : voyez votre liste de tâches",
        "en": "A learner says “{content}” is outdated: see your to-do list",
    },
    "workshop_promoted": {
        "nl": "Er kwam een plaats vrij: je bent erbij op “{content}”",
        "fr": "Une place s'est libérée : vous participez à « {content} »",
        "en": "A place came free: you are in for “{content}”",
    },
    "workshop_reminder": {
        "nl": "Binnenkort: “{content}”",
        "fr": "Bientôt : « {content} »",
        "en": "Coming up: “{content}”",
    },
    "workshop_cancelled": {
        "nl": "“{content}” gaat niet door",
        "fr": "« {content} » est annulé",
        "en": "“{content}” is cancelled",
    },
    INTERVISION_SESSION_SOON: {
        "nl": "Morgen is er intervisie met {content}",
        "fr": "Demain, séance d'intervision avec {content}",
        "en": "Intervision with {content} is tomorrow",
    },
    "refreshers_due.one": {
        "nl": "1 opfrisser staat klaar voor vandaag",
        "fr": "1 rappel vous attend aujourd'hui",
        "en": "1 refresher is due today",
    },
    "refreshers_due.many": {
        "nl": "{count} opfrissers staan klaar voor vandaag",
        "fr": "{count} rappels vous attendent aujourd'hui",
        "en": "{count} refreshers are due today",
    },
    "pair_published": {
        "nl": "Je hebt een koppel in {content}: zeg hallo in jullie ruimte",
        "fr": "Vous avez un binôme dans {content} : dites bonjour dans votre espace",
        "en": "You have a pair in {content}: say hello in your space",
    },
    "pair_check_in": {
        "nl": "Tijd voor een check-in in {content}",
        "fr": "C'est l'heure d'un point dans {content}",
        "en": "Time for a check-in in {content}",
    },
}

TEXTS.update(
    {
        QUESTION_FOR_YOU: {
            "nl": "{actor} stelt een vraag voor jou in {community}: {content}",
            "fr": "{actor} pose une question pour vous dans {community} : {content}",
            "en": "{actor} asks a question for you in {community}: {content}",
        },
        QUESTION_ESCALATED: {
            "nl": "Nog niemand beantwoordde deze vraag in {community}: {content}",
            "fr": "Personne n'a encore répondu à cette question dans {community} : {content}",
            "en": "Nobody has answered this question in {community} yet: {content}",
        },
        ANSWER_TO_YOUR_QUESTION: {
            "nl": "{actor} beantwoordde je vraag: {content}",
            "fr": "{actor} a répondu à votre question : {content}",
            "en": "{actor} answered your question: {content}",
        },
        ANSWER_ACCEPTED: {
            "nl": "Je antwoord werd aanvaard: {content}",
            "fr": "Votre réponse a été acceptée : {content}",
            "en": "Your answer was accepted: {content}",
        },
    }
)

# Who did it, when the actor's name is unknown (e.g. a profile without a display name).
SOMEONE = {"nl": "Iemand", "fr": "Quelqu'un", "en": "Someone"}
A_COMMUNITY = {"nl": "een community", "fr": "une communauté", "en": "a community"}
A_BADGE = {"nl": "een badge", "fr": "un badge", "en": "a badge"}
A_CAMPAIGN = {"nl": "een campagne", "fr": "une campagne", "en": "a campaign"}
A_LESSON = {"nl": "je leerinhoud", "fr": "votre contenu", "en": "your content"}
NO_REASON = {"nl": "geen reden opgegeven", "fr": "aucun motif donné", "en": "no reason given"}


def message_keys(kind: str) -> list[str]:
    """The message keys a kind can be rendered with."""
    if kind == MENTION:
        return ["mention.post", "mention.comment"]
    if kind == REACTION_DIGEST:
        return [
            f"reaction_digest.{target}.{n}" for target in ("post", "comment") for n in ("one", "two", "many")
        ]
    if kind == CONTENT_MODERATED:
        return [f"{kind}.{action}.{target}" for action in MODERATED_ACTIONS for target in ("post", "comment")]
    if kind == REFRESHERS_DUE:
        return [f"{kind}.one", f"{kind}.many"]
    return [kind]


def _message_key(kind: str, target_kind: str | None, actor_count: int, action: str | None) -> str:
    target = "comment" if target_kind == "comment" else "post"
    if kind == CONTENT_MODERATED:
        return f"{kind}.{'remove' if action == 'remove' else 'hide'}.{target}"
    if kind == MENTION:
        return f"mention.{target}"
    if kind == REFRESHERS_DUE:
        return f"{kind}.{'one' if actor_count <= 1 else 'many'}"
    if kind == REACTION_DIGEST:
        size = "one" if actor_count <= 1 else "two" if actor_count == 2 else "many"
        return f"reaction_digest.{target}.{size}"
    return kind


def render(
    kind: str,
    language: str,
    *,
    actor_name: str | None = None,
    actor_count: int = 1,
    target_kind: str | None = None,
    community_name: str | None = None,
    level: int | None = None,
    badge_name: str | None = None,
    campaign_title: str | None = None,
    action: str | None = None,
    reason: str | None = None,
    content_title: str | None = None,
) -> str:
    """The sentence shown for a notification, in `language` (English when it is not one we have)."""
    lang = language if language in LANGUAGES else FALLBACK_LANGUAGE
    templates = TEXTS.get(_message_key(kind, target_kind, actor_count, action))
    if templates is None:
        raise ValueError(f"no texts for notification kind {kind!r}")
    return templates[lang].format(
        actor=actor_name or SOMEONE[lang],
        others=max(actor_count - 1, 0),
        count=actor_count,
        community=community_name or A_COMMUNITY[lang],
        level=level or 1,
        level_name=_level_name(level or 1, lang),
        badge=badge_name or A_BADGE[lang],
        campaign=campaign_title or A_CAMPAIGN[lang],
        reason=reason or NO_REASON[lang],
        content=content_title or A_LESSON[lang],
    )


def _level_name(level: int, language: str) -> str:
    from chalicelib.gamification.rules import level_name

    return level_name(level, language)
