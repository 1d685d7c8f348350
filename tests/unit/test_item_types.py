"""Every item type of the table is reachable from the models package, and read right before its
module is loaded.

The package loads a domain's module when one of its names is first asked for. A Query returns
items of any type under a key, and PynamoDB turns each into the class registered for its `type`
(and filters a query on KringItem by the registered types): the discriminator registers them all
first. Each case runs in a fresh interpreter, as a Lambda function does.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def test_every_item_type_is_registered_before_a_query_on_kring_item_filters_by_them() -> None:
    declared = declared_item_types()
    assert {"post", "user", "campaign", "quiz_answer", "badge_award"} <= set(declared)  # it read them
    assert what_the_package_registers()["registered"] == declared


def test_every_item_type_is_imported_from_the_package() -> None:
    exported = what_the_package_registers()["exported"]
    assert isinstance(exported, list)
    assert set(declared_item_types().values()) <= set(exported)


LAZY = """
import json, sys
from chalicelib.store import models
from chalicelib.store.models import KringItem

loaded_first = sorted(name for name in sys.modules if name.startswith("chalicelib.store.models."))
media = models.MediaItem  # asked for: its module loads
after_one = sorted(name for name in sys.modules if name.startswith("chalicelib.store.models."))
# A reaction item read through KringItem (as a Query under a post's key returns it), before wall.py loaded.
raw = {"pk": {"S": "ORG#o1#REACTIONS#p1"}, "sk": {"S": "USER#u1"}, "type": {"S": "reaction"},
       "org_id": {"S": "o1"}, "reaction": {"S": "insightful"}}
item = KringItem.from_raw_data(raw)
print(json.dumps({"first": loaded_first, "after_one": after_one, "read_as": type(item).__name__,
                  "media": media.__name__}))
"""


def run(code: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_an_item_type_loads_when_asked_for_and_an_unloaded_type_is_still_read_as_its_class() -> None:
    found = run(LAZY)
    assert found["first"] == ["chalicelib.store.models.base"]  # the package alone builds no item type
    assert found["after_one"] == ["chalicelib.store.models.base", "chalicelib.store.models.media"]
    assert found["media"] == "MediaItem"
    assert found["read_as"] == "ReactionItem"


def test_the_package_names_each_module_as_the_type_checker_reads_it() -> None:
    """`MODULES` (what loads on first use) and the imports the type checker reads say the same."""
    from chalicelib.store import models

    tree = ast.parse((MODELS / "__init__.py").read_text())
    checked: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("chalicelib.store.models.")
        ):
            module = node.module.rsplit(".", 1)[1]
            if module != "base":
                checked[module] = tuple(alias.name for alias in node.names)
    assert checked == models.MODULES
    assert {f"{path.stem}" for path in MODELS.glob("*.py")} - {"__init__", "base"} == set(models.MODULES)
