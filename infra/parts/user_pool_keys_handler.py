"""Custom resource: the user pool's public keys (its JWKS), compact, as the attribute `Jwks`.

Run by CloudFormation while it deploys, never by the app; the standard library only, as its
source is inlined in the template (infra/parts/user_pool_keys.py).
"""

import json
import time
import urllib.request
from typing import Any

MEMBERS = ("kty", "alg", "use", "kid", "n", "e")  # what the API reads (chalicelib/jwt_rs256.py)
# A custom resource's answer holds 4 KB, the API function's whole environment too. Cognito's two
# keys take about 900 characters.
MAX_CHARS = 3000
ATTEMPTS = 6  # a pool created a moment ago may not publish its keys yet: about 30 s of retries


def compact(document: dict[str, Any]) -> str:
    keys = [
        {name: key[name] for name in MEMBERS if name in key}
        for key in document["keys"]
        if key.get("kty") == "RSA"
    ]
    text = json.dumps({"keys": keys}, separators=(",", ":"))
    if not keys or len(text) > MAX_CHARS:
        raise ValueError(f"{len(keys)} RSA keys in {len(text)} characters")
    return text


def fetch(url: str) -> str:
    for attempt in range(ATTEMPTS):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (https, from the stack)
                return compact(json.load(response))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"attempt {attempt + 1}: {url}: {exc!r}")
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(2**attempt)
    raise AssertionError("unreachable")


def handler(event: dict[str, Any], context: Any) -> None:
    answer: dict[str, Any] = {"Status": "SUCCESS", "Data": {}}
    try:
        if event["RequestType"] != "Delete":
            answer["Data"] = {"Jwks": fetch(event["ResourceProperties"]["JwksUrl"])}
    except Exception as exc:  # the stack must hear back, or it waits an hour
        answer = {"Status": "FAILED", "Reason": f"The user pool's keys could not be read: {exc!r}"[:500]}
    body = json.dumps(
        {
            **answer,
            "PhysicalResourceId": event.get("PhysicalResourceId") or event["LogicalResourceId"],
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
        }
    ).encode()
    # CloudFormation's presigned S3 URL, where it waits for the answer.
    answer_url = event["ResponseURL"]
    request = urllib.request.Request(answer_url, data=body, method="PUT", headers={"Content-Type": ""})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30):  # noqa: S310
        pass
    print(f"{event['RequestType']}: {answer['Status']} {answer.get('Reason', '')}")
