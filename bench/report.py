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


def _by_function(ratios: dict[str, float]) -> str:
    return ", ".join(f"{name} {ratio}" for name, ratio in ratios.items())


def _overhead(routes: dict[str, dict[str, float]]) -> str:
    return "; ".join(
        f"`{name}` {figures['kring_ms']} ms vs {figures['bare_ms']} ms" for name, figures in routes.items()
    )


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
        f"| `cold_import_ratio` (API, slowest first request / `import boto3`) "
        f"| **{document['cold_import_ratio']}** |",
        f"| `cold_import_ratio_by_function` | {_by_function(document['cold_import_ratio_by_function'])} |",
        f"| `cold_import_ms` (in-process, median of {document['cold_import_rounds']}) "
        f"| API {imports['api']} ms (`{document['cold_import_api_slowest_route_module']}`), "
        f"boto3 {imports['boto3']} ms |",
        f"| `cold_start_api_served_ratio` (first requests served for real / `import boto3`) "
        f"| {_by_function(document.get('cold_start_api_served_ratio', {})) or 'not measured'} |",
        f"| `cold_start_first_batch_ratio` (the stream consumer's first batch / `import boto3`) "
        f"| {_by_function(document.get('cold_start_first_batch_ratio', {})) or 'not measured'} |",
        f"| `cold_import_wall_ms` (`python -c`, median) "
        f"| API {wall['app']} ms, boto3 {wall['boto3']} ms, bare interpreter {wall['python']} ms |",
        f"| `request_overhead_ratio` (Kring route / bare route, same DynamoDB calls) "
        f"| **{document['request_overhead_ratio']}** ({_overhead(document['request_overhead'])}) |",
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
        "| feed page | requests | posts read | items returned | RCU | item-size minimum RCU | ratio |",
        "|-----------|---------:|-----------:|---------------:|----:|------:|------:|",
    ]
    for key, page in document.get("feed_pages", {}).items():
        cells = [page.get(name, "") for name in ("ddb_requests", "posts_read", "items_returned", "rcu")]
        cells += [page.get("item_size_minimum_rcu", ""), page.get("rcu_ratio", "")]
        lines.append(f"| `{key}` | " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def cost_markdown(document: dict[str, Any]) -> str:
    """The cost model's tables: prices, profile, results (docs/benchmarks.md, "Cost model")."""
    from bench import cost

    lines = [
        f"| price ({cost.REGION}, on demand, as of {cost.PRICES_AS_OF}) | USD | per |",
        "|---|---:|---|",
    ]
    for name, item in cost.PRICES.items():
        per = f"{item.per:,.0f} " if item.per != 1 else ""
        lines.append(f"| `{name}` | {item.usd:g} | {per}{item.unit} |")
    lines += ["", "| operation | per MAU a month | why |", "|---|---:|---|"]
    for use in (*cost.PROFILE, *cost.CONSUMER_EVENTS):
        lines.append(f"| `{use.operation}` | {use.per_mau_month:g} | {use.why} |")
    section = document.get("cost")
    if section:
        lines += [
            "",
            "| figure | value |",
            "|---|---|",
            f"| `usd_per_1000_mau_month` | **{section['usd_per_1000_mau_month']}** "
            f"(organisations of {section['usd_per_1000_mau_month_size']} members) |",
        ]
        for size, figures in section["by_organisation_size"].items():
            lines.append(
                f"| ... in organisations of {size} | {figures['usd_per_1000_mau_month']} "
                f"({figures['usd_org_month']} a month for one organisation) |"
            )
        lines += [
            f"| `usd_fixed_per_deployment_month` | **{section['usd_fixed_per_deployment_month']}** |",
            f"| `usd_idle_org_month` | **{section['usd_idle_org_month']}** "
            f"({section['idle_org_members']} members) |",
            "| Cognito, beyond 10,000 free MAU (not included) "
            f"| {section['cognito_usd_per_1000_mau_beyond_free_tier']} per 1,000 MAU |",
            "",
            "| top driver (usage, per 1,000 MAU) | USD | share |",
            "|---|---:|---:|",
        ]
        lines += [f"| {d['name']} | {d['usd']} | {d['share']:.0%} |" for d in section["top_drivers"]]
        for title, key in (("fixed, per deployment", "fixed_lines"), ("idle organisation", "idle_org_lines")):
            lines += ["", f"| {title} | USD a month |", "|---|---:|"]
            lines += [f"| {name} | {usd} |" for name, usd in section[key].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else RESULTS
    document = json.loads(path.read_text())
    sys.stdout.write(markdown(document) + "\n" + cost_markdown(document))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
