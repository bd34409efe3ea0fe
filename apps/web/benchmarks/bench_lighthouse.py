"""First screen on a phone: Lighthouse's mobile profile (simulated slow 4G and a 4× slower CPU) on the
production build behind the production front (nginx with docker/nginx/todo.conf, which compresses
what the web app sends uncompressed), three runs per page: the landing page, sign-in, sign-up and a
signed-in /todos with a page of seeded todos (its session cookie sent with every request). Targets:
a median performance score of at least 90 and best practices of 100 on every page.

    uv run python apps/web/benchmarks/bench_lighthouse.py [--runs 3] [--skip-build] [--json FILE]

Chromium is the machine's (CHROME_PATH, default /usr/bin/chromium), nginx Debian's, and Lighthouse the
exact version of @todo/web's devDependencies; it reports nothing anywhere and loads nothing but the
app on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bff_stack import ROOT, WEB_DIR, running_bff_stack
from dev_infra.network import free_port
from dev_infra.progress import say
from dev_infra.servers import ServerProcess

# The scale-out topology's way of running docker/nginx/todo.conf on loopback.
sys.path.insert(0, str(ROOT / "tests" / "scale_out"))
from topology import nginx_config, tool

PAGES = ["/", "/sign-in", "/sign-up", "/todos"]
SIGNED_IN_PAGES = {"/todos"}
TODOS = 20
TARGET_PERFORMANCE = 90
TARGET_BEST_PRACTICES = 100
ATTEMPTS = 3
# Headless, and nothing of Chromium's own traffic (updates, safe browsing, metrics) leaves the machine.
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-domain-reliability",
        "--disable-sync",
        "--metrics-recording-only",
        "--no-first-run",
        "--no-default-browser-check",
    ]
)


def lighthouse(url: str, headers: dict[str, str], report: Path) -> dict[str, float]:
    """One mobile run of `url`: its scores (0-100), LCP and TBT (ms) and the unused JavaScript (KiB)."""
    command = [
        "npx",
        "--no-install",
        "lighthouse",
        url,
        "--quiet",
        "--no-enable-error-reporting",
        "--form-factor=mobile",
        "--only-categories=performance,best-practices",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps(headers)}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # On a busy machine Lighthouse now and then loses its trace (NO_NAVSTART): such a run is made again.
    for attempt in range(1, ATTEMPTS + 1):
        ran = subprocess.run(command, env=env, cwd=WEB_DIR, stdout=subprocess.DEVNULL)
        if ran.returncode == 0:
            break
        say(f"Lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS})")
    else:
        raise RuntimeError(f"Lighthouse failed {ATTEMPTS} times on {url}")
    result = json.loads(report.read_text())
    categories, audits = result["categories"], result["audits"]
    unused = audits["unused-javascript"].get("details", {}).get("overallSavingsBytes", 0)
    failed = [
        audit_id
        for ref in categories["best-practices"]["auditRefs"]
        if ref["weight"] > 0 and (audit_id := ref["id"]) and audits[audit_id]["score"] not in (None, 1)
    ]
    if failed:
        say(f"{url}: best-practices audits not passed: {', '.join(failed)}")
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "best_practices": round(categories["best-practices"]["score"] * 100),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "unused_js_kib": round(unused / 1024, 1),
    }


def start_front(stack: ExitStack, work: Path, web_port: int) -> str:
    """nginx as deployed, both of its upstream servers the one web server here; returns its origin."""
    prefix = work / "nginx"
    prefix.mkdir()
    port = free_port()
    (prefix / "nginx.conf").write_text(nginx_config(prefix, port, [web_port, web_port]))
    stack.enter_context(
        ServerProcess(
            [tool("nginx"), "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            env=os.environ,
            log_path=work / "nginx.log",
            ready_url=f"http://127.0.0.1:{port}/api/health",
        )
    )
    return f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--skip-build", action="store_true", help="serve the web app's existing production build")
    parser.add_argument("--json", type=Path, help="write the raw figures into this file")
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {page: [] for page in PAGES}
    with ExitStack() as stack:
        bff = stack.enter_context(running_bff_stack(build=not args.skip_build))
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-lighthouse-")))
        front = start_front(stack, work, urlsplit(bff.origin).port or 80)
        user = bff.sign_up(f"bench-{uuid.uuid4().hex[:8]}@example.com")
        with bff.browser(user.session_cookie) as browser:
            for n in range(TODOS):
                todo = {"title": f"Todo number {n}", "tags": ["home" if n % 2 else "work"], "priority": "medium"}
                browser.post("/api/todos", json=todo).raise_for_status()
        load_before = os.getloadavg()[0]
        # Rounds over the pages, so that a burst of load elsewhere on the machine spreads over all of them.
        for number in range(args.runs):
            for page in PAGES:
                headers = {"Cookie": user.session_cookie} if page in SIGNED_IN_PAGES else {}
                figures = lighthouse(f"{front}{page}", headers, work / "report.json")
                say(f"run {number + 1}, {page}: {figures}")
                runs[page].append(figures)
    medians = {
        page: {name: statistics.median(run[name] for run in page_runs) for name in page_runs[0]}
        for page, page_runs in runs.items()
    }
    print(f"{'page':<10} {'perf':>5} {'best pr.':>8} {'LCP ms':>8} {'TBT ms':>7} {'unused JS KiB':>14}")
    for page, row in medians.items():
        print(
            f"{page:<10} {row['performance']:>5.0f} {row['best_practices']:>8.0f} {row['lcp_ms']:>8.0f} "
            f"{row['tbt_ms']:>7.0f} {row['unused_js_kib']:>14.1f}"
        )
    if args.json:
        figures: dict[str, Any] = {
            "runs_per_page": args.runs,
            "todos": TODOS,
            "load_average_after_setup": load_before,
            "median": medians,
            "runs": runs,
            "target_performance": TARGET_PERFORMANCE,
            "target_best_practices": TARGET_BEST_PRACTICES,
        }
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
