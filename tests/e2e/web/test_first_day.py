"""An invited colleague's first day, on a phone: first sign-in with the temporary password, a new
password, joining the digital-skills community, a photo post, a reaction from a colleague and the
notification about it."""

from __future__ import annotations

import re
import struct
import uuid
import zlib
from collections.abc import Callable

import boto3
from playwright.sync_api import Page, Request, Route, expect

from local.emulator import LOCAL_REGION
from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually
from tests.e2e.web.conftest import sign_in, wait_for_heading

TEMPORARY_PASSWORD = "Welcome-To-Kring-1"
NEW_PASSWORD = "My-Own-Secret-42"


def tiny_png() -> bytes:
    """A valid 8x8 PNG (the media consumer checks what it receives)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x0b\x5c\x4a" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def give_temporary_password(stack: LocalStackProcess, email: str) -> None:
    """What the invitation e-mail carries on AWS: a temporary password (here one we choose, set as an
    admin can with AdminSetUserPassword, since the emulator sends no mail)."""
    config = stack.get("/v1/client-config").json()
    cognito = boto3.client(
        "cognito-idp",
        region_name=LOCAL_REGION,
        endpoint_url=stack.emulator_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    cognito.admin_set_user_password(
        UserPoolId=config["user_pool_id"], Username=email, Password=TEMPORARY_PASSWORD, Permanent=False
    )


def test_an_invited_colleague_posts_a_photo_and_hears_about_a_reaction(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    admin = stack.token("admin@demo.kring.test")
    email = f"new.colleague.{uuid.uuid4().hex[:8]}@demo.kring.test"
    invited = stack.post(
        "/v1/admin/users",
        token=admin,
        json_body={"email": email, "display_name": "Nora Nieuw", "roles": ["learner"], "language": "en"},
    )
    assert invited.status == 201, invited.body
    give_temporary_password(stack, email)

    # First sign-in: the temporary password leads to choosing one's own.
    sign_in(phone, email, TEMPORARY_PASSWORD)
    wait_for_heading(phone, "Choose your own password")
    check_screen(phone, "first-sign-in-new-password")
    phone.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("New password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Set password and continue").click()
    wait_for_heading(phone, "Your feed")

    # Join the digital-skills community.
    phone.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Communities").click()
    wait_for_heading(phone, "Communities")
    phone.get_by_role("button", name="Join: Digital skills").click()
    expect(phone.get_by_role("button", name="Leave: Digital skills")).to_be_visible()
    check_screen(phone, "communities")

    # Post a photo from the community's wall, with a skill tag; the upload shows its progress.
    phone.get_by_role("link", name="Digital skills").first.click()
    wait_for_heading(phone, "Digital skills")
    body = f"My first tip: Ctrl+Shift+V pastes without formatting ({uuid.uuid4().hex[:6]})"
    phone.get_by_label("What did you learn?").fill(body)
    phone.get_by_label("Skill tags (comma separated)").fill("shortcuts")
    phone.get_by_label("Add a photo or video").set_input_files(
        files=[{"name": "tip.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    expect(phone.get_by_text("tip.png is attached")).to_be_visible()
    asked: list[str] = []

    def note_media_request(request: Request) -> None:
        if "/v1/media/" in request.url:
            asked.append(request.url)

    phone.on("request", note_media_request)
    phone.get_by_role("button", name="Post", exact=True).click()
    post = phone.get_by_role("article", name="Post by Nora Nieuw").filter(has_text=body)
    expect(post).to_be_visible()
    photo = post.get_by_role("img", name="Photo: tip.png")
    expect(photo).to_be_visible(timeout=30_000)
    phone.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    phone.remove_listener("request", note_media_request)
    assert asked == []  # the wall's answer carried the photo's URL: no request per photo
    check_screen(phone, "community-wall")

    # A wall page read long ago (its photo URLs expired): the app asks for a fresh URL and shows it.
    def expired_urls(route: Route) -> None:
        page = route.fetch()
        answer = page.json()
        for item in answer.get("items", []):
            for attachment in item["attachments"]:
                attachment["url_expires_at"] = "2020-01-01T00:00:00.000Z"
        route.fulfill(response=page, json=answer)

    phone.route("**/v1/communities/*/posts?*", expired_urls)
    phone.on("request", note_media_request)
    phone.reload()
    photo = phone.get_by_role("article", name="Post by Nora Nieuw").filter(has_text=body).get_by_role("img")
    expect(photo).to_be_visible(timeout=30_000)
    phone.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    phone.remove_listener("request", note_media_request)
    phone.unroute("**/v1/communities/*/posts?*", expired_urls)
    assert any("/v1/media/" in url for url in asked), asked

    # A colleague reacts; the notification arrives.
    learner = stack.token("learner@demo.kring.test")
    community_id = phone.url.split("/communities/")[1].split("/")[0]
    posts = stack.get(f"/v1/communities/{community_id}/posts", token=learner).json()["items"]
    post_id = next(p["id"] for p in posts if p["body"] == body)
    reacted = stack.request(
        "PUT",
        f"/v1/communities/{community_id}/posts/{post_id}/reaction",
        token=learner,
        json_body={"reaction": "insightful"},
    )
    assert reacted.status in (200, 201), reacted.body

    def notified() -> bool:
        # Going to the screen it already shows changes nothing; the colleague pulls to refresh.
        phone.goto("/#/notifications")
        phone.reload()
        wait_for_heading(phone, "Notifications")
        phone.wait_for_load_state("networkidle")
        print(stack.get("/v1/me/notifications", token=stack.token(email, NEW_PASSWORD)).body[:600])
        return phone.get_by_role("link", name="Lucas Willems reacted to your post").count() > 0

    eventually(notified, "the reaction's notification", seconds=30)
    expect(phone.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread$"))).to_be_visible()
    check_screen(phone, "notifications")
    phone.get_by_role("link", name="Lucas Willems reacted to your post").click()
    expect(phone.get_by_role("article", name="Post by Nora Nieuw")).to_be_visible()
