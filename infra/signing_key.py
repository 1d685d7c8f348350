"""The key pair media download URLs are signed with (CloudFront signed URLs, trusted key group).

CloudFormation cannot make an RSA key pair, so `python -m infra.deploy` makes one, once per stage,
before the stack: the private key goes into the Secrets Manager secret `kring-<stage>/media-url-
signing-key` (the API function reads it at run time; the template and the environment only name
it), and the public key is derived from it on every deploy and handed to the synth as a file, which
puts it into the stack's CloudFront public key and key group. The secret lives outside the stack,
so deleting or replacing the stack never loses the key. An offline synth (tests, `make synth`)
without the file uses EXAMPLE_PUBLIC_KEY, whose private key exists nowhere: a stack deployed
with it answers every download 403, never serves one it should not.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from infra import BUILD_DIR, REPO_ROOT

EXAMPLE_PUBLIC_KEY = REPO_ROOT / "infra" / "media-signing-key.example.pem"


def secret_name(stage: str) -> str:
    return f"kring-{stage}/media-url-signing-key"


def public_key_path(stage: str) -> Path:
    return BUILD_DIR / f"media-signing-key-{stage}.pub.pem"


def key_fingerprint(public_pem: str) -> str:
    """A short fingerprint of the public key: a new key is a new CloudFront public key resource."""
    return hashlib.sha256(public_pem.strip().encode()).hexdigest()[:8].upper()


def new_private_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # what CloudFront takes
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_key_pem(private_key_pem: str) -> str:
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def ensure_signing_key(stage: str, secrets: Any) -> str:
    """The stage's public key (PEM); the key pair is made and its private key stored on first use."""
    name = secret_name(stage)
    try:
        private_pem = str(secrets.get_secret_value(SecretId=name)["SecretString"])
    except secrets.exceptions.ResourceNotFoundException:
        private_pem = new_private_key_pem()
        secrets.create_secret(
            Name=name,
            Description=f"Kring {stage}: RSA private key that signs media download URLs (CloudFront)",
            SecretString=private_pem,
            Tags=[{"Key": "app", "Value": "kring"}, {"Key": "stage", "Value": stage}],
        )
    return public_key_pem(private_pem)


def write_public_key(stage: str, secrets: Any) -> Path:
    """Make sure the stage has its key pair; write its public key where the synth reads it."""
    path = public_key_path(stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ensure_signing_key(stage, secrets))
    return path
