"""A member who forgot their password resets it from the sign-in screen with the e-mailed code, and
the new password is the one that works afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import boto3
from playwright.sync_api import Page, expect

from local.emulator import LOCAL_REGION
from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import wait_for_heading

OLD_PASSWORD = "Forgotten-Long-Ago-1"
NEW_PASSWORD = "Remembered-Again-2"


def test_a_member_resets_a_forgotten_password(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    email = f"forgetful.{uuid.uuid4().hex[:8]}@demo.kring.test"
    invited = stack.post(
        "/v1/admin/users",
        token=stack.token("admin@demo.kring.test"),
        json_body={"email": email, "display_name": "Fien Vergeet", "language": "en"},
    )
    assert invited.status == 201, invited.body
    pool_id = stack.get("/v1/client-config").json()["user_pool_id"]
    cognito = boto3.client(
        "cognito-idp",
        region_name=LOCAL_REGION,
        endpoint_url=stack.emulator_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=OLD_PASSWORD, Permanent=True)

    phone.goto("/")
    phone.get_by_role("link", name="Forgot your password?").click()
    wait_for_heading(phone, "Reset your password")
    phone.get_by_label("Email address").fill(email)
    phone.get_by_role("button", name="Send code").click()
    # Cognito e-mails a code; the emulator sends no mail and takes any code.
    phone.get_by_label("Code from the email").fill("123456")
    phone.get_by_label("New password").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Reset password").click()
    expect(phone.get_by_role("status")).to_have_text("Your password is changed. Sign in with the new one.")
    check_screen(phone, "password-reset")

    # The password check that the emulator does make (USER_PASSWORD_AUTH, as `kring token` signs in).
    client_id = stack.get("/v1/client-config").json()["user_pool_client_id"]

    def signs_in(password: str) -> bool:
        try:
            cognito.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except cognito.exceptions.NotAuthorizedException:
            return False
        return True

    assert signs_in(NEW_PASSWORD)
    assert not signs_in(OLD_PASSWORD)
