"""Learning content (lessons and videos): the author's working copy, the published release, an
open review request, and a learner's progress through one item."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem

# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=`.


class LearningHeadItem(KringItem, discriminator="learning_head"):
    """The working copy of a lesson or video and its lifecycle (`ORG#<org>#LEARN#<id>` / `HEAD`);
    GSI1 in its creator's workbench (`ORG#<org>#AUTHOR#<user>#LEARNING` / `CHANGED#<at>#<id>`).
    Authors, the reviewer and the scope's managers read it; learners never do."""

    content_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # lesson | video
    community_id = UnicodeAttribute(null=True)  # None: the organisation's content
    created_by = UnicodeAttribute()
    author_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    language = UnicodeAttribute()  # the author's: nl | fr | en (the variant shown when one is missing)
    variants = UnicodeAttribute(default="{}")  # JSON: language -> {title, summary, body}
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    estimated_minutes = NumberAttribute(default=5)
    review_on = UnicodeAttribute(null=True)  # ISO date after which the author is reminded
    payload = UnicodeAttribute(default="{}")  # JSON, the kind's own: a lesson's cards, a video's cues
    state = UnicodeAttribute()  # draft | in_review | published | archived
    reviewer_id = UnicodeAttribute(null=True)  # while in review, and who approved the release
    review_note = UnicodeAttribute(null=True)  # the reviewer's last note to the authors
    release_version = NumberAttribute(default=0)  # 0: never published
    release_major = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    published_at = UTCDateTimeAttribute(null=True)
    version = NumberAttribute(default=0)  # optimistic lock of the working copy


class LearningReleaseItem(KringItem, discriminator="learning_release"):
    """The published version learners read (`ORG#<org>#LEARN#<id>` / `RELEASE`); GSI1 in the library
    of its community or of the organisation (`ORG#<org>#LIBRARY#<scope>` / `PUBLISHED#<at>#<id>`)
    while it is published, out of it once archived."""

    content_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    author_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    language = UnicodeAttribute()
    variants = UnicodeAttribute(default="{}")
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    estimated_minutes = NumberAttribute(default=5)
    review_on = UnicodeAttribute(null=True)
    payload = UnicodeAttribute(default="{}")
    release_version = NumberAttribute()  # 1, 2, ... one per publication
    major = NumberAttribute()  # goes up when a publication is marked major: learners start over
    published_at = UTCDateTimeAttribute()
    first_published_at = UTCDateTimeAttribute()
    published_by = UnicodeAttribute()
    archived = BooleanAttribute(default=False)
    version = NumberAttribute(default=0)


class LearningReviewItem(KringItem, discriminator="learning_review"):
    """An open review request (`ORG#<org>#LEARN#<id>` / `REVIEW`), in the reviewer's queue on GSI1
    (`ORG#<org>#REVIEWER#<user>#LEARNING` / `ASKED#<at>#<id>`); deleted when decided."""

    content_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    reviewer_id = UnicodeAttribute()
    asked_by = UnicodeAttribute()
    asked_at = UTCDateTimeAttribute()
    title = UnicodeAttribute(default="")


class LearningProgressItem(KringItem, discriminator="learning_progress"):
    """A learner's progress through one content item (`ORG#<org>#LEARNER#<user>` / `PROGRESS#<id>`):
    saved whole in one write, so any device resumes where another left off."""

    content_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    user_id = UnicodeAttribute()
    major = NumberAttribute()  # the release's major it follows: a newer major starts it over
    release_version = NumberAttribute()  # the release it last saw
    position = NumberAttribute(default=0)  # a lesson's card index; the kind decides
    answers = UnicodeAttribute(default="{}")  # JSON: card or cue id -> what the learner answered
    state = UnicodeAttribute(default="{}")  # JSON, the kind's own (a video's watched ranges)
    title = UnicodeAttribute(default="")  # for "continue learning" without reading the release
    started_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    completed_at = UTCDateTimeAttribute(null=True)  # set once, by the server
    version = NumberAttribute(default=0)
