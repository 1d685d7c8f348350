"""A warm container checks a token's signature once, and never trusts it past its expiry."""

from __future__ import annotations

import time
from typing import Any

import pytest

from chalicelib import auth, jwt_rs256
from chalicelib.auth import TokenVerifier
from chalicelib.errors import Unauthenticated
from tests.unit.test_token_verification import FixedJwks, claims, config, sign


@pytest.fixture
def signature_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each full check of a token's signature, in order."""
    checked: list[str] = []
    real = jwt_rs256.verified_payload

    def counting(token: jwt_rs256.SignedToken, key: jwt_rs256.RsaPublicKey) -> dict[str, Any]:
        checked.append(token.signing_input.decode())
        return real(token, key)

    monkeypatch.setattr(jwt_rs256, "verified_payload", counting)
    return checked


def test_a_token_is_checked_once_per_container(signature_checks: list[str]) -> None:
    verifier = TokenVerifier(config(), FixedJwks())
    token = sign(claims())
    first = verifier.verify(token)
    assert verifier.verify(token) == first
    assert verifier.verify(token) == first
    assert len(signature_checks) == 1


def test_a_remembered_token_is_refused_once_it_expires(
    signature_checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(config(), FixedJwks())
    expires = int(time.time()) + 60
    token = sign(claims(exp=expires))
    verifier.verify(token)
    monkeypatch.setattr(auth.time, "time", lambda: float(expires))  # exp is not after now: expired
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(token)


def test_a_token_refused_is_refused_every_time(signature_checks: list[str]) -> None:
    verifier = TokenVerifier(config(), FixedJwks())
    header, _, signature = sign(claims()).split(".")
    other_payload = sign(claims(sub="someone-else")).split(".")[1]
    forged = f"{header}.{other_payload}.{signature}"
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            verifier.verify(forged)
    assert len(signature_checks) == 2  # nothing about it was remembered


def test_the_container_keeps_a_bounded_number_of_tokens(
    signature_checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "VERIFIED_TOKENS_KEPT", 2)
    verifier = TokenVerifier(config(), FixedJwks())
    anna, ben, chloe = (sign(claims(sub=name)) for name in ("anna", "ben", "chloe"))
    for token in (anna, ben, anna, chloe):  # anna was used last but one: ben is the one forgotten
        verifier.verify(token)
    assert len(signature_checks) == 3
    verifier.verify(anna)
    assert len(signature_checks) == 3
    verifier.verify(ben)
    assert len(signature_checks) == 4
