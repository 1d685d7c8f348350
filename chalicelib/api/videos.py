"""Interactive videos: authors write and publish them (/v1/videos), learners watch them with
their cues, captions and resume (/v1/videos/{video_id}/watch, /viewing, /cues, /captions).

Every route is for people of the organisation; who may write, read the working copy or watch
is decided by the learning content's access rules (chalicelib/learning/access.py), and a video
someone may not read is not found.
"""

from __future__ import annotations

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.review_models import LearningReviewDecisionIn, LearningReviewRequestIn
from chalicelib.api.video_models import (
    Captions,
    CueAnswered,
    CueAnswerIn,
    Publication,
    ReportCounted,
    VideoChange,
    VideoDraft,
    VideoFields,
    VideoPlayer,
    VideoWorkingCopy,
    ViewingReport,
    ViewingView,
    WatchQuery,
)
from chalicelib.errors import NotFound
from chalicelib.learning import content, videos
from chalicelib.learning.videos import VideoForm

api = Api(__name__, tag="videos")


def _form(body: VideoFields) -> VideoForm:
    return VideoForm(
        language=body.language,
        variants={lang: texts.model_dump() for lang, texts in body.variants.items()},
        video=body.video.model_dump(),
        skill_tags=body.skill_tags,
        estimated_minutes=body.estimated_minutes,
        review_on=body.review_on,
        co_author_ids=body.co_author_ids,
    )


def _working_copy(request: ApiRequest, video_id: str) -> VideoWorkingCopy:
    head = videos.get_working_copy(request.principal, video_id)
    return VideoWorkingCopy.of(head, videos.preview_questions(request.principal, head))


@api.route(
    "/v1/videos",
    "POST",
    operation_id="createVideo",
    relation=Relation.ORG_MEMBER,
    summary="Write an interactive video (a draft): uploads, captions, cue points (authors)",
    request=VideoDraft,
    response=VideoWorkingCopy,
    status=201,
    idempotent=True,
)
def create_video(request: ApiRequest) -> Created:
    body: VideoDraft = request.body
    head = videos.create(request.principal, body.community_id, _form(body))
    return Created(
        VideoWorkingCopy.of(head, videos.preview_questions(request.principal, head)),
        f"/v1/videos/{head.content_id}",
    )


@api.route(
    "/v1/videos/{video_id}",
    "GET",
    operation_id="getVideoDraft",
    relation=Relation.ORG_MEMBER,
    summary="The working copy of a video, with its preview (its authors, reviewer and managers)",
    response=VideoWorkingCopy,
)
def get_video_draft(request: ApiRequest) -> VideoWorkingCopy:
    return _working_copy(request, request.path_params["video_id"])


@api.route(
    "/v1/videos/{video_id}",
    "PUT",
    operation_id="changeVideo",
    relation=Relation.ORG_MEMBER,
    summary="Replace the working copy of a video (its editors; a published video stays live)",
    request=VideoChange,
    response=VideoWorkingCopy,
)
def change_video(request: ApiRequest) -> VideoWorkingCopy:
    body: VideoChange = request.body
    video_id = request.path_params["video_id"]
    head = videos.change(request.principal, video_id, _form(body), body.expected_version)
    return VideoWorkingCopy.of(head, videos.preview_questions(request.principal, head))


@api.route(
    "/v1/videos/{video_id}/publish",
    "POST",
    operation_id="publishVideo",
    relation=Relation.ORG_MEMBER,
    summary="Publish the working copy for learners (its editors): media ready, questions published",
    request=Publication,
    response=VideoWorkingCopy,
)
def publish_video(request: ApiRequest) -> VideoWorkingCopy:
    body: Publication = request.body
    head, _ = videos.publish(request.principal, request.path_params["video_id"], body.major)
    return VideoWorkingCopy.of(head, {})


@api.route(
    "/v1/videos/{video_id}/review",
    "POST",
    operation_id="requestVideoReview",
    relation=Relation.ORG_MEMBER,
    summary="Ask a second expert to review the video's draft (its editors)",
    request=LearningReviewRequestIn,
    response=VideoWorkingCopy,
)
def request_video_review(request: ApiRequest) -> VideoWorkingCopy:
    body: LearningReviewRequestIn = request.body
    head = content.submit_for_review(
        request.principal, request.path_params["video_id"], body.reviewer_id, videos.KIND
    )
    return VideoWorkingCopy.of(head, {})


@api.route(
    "/v1/videos/{video_id}/review/decision",
    "POST",
    operation_id="decideVideoReview",
    relation=Relation.ORG_MEMBER,
    summary="The reviewer approves the video (it is published) or sends it back with a note",
    request=LearningReviewDecisionIn,
    response=VideoWorkingCopy,
)
def decide_video_review(request: ApiRequest) -> VideoWorkingCopy:
    body: LearningReviewDecisionIn = request.body
    head = videos.decide_review(
        request.principal, request.path_params["video_id"], body.approve, body.note, body.major
    )
    return VideoWorkingCopy.of(head, {})


