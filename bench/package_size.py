"""Size of the zipped Lambda deployment package, boto3/botocore excluded.

The package is built by infra.package.build_package() (what `make package` and the CDK synth
do), in a fresh interpreter so Chalice's import of app.py cannot disturb this process. When that
is not usable, the bench builds the same thing itself: `chalice package` of a copy of the
project, with requirements.txt and PynamoDB vendored without its dependencies. Either way a
package that contains boto3 or botocore is an error, not a figure.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("bench.package_size")

REPO_ROOT = Path(__file__).resolve().parent.parent
EXCLUDED = ("boto3", "botocore")
PROJECT_FILES = ("app.py", "chalicelib", ".chalice/config.json", "requirements.txt")

_BUILD_WITH_INFRA = "import infra.package as p; print('BENCH-ZIP=' + str(p.build_package()))"


class PackageError(RuntimeError):
    pass


@dataclass(frozen=True)
class PackageFigures:
    zip_bytes: int
    built_by: str  # "infra.package.build_package" or "bench fallback (chalice package)"
    zip_path: str
    top_level_bytes: dict[str, int]  # compressed bytes per top-level entry, largest first
    pycache_bytes: int  # compressed bytes of __pycache__/*.pyc entries (they depend on the working tree)
    infra_error: str | None = None


def pinned_version(package: str, requirements: Path = REPO_ROOT / "requirements-run.txt") -> str:
    match = re.search(rf"^\s*{re.escape(package)}\s*==\s*([^\s;#]+)", requirements.read_text(), re.I | re.M)
    if match is None:
        raise PackageError(f"{requirements.name} pins no {package}")
    return match.group(1)


def top_level_sizes(zip_path: Path, count: int = 10) -> dict[str, int]:
    totals: dict[str, int] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            top = info.filename.split("/", 1)[0]
            totals[top] = totals.get(top, 0) + info.compress_size
    return dict(sorted(totals.items(), key=lambda item: item[1], reverse=True)[:count])


def pycache_bytes(zip_path: Path) -> int:
    with zipfile.ZipFile(zip_path) as archive:
        return sum(info.compress_size for info in archive.infolist() if "__pycache__/" in info.filename)


def bundled_excluded(zip_path: Path) -> list[str]:
    """Which of boto3/botocore the package contains (it must contain neither)."""
    with zipfile.ZipFile(zip_path) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
    return sorted(name for name in EXCLUDED if name in tops)


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    return environment


def build_with_infra(python: str = sys.executable) -> Path:
    done = subprocess.run(
        [python, "-c", _BUILD_WITH_INFRA],
        cwd=REPO_ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise PackageError(f"infra.package.build_package() failed:\n{done.stderr[-3000:]}")
    found = [line for line in done.stdout.splitlines() if line.startswith("BENCH-ZIP=")]
    if not found:
        raise PackageError(f"infra.package.build_package() printed no path:\n{done.stdout[-2000:]}")
    return Path(found[-1].removeprefix("BENCH-ZIP="))


def build_fallback(workdir: Path, python: str = sys.executable) -> Path:
    """`chalice package` of a copy of the project with PynamoDB vendored without botocore."""
    project = workdir / "project"
    for name in PROJECT_FILES:
        source, target = REPO_ROOT / name, project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    config_path = project / ".chalice" / "config.json"
    config = json.loads(config_path.read_text())
    config["manage_iam_role"] = False
    config["iam_role_arn"] = "arn:aws:iam::123456789012:role/kring-bench-package-only"
    config_path.write_text(json.dumps(config, indent=2))
    pynamodb = f"pynamodb=={pinned_version('pynamodb')}"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
    subprocess.run([*pip, "--target", str(project / "vendor"), pynamodb], check=True)
    output = workdir / "out"
    chalice = Path(python).with_name("chalice")
    if not chalice.exists():
        raise PackageError(f"no chalice CLI next to {python}")
    done = subprocess.run(
        [str(chalice), "package", "--stage", "dev", str(output)],
        cwd=project,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise PackageError(f"chalice package failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return output / "deployment.zip"


def measure(python: str = sys.executable) -> PackageFigures:
    infra_error: str | None = None
    try:
        zip_path = build_with_infra(python)
        built_by = "infra.package.build_package"
        return _figures(zip_path, built_by, None)
    except PackageError as error:
        infra_error = str(error)
        log.warning("infra.package is not usable, building the package in the bench: %s", infra_error[-500:])
    with tempfile.TemporaryDirectory(prefix="kring-bench-package-") as tmp:
        zip_path = build_fallback(Path(tmp), python)
        return _figures(zip_path, "bench fallback (chalice package)", infra_error)


def _figures(zip_path: Path, built_by: str, infra_error: str | None) -> PackageFigures:
    if not zip_path.is_file():
        raise PackageError(f"{built_by} produced no file at {zip_path}")
    bundled = bundled_excluded(zip_path)
    if bundled:
        raise PackageError(f"{zip_path} bundles {', '.join(bundled)}: the Lambda runtime provides them")
    figures = PackageFigures(
        zip_bytes=zip_path.stat().st_size,
        built_by=built_by,
        zip_path=os.path.relpath(zip_path, REPO_ROOT)
        if zip_path.is_relative_to(REPO_ROOT)
        else str(zip_path),
        top_level_bytes=top_level_sizes(zip_path),
        pycache_bytes=pycache_bytes(zip_path),
        infra_error=infra_error,
    )
    log.info("package: %d bytes (%s)", figures.zip_bytes, built_by)
    return figures
