"""Build the Lambda deployment package the way the CDK synth does, and vendor PynamoDB without botocore.

``python -m infra.package`` leaves the zip at ``build/deployment.zip`` and prints its size.
``build_package()`` returns that path (the bench calls it).

Why vendor/: PynamoDB depends on botocore, so listing it in requirements.txt would make Chalice
bundle ~16 MB of botocore that the Lambda runtime already provides. requirements.txt leaves it out
and we install it here with ``--no-deps`` into vendor/, which Chalice copies into the zip as-is.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from infra import BUILD_DIR, DEFAULT_REGION, REPO_ROOT

VENDOR_DIR = REPO_ROOT / "vendor"
DEPLOYMENT_ZIP = BUILD_DIR / "deployment.zip"
VENDORED_PACKAGE = "pynamodb"


def pinned_version(package: str, requirements: Path = REPO_ROOT / "requirements-run.txt") -> str:
    """The ``package==X`` pin from a requirements file (the single place the version is written)."""
    pattern = re.compile(rf"^\s*{re.escape(package)}\s*==\s*([^\s;#]+)", re.IGNORECASE | re.MULTILINE)
    match = pattern.search(requirements.read_text())
    if match is None:
        raise RuntimeError(f"{requirements.name} has no '{package}==<version>' pin")
    return match.group(1)


def ensure_vendored(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Install PynamoDB (pinned in requirements-run.txt) into vendor/ without dependencies.

    Idempotent: returns at once when the pinned version is already there.
    """
    version = pinned_version(VENDORED_PACKAGE)
    marker = vendor_dir / f"{VENDORED_PACKAGE}-{version}.dist-info"
    if marker.is_dir() and (vendor_dir / VENDORED_PACKAGE).is_dir():
        return vendor_dir
    for stale in [*vendor_dir.glob(f"{VENDORED_PACKAGE}-*.dist-info"), vendor_dir / VENDORED_PACKAGE]:
        shutil.rmtree(stale, ignore_errors=True)
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--upgrade",
            "--target",
            str(vendor_dir),
            f"{VENDORED_PACKAGE}=={version}",
        ],
        check=True,
    )
    return vendor_dir


class AppAlreadyImported(RuntimeError):
    """app.py was imported before in this process; packaging must run in a fresh one."""


@contextlib.contextmanager
def chalice_import_sandbox(environment: Mapping[str, str] | None = None) -> Iterator[None]:
    """Let Chalice import app.py with ``environment`` set, then put os.environ and sys.path back.

    Chalice's packager imports ``app`` by name and writes the stage's environment variables into
    ``os.environ``. A second import of app.py in one process is unsafe: Chalice pops ``methods``
    out of a Blueprint's stored route options when it registers them, so registering the same
    blueprints again turns every route into GET. Hence the refusal below: synthesize and package
    in a fresh process (``python -m infra.synth`` / ``build_package()`` do).
    """
    from chalice.app import Blueprint

    if "app" in sys.modules or any(
        isinstance(obj, Blueprint) and obj._current_app is not None for obj in gc.get_objects()
    ):
        raise AppAlreadyImported(
            "app.py is already imported in this process; run the synth/package in a fresh process "
            "(python -m infra.synth, python -m infra.package)"
        )
    saved_environ = dict(os.environ)
    saved_path = list(sys.path)
    os.environ.setdefault("AWS_DEFAULT_REGION", DEFAULT_REGION)
    os.environ.update(environment or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.path[:] = saved_path


def package_chalice_app(output_dir: Path, stage: str, chalice_config: dict[str, Any]) -> Path:
    """``chalice package`` into ``output_dir`` (sam.json + deployment.zip); returns the zip."""
    from chalice.api import package_app

    ensure_vendored()
    shutil.rmtree(output_dir, ignore_errors=True)
    with chalice_import_sandbox():
        package_app(
            project_dir=str(REPO_ROOT), output_dir=str(output_dir), stage=stage, chalice_config=chalice_config
        )
    return output_dir / "deployment.zip"


def build_package(stage: str = "dev") -> Path:
    """Build the deployment zip (as the synth does) in a child process; returns build/deployment.zip.

    Safe to call from a process that has imported app.py (the bench does).
    """
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "infra.package", "--stage", stage, "--quiet"], cwd=REPO_ROOT, check=True
    )
    return DEPLOYMENT_ZIP


def _build_package_here(stage: str) -> Path:
    config = {
        "autogen_policy": False,
        # The real role comes from the CDK stack; packaging alone needs only a placeholder.
        "manage_iam_role": False,
        "iam_role_arn": "arn:aws:iam::123456789012:role/kring-package-only",
    }
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BUILD_DIR) as tmp:
        built = package_chalice_app(Path(tmp) / "package", stage, config)
        shutil.copyfile(built, DEPLOYMENT_ZIP)
    return DEPLOYMENT_ZIP


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    path = _build_package_here(args.stage)
    size = path.stat().st_size
    if not args.quiet:
        print(f"{path.relative_to(REPO_ROOT)}: {size} bytes ({size / 1_048_576:.2f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
