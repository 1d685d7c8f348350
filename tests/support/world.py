"""Organisations with members, a community and a post, built through the real use cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalicelib import bootstrap
from chalicelib.communities import membership
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.gamification import badges, catalogue
from chalicelib.identity import use_cases as identity
from chalicelib.identity.use_cases import NewMember
from chalicelib.ids import new_id, utc_now
from chalicelib.principal import Principal, Role
from chalicelib.store import keys, notifications
from chalicelib.store.models import CampaignItem
from chalicelib.teams import use_cases as teams
from chalicelib.wall import comments, posts
from chalicelib.wall.posts import PostDraft
from local import emulator
from tests.support.media import VTT_BYTES, WEBM_BYTES, upload_ready_media
from tests.support.programmes import make_pair, make_programme
from tests.support.stack import DEMO_PASSWORD, unique
from tests.support.tokens import sign_in


@dataclass(frozen=True)
class Person:
    email: str
    user_id: str
    token: str
    roles: frozenset[Role]

    def principal(self, org_id: str) -> Principal:
        return Principal(org_id=org_id, user_id=self.user_id, email=self.email, roles=self.roles)


@dataclass
class OrgWorld:
    org_id: str
    admin: Person
    manager: Person
    learner: Person
    community_id: str
    post_id: str
    comment_id: str
    markers: set[str] = field(default_factory=set)
    media_id: str = ""  # a ready image of the learner, attached to the post
    notification_id: str = ""  # one in the learner's inbox
    team_id: str = ""  # a team with the learner in it
    badge_id: str = ""  # a manual badge of the organisation's own (not a default: those are in every org)
    question_id: str = ""  # a published question of the bank
    quiz_id: str = ""  # a published practice quiz of that question
    campaign_id: str = ""  # an open quiz campaign of that quiz, for the whole organisation
    lesson_id: str = ""  # a published lesson of the community, asking that question
    card_id: str = ""  # that lesson's question card
    video_id: str = ""  # a published interactive video of the community, asking that question at a cue
    question_post_id: str = ""  # a question the learner asked in the community (a post of kind question)
    answer_id: str = ""  # the manager's answer to it; the question is also a content request
    workshop_id: str = ""  # a coming workshop of the community, the learner has a place
    programme_id: str = ""  # a buddy programme of the organisation
    pair_id: str = ""  # a pair of it: the learner and the manager, with a secret in its space

    def sample_ids(self) -> dict[str, str]:
        """A value of this organisation for each kind of id a route path can name."""
        return {
            "org_id": self.org_id,
            "user_id": self.learner.user_id,
            "community_id": self.community_id,
            "post_id": self.post_id,
            "comment_id": self.comment_id,
            "media_id": self.media_id,
            "notification_id": self.notification_id,
            "team_id": self.team_id,
            "badge_id": self.badge_id,
            "question_id": self.question_id,
            "quiz_id": self.quiz_id,
            "campaign_id": self.campaign_id,
            "lesson_id": self.lesson_id,
            "content_id": self.lesson_id,  # lessons and videos share their feedback routes
            "card_id": self.card_id,
            "video_id": self.video_id,
            "cue_id": VIDEO_QUESTION_CUE,
            "workshop_id": self.workshop_id,
            "programme_id": self.programme_id,
            "pair_id": self.pair_id,
            # Intervision needs four people: the trust world builds a real group (support/trust.py).
            "group_id": "no-such-group",
            "session_id": "no-such-session",
            "action_id": "no-such-action",
            "language": "nl",
            "answer_id": self.answer_id,
            "request_id": self.question_post_id,  # content requests are named by their question
        }

    def path_samples(self, path: str) -> dict[str, str]:
        """`sample_ids` for a route path: under /questions/, {post_id} is the world's question."""
        samples = self.sample_ids()
        if "/questions/{post_id}" in path:
            samples["post_id"] = self.question_post_id
        return samples


def _person(resources: emulator.LocalResources, org_id: str, role: str, admin: bool = False) -> Person:
    directory = bootstrap.user_directory()
    email = f"{role}.{unique('p')}@{org_id}.kring.test"
    if admin:
        new = NewMember(email, f"Admin of {org_id}", ["org_admin"], "en", "Europe/Brussels")
        _, member = identity.onboard_organisation(
            directory, org_id, f"Organisation {org_id}", new, "Europe/Brussels", "en"
        )
    else:
        roles = [role] if role != "learner" else []
        new = NewMember(email, f"{role} of {org_id}", roles, "nl", "Europe/Brussels")
        member = identity.invite_member(directory, org_id, new)
    directory.set_permanent_password(member.user_id, DEMO_PASSWORD)
    token = sign_in(resources, email, DEMO_PASSWORD)
    return Person(email, member.user_id, token, frozenset(Role(r) for r in member.roles))


