"""What SREs rely on: metrics, readiness through a database outage, start-up checks, clean logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest
from dev_infra.api import assert_problem, metric_value
from dev_infra.network import TcpProxy, free_port


def test_metrics_after_traffic(api, new_user, minter):
    caller = new_user()
    caller.client.post("/v1/todos", json={"title": "x"})
    for _ in range(3):
        caller.client.get("/v1/todos")
    with api.client(minter.mint("someone", aud="elsewhere")) as stranger:
        stranger.get("/v1/todos")
    metrics = httpx.get(f"{api.url}/metrics").text
    assert metric_value(metrics, "todo_api_http_requests_total", method="GET", handler="/v1/todos", status="200") >= 3
    assert metric_value(metrics, "todo_api_http_requests_total", method="POST", handler="/v1/todos", status="201") >= 1
    assert metric_value(metrics, "todo_api_http_requests_total", method="GET", handler="/v1/todos", status="401") >= 1
    assert (
        metric_value(
            metrics, "todo_api_http_request_duration_seconds_bucket", handler="/v1/todos", method="GET", le="0.001"
        )
        >= 0
    )
    assert 'le="0.0015"' in metrics  # buckets fine enough for a millisecond p99
    assert metric_value(metrics, "todo_api_token_verifications_total", result="accepted", reason="ok") >= 4
    assert (
        metric_value(metrics, "todo_api_token_verifications_total", result="rejected", reason="audience_invalid") >= 1
    )
    assert metric_value(metrics, "todo_api_token_verification_seconds_count") >= 5
    assert "todo_api_rate_limit_rejections_total" in metrics


def test_connection_pool_metrics(api, new_user):
    new_user().client.get("/v1/todos")
    deadline = time.monotonic() + 12  # the pool is reported every 5 s
    while True:
        metrics = httpx.get(f"{api.url}/metrics").text
        idle = metric_value(metrics, "todo_api_db_pool_connections", state="idle")
        if idle >= 1 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert idle >= 1
    assert 'todo_api_db_pool_connections{state="in_use"}' in metrics
    assert "todo_api_db_pool_waiting_requests" in metrics and "todo_api_db_pool_timeouts_total" in metrics


def test_unknown_paths_and_methods_share_one_label(api):
    other_methods = ["PROPFIND", "MKCOL", "LOCK", "PURGE", "SEARCH"]  # methods the HTTP parser lets through
    for n, method in enumerate(other_methods):
        httpx.get(f"{api.url}/no-such-path-{n}")
        httpx.request(method, f"{api.url}/v1/todos")
    metrics = httpx.get(f"{api.url}/metrics").text
    assert "no-such-path" not in metrics and not any(method in metrics for method in other_methods)
    assert metric_value(metrics, "todo_api_http_requests_total", handler="/v1/todos", method="OTHER") >= 5
    assert metric_value(metrics, "todo_api_http_requests_total", handler="none", status="404") >= 5


def test_two_workers_report_correct_totals(start_api):
    api = start_api(workers=2)

    def healthz_count() -> float:
        metrics = httpx.get(f"{api.url}/metrics").text
        return metric_value(metrics, "todo_api_http_requests_total", handler="/healthz", status="200")

    before = healthz_count()  # the start-up probes
    for _ in range(60):
        # A new connection each time, so that both workers answer some.
        assert httpx.get(f"{api.url}/healthz").status_code == 200
    # Whichever worker answers the scrape, it reports every worker's count.
    assert [healthz_count() - before for _ in range(5)] == [60] * 5
    api.stop()


def wait_for_status(url: str, status: int, seconds: float, **request) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = httpx.request("GET", url, timeout=5, **request)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_readiness_follows_the_database_and_the_api_recovers(start_api, database_url, minter):
    proxy = TcpProxy.for_postgres(database_url)
    api = start_api(DATABASE_URL=proxy.url)
    headers = {"Authorization": f"Bearer {minter.mint(f'user-{uuid.uuid4().hex[:8]}')}"}
    assert httpx.get(f"{api.url}/readyz").json() == {"status": "ready"}
    assert httpx.get(f"{api.url}/v1/todos", headers=headers).status_code == 200

    proxy.cut()
    problem = assert_problem(wait_for_status(f"{api.url}/readyz", 503, 10), 503)
    assert "database" in problem["detail"]
    assert httpx.get(f"{api.url}/healthz").status_code == 200  # alive, just not ready
    assert_problem(httpx.get(f"{api.url}/v1/todos", headers=headers, timeout=10), 503)

    proxy.start()
    assert wait_for_status(f"{api.url}/readyz", 200, 20).status_code == 200
    assert wait_for_status(f"{api.url}/v1/todos", 200, 20, headers=headers).status_code == 200
    log = api.log()
    assert "Traceback" not in log
    api.stop()
    proxy.cut()


@pytest.mark.parametrize("path", ["/v1/todos", "/readyz"])
def test_after_the_database_cut_every_connection_one_request_fails_not_one_per_pooled_connection(
    start_api, database_url, minter, path
):
    """A database restart, failover or restore ends every pooled connection at once; the pool hands its
    idle ones out in turn, so without a check each would fail one request in turn (or one readiness
    probe in turn, the product reported down long after the database came back)."""
    application = f"pool-check-{uuid.uuid4().hex[:8]}"
    # A query parameter of its own beside any the URL has (an embedded server's URL names its socket so).
    separator = "&" if "?" in database_url else "?"
    api = start_api(DATABASE_URL=f"{database_url}{separator}application_name={application}", API_DB_POOL_SIZE="6")
    headers = {"Authorization": f"Bearer {minter.mint(f'user-{uuid.uuid4().hex[:8]}')}"}
    with ThreadPoolExecutor(6) as calls:  # six at once, so the pool opens its six connections
        assert set(calls.map(lambda _: httpx.get(f"{api.url}/v1/todos", headers=headers).status_code, range(6))) == {
            200
        }
    with psycopg.connect(database_url, autocommit=True) as conn:
        ended = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
            (application,),
        ).fetchone()
    assert ended is not None and ended[0] >= 2
    statuses = []
    for _ in range(12):
        statuses.append(httpx.get(f"{api.url}{path}", headers=headers).status_code)
        time.sleep(0.05)
    assert statuses.count(503) == 1 and statuses[-1] == 200, statuses


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if not key.endswith("_SECRET") and key != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "todo_api.cli", *args], env={**base, **env}, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"BACKEND_JWT_SECRET": "x" * 40}, ["DATABASE_URL"]),
        ({"DATABASE_URL": "postgresql://h/db"}, ["BACKEND_JWT_SECRET"]),
        (
            {"DATABASE_URL": "postgresql://h/db", "BACKEND_JWT_SECRET": "short-but-secret-value"},
            ["BACKEND_JWT_SECRET", "32 bytes"],
        ),
        (
            {"DATABASE_URL": "postgresql://h/db", "BACKEND_JWT_SECRET": "y" * 40 + ",short-old-secret"},
            ["BACKEND_JWT_SECRET entry 2"],
        ),
        ({"DATABASE_URL": "postgresql://h/db", "AUTH_JWT_ALG": "EdDSA"}, ["JWT_JWKS_URL"]),
        (
            {"DATABASE_URL": "postgresql://h/db", "AUTH_JWT_ALG": "RS256", "BACKEND_JWT_SECRET": "z" * 40},
            ["AUTH_JWT_ALG"],
        ),
        (
            {"DATABASE_URL": "postgresql://h/db", "BACKEND_JWT_SECRET": "z" * 40, "API_RATE_LIMIT": "lots"},
            ["API_RATE_LIMIT"],
        ),
    ],
)
@pytest.mark.parametrize("command", ["serve", "migrate"])
def test_refuses_to_start_with_a_clear_message(env, names, command):
    result = run_cli(command, **env)
    assert result.returncode == 2
    for name in names:
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    for value in env.values():
        if "secret" in value:
            assert value not in result.stderr + result.stdout  # never echo a secret


def test_logs_carry_no_secret_token_or_traceback(api, minter, jwt_secret):
    token = minter.mint("log-check")
    with api.client(token) as client:
        client.get("/v1/todos?cursor=W10")  # bad input
        client.post("/v1/todos", content=b"{", headers={"Content-Type": "application/json"})
        client.get("/v1/todos", params={"access_token": token})
    log = api.log()
    assert jwt_secret not in log
    assert token not in log and token.split(".")[2] not in log
    assert "Traceback" not in log


def test_one_json_log_line_per_request_joined_by_request_id(api, new_user):
    caller = new_user()
    request_id = f"join-{uuid.uuid4().hex}"
    caller.client.post("/v1/todos", json={"title": "logged"}, headers={"X-Request-ID": request_id})
    line = json.loads(api.log_line(f'"request_id": "{request_id}"'))
    assert line["service"] == "todo-api" and line["level"] == "INFO" and line["message"] == "request"
    assert line["pid"] == api.process.pid, "the process that answered (one worker: the server itself)"
    assert (line["method"], line["route"], line["status"]) == ("POST", "/v1/todos", 201)
    assert line["duration_ms"] > 0 and line["timestamp"].endswith("+00:00")
    assert all(line.startswith("{") for line in api.log().splitlines() if line.strip()), "every line is JSON"


def test_migrate_says_when_the_database_is_unreachable():
    closed = f"postgresql://postgres:not-a-real-password@127.0.0.1:{free_port()}/todo"
    result = run_cli("migrate", DATABASE_URL=closed, BACKEND_JWT_SECRET="m" * 40)
    assert result.returncode == 1
    assert "database is unreachable" in result.stderr and "Connection refused" in result.stderr
    assert "Traceback" not in result.stderr and "not-a-real-password" not in result.stderr
