"""`make` finds a Python 3.12 or newer wherever it is, and stops at once when there is none.

Each case runs the real Makefile with a PATH whose pythons (and pyenv) are stand-ins: a stand-in
answers the Makefile's version check as an interpreter of that version would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from local.home import REPO_ROOT

PYTHONS = ("python3", "python3.12", "python3.13", "python3.14")


def _stand_in(path: Path, new_enough: bool) -> None:
    # The Makefile asks `<python> -c 'import sys; sys.exit(sys.version_info < (3, 12))'`.
    path.write_text(f"#!/bin/sh\nexit {0 if new_enough else 1}\n")
    path.chmod(0o755)


def _bin(tmp_path: Path, new_enough: set[str], pyenv_versions: dict[str, bool]) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in PYTHONS:
        _stand_in(bin_dir / name, name in new_enough)
    root = tmp_path / "pyenv"
    for version, ok in pyenv_versions.items():
        (root / "versions" / version / "bin").mkdir(parents=True)
        _stand_in(root / "versions" / version / "bin" / "python3", ok)
    listing = "\\n".join(pyenv_versions)
    pyenv = bin_dir / "pyenv"
    pyenv.write_text(
        f'#!/bin/sh\ncase "$1" in\n  root) echo {root} ;;\n  versions) printf "{listing}\\n" ;;\nesac\n'
    )
    pyenv.chmod(0o755)
    return bin_dir


def _make(bin_dir: Path, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    tools = {os.path.dirname(shutil.which(tool) or "/usr/bin") for tool in ("make", "bash", "grep", "sort")}
    env = {"PATH": os.pathsep.join([str(bin_dir), *sorted(tools)]), "HOME": str(tmp_path)}
    return subprocess.run(
        ["make", "-s", "-C", str(REPO_ROOT), f"VENV={tmp_path / 'venv'}", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _found(bin_dir: Path, tmp_path: Path) -> str:
    shown = _make(bin_dir, tmp_path, "--eval", "found: ; @echo $(PYTHON_BIN)", "found")
    return shown.stdout.strip()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_a_python_312_or_newer_on_path_is_taken(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, {"python3.13"}, {})
    assert _found(bin_dir, tmp_path) == str(bin_dir / "python3.13")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_without_one_on_path_pyenvs_oldest_312_or_newer_is_taken(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, set(), {"3.11.7": False, "3.13.0": True, "3.12.1": True, "2.7.18": False})
    assert _found(bin_dir, tmp_path) == str(tmp_path / "pyenv" / "versions" / "3.12.1" / "bin" / "python3")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_with_only_an_older_python_make_run_stops_at_once_saying_how_to_get_one(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, set(), {"3.11.7": False})
    result = _make(bin_dir, tmp_path, "run")
    assert result.returncode != 0
    assert "Kring needs Python 3.12 or newer" in result.stderr
    assert "pyenv install 3.12" in result.stderr
    assert not (tmp_path / "venv").exists()  # nothing was installed first
