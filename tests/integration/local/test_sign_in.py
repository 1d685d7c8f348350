"""Signing in to the emulator's Cognito checks the password, as Cognito does.

The client is pycognito's SRP (an independent implementation used against Cognito itself); the
accounts are made by the app's own user directory (AdminCreateUser), as an invitation makes them.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito import aws_srp

from chalicelib import bootstrap
from local import cognito_srp, invitations
from tests.integration.local.conftest import Emulator

PASSWORD = "Right-Password-2026"
NEW_PASSWORD = "My-Own-Password-2026"


@pytest.fixture(scope="module")
def cognito(local_emulator: Emulator) -> Any:
    return local_emulator.client("cognito-idp")


Lines = Callable[[], list[str]]


@pytest.fixture
def invitation_lines(caplog: pytest.LogCaptureFixture) -> Iterator[Lines]:
    """The lines `kring run` prints for the emulator's invitations, so far."""
    with caplog.at_level(logging.INFO, logger=invitations.log.name):
        yield lambda: [r.getMessage() for r in caplog.records if r.name == invitations.log.name]


def announced_password(lines: Lines, email: str) -> str:
    [line] = [line for line in lines() if email in line]
    found = re.fullmatch(rf"Invitation for {re.escape(email)}: temporary password (\S+), valid 7 days", line)
    assert found, line
    return found.group(1)


def invite(org: str = "acme") -> tuple[str, str]:
    """A new account made by the app (no temporary password given): its e-mail and user id."""
    email = f"{uuid.uuid4().hex[:10]}@{org}.kring.test"
    return email, bootstrap.user_directory().create_account(email, org, ["learner"], None)


def confirmed_account(password: str = PASSWORD) -> str:
    email, user_id = invite()
    bootstrap.user_directory().set_permanent_password(user_id, password)
    return email


def srp(local_emulator: Emulator, cognito: Any, email: str, password: str) -> aws_srp.AWSSRP:
    resources = local_emulator.resources
    return aws_srp.AWSSRP(
        email, password, resources.user_pool_id, resources.user_pool_client_id, client=cognito
    )


def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


WRONG_PASSWORD = ("NotAuthorizedException", "Incorrect username or password.")


def start(client: aws_srp.AWSSRP, cognito: Any) -> tuple[dict[str, str], dict[str, str]]:
    """InitiateAuth(USER_SRP_AUTH): the challenge and pycognito's answer to it."""
    asked = client.get_auth_params()
    challenge = cognito.initiate_auth(
        AuthFlow="USER_SRP_AUTH", AuthParameters=asked, ClientId=client.client_id
    )
    assert challenge["ChallengeName"] == "PASSWORD_VERIFIER"
    return challenge["ChallengeParameters"], client.process_challenge(challenge["ChallengeParameters"], asked)


def answer(cognito: Any, client: aws_srp.AWSSRP, responses: dict[str, str]) -> Any:
    return cognito.respond_to_auth_challenge(
        ClientId=client.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=responses
    )


def test_the_right_password_signs_in_and_a_wrong_one_is_refused(
    local_emulator: Emulator, cognito: Any
) -> None:
    email = confirmed_account()

    tokens = srp(local_emulator, cognito, email, PASSWORD).authenticate_user()
    claims = jwt.decode(tokens["AuthenticationResult"]["IdToken"], options={"verify_signature": False})
    assert claims["email"] == email

    wrong = srp(local_emulator, cognito, email, PASSWORD + "x")
    assert refusal(wrong.authenticate_user) == WRONG_PASSWORD
    other = confirmed_account("Someone-Elses-2026")
    assert refusal(srp(local_emulator, cognito, other, PASSWORD).authenticate_user) == WRONG_PASSWORD


def test_the_challenge_is_cognitos_srp(local_emulator: Emulator, cognito: Any) -> None:
    email = confirmed_account()
    parameters, _ = start(srp(local_emulator, cognito, email, PASSWORD), cognito)
    public_b = int(parameters["SRP_B"], 16)
    assert 1 < public_b < cognito_srp.N
    assert aws_srp.hex_to_long(aws_srp.hex_hash("00" + aws_srp.N_HEX + "02")) == cognito_srp.K
    # The salt stays the same for the same password; B is new every time.
    again, _ = start(srp(local_emulator, cognito, email, PASSWORD), cognito)
    assert again["SALT"] == parameters["SALT"] and again["SRP_B"] != parameters["SRP_B"]


def test_an_unknown_email_gets_the_same_refusal_as_a_wrong_password(
    local_emulator: Emulator, cognito: Any
) -> None:
    nobody = srp(local_emulator, cognito, "nobody@acme.kring.test", PASSWORD)
    assert refusal(nobody.authenticate_user) == WRONG_PASSWORD
    resources = local_emulator.resources
    by_password = {"USERNAME": "nobody@acme.kring.test", "PASSWORD": PASSWORD}
    assert (
        refusal(
            lambda: cognito.initiate_auth(
                ClientId=resources.user_pool_client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters=by_password,
            )
        )
        == WRONG_PASSWORD
    )


