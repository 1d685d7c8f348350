"""`python -m bench.report [bench/results.json]`: the figures as Markdown tables for docs/benchmarks.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.run import RESULTS


def _calls(calls: list[dict[str, Any]]) -> str:
    parts = []
    for call in calls:
        text = call["request"]
        if "items" in call:
            text += "(" + "+".join(call["items"]) + ")"
        if call.get("consistent"):
            text += " consistent"
        if "failed" in call:
            text += " **failed**: " + call["failed"].removesuffix("Exception")
        parts.append(text)
    return ", ".join(parts) or "none"


def markdown(document: dict[str, Any]) -> str:
    machine = document["machine"]
    imports, wall = document["cold_import_ms"], document["cold_import_wall_ms"]
    size = document["package_zip_bytes"]
    built_by = document.get("package", {}).get("built_by")
    lines = [
        f"Run of {document['date']} on {machine['cpu_count']} CPUs, "
        f"Python {machine['python']}, {machine['platform']}.",
        "",
        "| figure | value |",
        "|--------|-------|",
        f"| `cold_import_ratio` (app / boto3) | **{document['cold_import_ratio']}** |",
        f"| `cold_import_ms` (importtime, median of {document['cold_import_rounds']}) "
        f"| app {imports['app']} ms, boto3 {imports['boto3']} ms |",
        f"| `cold_import_wall_ms` (`python -c`, median) "
        f"| app {wall['app']} ms, boto3 {wall['boto3']} ms, bare interpreter {wall['python']} ms |",
        f"| `package_zip_bytes` | **{size:,}** ({size / 1_048_576:.2f} MiB, built by `{built_by}`) |"
        if size is not None
        else "| `package_zip_bytes` | not measured (`--skip-package`) |",
        "",
        "| operation | DynamoDB requests | RCU | WCU | requests made |",
        "|-----------|------------------:|----:|----:|---------------|",
    ]
    for key, figures in document["operations"].items():
        calls = _calls(document["operation_calls"][key])
        lines.append(
            f"| `{key}` | {figures['ddb_requests']} | {figures['rcu']} | {figures['wcu']} | {calls} |"
        )
    lines += [
        "",
        "| feed page | posts read | RCU | minimum RCU (the posts alone, one eventually consistent Query) |",
        "|-----------|-----------:|----:|-----:|",
    ]
    for key, page in document.get("feed_pages", {}).items():
        lines.append(f"| `{key}` | {page['posts_read']} | {page['rcu']} | {page['minimum_rcu']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else RESULTS
    sys.stdout.write(markdown(json.loads(path.read_text())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
