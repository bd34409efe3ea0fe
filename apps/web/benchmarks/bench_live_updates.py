"""What keeping open pages up to date costs while nothing changes (issue 23, "Changes reach the other
members promptly"): the CPU of the web server and of the API, and the requests each answers per minute,
for PAGES open pages of a shared list, by each way of keeping them fresh.

- polling: each page asks what the dashboard asks every LIVE_REFRESH_MS (app/(app)/todos/use-lists.ts)
  for a shared list: its lists, the first page of the list's todos, and the list's counts;
- sse: each page holds one server-sent-events stream through the BFF's guard with a heartbeat every
  15 s (benchmarks/floor/events, in the benchmark-only build); what tells the BFF of a change (the API
  listening to PostgreSQL, one connection per web process) is not in it, so this is its floor;
- idle: no page at all, the servers' own background work.

    uv run python apps/web/benchmarks/bench_live_updates.py [--pages 20] [--seconds 60] [--skip-build]

Uses DATABASE_URL's server (a database of its own, dropped afterwards) or an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import re
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx
import psutil
from bff_stack import BffStack, running_bff_stack
from dev_infra.progress import say

USE_LISTS = Path(__file__).resolve().parents[1] / "app" / "(app)" / "todos" / "use-lists.ts"
# The page's own figure, read where it is written.
LIVE_REFRESH_SECONDS = int(re.search(r"LIVE_REFRESH_MS = ([\d_]+)", USE_LISTS.read_text())[1].replace("_", "")) / 1000
TODOS = 20


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children so far."""
    process = psutil.Process(pid)
    total = 0.0
    for each in [process, *process.children(recursive=True)]:
        times = each.cpu_times()
        total += times.user + times.system
    return total


def api_requests(stack: BffStack) -> float:
    text = httpx.get(f"{stack.api_url}/metrics").text
    return sum(float(value) for value in re.findall(r"^todo_api_http_requests_total\{[^}]*\} ([\d.e+]+)$", text, re.M))


def web_requests(stack: BffStack) -> float:
    text = httpx.get(f"{stack.webs[0].metrics_url}").text
    return sum(float(value) for value in re.findall(r"^todo_web_http_requests_total\{[^}]*\} ([\d.e+]+)$", text, re.M))


def measure(stack: BffStack, seconds: float, run: Callable[[threading.Event], None]) -> dict[str, float]:
    stop = threading.Event()
    worker = threading.Thread(target=run, args=(stop,), daemon=True)
    worker.start()
    time.sleep(min(5.0, seconds / 4))  # the pages settle (streams opened, first polls answered)
    web_pid = stack.webs[0].pid
    before = (cpu_seconds(web_pid), cpu_seconds(stack.api_pid), web_requests(stack), api_requests(stack))
    time.sleep(seconds)
    after = (cpu_seconds(web_pid), cpu_seconds(stack.api_pid), web_requests(stack), api_requests(stack))
    stop.set()
    worker.join()
    per_minute = 60 / seconds
    return {
        name: (late - early) * per_minute
        for name, early, late in zip(
            ("web_cpu_s", "api_cpu_s", "web_requests", "api_requests"), before, after, strict=True
        )
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20, help="open pages (default 20)")
    parser.add_argument("--seconds", type=float, default=60, help="measured time of each way (default 60)")
    parser.add_argument("--skip-build", action="store_true", help="serve the existing benchmark build")
    args = parser.parse_args()
    with ExitStack() as stack:
        bff = stack.enter_context(running_bff_stack(build=not args.skip_build, floor=True))
        owner = bff.sign_up(f"bench-owner-{uuid.uuid4().hex[:8]}@example.com")
        member = bff.sign_up(f"bench-member-{uuid.uuid4().hex[:8]}@example.com")
        with (
            bff.browser(owner.session_cookie) as browser,
            httpx.Client(base_url=bff.api_url, headers={"authorization": f"Bearer {bff.api_token(owner)}"}) as direct,
        ):
            list_id = browser.post("/api/lists", json={"name": "Shared"}).json()["id"]
            for n in range(TODOS):
                browser.post("/api/todos", json={"title": f"todo {n}", "list_id": list_id}).raise_for_status()
            token = direct.post(f"/v1/lists/{list_id}/invitations", json={"email": member.email, "role": "editor"})
        with bff.browser(member.session_cookie) as browser:
            browser.post("/api/invitations/accept", json={"token": token.json()["token"]}).raise_for_status()
        cookies = [(owner if n % 2 == 0 else member).session_cookie for n in range(args.pages)]
        polls = ["/api/lists", f"/api/todos?list_id={list_id}&status=all&sort=created&order=desc&limit=20"]
        polls.append(f"/api/todos/counts?list_id={list_id}")

        def polling(stop: threading.Event) -> None:
            clients = [bff.browser(cookie) for cookie in cookies]
            # The pages' polls spread over the interval, as pages opened at different times are.
            started = time.monotonic()
            slot = LIVE_REFRESH_SECONDS / len(clients)
            rounds = 0
            while not stop.is_set():
                for index, client in enumerate(clients):
                    due = started + rounds * LIVE_REFRESH_SECONDS + index * slot
                    stop.wait(max(0.0, due - time.monotonic()))
                    for path in polls:
                        client.get(path).raise_for_status()
                rounds += 1
            for client in clients:
                client.close()

        def sse(stop: threading.Event) -> None:
            def hold(cookie: str) -> None:
                with (
                    bff.browser(cookie) as client,
                    client.stream("GET", "/api/floor/events", timeout=httpx.Timeout(10, read=None)) as stream,
                ):
                    stream.raise_for_status()
                    for _ in stream.iter_raw():
                        if stop.is_set():
                            return

            holders = [threading.Thread(target=hold, args=(cookie,), daemon=True) for cookie in cookies]
            for holder in holders:
                holder.start()
            stop.wait()

        results = {}
        for name, run in (("idle", lambda stop: stop.wait()), ("polling", polling), ("sse", sse)):
            say(f"{name}: {args.pages} open pages for {args.seconds:.0f} s ...")
            results[name] = measure(bff, args.seconds, run)
    print(f"\n{args.pages} open pages of a shared list, per minute (polling every {LIVE_REFRESH_SECONDS:g} s):")
    print(f"  {'':8s} {'web CPU':>9s} {'API CPU':>9s} {'web req':>8s} {'API req':>8s}")
    for name, figures in results.items():
        print(
            f"  {name:8s} {figures['web_cpu_s']:8.2f}s {figures['api_cpu_s']:8.2f}s "
            f"{figures['web_requests']:8.0f} {figures['api_requests']:8.0f}"
        )


if __name__ == "__main__":
    main()