def test_a_secret_block_answers_once(local_emulator: Emulator, cognito: Any) -> None:
    email = confirmed_account()
    client = srp(local_emulator, cognito, email, PASSWORD)
    _, responses = start(client, cognito)
    assert "AuthenticationResult" in answer(cognito, client, responses)

    code, message = refusal(lambda: answer(cognito, client, responses))
    assert code == "NotAuthorizedException"
    assert "session" in message


def test_a_wrong_answer_uses_the_challenge_up(local_emulator: Emulator, cognito: Any) -> None:
    email = confirmed_account()
    client = srp(local_emulator, cognito, email, PASSWORD)
    _, responses = start(client, cognito)
    forged = {**responses, "PASSWORD_CLAIM_SIGNATURE": "A" * 43 + "="}
    assert refusal(lambda: answer(cognito, client, forged)) == WRONG_PASSWORD

    # Guessing again on the same challenge is not possible, not even with the right proof.
    assert refusal(lambda: answer(cognito, client, responses))[0] == "NotAuthorizedException"


def test_a_secret_block_expires_after_the_auth_session_validity(
    local_emulator: Emulator, cognito: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = confirmed_account()
    client = srp(local_emulator, cognito, email, PASSWORD)
    _, responses = start(client, cognito)
    later = cognito_srp.clock() + cognito_srp.DEFAULT_AUTH_SESSION_MINUTES * 60 + 1
    monkeypatch.setattr(cognito_srp, "clock", lambda: later)

    assert refusal(lambda: answer(cognito, client, responses)) == (
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    )


def test_an_invited_colleague_signs_in_with_the_announced_password_then_chooses_their_own(
    local_emulator: Emulator, cognito: Any, invitation_lines: Lines
) -> None:
    email, _ = invite()
    temporary = announced_password(invitation_lines, email)

    with pytest.raises(aws_srp.ForceChangePasswordException):
        srp(local_emulator, cognito, email, temporary).authenticate_user()
    chosen = srp(local_emulator, cognito, email, temporary).set_new_password_challenge(NEW_PASSWORD)
    assert "AuthenticationResult" in chosen

    assert "AuthenticationResult" in srp(local_emulator, cognito, email, NEW_PASSWORD).authenticate_user()
    assert refusal(srp(local_emulator, cognito, email, temporary).authenticate_user) == WRONG_PASSWORD


def test_a_new_password_session_sets_only_its_own_users_password(
    local_emulator: Emulator, cognito: Any, invitation_lines: Lines
) -> None:
    mine, _ = invite()
    colleague, colleague_id = invite()
    temporary = announced_password(invitation_lines, mine)
    client = srp(local_emulator, cognito, mine, temporary)
    _, responses = start(client, cognito)
    step = answer(cognito, client, responses)
    assert step["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    hijack = {"USERNAME": colleague_id, "NEW_PASSWORD": NEW_PASSWORD}
    code, _ = refusal(
        lambda: cognito.respond_to_auth_challenge(
            ClientId=client.client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=step["Session"],
            ChallengeResponses=hijack,
        )
    )
    assert code == "NotAuthorizedException"
    assert refusal(srp(local_emulator, cognito, colleague, NEW_PASSWORD).authenticate_user) == WRONG_PASSWORD


def test_the_password_flow_refuses_a_wrong_password(local_emulator: Emulator, cognito: Any) -> None:
    email = confirmed_account()
    resources = local_emulator.resources

    def sign_in(password: str) -> Any:
        return cognito.initiate_auth(
            ClientId=resources.user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )

    assert "AuthenticationResult" in sign_in(PASSWORD)
    assert refusal(lambda: sign_in(PASSWORD + "x")) == WRONG_PASSWORD


def test_no_invitation_is_announced_while_held_nor_when_suppressed(
    local_emulator: Emulator, cognito: Any, invitation_lines: Lines
) -> None:
    with invitations.held():
        held_email, _ = invite()
    suppressed = f"{uuid.uuid4().hex[:10]}@acme.kring.test"
    cognito.admin_create_user(
        UserPoolId=local_emulator.resources.user_pool_id,
        Username=suppressed,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": suppressed}],
    )
    announced, _ = invite()

    assert not [line for line in invitation_lines() if held_email in line or suppressed in line]
    assert announced_password(invitation_lines, announced)


def test_a_temporary_password_meets_the_pools_policy() -> None:
    policy = {"MinimumLength": 14, "RequireSymbols": True}
    for _ in range(50):
        password = invitations.temporary_password(policy)
        assert len(password) >= 14
        assert re.search(r"[a-z]", password) and re.search(r"[A-Z]", password) and re.search(r"\d", password)
        assert set(password) & set(invitations._SYMBOLS)
