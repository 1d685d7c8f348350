"""Moderation of the wall: reports, the moderation queue and log, moderators' actions, the word list."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.ids import iso
from chalicelib.moderation import reports, word_list
from chalicelib.moderation.reports import Report
from chalicelib.principal import Role
from chalicelib.store.models import ModerationCaseItem, ModerationLogItem, WordListItem
from chalicelib.wall.words import MAX_WORD_CHARS, MAX_WORDS

api = Api(__name__, tag="moderation")
ADMINS = frozenset({Role.ORG_ADMIN})
Reason = Literal["spam", "harassment", "misinformation", "off_topic", "other"]
ContentKind = Literal["post", "comment"]
ActionName = Literal["hide", "restore", "remove", "dismiss", "mute", "unmute", "remove_member"]
_ID = r"^[A-Za-z0-9_-]+$"

POST = "/v1/communities/{community_id}/posts/{post_id}"
MODERATION = "/v1/communities/{community_id}/moderation"


class NewReport(BaseModel):
    model_config = request_model_config({"reason": "spam", "note": "Advertises a paid course every day"})

    reason: Reason
    note: str = Field("", max_length=500)


class ReportReceipt(BaseModel):
    """My report, received: the community's moderators will look at it."""

    target_kind: ContentKind
    post_id: str
    comment_id: str | None
    reason: Reason
    note: str
    reported_at: str

    @classmethod
    def of(cls, report: Report) -> ReportReceipt:
        return cls(
            target_kind=report.target_kind,  # type: ignore[arg-type]
            post_id=report.post_id,
            comment_id=report.comment_id,
            reason=report.reason,  # type: ignore[arg-type]
            note=report.note,
            reported_at=iso(report.reported_at),
        )


class ReasonCounts(BaseModel):
    spam: int
    harassment: int
    misinformation: int
    off_topic: int
    other: int


class ReportNote(BaseModel):
    reason: str
    note: str
    at: str


class QueueAuthor(BaseModel):
    id: str
    display_name: str


class QueueItem(BaseModel):
    """One post or comment that needs a moderator: reported (with how often and why), or held by
    the word list. Act on it with POST .../moderation/actions (target_kind, target_id, post_id)."""

    target_kind: ContentKind
    target_id: str
    post_id: str
    comment_id: str | None
    author: QueueAuthor
    body: str
    held: bool
    held_words: list[str]
    report_count: int
    reasons: ReasonCounts
    reports: list[ReportNote]
    opened_at: str
    last_reported_at: str | None

    @classmethod
    def of(cls, case: ModerationCaseItem) -> QueueItem:
        return cls(
            target_kind=case.target_kind,  # type: ignore[arg-type]
            target_id=case.comment_id or case.post_id,
            post_id=case.post_id,
            comment_id=case.comment_id,
            author=QueueAuthor(id=case.author_id, display_name=case.author_name or ""),
            body=case.body,
            held=bool(case.held),
            held_words=[str(w) for w in case.held_words],
            report_count=int(case.report_count or 0),
            reasons=ReasonCounts(
                spam=int(case.spam_count or 0),
                harassment=int(case.harassment_count or 0),
                misinformation=int(case.misinformation_count or 0),
                off_topic=int(case.off_topic_count or 0),
                other=int(case.other_count or 0),
            ),
            reports=[
                ReportNote(reason=n.get("reason", ""), note=n.get("note", ""), at=n.get("at", ""))
                for n in reports.report_notes(case)
            ],
            opened_at=iso(case.opened_at),
            last_reported_at=iso(case.last_reported_at) if case.last_reported_at else None,
        )


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None


class ModerationAction(BaseModel):
    model_config = request_model_config(
        {
            "action": "hide",
            "target_kind": "comment",
            "target_id": "01JDEMOCOMMENT00000000000A",
            "post_id": "01JDEMOPOST0000000000000AB",
            "reason": "Personal attack on a colleague",
        }
    )

    action: ActionName = Field(
        description="hide, restore, remove, dismiss (reports) for a post or comment; "
        "mute, unmute, remove_member for a member."
    )
    target_kind: Literal["post", "comment", "member"]
    target_id: str = Field(
        min_length=1, max_length=64, pattern=_ID, description="A post id, a comment id or a user id."
    )
    post_id: str | None = Field(
        None, min_length=1, max_length=64, pattern=_ID, description="The post of a comment."
    )
    reason: str = Field(min_length=1, max_length=500, description="Why: kept in the moderation log.")