@api.route(
    "/v1/videos/{video_id}/archive",
    "POST",
    operation_id="archiveVideo",
    relation=Relation.ORG_MEMBER,
    summary="Take a video out of the library (learners can no longer watch it; their viewing is kept)",
    response=VideoWorkingCopy,
)
def archive_video(request: ApiRequest) -> VideoWorkingCopy:
    return VideoWorkingCopy.of(
        content.archive(request.principal, request.path_params["video_id"], videos.KIND), {}
    )


@api.route(
    "/v1/videos/{video_id}/restore",
    "POST",
    operation_id="restoreVideo",
    relation=Relation.ORG_MEMBER,
    summary="Bring an archived video back as a draft (a release it had returns to the library)",
    response=VideoWorkingCopy,
)
def restore_video(request: ApiRequest) -> VideoWorkingCopy:
    return VideoWorkingCopy.of(
        content.restore(request.principal, request.path_params["video_id"], videos.KIND), {}
    )


@api.route(
    "/v1/videos/{video_id}/watch",
    "GET",
    operation_id="watchVideo",
    relation=Relation.ORG_MEMBER,
    summary="A published video to watch: its URLs, cues and my viewing (resume on any device)",
    query=WatchQuery,
    response=VideoPlayer,
)
def watch_video(request: ApiRequest) -> VideoPlayer:
    from chalicelib.learning import video_play  # the player's routes: not an author's

    query: WatchQuery = request.query
    session = video_play.open_video(request.principal, request.path_params["video_id"])
    return VideoPlayer.of(session, query.language or session.opened.release.language)


@api.route(
    "/v1/videos/{video_id}/viewing",
    "PUT",
    operation_id="reportVideoViewing",
    relation=Relation.ORG_MEMBER,
    summary="Report what my player played and where it is (the server decides what counts)",
    request=ViewingReport,
    response=ReportCounted,
)
def report_viewing(request: ApiRequest) -> ReportCounted:
    from chalicelib.learning import video_play  # the player's routes: not an author's

    body: ViewingReport = request.body
    session, counted = video_play.report(
        request.principal, request.path_params["video_id"], body.segments, body.position
    )
    return ReportCounted(
        claimed_seconds=round(counted.claimed_seconds, 3),
        counted_seconds=round(counted.counted_seconds, 3),
        viewing=ViewingView.of_session(session),
    )


@api.route(
    "/v1/videos/{video_id}/cues/{cue_id}/answer",
    "POST",
    operation_id="answerVideoCue",
    relation=Relation.ORG_MEMBER,
    summary="Answer a question cue, take a branch, or mark a text or link cue seen",
    request=CueAnswerIn,
    response=CueAnswered,
)
def answer_cue(request: ApiRequest) -> CueAnswered:
    from chalicelib.learning import video_play, video_rules  # the player's routes: not an author's

    body: CueAnswerIn = request.body
    done = video_play.answer_cue(
        request.principal,
        request.path_params["video_id"],
        request.path_params["cue_id"],
        body.option_ids,
        body.number,
        body.option,
    )
    session, cue = done.session, done.cue
    cue_rules = session.rules.cue(cue["cue_id"])
    assert cue_rules is not None
    finished = video_rules.cue_done(cue_rules, done.answer)
    question = video_play.question_of(cue["question"]) if cue.get("question") else None
    language = body.language or session.opened.release.language
    variant = question.variants.get(language) if question is not None else None
    explanation = (variant.explanation if variant else "") or (question.explanation if question else "")
    jump = cue_rules.options[done.answer.option].to if done.answer.option is not None else None
    return CueAnswered(
        cue_id=cue["cue_id"],
        done=finished,
        attempts=done.answer.attempts,
        correct=done.answer.correct,
        explanation=explanation if question is not None and finished else None,
        correct_option_ids=list(question.correct_option_ids) if question is not None and finished else None,
        jump_to=jump,
        viewing=ViewingView.of_session(session),
    )


@api.route(
    "/v1/videos/{video_id}/captions/{language}",
    "GET",
    operation_id="getVideoCaptions",
    relation=Relation.ORG_MEMBER,
    summary="A published video's WebVTT captions in one language (nl, fr or en)",
    response=Captions,
)
def get_captions(request: ApiRequest) -> Captions:
    from chalicelib.learning import video_play  # the player's routes: not an author's

    language = request.path_params["language"]
    if language not in ("nl", "fr", "en"):
        raise NotFound("This video has no captions in this language.")
    return Captions(
        language=language,
        vtt=video_play.captions(request.principal, request.path_params["video_id"], language),
    )
