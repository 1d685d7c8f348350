"""Media: photos, videos and documents uploaded straight to S3 with a presigned POST."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.communities.shared_media import MediaView
from chalicelib.ids import iso
from chalicelib.media import uploads

api = Api(__name__, tag="media")

MediaKind = Literal["image", "video", "document", "captions"]
MediaStatus = Literal["pending", "ready", "rejected", "deleting", "withheld"]


class NewUpload(BaseModel):
    model_config = request_model_config(
        {"content_type": "video/mp4", "size_bytes": 15728640, "file_name": "screen-sharing.mp4"}
    )

    content_type: str = Field(min_length=1, max_length=100, description="The file's MIME type.")
    size_bytes: int = Field(ge=1, description="The exact size of the file; the upload must match it.")
    file_name: str = Field(min_length=1, max_length=255)


class Media(BaseModel):
    id: str
    kind: MediaKind
    content_type: str
    size_bytes: int
    file_name: str
    status: MediaStatus = Field(
        description="withheld: attached to a post a moderator hid or holds for review; not served meanwhile."
    )
    rejected_reason: str | None = Field(
        None, description="Why the upload was rejected (its uploader sees it)."
    )
    owner_id: str
    created_at: str | None
    uploaded_at: str | None
    url: str | None = Field(description="A short-lived download URL (Range requests work), once ready.")
    url_expires_at: str | None

    @classmethod
    def of(cls, view: MediaView) -> Media:
        item = view.item
        return cls(
            id=item.media_id,
            kind=item.kind,  # type: ignore[arg-type]
            content_type=item.content_type,
            size_bytes=int(item.size_bytes),
            file_name=item.file_name or "",
            status=view.shown_status,  # type: ignore[arg-type]
            rejected_reason=item.rejected_reason if item.status == "rejected" else None,
            owner_id=item.owner_id or "",
            created_at=iso(item.created_at) if item.created_at else None,
            uploaded_at=iso(item.uploaded_at) if item.uploaded_at else None,
            url=view.url,
            url_expires_at=iso(view.url_expires_at) if view.url_expires_at else None,
        )


class UploadForm(BaseModel):
    """POST the file to `url` as multipart/form-data: every field below, then `file` last."""

    media_id: str
    url: str
    fields: dict[str, str]
    expires_at: str
    media: Media


@api.route(
    "/v1/media/uploads",
    "POST",
    operation_id="createMediaUpload",
    relation=Relation.ORG_MEMBER,
    summary="Start an upload: a pending media item and a presigned POST for it (members)",
    request=NewUpload,
    response=UploadForm,
    status=201,
    idempotent=True,
)
def create_upload(request: ApiRequest) -> Created:
    body: NewUpload = request.body
    upload = uploads.start_upload(request.principal, body.content_type, body.size_bytes, body.file_name)
    form = UploadForm(
        media_id=upload.item.media_id,
        url=upload.form.url,
        fields=upload.form.fields,
        expires_at=iso(upload.expires_at),
        media=Media.of(MediaView(upload.item, None, None)),
    )
    return Created(form, f"/v1/media/{upload.item.media_id}")


@api.route(
    "/v1/media/{media_id}",
    "GET",
    operation_id="getMedia",
    relation=Relation.MEDIA_VIEWER,
    summary="A media item and, once it is ready, a short-lived download URL",
    response=Media,
)
def get_media(request: ApiRequest) -> Media:
    view = request.resolved.media  # the media_viewer relation is decided by showing it to the caller
    assert view is not None
    return Media.of(view)