class LogEntry(BaseModel):
    id: str
    action: ActionName
    target_kind: Literal["post", "comment", "member"]
    target_id: str
    post_id: str | None
    previous_status: str | None
    report_count: int
    moderator: QueueAuthor
    reason: str
    at: str

    @classmethod
    def of(cls, entry: ModerationLogItem) -> LogEntry:
        return cls(
            id=entry.entry_id,
            action=entry.action,  # type: ignore[arg-type]
            target_kind=entry.target_kind,  # type: ignore[arg-type]
            target_id=entry.target_id,
            post_id=entry.post_id,
            previous_status=entry.previous_status,
            report_count=int(entry.report_count or 0),
            moderator=QueueAuthor(id=entry.moderator_id, display_name=entry.moderator_name or ""),
            reason=entry.reason,
            at=iso(entry.at),
        )


class LogPage(BaseModel):
    items: list[LogEntry]
    next_cursor: str | None


class WordListChange(BaseModel):
    model_config = request_model_config({"words": ["idiot", "get rich quick"]})

    words: list[str] = Field(max_length=MAX_WORDS)


class WordList(BaseModel):
    words: list[str]
    updated_at: str | None

    @classmethod
    def of(cls, item: WordListItem | None) -> WordList:
        if item is None:
            return cls(words=[], updated_at=None)
        return cls(words=[str(w) for w in item.words], updated_at=iso(item.updated_at))


@api.route(
    POST + "/reports",
    "POST",
    operation_id="reportPost",
    relation=Relation.COMMUNITY_READER,
    summary="Report a post to the community's moderators, with a reason (once per person while open)",
    request=NewReport,
    response=ReportReceipt,
    status=202,
    idempotent=True,
)
def report_post(request: ApiRequest) -> ReportReceipt:
    report = reports.report(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        None,
        request.body.reason,
        request.body.note,
    )
    return ReportReceipt.of(report)


@api.route(
    POST + "/comments/{comment_id}/reports",
    "POST",
    operation_id="reportComment",
    relation=Relation.COMMUNITY_READER,
    summary="Report a comment or reply to the community's moderators, with a reason",
    request=NewReport,
    response=ReportReceipt,
    status=202,
    idempotent=True,
)
def report_comment(request: ApiRequest) -> ReportReceipt:
    report = reports.report(
        request.principal,
        request.path_params["community_id"],
        request.path_params["post_id"],
        request.path_params["comment_id"],
        request.body.reason,
        request.body.note,
    )
    return ReportReceipt.of(report)


@api.route(
    MODERATION + "/queue",
    "GET",
    operation_id="getModerationQueue",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Reported and held posts and comments, newest first (moderators)",
    query=PageQuery,
    response=QueuePage,
)
def moderation_queue(request: ApiRequest) -> QueuePage:
    page = reports.queue(
        request.principal,
        request.path_params["community_id"],
        request.query.limit,
        request.cursor_in(request.query.cursor),
    )
    return QueuePage(
        items=[QueueItem.of(c) for c in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    MODERATION + "/actions",
    "POST",
    operation_id="moderate",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Hide, restore or remove a post or comment, dismiss its reports, or mute, unmute or "
    "remove a member, with a reason (moderators)",
    request=ModerationAction,
    response=LogEntry,
    idempotent=True,
)
def moderate(request: ApiRequest) -> LogEntry:
    from chalicelib.moderation import actions  # only deciding a case loads the actions

    body: ModerationAction = request.body
    entry = actions.moderate(
        request.principal,
        request.path_params["community_id"],
        actions.ModerationRequest(body.action, body.target_kind, body.target_id, body.post_id, body.reason),
    )
    return LogEntry.of(entry)


@api.route(
    MODERATION + "/log",
    "GET",
    operation_id="getModerationLog",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="What the moderators did, who, why and when, newest first (moderators)",
    query=PageQuery,
    response=LogPage,
)
def moderation_log(request: ApiRequest) -> LogPage:
    page = reports.log(
        request.principal,
        request.path_params["community_id"],
        request.query.limit,
        request.cursor_in(request.query.cursor),
    )
    return LogPage(items=[LogEntry.of(e) for e in page.items], next_cursor=request.cursor_out(page.last_key))


@api.route(
    "/v1/admin/word-list",
    "GET",
    operation_id="getWordList",
    relation=Relation.ORG_ADMIN,
    summary="The words that hold posts and comments for review",
    response=WordList,
    roles=ADMINS,
)
def get_word_list(request: ApiRequest) -> WordList:
    return WordList.of(word_list.get_word_list(request.principal))


@api.route(
    "/v1/admin/word-list",
    "PUT",
    operation_id="replaceWordList",
    relation=Relation.ORG_ADMIN,
    summary=f"Replace the word list (at most {MAX_WORDS} words or phrases of {MAX_WORD_CHARS} characters; "
    "whole words, case-insensitive)",
    request=WordListChange,
    response=WordList,
    roles=ADMINS,
)
def replace_word_list(request: ApiRequest) -> WordList:
    return WordList.of(word_list.replace_word_list(request.principal, list(request.body.words)))
