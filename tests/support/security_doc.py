"""The route -> relation table of docs/security.md, rendered from the routes' own declarations.

`python -m tests.support.security_doc` rewrites the table in place; a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

from chalicelib.api.framework import Operation
from chalicelib.api.routing import all_operations

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
BEGIN = "<!-- route-table:begin (generated: python -m tests.support.security_doc) -->"
END = "<!-- route-table:end -->"


def render_table(operations: list[Operation]) -> str:
    lines = ["| Route | Roles | Relation the caller needs |", "|---|---|---|"]
    for op in sorted(operations, key=lambda o: (o.path, o.method)):
        roles = ", ".join(sorted(op.roles)) or "any"
        relation = (
            "public (no token)" if op.relation is None else f"{op.relation.value}: {op.relation.description}"
        )
        lines.append(f"| `{op.method} {op.path}` | {roles} | {relation} |")
    return "\n".join(lines)


def current_table() -> str:
    text = DOC.read_text()
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()


def rewrite() -> None:
    text = DOC.read_text()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{render_table(all_operations())}\n{END}{tail}")


if __name__ == "__main__":
    rewrite()
