"""Requests per second one web replica and one API replica serve on this machine, for the sizing note
in docs/deployment.md, measured with wrk on the scale-out topology (topology.py).

Each figure loads one server with GET of a page of 20 todos for 10 s over 32 connections: the server
under test pinned to CPU 0 with taskset, wrk pinned to CPU 1 (where every other process of the
topology keeps running), after a 5 s warm-up. Also prints the server's CPU use during the run and
its CPU time per request, the figure that carries over to other machines best.

    flock /tmp/todo-heavy.lock uv run python tests/scale_out/bench_replicas.py [--seconds 10]

The first figure is one web replica (session check, cached token, the API call through HAProxy),
the second one API replica with one uvicorn worker (token check, Redis rate limit, SELECT), the
third the whole topology through nginx (two web and two API replicas sharing the two cores).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
from dev_infra.api import TokenMinter
from dev_infra.load import LoadFailed, LoadResult, cpu_seconds, load_result, process_tree, wrk_output
from topology import Topology, running_topology

SERVER_CPU, LOAD_CPU = "0", "1"
CONNECTIONS = 32
TODOS = 20


def wrk(url: str, headers: dict[str, str], seconds: int) -> LoadResult:
    # A generous timeout: on a busy machine a slow answer is a figure, not a failure.
    try:
        output = wrk_output(url, headers, seconds=seconds, connections=CONNECTIONS, cpu=LOAD_CPU, timeout_seconds=30)
        return load_result(output)
    except LoadFailed as failure:
        raise SystemExit(f"nothing measured: {failure}") from None


def measure(label: str, url: str, headers: dict[str, str], pids: list[int] | None, seconds: int) -> None:
    wrk(url, headers, 5)
    before, started = (cpu_seconds(pids) if pids else 0.0), time.monotonic()
    result = wrk(url, headers, seconds)
    elapsed = time.monotonic() - started
    if pids:
        cpu = cpu_seconds(pids) - before
        busy = f"{cpu / elapsed * 100:>9.0f} %{cpu * 1000 / (result.requests_per_second * elapsed):>12.2f}"
    else:
        busy = f"{'-':>11}{'-':>12}"
    print(
        f"  {label:<34}{result.requests_per_second:>9.0f}{result.p50_ms:>9.1f}{result.p99_ms:>9.1f}{busy}", flush=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="length of each timed run (default 10)")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-replicas-") as work,
        running_topology(Path(work), api_rate_limit=1_000_000, reuse_build=True) as topology,
    ):
        run(topology, args.seconds)


def run(topology: Topology, seconds: int) -> None:
    browser = httpx.Client(base_url=topology.front_url, headers={"origin": topology.front_url, "x-csrf": "1"})
    signed_up = browser.post(
        "/api/auth/sign-up/email", json={"name": "Bench", "email": "bench@example.com", "password": "bench-password-1"}
    )
    signed_up.raise_for_status()
    user = signed_up.json()["user"]
    for n in range(TODOS):
        browser.post("/api/todos", json={"title": f"todo {n}"}).raise_for_status()
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    web_headers = {"Cookie": cookie, "x-csrf": "1"}
    token = TokenMinter(topology.jwt_secret).mint(user["id"], email=user["email"], iss=topology.front_url)

    web, api = process_tree(topology.webs[0].process.pid), process_tree(topology.apis[0].process.pid)
    print(f"\nGET {TODOS} todos, {CONNECTIONS} connections, {seconds} s each:")
    print(f"  {'':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU':>11}{'CPU ms/req':>12}")
    pin(web, SERVER_CPU)
    pin(api, LOAD_CPU)
    measure("one web replica (CPU 0)", f"{topology.web_urls[0]}/api/todos", web_headers, web, seconds)
    pin(web, LOAD_CPU)
    pin(api, SERVER_CPU)
    api_headers = {"Authorization": f"Bearer {token}"}
    measure("one API replica, 1 worker (CPU 0)", f"{topology.apis[0].url}/v1/todos", api_headers, api, seconds)
    pin(web + api, f"{SERVER_CPU},{LOAD_CPU}")
    measure("whole topology through nginx", f"{topology.front_url}/api/todos", web_headers, None, seconds)


def pin(pids: list[int], cpus: str) -> None:
    for pid in pids:
        subprocess.run(["taskset", "-a", "-p", "-c", cpus, str(pid)], check=True, capture_output=True)


if __name__ == "__main__":
    main()
