"""`make bench`: every benchmark, one after the other, then docs/performance.md (a table per target:
the figure measured, the target, the machine) and docs/performance.json (the raw figures).

    uv run python scripts/bench.py [--parts api,heavy_users,rate_limiter,bff_sequential,whole_path,tracing,lighthouse]

`--parts ""` runs nothing and writes docs/performance.md again from docs/performance.json.

Each part is also a script that runs alone (see PARTS). A part that is not run, or fails, keeps the
figures of its last run in docs/performance.json, marked with when and where they were measured, so
that one failure loses nothing; the command then exits non-zero and names the part.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
API_BENCH = ROOT / "apps" / "api" / "benchmarks"
WEB_BENCH = ROOT / "apps" / "web" / "benchmarks"
REPORT = ROOT / "docs" / "performance.md"
FIGURES = ROOT / "docs" / "performance.json"


@dataclass(frozen=True)
class Part:
    title: str
    command: list[str]
    needs_web_build: bool = False


PARTS = {
    "api": Part("API against the raw-psycopg baseline", [str(API_BENCH / "bench_api.py")]),
    "heavy_users": Part("Lists for heavy users", [str(API_BENCH / "bench_heavy_users.py")]),
    "rate_limiter": Part("Rate limiting without Redis", [str(API_BENCH / "bench_rate_limiter.py")]),
    "bff_sequential": Part(
        "BFF overhead, sequential", [str(WEB_BENCH / "bench_bff.py"), "--skip-build"], needs_web_build=True
    ),
    # Builds its own benchmark-only copy of the web app, with the floor's route handlers.
    "whole_path": Part("Whole user path under load", [str(WEB_BENCH / "bench_whole_path.py"), "--refresh"]),
    "tracing": Part("What tracing costs", [str(WEB_BENCH / "bench_tracing.py"), "--skip-build"], needs_web_build=True),
    "lighthouse": Part(
        "First screen on a phone", [str(WEB_BENCH / "bench_lighthouse.py"), "--skip-build"], needs_web_build=True
    ),
}


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown",
    )
    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    changed = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 2**20, 1),
        "kernel": platform.release(),
        "load_average_before": os.getloadavg()[0],
        "commit": (commit.stdout.strip() or "unknown")
        + (" with uncommitted changes" if changed.stdout.strip() else ""),
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run_parts(names: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Runs the parts; returns their figures (each with the machine it ran on) and the names that failed."""
    results: dict[str, Any] = {}
    failed: list[str] = []
    if any(PARTS[name].needs_web_build for name in names):
        say("building the web app once for the BFF benchmarks (next build) ...")
        build = subprocess.run(
            ["npm", "run", "--silent", "build", "-w", "@todo/web"], cwd=ROOT, stdout=subprocess.DEVNULL
        )
        if build.returncode != 0:
            failed += [name for name in names if PARTS[name].needs_web_build]
            names = [name for name in names if not PARTS[name].needs_web_build]
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        for number, name in enumerate(names, start=1):
            part = PARTS[name]
            say(f"[{number}/{len(names)}] {part.title} ...")
            output = Path(work) / f"{name}.json"
            where = machine()
            ran = subprocess.run([sys.executable, *part.command, "--json", str(output)], cwd=ROOT)
            if ran.returncode != 0 or not output.exists():
                say(f"{name} failed (exit {ran.returncode}); its last figures are kept")
                failed.append(name)
                continue
            results[name] = {"machine": where, "figures": json.loads(output.read_text())}
    return results, failed


def ratio_row(label: str, measured: float, target: str, ok: bool, detail: str = "") -> str:
    figure = f"{measured:.2f}× {detail}" if detail else f"{measured:.2f}×"
    return f"| {label} | {figure} | {target} | {'met' if ok else '**missed**'} |"


