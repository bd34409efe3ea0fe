"""What the backend-for-frontend adds to a call: GET /api/todos through the web app (session cookie,
CSRF check, Better Auth session lookup, cached token, forwarding) against GET /v1/todos straight to
the API with a pre-minted token, side by side in one run, sequential requests on kept-alive
connections, interleaved so that noise hits both alike, after a warm-up long enough for V8's JIT to
settle (the first few thousand calls through Next.js are slower). Target: at most 3 ms more at the
median.

    uv run python apps/web/benchmarks/bench_bff.py [--requests 1000] [--warmup 2000]

Uses DATABASE_URL's server (a database of its own, dropped afterwards) or an embedded PostgreSQL;
builds the web app (`next build`) and starts it and the API on free ports.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx
from todo_test_support.api import TokenMinter
from todo_test_support.servers import ServerProcess
from todo_test_support.services import free_port, say, scratch_database, start_embedded_postgres

ROOT = Path(__file__).resolve().parents[3]
TODOS = 20
TARGET_MEDIAN_OVERHEAD_MS = 3.0
READY_TIMEOUT_SECONDS = 90


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
    args = parser.parse_args()
    web_dir = ROOT / "apps" / "web"
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-bff-")))
        # Not inside `work`: the embedded server stops (and deletes its data) at exit, after `work` is gone.
        server_url = os.environ.get("DATABASE_URL") or start_embedded_postgres(
            Path(tempfile.mkdtemp(prefix="bench-bff-postgres-")), delete_on_exit=True
        )
        database_url = stack.enter_context(scratch_database(server_url, "todo_bench_bff"))
        api_port, web_port = free_port(), free_port()
        origin = f"http://127.0.0.1:{web_port}"
        shared = secrets.token_urlsafe(32)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "BACKEND_JWT_SECRET": shared,
            "FRONTEND_JWT_SECRET": shared,
            "BETTER_AUTH_SECRET": secrets.token_urlsafe(32),
            "BETTER_AUTH_URL": origin,
            "JWT_ISSUER": origin,
            "API_URL": f"http://127.0.0.1:{api_port}",
            "API_RATE_LIMIT": "1000000/minute",
            "AUTH_RATE_LIMIT": "off",
            "NEXT_TELEMETRY_DISABLED": "1",
            "PORT": str(web_port),
            # A free port for the metrics listener: a web server already running here holds the default one.
            "WEB_METRICS_PORT": "0",
        }
        say("migrating ...")
        subprocess.run(["todo-api", "migrate"], env=env, check=True, cwd=ROOT)
        subprocess.run(["npm", "run", "--silent", "migrate", "-w", "@todo/web"], env=env, check=True, cwd=ROOT)
        say("building the web app (next build) ...")
        subprocess.run(
            ["npm", "run", "--silent", "build", "-w", "@todo/web"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        say(f"starting the API on :{api_port} and the web app on :{web_port} ...")
        stack.enter_context(
            ServerProcess(
                ["todo-api", "serve", "--port", str(api_port)],
                env=env,
                cwd=ROOT,
                ready_url=f"http://127.0.0.1:{api_port}/readyz",
                log_path=work / "api.log",
                timeout=READY_TIMEOUT_SECONDS,
            )
        )
        stack.enter_context(
            ServerProcess(
                ["node", "server.mjs"],
                env={**env, "NODE_ENV": "production"},
                cwd=web_dir,
                ready_url=f"{origin}/api/health",
                log_path=work / "web.log",
                timeout=READY_TIMEOUT_SECONDS,
            )
        )

        browser = stack.enter_context(httpx.Client(base_url=origin, headers={"origin": origin}, timeout=10))
        email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
        signed_up = browser.post(
            "/api/auth/sign-up/email", json={"name": "Bench", "email": email, "password": "bench-password-1"}
        )
        signed_up.raise_for_status()
        user_id = signed_up.json()["user"]["id"]
        browser.headers["x-csrf"] = "1"
        for n in range(TODOS):
            browser.post("/api/todos", json={"title": f"todo {n}"}).raise_for_status()
        direct = stack.enter_context(httpx.Client(base_url=env["API_URL"], timeout=10))
        token = TokenMinter(shared, issuer=origin).mint(user_id, sid="bench-session", email=email, name=None)
        direct.headers["authorization"] = f"Bearer {token}"

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


if __name__ == "__main__":
    main()
