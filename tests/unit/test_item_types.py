"""Importing the item types' package registers every item type of the table.

A Query returns items of any type under a key, and PynamoDB turns each into the class registered
for its `type`: a type whose module the package did not import would make such a Query fail. Each
case runs in a fresh interpreter that imports only the package, as a Lambda function does.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MODELS = REPO_ROOT / "chalicelib" / "store" / "models"

REGISTERED = """
import json
from chalicelib.store import models
found = {}
for cls in models.KringItem.item_type.get_registered_subclasses(models.KringItem):
    found[models.KringItem.item_type.get_discriminator(cls)] = cls.__name__
exported = set(models.__all__)
print(json.dumps({"registered": found, "exported": sorted(exported)}))
"""


def declared_item_types() -> dict[str, str]:
    """Every `class X(..., discriminator="x")` written in the package's modules: x -> X."""
    declared: dict[str, str] = {}
    for module in MODELS.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ClassDef):
                for keyword in node.keywords:
                    if keyword.arg == "discriminator" and isinstance(keyword.value, ast.Constant):
                        declared[str(keyword.value.value)] = node.name
    return declared


def what_the_package_registers() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", REGISTERED], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_every_item_type_is_registered_by_importing_the_package_alone() -> None:
    declared = declared_item_types()
    assert {"post", "user", "campaign", "quiz_answer", "badge_award"} <= set(declared)  # it read them
    assert what_the_package_registers()["registered"] == declared


def test_every_item_type_is_imported_from_the_package() -> None:
    exported = what_the_package_registers()["exported"]
    assert isinstance(exported, list)
    assert set(declared_item_types().values()) <= set(exported)