def whole_path_section(figures: dict[str, Any]) -> list[str]:
    runs = figures["runs"]
    mint = figures["mint_under_load"]
    mixed = figures["mixed"]
    lines = [
        f"{figures['users']} signed-in users rotating over {figures['connections']} connections, "
        f"{figures['seconds']} s runs; a web server per `WEB_WORKERS` count and the API alone, loaded in "
        "turn in each round, every list round before every create round "
        "(`apps/web/benchmarks/bench_whole_path.py`). The floor is the least any route-handler BFF does: a bare "
        "route handler forwarding the call to the API with the token the caller sent (undici, kept-alive "
        "connections); the empty handler answers `{}` (Next.js alone). Both exist only in the benchmark's own "
        "build of the app, served by the same web server as the BFF's routes.",
        "",
        "| figure | measured | target | verdict |",
        "| --- | --- | --- | --- |",
    ]
    for method, ratios in figures.get("against_floor", {}).items():
        call = "`GET /api/todos`" if method == "GET" else "`POST /api/todos` (create)"
        lines += [
            ratio_row(
                f"{call} throughput / floor, {figures['web_workers'][0]} web worker",
                ratios["throughput"],
                "≥ 0.8×",
                ratios["throughput"] >= 0.8,
            ),
            ratio_row(
                f"{call} p99 / floor, {figures['web_workers'][0]} web worker", ratios["p99"], "≤ 2×", ratios["p99"] <= 2
            ),
        ]
    for workers in figures["web_workers"]:
        throughput, p99 = figures["throughput_ratio"][str(workers)], figures["p99_ratio"][str(workers)]
        lines += [
            ratio_row(
                f"`GET /api/todos` throughput / direct, {workers} web worker(s)",
                throughput,
                "≥ 0.5×",
                throughput >= 0.5,
            ),
            ratio_row(f"`GET /api/todos` p99 / direct, {workers} web worker(s)", p99, "≤ 3×", p99 <= 3.0),
        ]
    lines += [
        f"| cache-miss mint p99 under that load | {mint['mint_p99_ms']:.2f} ms ({mint['mints']} mints, "
        f"p50 {mint['mint_p50_ms']:.2f} ms) | ≤ 5 ms | {'met' if mint['mint_p99_ms'] <= 5 else '**missed**'} |",
    ]
    refresh = figures.get("refresh_under_load")
    if refresh:
        lines.append(
            f"| tokens renewed in the background under that load | {refresh['background_mints']} renewals, p99 "
            f"{refresh['background_mint_p99_ms']:.2f} ms; requests' p99 {refresh['requests_p99_ms_before']:.2f} ms "
            f"before, at most {refresh['requests_p99_ms_during']:.2f} ms while they ran | no request waits for a "
            "renewal | reported: compare the two p99s |"
        )
    lines += [
        "",
        "| round | path | req/s | p50 ms | p99 ms | web CPU ms/req | API CPU ms/req |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path_runs in runs.items():
        for number, run in enumerate(path_runs, start=1):
            load = run["load"]
            lines.append(
                f"| {number} | {name.replace('_', ' ')} | {load['requests_per_second']:.0f} | {load['p50_ms']:.2f} | "
                f"{load['p99_ms']:.2f} | {run['web_cpu_ms_per_request']:.2f} | {run['api_cpu_ms_per_request']:.2f} |"
            )
    share = mixed["mix_percent"]
    load = mixed["load"]
    lines += [
        "",
        f"Mixed workload through the BFF ({100 - sum(share.values())} % list, {share['create']} % create, "
        f"{share['update']} % update, {share['delete']} % delete; {mixed['web_workers']} web worker): "
        f"{load['requests_per_second']:.0f} req/s, p50 {load['p50_ms']:.2f} ms, p99 {load['p99_ms']:.2f} ms; "
        f"web CPU {mixed['web_cpu_ms_per_request']:.2f} ms and API CPU {mixed['api_cpu_ms_per_request']:.2f} ms "
        "per request.",
    ]
    return lines


def api_section(figures: dict[str, Any]) -> list[str]:
    lines = ["| figure | measured | target | verdict |", "| --- | --- | --- | --- |"]
    for alg, verification in figures["verification"].items():
        ratio = verification["verifier_us"] / verification["bare_decode_us"]
        lines.append(
            ratio_row(
                f"{alg} verification / bare `jwt.decode`",
                ratio,
                "≤ 1.3×",
                ratio <= 1.3,
                f"({verification['verifier_us']:.1f} µs against {verification['bare_decode_us']:.1f} µs)",
            )
        )
    if "load" in figures:
        median = figures["load"]["median"]
        throughput = median["api"]["requests_per_second"] / median["baseline"]["requests_per_second"]
        p99 = median["api"]["p99_ms"] / median["baseline"]["p99_ms"]
        metrics_cost = 1 - median["api"]["requests_per_second"] / median["no-http-metrics"]["requests_per_second"]
        lines += [
            ratio_row(
                "`GET /v1/todos` throughput / baseline",
                throughput,
                "≥ 0.6×",
                throughput >= 0.6,
                f"({median['api']['requests_per_second']:.0f} against "
                f"{median['baseline']['requests_per_second']:.0f} req/s)",
            ),
            ratio_row("`GET /v1/todos` p99 / baseline", p99, "≤ 1.5×", p99 <= 1.5),
            f"| cost of the HTTP metrics (instrumentator) | {metrics_cost:.1%} of throughput | ≤ 5 % | "
            f"{'met' if metrics_cost <= 0.05 else '**missed**'} |",
        ]
    lines += ["", "Rate limiter, CPU per hit:", ""]
    lines += [f"- {name}: {micros:.1f} µs" for name, micros in figures["rate_limiter_cpu_us_per_hit"].items()]
    return lines


def heavy_users_section(figures: dict[str, Any]) -> list[str]:
    base, *heavy = figures["readers"]
    lines = [
        "| variant | " + " | ".join(f"{reader}, ms" for reader in figures["readers"]) + " | worst ratio | target 3× |",
        "| --- | " + " | ".join("---:" for _ in figures["readers"]) + " | ---: | --- |",
    ]
    within = 0
    for name, by_reader in figures["median_ms"].items():
        ratio = max(by_reader[reader] for reader in heavy) / by_reader[base]
        within += ratio <= 3
        cells = " | ".join(f"{by_reader[reader]:.2f}" for reader in figures["readers"])
        lines.append(f"| {name} | {cells} | {ratio:.2f}× | {'met' if ratio <= 3 else '**missed**'} |")
    return [
        f"Each variant of `GET /v1/todos` for every reader against the user with {base} "
        "(`apps/api/benchmarks/bench_heavy_users.py`): users with all their todos in one list, a user with "
        "todos over many lists, and a member reading a shared list by `list_id`; median of the calls, each "
        "reader in turn.",
        "",
        f"{within} of {len(figures['median_ms'])} variants within 3× for every reader.",
        "",
        *lines,
    ]


def bff_sequential_section(figures: dict[str, Any]) -> list[str]:
    overhead = figures["median_overhead_ms"]
    return [
        "| figure | measured | target | verdict |",
        "| --- | --- | --- | --- |",
        f"| BFF overhead at the median, sequential | {overhead:.2f} ms (BFF "
        f"{figures['through_the_BFF']['median_ms']:.2f} ms, API {figures['straight_to_the_API']['median_ms']:.2f} ms)"
        f" | ≤ 3 ms | {'met' if overhead <= 3 else '**missed**'} |",
    ]


def rate_limiter_section(figures: dict[str, Any]) -> list[str]:
    per_hit = figures["many_users_us_per_hit"]
    return [
        "Counting in process memory (no `REDIS_URL`, or Redis failing), users hitting in turn with the "
        "event loop running between hits (`apps/api/benchmarks/bench_rate_limiter.py`).",
        "",
        "| figure | measured | target | verdict |",
        "| --- | --- | --- | --- |",
        f"| CPU per hit, {figures['many_users']:,} users | {per_hit:.1f} µs (one user: "
        f"{figures['one_user_us_per_hit']:.1f} µs) | < {figures['target_us_per_hit']:g} µs "
        f"| {'met' if per_hit < figures['target_us_per_hit'] else '**missed**'} |",
        f"| counts held after {figures['flood_users']:,} users | {figures['counts_held_after_flood']:,} | fewer "
        f"| {'met' if figures['counts_held_after_flood'] < figures['flood_users'] else '**missed**'} |",
    ]


def tracing_section(figures: dict[str, Any]) -> list[str]:
    lines = [
        f"`GET /api/todos` through the BFF and the API, {figures['users']} signed-in users over "
        f"{figures['connections']} connections, {figures['seconds']} s runs, with tracing off and with both "
        f"services tracing {figures['sample_ratio']:.0%} of the calls to an OTLP/HTTP endpoint, side by side and "
        "loaded in turn (`apps/web/benchmarks/bench_tracing.py`); medians of the rounds. No target: the "
        "figures say what sampling costs.",
        "",
        "| tracing | req/s | p50 | p99 | web CPU per call | API CPU per call |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in figures["median"].items():
        lines.append(
            f"| {name.replace('_', ' ')} | {row['requests_per_second']:.0f} | {row['p50_ms']:.2f} ms "
            f"| {row['p99_ms']:.2f} ms | {row['web_cpu_ms_per_request']:.3f} ms "
            f"| {row['api_cpu_ms_per_request']:.3f} ms |"
        )
    return [*lines, "", f"Throughput with tracing on, against off: {figures['throughput_ratio']:.2f}×."]


def lighthouse_section(figures: dict[str, Any]) -> list[str]:
    perf_target, practices_target = figures["target_performance"], figures["target_best_practices"]
    lines = [
        f"Lighthouse's mobile profile (simulated slow 4G, CPU slowed 4×) on the production build behind nginx "
        f"as deployed (`docker/nginx/todo.conf`, which compresses), medians of {figures['runs_per_page']} runs "
        f"per page; `/todos` signed in with {figures['todos']} todos; unused JavaScript as transferred "
        f"(`apps/web/benchmarks/bench_lighthouse.py`). Load average {figures['load_average_after_setup']:.2f} "
        "when the runs began.",
        "",
        "| page | performance | best practices | LCP | TBT | unused JS | target | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for page, row in figures["median"].items():
        ok = row["performance"] >= perf_target and row["best_practices"] >= practices_target
        lines.append(
            f"| `{page}` | {row['performance']:.0f} | {row['best_practices']:.0f} | {row['lcp_ms'] / 1000:.1f} s "
            f"| {row['tbt_ms']:.0f} ms | {row['unused_js_kib']:.0f} KiB | performance ≥ {perf_target}, best "
            f"practices {practices_target} | {'met' if ok else '**missed**'} |"
        )
    return lines


SECTIONS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "whole_path": whole_path_section,
    "heavy_users": heavy_users_section,
    "api": api_section,
    "bff_sequential": bff_sequential_section,
    "tracing": tracing_section,
    "rate_limiter": rate_limiter_section,
    "lighthouse": lighthouse_section,
}


def render(results: dict[str, Any]) -> str:
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`scripts/bench.py`) from the figures in `performance.json`; do not edit by",
        "hand. Ratios compare two paths measured side by side in one run on the same machine; absolute",
        "figures depend on the machine and on what else ran on it (its load average is given).",
    ]
    for name in SECTIONS:
        if name not in results:
            continue
        where = results[name]["machine"]
        lines += [
            "",
            f"## {PARTS[name].title}",
            "",
            f"Measured {where['measured_at']} at commit {where['commit']} on {where['cores']} × {where['cpu']}, "
            f"{where['memory_gib']} GiB, Linux {where['kernel']}, load average {where['load_average_before']:.2f} "
            "when it started.",
            "",
            *SECTIONS[name](results[name]["figures"]),
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    names = [name.strip() for name in parser.parse_args().parts.split(",") if name.strip()]
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; the parts are {', '.join(PARTS)}")
    previous = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    results, failed = run_parts(names)
    merged = {**previous, **results}
    FIGURES.write_text(json.dumps(merged, indent=2) + "\n")
    REPORT.write_text(render(merged))
    say(f"wrote {REPORT.relative_to(ROOT)} and {FIGURES.relative_to(ROOT)}")
    if failed:
        sys.exit(f"bench: {', '.join(failed)} failed; see the output above")


if __name__ == "__main__":
    main()
