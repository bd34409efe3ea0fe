"""What tracing costs: GET /api/todos through the BFF and the API, as bench_whole_path.py loads it,
with tracing off and with both services tracing a sample of 10 % of the calls (the W3C sampler
`parentbased_traceidratio`, so the API follows the BFF's decision) to an OTLP/HTTP endpoint in this
process. The two stacks run side by side and are loaded in alternating rounds, so that machine noise
hits both alike.

    uv run python apps/web/benchmarks/bench_tracing.py [--users 50] [--seconds 10] [--rounds 2]
        [--skip-build] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import uuid
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

from bench_whole_path import CONNECTIONS, WARM_UP_SECONDS, PathRun, WholePath, load_shape, measured, seed
from bff_stack import build_web_app, running_bff_stack
from dev_infra.otlp import OtlpReceiver
from dev_infra.progress import say

SAMPLE_RATIO = 0.1
FIGURES = ("requests_per_second", "p50_ms", "p99_ms", "web_cpu_ms_per_request", "api_cpu_ms_per_request")


def figures(run: PathRun) -> dict[str, float]:
    return {
        **asdict(run.load),
        "web_cpu_ms_per_request": run.web_cpu_ms_per_request,
        "api_cpu_ms_per_request": run.api_cpu_ms_per_request,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="signed-in users (default 50)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each configuration (default 2)")
    parser.add_argument("--skip-build", action="store_true", help="serve the web app's existing production build")
    parser.add_argument("--json", type=Path, help="write the raw figures into this file")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    receiver = OtlpReceiver()
    configurations = {
        "off": {},
        f"sampled_{round(SAMPLE_RATIO * 100)}_percent": {
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
            "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
            "OTEL_TRACES_SAMPLER_ARG": str(SAMPLE_RATIO),
        },
    }
    if not args.skip_build:
        build_web_app({**os.environ, "NEXT_TELEMETRY_DISABLED": "1"})
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-tracing-")))
        paths = {}
        for name, settings in configurations.items():
            say(f"tracing {name}: starting the API and the web app, signing up {args.users} users ...")
            bff = stack.enter_context(running_bff_stack(build=False, settings=settings))
            users = [bff.sign_up(f"bench-{n}-{uuid.uuid4().hex[:6]}@example.com") for n in range(args.users)]
            (work / name).mkdir()
            paths[name] = WholePath(bff, work / name, users, [seed(bff, user) for user in users])
        for name, path in paths.items():
            say(f"warming up with tracing {name} ({WARM_UP_SECONDS} s) ...")
            path.through_bff(WARM_UP_SECONDS, path.stack.webs[0])
        runs: dict[str, list[PathRun]] = {name: [] for name in paths}
        for number in range(1, args.rounds + 1):
            for name, path in paths.items():
                say(f"round {number}/{args.rounds}: tracing {name}, {args.seconds} s ...")
                web = path.stack.webs[0]
                runs[name].append(
                    measured(path.stack, lambda path=path, web=web: path.through_bff(args.seconds, web), web)
                )

    print(
        f"\nGET /api/todos through the BFF, {args.users} users over {CONNECTIONS} connections, {args.seconds} s runs:"
    )
    print(f"  {'tracing':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'web CPU ms':>12}{'API CPU ms':>12}")
    summary = {}
    for name, path_runs in runs.items():
        summary[name] = {
            figure: round(statistics.median(figures(run)[figure] for run in path_runs), 3) for figure in FIGURES
        }
        row = summary[name]
        print(
            f"  {name:<22}{row['requests_per_second']:>9.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['web_cpu_ms_per_request']:>12.3f}{row['api_cpu_ms_per_request']:>12.3f}"
        )
    off, on = summary.values()
    throughput_ratio = on["requests_per_second"] / off["requests_per_second"]
    print(
        f"  tracing at {SAMPLE_RATIO:.0%}: {throughput_ratio:.2f}x the throughput, "
        f"{on['p99_ms'] / off['p99_ms']:.2f}x the p99; {len(receiver.spans)} spans received"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    **load_shape(args),
                    "sample_ratio": SAMPLE_RATIO,
                    "runs": {name: [asdict(run) for run in path_runs] for name, path_runs in runs.items()},
                    "median": summary,
                    "throughput_ratio": round(throughput_ratio, 3),
                    "spans_received": len(receiver.spans),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
