"""The app's SRP client (web/src/auth/srp.ts) computes what Cognito expects.

The emulator checks the SRP proof as Cognito does (local/cognito_srp.py), so the browser journeys
sign in only with a right one; this also compares the app's answer with pycognito's (an independent
implementation used against Cognito itself) on random challenges.
"""

from __future__ import annotations

import base64
import datetime
import json
import secrets
import subprocess
from pathlib import Path

import pytest
from pycognito import aws_srp

from local.home import REPO_ROOT

WEB = REPO_ROOT / "web"
ESBUILD = WEB / "node_modules" / ".bin" / "esbuild"
POOL_ID = "eu-west-1_AbCdEf123"
MOMENT = datetime.datetime(2026, 12, 7, 9, 5, 3)
DRIVER = """
import { startSrp } from "./src/auth/srp";
const input = JSON.parse(process.argv[2]);
const srp = await startSrp(input.pool, BigInt("0x" + input.a));
const answer = await srp.answer(input.challenge, input.password, new Date(input.now));
console.log(JSON.stringify({ A: srp.publicA, ...answer }));
"""


@pytest.fixture(scope="module")
def app_srp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ESBUILD.exists():
        pytest.fail("web/node_modules is missing: run `make web` first.")
    folder = tmp_path_factory.mktemp("srp")
    bundle = folder / "srp.mjs"
    subprocess.run(
        [str(ESBUILD), "--bundle", "--platform=node", "--format=esm", f"--outfile={bundle}"],
        input=DRIVER,
        text=True,
        cwd=WEB,
        check=True,
        capture_output=True,
    )
    return bundle


class FixedClock(datetime.datetime):
    @classmethod
    def utcnow(cls) -> datetime.datetime:  # type: ignore[override]
        return MOMENT


@pytest.mark.parametrize(
    "password", ["Kring-Demo-2026!", "Wachtwoord-met-é-1", "x" * 99], ids=["demo", "accented", "long"]
)
def test_the_apps_password_proof_is_the_one_cognito_expects(
    app_srp: Path, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aws_srp.datetime, "datetime", FixedClock)
    n = aws_srp.hex_to_long(aws_srp.N_HEX)
    reference = aws_srp.AWSSRP("nora@demo.kring.test", password, POOL_ID, "client", client=object())
    reference.small_a_value = secrets.randbits(1024) % n
    reference.large_a_value = reference.calculate_a()
    challenge = {
        "SALT": secrets.token_hex(16),
        "SRP_B": format(pow(2, secrets.randbits(512), n), "x"),
        "USER_ID_FOR_SRP": "8f14e45f-ceea-467f-a0e6-1d2c3b4a5f60",
        "USERNAME": "8f14e45f-ceea-467f-a0e6-1d2c3b4a5f60",
        "SECRET_BLOCK": base64.b64encode(secrets.token_bytes(64)).decode(),
    }
    expected = reference.process_challenge(challenge, {"USERNAME": "nora@demo.kring.test"})

    given = {
        "pool": POOL_ID,
        "a": format(reference.small_a_value, "x"),
        "challenge": challenge,
        "password": password,
        "now": MOMENT.isoformat() + "Z",
    }
    answer = json.loads(
        subprocess.run(
            ["node", str(app_srp), json.dumps(given)], capture_output=True, text=True, check=True
        ).stdout
    )

    assert answer["A"] == format(reference.large_a_value, "x")
    assert answer["TIMESTAMP"] == expected["TIMESTAMP"] == "Mon Dec 7 09:05:03 UTC 2026"
    assert answer["PASSWORD_CLAIM_SECRET_BLOCK"] == challenge["SECRET_BLOCK"]
    assert answer["PASSWORD_CLAIM_SIGNATURE"] == expected["PASSWORD_CLAIM_SIGNATURE"]
