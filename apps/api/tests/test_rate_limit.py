"""Per-user rate limits, shared through Redis across API processes, and surviving a Redis outage.
Limits are per hour so that no test straddles the end of a window."""

from __future__ import annotations

import time
import uuid

import pytest
from todo_test_support.api import assert_problem
from todo_test_support.network import TcpProxy
from todo_test_support.services import free_port


@pytest.fixture(scope="module")
def limited_api(start_api, redis_url):
    return start_api(API_RATE_LIMIT="5/hour", REDIS_URL=redis_url)


def test_sixth_request_in_the_window_is_refused(limited_api, new_user):
    caller = new_user(limited_api)
    for _ in range(5):
        assert caller.client.get("/v1/todos").status_code == 200
    response = caller.client.get("/v1/todos")
    problem = assert_problem(response, 429)
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 3600
    assert problem["retry_after"] == retry_after
    # Every route counts against the same per-user budget.
    assert_problem(caller.client.post("/v1/todos", json={"title": "x"}), 429)


def test_users_have_independent_budgets(limited_api, new_user):
    busy, quiet = new_user(limited_api), new_user(limited_api)
    for _ in range(6):
        busy.client.get("/v1/me")
    assert_problem(busy.client.get("/v1/me"), 429)
    assert quiet.client.get("/v1/me").status_code == 200


def test_budget_is_shared_by_replicas_on_one_redis(limited_api, start_api, redis_url, minter):
    second_replica = start_api(API_RATE_LIMIT="5/hour", REDIS_URL=redis_url)
    token = minter.mint(f"user-{uuid.uuid4().hex[:12]}")
    with limited_api.client(token) as first, second_replica.client(token) as second:
        statuses = [client.get("/v1/me").status_code for client in (first, second, first, second, first)]
        assert statuses == [200] * 5
        assert_problem(second.get("/v1/me"), 429)
        assert_problem(first.get("/v1/me"), 429)
    for replica in (limited_api, second_replica):
        assert "rate-limit store unreachable" not in replica.log()  # really counted in Redis
    second_replica.stop()


def test_redis_outage_does_not_take_the_api_down(start_api, new_user):
    closed_port = free_port()
    api = start_api(API_RATE_LIMIT="3/hour", REDIS_URL=f"redis://127.0.0.1:{closed_port}/0")
    caller = new_user(api)
    for _ in range(3):
        assert caller.client.get("/v1/me").status_code == 200
    # Still limited, counted in process memory meanwhile.
    assert_problem(caller.client.get("/v1/me"), 429)
    metrics = api.client().get("/metrics").text
    errors = [line for line in metrics.splitlines() if line.startswith("todo_api_rate_limit_backend_errors_total ")]
    assert errors and float(errors[0].split()[1]) >= 1
    assert "rate-limit store unreachable" in api.log()
    api.stop()


def backend_errors(api) -> float:
    metrics = api.client().get("/metrics").text
    samples = [line for line in metrics.splitlines() if line.startswith("todo_api_rate_limit_backend_errors_total ")]
    return float(samples[0].split()[1])


def test_redis_lost_and_back_mid_flight(start_api, redis_url, new_user):
    proxy = TcpProxy.for_redis(redis_url)
    api = start_api(API_RATE_LIMIT="100/hour", REDIS_URL=proxy.url)
    caller = new_user(api)
    assert caller.client.get("/v1/me").status_code == 200 and backend_errors(api) == 0
    proxy.cut()
    assert [caller.client.get("/v1/me").status_code for _ in range(3)] == [200] * 3
    assert backend_errors(api) == 1  # one failure, then Redis is left alone for a while
    proxy.start()
    time.sleep(5.5)  # the pause before Redis is tried again
    assert [caller.client.get("/v1/me").status_code for _ in range(3)] == [200] * 3
    assert backend_errors(api) == 1  # reconnected by itself
    assert "Traceback" not in api.log()
    api.stop()
    proxy.cut()


def test_limit_without_redis_counts_in_memory(start_api, new_user):
    api = start_api(API_RATE_LIMIT="2/hour", REDIS_URL=None)
    caller = new_user(api)
    assert [caller.client.get("/v1/me").status_code for _ in range(3)] == [200, 200, 429]
    api.stop()
