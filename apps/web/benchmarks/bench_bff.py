"""What the backend-for-frontend adds to a call: GET /api/todos through the web app (session cookie,
CSRF check, Better Auth session lookup, cached token, forwarding) against GET /v1/todos straight to
the API with a pre-minted token, side by side in one run, sequential requests on kept-alive
connections, interleaved so that noise hits both alike, after a warm-up long enough for V8's JIT to
settle (the first few thousand calls through Next.js are slower). Target: at most 3 ms more at the
median.

    uv run python apps/web/benchmarks/bench_bff.py [--requests 1000] [--warmup 2000] [--skip-build]
        [--json FILE]

Uses DATABASE_URL's server (a database of its own, dropped afterwards) or an embedded PostgreSQL;
builds the web app (`next build`) and starts it and the API on free ports (bff_stack.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx
from bff_stack import running_bff_stack
from dev_infra.progress import say

TODOS = 20
TARGET_MEDIAN_OVERHEAD_MS = 3.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000, help="timed requests per path (default 1000)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=2000,
        help="untimed requests per path first, until the JIT has settled (default 2000)",
    )
    parser.add_argument("--skip-build", action="store_true", help="serve the web app's existing production build")
    parser.add_argument("--json", type=Path, help="write the raw figures into this file")
    args = parser.parse_args()
    with ExitStack() as stack:
        bff = stack.enter_context(running_bff_stack(build=not args.skip_build))
        user = bff.sign_up(f"bench-{uuid.uuid4().hex[:8]}@example.com")
        browser = stack.enter_context(bff.browser(user.session_cookie))
        for n in range(TODOS):
            browser.post("/api/todos", json={"title": f"todo {n}"}).raise_for_status()
        direct = stack.enter_context(
            httpx.Client(base_url=bff.api_url, headers={"authorization": f"Bearer {bff.api_token(user)}"}, timeout=10)
        )

        timings: dict[str, list[float]] = {"through the BFF": [], "straight to the API": []}
        calls = {
            "through the BFF": lambda: browser.get("/api/todos"),
            "straight to the API": lambda: direct.get("/v1/todos"),
        }
        say(f"warming up with {args.warmup} requests on each path ...")
        for _ in range(args.warmup):
            for call in calls.values():
                call().raise_for_status()
        say(f"timing {args.requests} requests on each path, interleaved ...")
        for _ in range(args.requests):
            for name, call in calls.items():
                started = time.perf_counter()
                response = call()
                timings[name].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200 or len(response.json()["items"]) != TODOS:
                    raise SystemExit(f"{name}: unexpected answer {response.status_code}")
    print(f"\nGET todos ({TODOS} rows), {args.requests} sequential requests each:")
    for name, values in timings.items():
        print(f"  {name:20s} median {statistics.median(values):6.2f} ms   p99 {percentile(values, 0.99):6.2f} ms")
    overhead = statistics.median(timings["through the BFF"]) - statistics.median(timings["straight to the API"])
    verdict = "ok" if overhead <= TARGET_MEDIAN_OVERHEAD_MS else "MISSED"
    print(f"  BFF adds {overhead:.2f} ms at the median (target <= {TARGET_MEDIAN_OVERHEAD_MS:.0f} ms) {verdict}")
    if args.json:
        figures = {
            name.replace(" ", "_"): {
                "median_ms": round(statistics.median(values), 3),
                "p99_ms": round(percentile(values, 0.99), 3),
            }
            for name, values in timings.items()
        }
        args.json.write_text(json.dumps({**figures, "median_overhead_ms": round(overhead, 3)}, indent=2))


if __name__ == "__main__":
    main()
