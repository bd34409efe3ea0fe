"""Every setting the README documents reaches the services under `make dev`: turbo runs the dev tasks
in strict environment mode and drops every variable its turbo.json does not pass through, silently
(a developer who set SMTP_URL got mails printed to the console with no word why)."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

from dev_infra.settings import documented_settings
from todo_api.cli import IDLE_CONNECTION_SECONDS

ROOT = Path(__file__).resolve().parents[2]
# Documented, but never set for `make dev`: each names where it applies instead.
NOT_FOR_DEV = {
    "API_WORKERS": "read by the API image's entrypoint only",
    "PROMETHEUS_MULTIPROC_DIR": "set by `todo-api serve --workers N` itself",
}


def test_turbo_passes_every_documented_setting_to_the_dev_tasks() -> None:
    passed = json.loads((ROOT / "turbo.json").read_text())["globalPassThroughEnv"]
    settings = documented_settings()
    assert NOT_FOR_DEV.keys() <= settings, "a setting left out below is no longer documented"
    dropped = sorted(
        name
        for name in settings - NOT_FOR_DEV.keys()
        if not any(fnmatch.fnmatchcase(name, pattern) for pattern in passed)
    )
    assert not dropped, f"turbo.json's globalPassThroughEnv lacks {dropped}: make dev would drop them"


def number_in(path: str, pattern: str) -> int:
    match = re.search(pattern, (ROOT / path).read_text())
    assert match, f"{path} no longer says {pattern}"
    return int(match.group(1).replace("_", ""))


def test_the_bff_lets_an_idle_connection_go_before_the_servers_behind_it_do() -> None:
    """A call the BFF sends on a kept-alive connection just as the API or the balancer closes it for
    idleness fails (a 503 to the browser, seen under load after a pause of five seconds): the BFF must
    be the first to give up an idle connection."""
    bff_ms = number_in("apps/web/lib/server/forward-to-api.ts", r"IDLE_CONNECTION_MS = ([\d_]+);")
    balancer_seconds = number_in("docker/haproxy/haproxy.cfg", r"timeout http-keep-alive (\d+)s")
    servers = {"the API (todo_api.cli)": IDLE_CONNECTION_SECONDS, "docker/haproxy": balancer_seconds}
    assert all(bff_ms < seconds * 1000 for seconds in servers.values()), f"BFF {bff_ms} ms, servers {servers} s"
