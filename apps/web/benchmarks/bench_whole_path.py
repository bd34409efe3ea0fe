"""The whole user path under load: GET /api/todos through the web app's production build (session
cookie, CSRF check, Better Auth session lookup, cached token, forwarding) against GET /v1/todos
straight to the API with pre-minted tokens, and against the floor of any route-handler BFF, for the
same signed-in users rotating over the same connections, in alternating rounds of one run so that
machine noise hits all alike; then the same for a create (POST). Then a mixed workload through the
BFF, and the latency of minting a token on a cache miss while the BFF is loaded.

The floor is a bare route handler that forwards the call to the API with the token the caller sent
(benchmarks/floor, undici's `request` on kept-alive connections); beside it, one that answers `{}`
(what Next.js alone costs). They live in a benchmark-only build (bff_stack.build_floor_app), which
every web server here serves: the app's own build plus those handlers.

    uv run python apps/web/benchmarks/bench_whole_path.py [--users 50] [--seconds 10] [--rounds 2]
        [--web-workers 1,2] [--refresh] [--skip-build] [--cpu-prof DIR] [--json FILE]

Targets (issues "Performance under load" and 21): BFF throughput at least 0.5x the direct path's, its
p99 at most 3x; at least 0.8x the floor's, its p99 at most 2x (GET and POST, one web worker);
cache-miss mint p99 at most 5 ms under that load. The BFF path is measured once per web
server, one per `--web-workers` count (WEB_WORKERS, node:cluster), to show how it scales with cores;
the mixed workload and the mints go to the first. `--refresh` then keeps the load on until the
users' tokens are renewed in the background, to show that no request waits for it. `--cpu-prof DIR`
writes V8 CPU profiles of the web servers (node --cpu-prof) and prints where their time went during
the BFF's runs and during the floor's.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from bff_stack import BffStack, SignedInUser, WebServer, running_bff_stack
from cpu_profile import busy_shares
from dev_infra.load import LoadFailed, LoadResult, cpu_seconds, load_result, process_tree, wrk_output
from dev_infra.progress import say
from prometheus_client.parser import text_string_to_metric_families

WRK_DIR = Path(__file__).resolve().parent / "wrk"
CONNECTIONS = 16
TODOS = 20
DELETABLE_TODOS = 10
FRESH_SESSIONS = 100
# Creates, updates and deletes in percent; the rest of the mixed workload lists.
MIX = (10, 15, 5)
WARM_UP_SECONDS = 10
# The web app's token cache (lib/server/token-cache.ts): tokens live five minutes, renewed in the last one.
TOKEN_LIFETIME_SECONDS = 300
REFRESH_BEFORE_SECONDS = 60
REFRESH_RUN_SECONDS = 5
REFRESH_WATCH_SECONDS = 15
TARGET_THROUGHPUT_RATIO = 0.5
TARGET_P99_RATIO = 3.0
TARGET_FLOOR_THROUGHPUT_RATIO = 0.8
TARGET_FLOOR_P99_RATIO = 2.0
CREATE_BODY = '{"title":"bench todo","priority":"medium"}'
TARGET_MINT_P99_MS = 5.0


@dataclass(frozen=True)
class PathRun:
    load: LoadResult
    web_cpu_ms_per_request: float
    api_cpu_ms_per_request: float
    """When the run started and ended, on the monotonic clock (the CPU profile's clock)."""
    window: tuple[float, float]


def seed(stack: BffStack, user: SignedInUser) -> tuple[list[str], list[str]]:
    """The user's todos, created straight through the API: ids to update, and ids to delete."""
    with httpx.Client(base_url=stack.api_url, headers={"authorization": f"Bearer {stack.api_token(user)}"}) as api:
        ids = [
            api.post("/v1/todos", json={"title": f"todo {n}"}).raise_for_status().json()["id"]
            for n in range(TODOS + DELETABLE_TODOS)
        ]
    return ids[:TODOS], ids[TODOS:]


def sign_in(stack: BffStack, user: SignedInUser) -> str:
    """A new session of `user`: its first API call finds no token in the cache."""
    with stack.browser() as client:
        client.post("/api/auth/sign-in/email", json={"email": user.email, "password": "bench-password-1"})
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def loaded(
    stack: BffStack, url: str, seconds: int, *, script: str, script_args: list[str], headers: dict[str, str]
) -> tuple[LoadResult, str]:
    """wrk's figures and output; a failed run ends the benchmark with the web server's last words."""
    try:
        output = wrk_output(
            url,
            headers,
            seconds=seconds,
            connections=CONNECTIONS,
            cpu="0,1",
            timeout_seconds=30,
            script=WRK_DIR / script,
            script_args=script_args,
        )
    except LoadFailed as failure:
        # The answers that were not 2xx, and what went wrong, rather than thousands of good lines.
        trouble = [
            line
            for web in stack.webs
            for line in web.log_path.read_text().splitlines()
            if '"status":2' not in line and '"level":"INFO"' not in line or '"status":4' in line or '"status":5' in line
        ]
        joined = "\n".join(trouble[-20:])
        raise SystemExit(f"nothing measured: {failure}\nthe web server's last failures:\n{joined}") from None
    return load_result(output), output


class WholePath:
    """The paths and the mixed workload, each loaded by wrk with the users' identities."""

    def __init__(
        self, stack: BffStack, work: Path, users: list[SignedInUser], todo_ids: list[tuple[list[str], list[str]]]
    ):
        self.stack = stack
        self.cookies = work / "cookies.txt"
        self.cookies.write_text("".join(f"{user.session_cookie}\n" for user in users))
        self.tokens = work / "tokens.txt"
        # Minted now, after the setup: they must outlive the runs (five minutes).
        self.tokens.write_text("".join(f"Bearer {stack.api_token(user)}\n" for user in users))
        self.mix_users = work / "mix-users.txt"
        self.mix_users.write_text(
            "".join(
                f"{user.session_cookie}\t{','.join(update)}\t{','.join(delete)}\n"
                for user, (update, delete) in zip(users, todo_ids, strict=True)
            )
        )
        self.browser_headers = {"origin": stack.origin, "x-csrf": "1"}

    def rotating(self, url: str, seconds: int, *, identity: str, create: bool) -> LoadResult:
        """`url` loaded with the users' cookies (identity "cookie", as the browser calls the BFF) or
        tokens ("authorization"): GETs, or with `create` POSTs of a new todo."""
        headers = self.browser_headers if identity == "cookie" else {}
        method = ["POST", CREATE_BODY] if create else []
        return loaded(
            self.stack,
            url,
            seconds,
            script="rotate_identity.lua",
            script_args=[identity, str(self.cookies if identity == "cookie" else self.tokens), *method],
            headers={**headers, "content-type": "application/json"} if create else headers,
        )[0]

    def through_bff(self, seconds: int, web: WebServer, *, create: bool = False) -> LoadResult:
        return self.rotating(f"{web.url}/api/todos", seconds, identity="cookie", create=create)

    def straight_to_api(self, seconds: int, *, create: bool = False) -> LoadResult:
        return self.rotating(f"{self.stack.api_url}/v1/todos", seconds, identity="authorization", create=create)

    def through_floor(self, seconds: int, web: WebServer, *, create: bool = False) -> LoadResult:
        return self.rotating(f"{web.url}/api/floor/todos", seconds, identity="authorization", create=create)

    def empty_handler(self, seconds: int, web: WebServer) -> LoadResult:
        return self.rotating(f"{web.url}/api/floor/empty", seconds, identity="authorization", create=False)

    def mixed(self, seconds: int) -> tuple[LoadResult, dict[str, int]]:
        result, output = loaded(
            self.stack,
            f"{self.stack.origin}/api/todos",
            seconds,
            script="mixed_workload.lua",
            script_args=[*(str(share) for share in MIX), str(self.mix_users)],
            headers=self.browser_headers,
        )
        counts = re.search(r"mix: (.*)$", output, re.MULTILINE)
        if counts is None:
            raise SystemExit(f"the mixed workload printed no counts:\n{output}")
        return result, {kind: int(count) for kind, count in (pair.split("=") for pair in counts.group(1).split())}


def measured(stack: BffStack, run: Any, web_server: WebServer | None) -> PathRun:
    """`run()`'s load figures and the CPU time the web server (with its workers) and the API spent per
    request on it."""
    web, api = process_tree(web_server.pid) if web_server else [], process_tree(stack.api_pid)
    web_before, api_before = cpu_seconds(web), cpu_seconds(api)
    started = time.monotonic()
    result: LoadResult = run()
    ended = time.monotonic()
    requests = result.requests_per_second * (ended - started)
    return PathRun(
        load=result,
        web_cpu_ms_per_request=(cpu_seconds(web) - web_before) * 1000 / requests,
        api_cpu_ms_per_request=(cpu_seconds(api) - api_before) * 1000 / requests,
        window=(started, ended),
    )


def print_profile(profile_dir: Path, name: str, runs: list[PathRun]) -> None:
    """Where the web servers' CPU went during `runs`, from the profiles they wrote on exit."""
    busy_ms, sources, named = busy_shares(sorted(profile_dir.glob("*.cpuprofile")), [run.window for run in runs])
    print(f"\nthe web server's CPU during the {name} runs ({busy_ms:.0f} ms busy, profiles in {profile_dir}):")
    for source, share in sources[:14]:
        print(f"  {share * 100:5.1f}%  {source}")
    for name, share in named:
        print(f"  {share * 100:5.1f}%  in {name} (inclusive)")


def mint_histogram(metrics_url: str, trigger: str = "foreground") -> dict[float, float]:
    """Cumulative counts of mints by upper bound (for a waiting request, or ahead of expiry), from the
    web server's metrics."""
    text = httpx.get(metrics_url).raise_for_status().text
    for family in text_string_to_metric_families(text):
        if family.name == "todo_web_token_mint_duration_seconds":
            return {
                float(sample.labels["le"]): sample.value
                for sample in family.samples
                if sample.name.endswith("_bucket") and sample.labels.get("trigger") == trigger
            }
    raise SystemExit(f"no todo_web_token_mint_duration_seconds at {metrics_url}")


def quantile_ms(before: dict[float, float], after: dict[float, float], quantile: float) -> tuple[float, int]:
    """The quantile of the mints between two scrapes, interpolated in its bucket as histogram_quantile does."""
    bounds = sorted(after)
    counts = [after[bound] - before.get(bound, 0.0) for bound in bounds]
    total = counts[-1]
    rank, lower, below = quantile * total, 0.0, 0.0
    for bound, cumulative in zip(bounds, counts, strict=True):
        if cumulative >= rank and cumulative > below:
            upper = bound if bound != float("inf") else lower
            return (lower + (upper - lower) * (rank - below) / (cumulative - below)) * 1000, int(total)
        lower, below = bound, cumulative
    return 0.0, int(total)


def mint_under_load(
    stack: BffStack, path: WholePath, metrics_url: str, fresh: list[str], seconds: int
) -> dict[str, Any]:
    """Fresh sessions call the BFF once each while the read load runs: each call mints a token."""
    before = mint_histogram(metrics_url)
    background = threading.Thread(target=path.through_bff, args=(seconds, stack.webs[0]))
    background.start()
    time.sleep(1)
    first_calls_ms: list[float] = []
    pause = (seconds - 2) / len(fresh)
    for cookie in fresh:
        with stack.browser(cookie) as client:
            started = time.perf_counter()
            client.get("/api/todos").raise_for_status()
            first_calls_ms.append((time.perf_counter() - started) * 1000)
        time.sleep(pause)
    background.join()
    after = mint_histogram(metrics_url)
    p99, mints = quantile_ms(before, after, 0.99)
    p50, _ = quantile_ms(before, after, 0.5)
    return {
        "mints": mints,
        "mint_p50_ms": round(p50, 3),
        "mint_p99_ms": round(p99, 3),
        "first_call_median_ms": round(statistics.median(first_calls_ms), 2),
        "first_call_max_ms": round(max(first_calls_ms), 2),
    }


def refresh_under_load(path: WholePath, web: WebServer, tokens_minted_at: float) -> dict[str, Any]:
    """Keeps the read load on until every user's token has reached its last minute (when the cache
    renews it in the background) and a little after; compares the runs during the renewals with the
    runs before them, and times the renewals."""
    refresh_starts = tokens_minted_at + TOKEN_LIFETIME_SECONDS - REFRESH_BEFORE_SECONDS
    before = mint_histogram(web.metrics_url, "background")
    runs: list[tuple[float, float, LoadResult]] = []
    while time.monotonic() < refresh_starts + REFRESH_WATCH_SECONDS:
        started = time.monotonic()
        runs.append((started, 0.0, path.through_bff(REFRESH_RUN_SECONDS, web)))
        runs[-1] = (started, time.monotonic(), runs[-1][2])
    after = mint_histogram(web.metrics_url, "background")
    p99, mints = quantile_ms(before, after, 0.99)
    during = [load for started, ended, load in runs if ended > refresh_starts]
    earlier = [load for started, ended, load in runs if ended <= refresh_starts] or during
    return {
        "background_mints": mints,
        "background_mint_p99_ms": round(p99, 3),
        "requests_p99_ms_before": round(statistics.median(load.p99_ms for load in earlier), 2),
        "requests_p99_ms_during": round(max(load.p99_ms for load in during), 2),
        "requests_per_second_before": round(statistics.median(load.requests_per_second for load in earlier)),
        "requests_per_second_during": round(min(load.requests_per_second for load in during)),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="signed-in users (default 50)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run (default 10)")
    # More rounds would outlast the tokens' first four minutes, which --refresh needs to watch their renewal.
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each path (default 2)")
    parser.add_argument(
        "--web-workers", default="1,2", help="a web server for each of these WEB_WORKERS counts (default 1,2)"
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="then keep the load on until the users' tokens are renewed in the background (about 4 minutes)",
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="serve the existing benchmark build (of an earlier run) as it is"
    )
    parser.add_argument("--cpu-prof", type=Path, help="write the web server's V8 CPU profiles into this directory")
    parser.add_argument("--json", type=Path, help="write the raw figures into this file")
    return parser.parse_args()


def load_shape(args: argparse.Namespace) -> dict[str, int]:
    """How the runs loaded the servers, as the figures' JSON records it."""
    return {"users": args.users, "connections": CONNECTIONS, "seconds": args.seconds}


def bff_path(workers: int) -> str:
    return f"bff_{workers}_worker{'s' if workers > 1 else ''}"


def main() -> None:
    args = parse_args()
    web_workers = [int(count) for count in args.web_workers.split(",")]
    if len(set(web_workers)) != len(web_workers) or min(web_workers) < 1:
        sys.exit(f"--web-workers: distinct counts of at least 1, not {args.web_workers}")
    node_options = f"--cpu-prof --cpu-prof-dir={args.cpu_prof.resolve()}" if args.cpu_prof else ""
    with (
        running_bff_stack(
            build=not args.skip_build, node_options=node_options, web_workers=web_workers, floor=True
        ) as stack,
        tempfile.TemporaryDirectory(prefix="bench-whole-path-") as work,
    ):
        say(f"signing up {args.users} users and seeding {TODOS + DELETABLE_TODOS} todos each ...")
        users = [stack.sign_up(f"bench-{n}-{uuid.uuid4().hex[:6]}@example.com") for n in range(args.users)]
        todo_ids = [seed(stack, user) for user in users]
        say(f"signing in {FRESH_SESSIONS} more sessions for the mint measurement ...")
        fresh = [sign_in(stack, users[n % len(users)]) for n in range(FRESH_SESSIONS)]
        path = WholePath(stack, Path(work), users, todo_ids)

        say(f"warming up every path ({WARM_UP_SECONDS} s each) ...")
        tokens_minted_at = time.monotonic()  # the users' first calls through the first web server
        for web in stack.webs:
            path.through_bff(WARM_UP_SECONDS, web)
        first = stack.webs[0]
        path.through_floor(WARM_UP_SECONDS // 2, first)
        path.empty_handler(WARM_UP_SECONDS // 2, first)
        path.straight_to_api(WARM_UP_SECONDS // 2)
        # Every GET round first: the creates add todos, but a list answers its first page (20) anyway.
        loads: dict[str, tuple[Any, WebServer | None]] = {
            **{bff_path(web.workers): (lambda web=web: path.through_bff(args.seconds, web), web) for web in stack.webs},
            "floor": (lambda: path.through_floor(args.seconds, first), first),
            "empty_handler": (lambda: path.empty_handler(args.seconds, first), first),
            "api": (lambda: path.straight_to_api(args.seconds), None),
            "bff_create": (lambda: path.through_bff(args.seconds, first, create=True), first),
            "floor_create": (lambda: path.through_floor(args.seconds, first, create=True), first),
            "api_create": (lambda: path.straight_to_api(args.seconds, create=True), None),
        }
        runs: dict[str, list[PathRun]] = {name: [] for name in loads}
        for names in ([name for name in loads if "create" not in name], [name for name in loads if "create" in name]):
            for number in range(1, args.rounds + 1):
                for name in names:
                    say(f"round {number}/{args.rounds}: {name.replace('_', ' ')}, {args.seconds} s ...")
                    run, web_server = loads[name]
                    runs[name].append(measured(stack, run, web_server))
        say(f"mixed workload through the BFF ({args.seconds} s) ...")
        mix_counts: dict[str, int] = {}

        def mixed_run() -> LoadResult:
            result, counts = path.mixed(args.seconds)
            mix_counts.update(counts)
            return result

        mixed = measured(stack, mixed_run, stack.webs[0])
        say(f"minting for {FRESH_SESSIONS} new sessions under load ({args.seconds} s) ...")
        mint = mint_under_load(stack, path, stack.webs[0].metrics_url, fresh, args.seconds)
        refresh = None
        if args.refresh:
            say("keeping the load on until the users' tokens are renewed in the background ...")
            refresh = refresh_under_load(path, stack.webs[0], tokens_minted_at)

    def median(name: str, figure: str) -> float:
        return statistics.median(getattr(run.load, figure) for run in runs[name])

    throughput_ratio = {
        str(workers): median(bff_path(workers), "requests_per_second") / median("api", "requests_per_second")
        for workers in web_workers
    }
    p99_ratio = {str(workers): median(bff_path(workers), "p99_ms") / median("api", "p99_ms") for workers in web_workers}
    # The BFF against the floor, both in the first web server.
    bff_first = bff_path(web_workers[0])
    against_floor = {
        method: {
            "throughput": median(bff, "requests_per_second") / median(floor, "requests_per_second"),
            "p99": median(bff, "p99_ms") / median(floor, "p99_ms"),
        }
        for method, bff, floor in (("GET", bff_first, "floor"), ("POST", "bff_create", "floor_create"))
    }
    print(
        f"\nGET todos ({TODOS} rows) and creates for {args.users} users over {CONNECTIONS} connections, "
        f"{args.seconds} s runs:"
    )
    print(f"  {'run':<10}{'path':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'web CPU ms':>12}{'API CPU ms':>12}")
    for number in range(args.rounds):
        for name in runs:
            run = runs[name][number]
            print(
                f"  {f'round {number + 1}':<10}{name:<26}{run.load.requests_per_second:>9.0f}{run.load.p50_ms:>9.2f}"
                f"{run.load.p99_ms:>9.2f}{run.web_cpu_ms_per_request:>12.2f}{run.api_cpu_ms_per_request:>12.2f}"
            )
    for workers in web_workers:
        throughput, p99 = throughput_ratio[str(workers)], p99_ratio[str(workers)]
        print(
            f"  {workers} web worker(s): throughput BFF/API {throughput:.2f}x (target >= {TARGET_THROUGHPUT_RATIO}x) "
            f"{verdict(throughput >= TARGET_THROUGHPUT_RATIO)}, p99 BFF/API {p99:.2f}x (target <= {TARGET_P99_RATIO}x) "
            f"{verdict(p99 <= TARGET_P99_RATIO)}"
        )
    for method, ratios in against_floor.items():
        throughput, p99 = ratios["throughput"], ratios["p99"]
        print(
            f"  {method} against the floor ({web_workers[0]} worker): throughput BFF/floor {throughput:.2f}x "
            f"(target >= {TARGET_FLOOR_THROUGHPUT_RATIO}x) {verdict(throughput >= TARGET_FLOOR_THROUGHPUT_RATIO)}, "
            f"p99 BFF/floor {p99:.2f}x (target <= {TARGET_FLOOR_P99_RATIO}x) {verdict(p99 <= TARGET_FLOOR_P99_RATIO)}"
        )
    print(
        f"\nmixed workload through the BFF ({100 - sum(MIX)}% list, {MIX[0]}% create, {MIX[1]}% update, "
        f"{MIX[2]}% delete; {stack.webs[0].workers} worker):"
        f" {mixed.load.requests_per_second:.0f} req/s, p50 {mixed.load.p50_ms:.2f} ms, p99 {mixed.load.p99_ms:.2f} ms,"
        f" web CPU {mixed.web_cpu_ms_per_request:.2f} ms and API CPU {mixed.api_cpu_ms_per_request:.2f} ms per request"
    )
    print(
        f"\ntoken mint on a cache miss under load: {mint['mints']} mints, p50 {mint['mint_p50_ms']:.2f} ms, "
        f"p99 {mint['mint_p99_ms']:.2f} ms (target <= {TARGET_MINT_P99_MS} ms) "
        f"{verdict(mint['mint_p99_ms'] <= TARGET_MINT_P99_MS)}; the first call of a new session: median "
        f"{mint['first_call_median_ms']:.1f} ms, max {mint['first_call_max_ms']:.1f} ms"
    )
    if refresh:
        print(
            f"\ntokens renewed in the background under load: {refresh['background_mints']} renewals, p99 "
            f"{refresh['background_mint_p99_ms']:.2f} ms; requests p99 {refresh['requests_p99_ms_before']:.2f} ms "
            f"before, at most {refresh['requests_p99_ms_during']:.2f} ms while they ran; "
            f"{refresh['requests_per_second_before']} req/s before, at least {refresh['requests_per_second_during']} "
            "while they ran"
        )
    if args.cpu_prof:
        for name in (bff_first, "floor", "bff_create", "floor_create"):
            print_profile(args.cpu_prof, name.replace("_", " "), runs[name])
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    **load_shape(args),
                    "web_workers": web_workers,
                    "runs": {name: [asdict(run) for run in path_runs] for name, path_runs in runs.items()},
                    "throughput_ratio": {workers: round(ratio, 3) for workers, ratio in throughput_ratio.items()},
                    "p99_ratio": {workers: round(ratio, 3) for workers, ratio in p99_ratio.items()},
                    "against_floor": {
                        method: {figure: round(ratio, 3) for figure, ratio in ratios.items()}
                        for method, ratios in against_floor.items()
                    },
                    "mixed": {
                        **asdict(mixed),
                        "web_workers": stack.webs[0].workers,
                        "mix_percent": dict(zip(("create", "update", "delete"), MIX, strict=True)),
                        "calls": mix_counts,
                    },
                    "mint_under_load": mint,
                    **({"refresh_under_load": refresh} if refresh else {}),
                },
                indent=2,
            )
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