def build_org(resources: emulator.LocalResources, prefix: str = "org") -> OrgWorld:
    org_id = unique(prefix)
    admin = _person(resources, org_id, "org_admin", admin=True)
    manager = _person(resources, org_id, "community_manager")
    learner = _person(resources, org_id, "learner")
    secret_name = unique("secret-community")
    community = communities.create_community(
        manager.principal(org_id),
        NewCommunity(secret_name, "Only for " + org_id, "Goal of " + org_id, ["digital"], "organisation"),
    )
    membership.join(learner.principal(org_id), community.community_id)
    secret_body = unique("secret-post-body")
    media_id = upload_ready_media(learner.principal(org_id))
    post = posts.publish_post(
        learner.principal(org_id), community.community_id, PostDraft(secret_body, [], [media_id])
    )
    comment = comments.add_comment(
        learner.principal(org_id), community.community_id, post.post_id, secret_body
    )
    note_id = f"{community.community_id}-j1"  # notifications come from the stream consumer; one, directly
    note = notifications.new_note(org_id, learner.user_id, note_id, kind="join_approved", language="nl")
    notifications.deliver(note)
    team_name = unique("secret-team")
    team = teams.create_team(admin.principal(org_id), team_name, "Only for " + org_id)
    teams.put_member_in_team(admin.principal(org_id), team.team_id, learner.user_id)
    badge_id = f"{org_id}-hero"
    names = {lang: f"Hero of {org_id}" for lang in badges.LANGUAGES}
    own_badge = badges.Badge(badge_id, names, names, badges.ManualRule())
    catalogue.create_badge(admin.principal(org_id), own_badge)
    question_id, quiz_id, campaign_id = _quiz_world(admin.principal(org_id), secret_name)
    lesson_title = unique("secret-lesson")
    lesson_id = _lesson_world(manager.principal(org_id), community.community_id, question_id, lesson_title)
    video_title = unique("secret-video")
    video_id = _video_world(manager.principal(org_id), community.community_id, question_id, video_title)
    question_body = unique("secret-question") + "?"
    question_post_id, answer_id = _qa_world(learner, manager, org_id, community.community_id, question_body)
    workshop_title = unique("secret-workshop")
    workshop_id = _workshop_world(
        manager.principal(org_id), learner.principal(org_id), community.community_id, workshop_title
    )
    programme_name = unique("secret-programme")
    programme_id = make_programme(manager.principal(org_id), programme_name)
    pair_secret = unique("secret-pair-message")
    pair_id = make_pair(org_id, programme_id, learner.user_id, manager.user_id, pair_secret)
    markers = {
        workshop_title,
        workshop_id,
        org_id,
        admin.user_id,
        manager.user_id,
        learner.user_id,
        admin.email,
        learner.email,
        manager.email,
        community.community_id,
        post.post_id,
        comment.comment_id,
        media_id,
        secret_name,
        secret_body,
        team.team_id,
        team_name,
        lesson_id,
        lesson_title,
        video_id,
        video_title,
        question_post_id,
        question_body,
        programme_name,
        pair_secret,
    }
    return OrgWorld(
        org_id,
        admin,
        manager,
        learner,
        community.community_id,
        post.post_id,
        comment.comment_id,
        markers,
        media_id,
        note_id,
        team_id=team.team_id,
        badge_id=badge_id,
        question_id=question_id,
        quiz_id=quiz_id,
        campaign_id=campaign_id,
        lesson_id=lesson_id,
        card_id=LESSON_QUESTION_CARD,
        video_id=video_id,
        question_post_id=question_post_id,
        answer_id=answer_id,
        workshop_id=workshop_id,
        programme_id=programme_id,
        pair_id=pair_id,
    )


def _qa_world(asker: Person, answerer: Person, org_id: str, community_id: str, body: str) -> tuple[str, str]:
    """A question of the learner, a content request for it (made directly: requests come by
    schedule), and the manager's answer."""
    from chalicelib.qa import answers, escalation, questions

    question = questions.ask(asker.principal(org_id), community_id, body, [])
    escalation.open_content_request(org_id, community_id, question.post_id)
    answer = answers.answer(answerer.principal(org_id), community_id, question, "An answer to " + body)
    return question.post_id, answer.answer_id


