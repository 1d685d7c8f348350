"""/v1/lessons: authors (mentors and experts, community managers, org admins, a community's
mentors and moderators) write a lesson, ask a second expert to review it, publish it (a major
change starts learners over) and archive it. The working copy is for its authors, its reviewer
and the managers of its scope; anyone else is told it does not exist. Learners' routes are in
lesson_play.py; the library and workbench lists in learning.py."""

from __future__ import annotations

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.lesson_models import (
    LearningPublishIn,
    LessonChangeIn,
    LessonDraft,
    LessonIn,
    LessonLanguageQuery,
    LessonProgress,
    LessonView,
    lesson_view,
)
from chalicelib.api.relations import Relation
from chalicelib.api.review_models import LearningReviewDecisionIn, LearningReviewRequestIn
from chalicelib.learning import content, lessons
from chalicelib.learning.items import variants_of
from chalicelib.learning.lessons import LessonForm
from chalicelib.learning.rules import variant_for

api = Api(__name__, tag="lessons")


def _form(body: LessonIn | LessonChangeIn) -> LessonForm:
    return LessonForm(
        language=body.language,
        variants={lang: texts.model_dump() for lang, texts in body.variants.items()},
        cards=[
            card.model_dump(exclude_none=True)
            | {"texts": {lang: t.model_dump(exclude_none=True) for lang, t in card.texts.items()}}
            for card in body.cards
        ],
        skill_tags=body.skill_tags,
        estimated_minutes=body.estimated_minutes,
        review_on=body.review_on,
        co_author_ids=body.co_author_ids,
    )


@api.route(
    "/v1/lessons",
    "POST",
    operation_id="createLesson",
    relation=Relation.ORG_MEMBER,
    summary="Write a lesson (a draft) in a community or in the organisation's library",
    request=LessonIn,
    response=LessonDraft,
    status=201,
    idempotent=True,
)
def create_lesson(request: ApiRequest) -> Created:
    body: LessonIn = request.body
    item = lessons.create(request.principal, body.community_id, _form(body))
    return Created(LessonDraft.of(item), f"/v1/lessons/{item.content_id}/draft")


@api.route(
    "/v1/lessons/{lesson_id}/draft",
    "GET",
    operation_id="getLessonDraft",
    relation=Relation.ORG_MEMBER,
    summary="A lesson's working copy (its authors, its reviewer, the managers of its scope)",
    response=LessonDraft,
)
def get_lesson_draft(request: ApiRequest) -> LessonDraft:
    item = content.get_working_copy(request.principal, request.path_params["lesson_id"], lessons.KIND)
    return LessonDraft.of(item)


@api.route(
    "/v1/lessons/{lesson_id}/draft",
    "PUT",
    operation_id="changeLesson",
    relation=Relation.ORG_MEMBER,
    summary="Replace a lesson's working copy (a published lesson stays live until published again)",
    request=LessonChangeIn,
    response=LessonDraft,
)
def change_lesson(request: ApiRequest) -> LessonDraft:
    body: LessonChangeIn = request.body
    item = lessons.change(
        request.principal, request.path_params["lesson_id"], _form(body), body.expected_version
    )
    return LessonDraft.of(item)


@api.route(
    "/v1/lessons/{lesson_id}/preview",
    "GET",
    operation_id="previewLesson",
    relation=Relation.ORG_MEMBER,
    summary="The working copy as a learner will see it (nothing is saved while previewing)",
    query=LessonLanguageQuery,
    response=LessonView,
)
def preview_lesson(request: ApiRequest) -> LessonView:
    item = content.get_working_copy(request.principal, request.path_params["lesson_id"], lessons.KIND)
    cards = lessons.preview_cards(request.principal, item)
    query: LessonLanguageQuery = request.query
    language = variant_for(variants_of(item), query.language, item.language)[0]
    empty = LessonProgress(started=False, version=0, position=0, completed_at=None, answers=[])
    return lesson_view(item, empty, language, cards)


@api.route(
    "/v1/lessons/{lesson_id}/review",
    "POST",
    operation_id="requestLessonReview",
    relation=Relation.ORG_MEMBER,
    summary="Ask a second expert to review the draft",
    request=LearningReviewRequestIn,
    response=LessonDraft,
)
def request_review(request: ApiRequest) -> LessonDraft:
    body: LearningReviewRequestIn = request.body
    item = content.submit_for_review(
        request.principal, request.path_params["lesson_id"], body.reviewer_id, lessons.KIND
    )
    return LessonDraft.of(item)


@api.route(
    "/v1/lessons/{lesson_id}/review/decision",
    "POST",
    operation_id="decideLessonReview",
    relation=Relation.ORG_MEMBER,
    summary="The reviewer approves (the lesson is published) or sends it back with a note",
    request=LearningReviewDecisionIn,
    response=LessonDraft,
)
def decide_review(request: ApiRequest) -> LessonDraft:
    body: LearningReviewDecisionIn = request.body
    item = lessons.decide_review(
        request.principal, request.path_params["lesson_id"], body.approve, body.note, body.major
    )
    return LessonDraft.of(item)


@api.route(
    "/v1/lessons/{lesson_id}/publish",
    "POST",
    operation_id="publishLesson",
    relation=Relation.ORG_MEMBER,
    summary="Publish the working copy (review is optional; major: learners start over)",
    request=LearningPublishIn,
    response=LessonDraft,
)
def publish_lesson(request: ApiRequest) -> LessonDraft:
    body: LearningPublishIn = request.body
    head, _ = lessons.publish(request.principal, request.path_params["lesson_id"], body.major)
    return LessonDraft.of(head)


@api.route(
    "/v1/lessons/{lesson_id}/archive",
    "POST",
    operation_id="archiveLesson",
    relation=Relation.ORG_MEMBER,
    summary="Take a lesson out of the library (learners can no longer open it)",
    response=LessonDraft,
)
def archive_lesson(request: ApiRequest) -> LessonDraft:
    return LessonDraft.of(content.archive(request.principal, request.path_params["lesson_id"], lessons.KIND))


@api.route(
    "/v1/lessons/{lesson_id}/restore",
    "POST",
    operation_id="restoreLesson",
    relation=Relation.ORG_MEMBER,
    summary="Bring an archived lesson back (as a draft; its last release returns to the library)",
    response=LessonDraft,
)
def restore_lesson(request: ApiRequest) -> LessonDraft:
    return LessonDraft.of(content.restore(request.principal, request.path_params["lesson_id"], lessons.KIND))