LESSON_QUESTION_CARD = "q1"


def _workshop_world(organiser: Principal, learner: Principal, community_id: str, title: str) -> str:
    """A workshop of the community next week, two places, the learner has one."""
    from chalicelib.workshops import planning, rsvps

    plan = planning.Plan(
        title=title,
        description="Bring a case",
        place="Room 1",
        online_url=None,
        starts_local=(utc_now() + timedelta(days=7)).replace(tzinfo=None, second=0, microsecond=0),
        duration=timedelta(hours=1),
        capacity=2,
        rsvp_closes_before=timedelta(0),
    )
    (workshop,) = planning.create_series(organiser, community_id, plan)
    rsvps.rsvp(learner, community_id, workshop.workshop_id)
    return str(workshop.workshop_id)


def _lesson_world(author: Principal, community_id: str, question_id: str, title: str) -> str:
    """A published lesson of the community: a content card and a card asking the question."""
    from chalicelib.learning import lessons

    form = lessons.LessonForm(
        language="en",
        variants={"en": {"title": title, "summary": "", "body": ""}},
        cards=[
            {"id": "intro", "type": "content", "texts": {"en": {"text": "Read this first."}}},
            {"id": LESSON_QUESTION_CARD, "type": "question", "question_id": question_id},
        ],
    )
    head = lessons.create(author, community_id, form)
    lessons.publish(author, head.content_id, major=False)
    return str(head.content_id)


VIDEO_QUESTION_CUE = "q1"


def _video_world(author: Principal, community_id: str, question_id: str, title: str) -> str:
    """A published interactive video of the community with Dutch captions and a required question."""
    from chalicelib.learning import videos

    form = videos.VideoForm(
        language="en",
        variants={"en": {"title": title, "summary": "", "body": ""}},
        video={
            "media_id": upload_ready_media(author, WEBM_BYTES, "video/webm", "clip.webm"),
            "duration": 60,
            "captions": {"nl": upload_ready_media(author, VTT_BYTES, "text/vtt", "clip.nl.vtt")},
            "cues": [
                {
                    "cue_id": VIDEO_QUESTION_CUE,
                    "kind": "question",
                    "at": 10,
                    "required": True,
                    "question_id": question_id,
                }
            ],
        },
    )
    head = videos.create(author, community_id, form)
    videos.publish(author, head.content_id, major=False)
    return str(head.content_id)


def _quiz_world(author: Principal, secret: str) -> tuple[str, str, str]:
    """A published question, a published practice quiz of it, and an open quiz campaign (made
    directly: campaigns open by schedule)."""
    from chalicelib.quizzes import bank

    question = bank.create_question(
        author,
        {
            "kind": "single",
            "language_code": "en",
            "prompt": f"Which community is {secret}?",
            "options": [{"text": "This one", "correct": True}, {"text": "Another one"}],
            "explanation": "It is this one.",
        },
    )
    bank.publish_question(author, question.question_id)
    form = {
        "title": f"Quiz of {author.org_id}",
        "description": "",
        "language_code": "en",
        "question_ids": [question.question_id],
        "seconds_per_question": 30,
        "points_per_question": 10,
        "speed_bonus": True,
        "speed_bonus_max": 5,
        "accessible": False,
        "practice": True,
    }
    quiz = bank.create_quiz(author, form)
    bank.publish_quiz(author, quiz.quiz_id)
    now = utc_now()
    campaign_id = save_quiz_campaign(
        author,
        quiz.quiz_id,
        audience="organisation",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
        status="open",
    )
    return question.question_id, quiz.quiz_id, campaign_id


def save_quiz_campaign(
    author: Principal,
    quiz_id: str,
    *,
    audience: str,
    opens_at: datetime,
    closes_at: datetime,
    status: str,
    community_id: str | None = None,
) -> str:
    """A quiz campaign item, saved directly (campaigns open by schedule); its id."""
    campaign_id = new_id()
    CampaignItem(
        keys.campaigns_pk(author.org_id),
        keys.campaign_sk(campaign_id),
        org_id=author.org_id,
        campaign_id=campaign_id,
        kind="quiz",
        titles='{"nl": "Quiz", "fr": "Quiz", "en": "Quiz"}',
        quiz_id=quiz_id,
        audience=audience,
        community_id=community_id,
        timezone="Europe/Brussels",
        opens_at=opens_at,
        closes_at=closes_at,
        status=status,
        opened_at=opens_at if status == "open" else None,
        created_by=author.user_id,
        created_at=utc_now(),
    ).save()
    return campaign_id
