"""Per-user rate limits: counted exactly in Redis across API processes, reported in slowapi's headers,
and, when Redis is down, hung or refuses the password, requests served at the cost of at most one
timeout and counted in process memory, visibly. Windows are fixed and aligned to the clock; each
test first makes sure that the windows it uses do not end while it runs."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
import redis
from dev_infra.api import assert_problem, concurrent_gets
from dev_infra.network import SilentServer, TcpProxy, free_port
from dev_infra.redis_servers import PasswordRedis
from limits import parse_many
from todo_api.core.rate_limit import MEMORY_COUNTS, RETRY_INTERVAL_SECONDS, RateLimitExceeded, UserRateLimiter

HOUR, DAY, MONTH = 3600, 86400, 30 * 86400
BACKEND_ERRORS = "todo_api_rate_limit_backend_errors_total"
FALLBACKS = "todo_api_rate_limit_fallbacks_total"
UNAVAILABLE_LINE = "rate-limit store unavailable"


def within_one_window(*periods: int, needed_seconds: float = 60) -> None:
    """Wait for the next window of each period that ends within `needed_seconds`."""
    for period in periods:
        left = period - time.time() % period
        if left < needed_seconds:
            time.sleep(left + 0.5)


def rate_headers(response) -> tuple[int, int, int]:
    headers = response.headers
    return int(headers["x-ratelimit-limit"]), int(headers["x-ratelimit-remaining"]), int(headers["x-ratelimit-reset"])


@pytest.fixture(scope="module")
def limited_api(start_api, redis_url):
    return start_api(API_RATE_LIMIT="5/hour", REDIS_URL=redis_url)


def test_sixth_request_in_the_window_is_refused_with_consistent_headers(limited_api, new_user):
    within_one_window(HOUR)
    caller = new_user(limited_api)
    window_end = (int(time.time()) // HOUR + 1) * HOUR
    for remaining in (4, 3, 2, 1, 0):
        response = caller.client.get("/v1/todos")
        assert response.status_code == 200
        assert rate_headers(response) == (5, remaining, window_end)
    response = caller.client.get("/v1/todos")
    problem = assert_problem(response, 429)
    assert rate_headers(response) == (5, 0, window_end)
    retry_after = int(response.headers["retry-after"])
    assert problem["retry_after"] == retry_after
    assert abs(window_end - time.time() - retry_after) <= 2
    # Every route counts against the same per-user budget.
    assert_problem(caller.client.post("/v1/todos", json={"title": "x"}), 429)


def test_users_have_independent_budgets(limited_api, new_user):
    within_one_window(HOUR)
    busy, quiet = new_user(limited_api), new_user(limited_api)
    for _ in range(6):
        busy.client.get("/v1/me")
    assert_problem(busy.client.get("/v1/me"), 429)
    assert quiet.client.get("/v1/me").status_code == 200


def test_several_limits_in_memory_headers_describe_the_one_with_fewest_left(start_api, new_user):
    api = start_api(API_RATE_LIMIT="10/hour;3/day;50/month", REDIS_URL=None)
    within_one_window(HOUR, DAY, MONTH)
    caller = new_user(api)
    day_end = (int(time.time()) // DAY + 1) * DAY
    for remaining in (2, 1, 0):
        response = caller.client.get("/v1/me")
        assert response.status_code == 200
        assert rate_headers(response) == (3, remaining, day_end)
    response = caller.client.get("/v1/me")
    assert_problem(response, 429)
    assert rate_headers(response) == (3, 0, day_end)  # the limit that refused the request
    assert abs(day_end - time.time() - int(response.headers["retry-after"])) <= 2
    assert "rate limit 10/hour;3/day;50/month (memory, per process)" in api.log()
    api.stop()


def test_a_burst_over_two_processes_gets_exactly_the_limit(start_api, redis_url, minter):
    limit = 50
    # Generous: this test is about exact counting, and every hit must reach Redis for it.
    env = {"API_RATE_LIMIT": f"{limit}/hour", "REDIS_URL": redis_url, "API_RATE_LIMIT_REDIS_TIMEOUT": "10"}
    # Fresh processes: the first burst meets their Redis connections while they open.
    first, second = start_api(**env), start_api(**env)
    within_one_window(HOUR)

    def burst(token: str, *apis) -> list[int]:
        calls = [(f"{api.url}/v1/me", token) for api in apis] * (limit * 10 // len(apis))
        return [response.status_code for response in concurrent_gets(calls, timeout=60)]

    statuses = burst(minter.mint(f"user-{uuid.uuid4().hex[:12]}"), first, second)
    assert statuses.count(200) == limit
    assert statuses.count(429) == len(statuses) - limit
    # A user who spent the budget through one process gets nothing through the other either, though
    # that one has not seen them yet.
    spender = f"user-{uuid.uuid4().hex[:12]}"
    spent = concurrent_gets([(f"{first.url}/v1/me", minter.mint(spender))] * limit, timeout=60)
    assert {response.status_code for response in spent} == {200}
    assert set(burst(minter.mint(spender), first, second)) == {429}
    for api in (first, second):
        assert api.metric(BACKEND_ERRORS) == 0 and api.metric(FALLBACKS) == 0  # every hit counted in Redis
        api.stop()


def test_redis_down_requests_are_served_and_counted_in_memory(start_api, new_user):
    api = start_api(API_RATE_LIMIT="3/hour", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    within_one_window(HOUR)
    caller = new_user(api)
    statuses = [caller.client.get("/v1/me").status_code for _ in range(4)]
    for _ in range(2):
        time.sleep(RETRY_INTERVAL_SECONDS + 0.2)  # Redis is tried again after the pause
        statuses.append(caller.client.get("/v1/me").status_code)
    # Still limited meanwhile, by this process's own count.
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert api.metric(FALLBACKS) == 6
    assert 3 <= api.metric(BACKEND_ERRORS) <= 6
    log = api.log()
    assert log.count(UNAVAILABLE_LINE) == 1  # one line per outage (and minute), not one per failure
    assert "ConnectionError" in log and "Traceback" not in log
    api.stop()


def test_a_hung_redis_costs_each_request_at_most_one_timeout(start_api, minter):
    silent = SilentServer()
    timeout = 0.5
    api = start_api(
        API_RATE_LIMIT="1000/hour",
        REDIS_URL=f"redis://127.0.0.1:{silent.port}/0",
        API_RATE_LIMIT_REDIS_TIMEOUT=str(timeout),
    )
    within_one_window(HOUR)
    token = minter.mint(f"user-{uuid.uuid4().hex[:12]}")
    # A client that gives up after the timeout and a margin: a request that waited for Redis more
    # than once, or behind other requests' attempts, fails here.
    patience = timeout + 2.5
    started = time.monotonic()
    in_flight = 20
    assert {r.status_code for r in concurrent_gets([(f"{api.url}/v1/me", token)] * in_flight, timeout=patience)} == {
        200
    }
    with api.client(token) as client:
        client.timeout = patience
        for _ in range(10):
            assert client.get("/v1/me").status_code == 200
    elapsed = time.monotonic() - started
    assert api.metric(FALLBACKS) == in_flight + 10
    assert 1 <= api.metric(BACKEND_ERRORS) <= len(silent.accepted)
    # One connection per request caught in flight, then at most one per retry interval.
    assert len(silent.accepted) <= in_flight + elapsed / RETRY_INTERVAL_SECONDS + 1
    assert api.log().count(UNAVAILABLE_LINE) == 1
    api.stop()
    silent.close()


def test_a_redis_refusing_the_password_leaks_no_connection(start_api, new_user, tmp_path):
    server = PasswordRedis(tmp_path, "the-right-password")
    api = start_api(API_RATE_LIMIT="1000/hour", REDIS_URL=f"redis://:wrong-password@127.0.0.1:{server.port}/0")
    caller = new_user(api)
    assert caller.client.get("/v1/me").status_code == 200
    descriptors = api.open_descriptors()
    for _ in range(6):
        time.sleep(RETRY_INTERVAL_SECONDS + 0.1)  # each request tries Redis again
        assert caller.client.get("/v1/me").status_code == 200
    assert server.other_clients() == 0  # every refused connection was closed
    assert api.open_descriptors() <= descriptors + 1
    assert api.metric(BACKEND_ERRORS) == 7
    log = api.log()
    assert "AuthenticationError" in log and "wrong-password" not in log
    api.stop()
    server.stop()


def test_redis_lost_and_back_mid_flight(start_api, redis_url, new_user):
    proxy = TcpProxy.for_redis(redis_url)
    api = start_api(API_RATE_LIMIT="100/hour", REDIS_URL=proxy.url)
    within_one_window(HOUR)
    caller = new_user(api)
    assert caller.client.get("/v1/me").status_code == 200 and api.metric(BACKEND_ERRORS) == 0
    proxy.cut()
    assert [caller.client.get("/v1/me").status_code for _ in range(3)] == [200] * 3
    assert api.metric(FALLBACKS) == 3 and api.metric(BACKEND_ERRORS) >= 1
    proxy.start()
    time.sleep(RETRY_INTERVAL_SECONDS + 0.2)
    assert [caller.client.get("/v1/me").status_code for _ in range(3)] == [200] * 3
    assert api.metric(FALLBACKS) == 3  # reconnected by itself: counted in Redis again
    shared = redis.Redis.from_url(redis_url)
    assert sum(int(shared.get(key) or 0) for key in shared.scan_iter(f"todo-api:rate:*/{caller.sub}/*")) == 4
    shared.close()
    log = api.log()
    assert "rate-limit store reachable again" in log and "Traceback" not in log
    api.stop()
    proxy.cut()


def test_counting_in_memory_holds_a_bounded_number_of_windows() -> None:
    """Without Redis (make dev, or while Redis fails) a flood of users costs bounded memory: past
    MEMORY_COUNTS windows the least recently hit is forgotten, while a user who keeps calling keeps
    an exact count (a daily limit, so that no window ends during the test)."""

    async def flood() -> None:
        limiter = UserRateLimiter(parse_many("3/day"), None, timeout_seconds=0.5)
        for n in range(MEMORY_COUNTS + 1000):
            await limiter.hit(f"flood-{n}")
            if n % 20_000 == 0:
                await limiter.hit("regular-user")
        assert limiter.counts_in_memory() == MEMORY_COUNTS
        with pytest.raises(RateLimitExceeded):
            await limiter.hit("regular-user")

    asyncio.run(flood())


def test_an_account_sends_only_so_many_invitations_an_hour(start_api, redis_url, new_user):
    """Each invitation mails an address the inviter chose: past API_INVITATION_RATE_LIMIT an account's
    next one is refused before anything is made or mailed, while its other calls and other accounts'
    invitations go on."""
    within_one_window(HOUR)
    api = start_api(API_INVITATION_RATE_LIMIT="2/hour", REDIS_URL=redis_url)
    owner, other = new_user(api), new_user(api)

    def invite(caller, email: str):
        list_id = caller.client.post("/v1/lists", json={"name": "Groceries"}).json()["id"]
        return caller.client.post(f"/v1/lists/{list_id}/invitations", json={"email": email, "role": "editor"})

    assert [invite(owner, f"friend-{n}@example.com").status_code for n in range(2)] == [201, 201]
    refused = invite(owner, "stranger@example.com")
    problem = assert_problem(refused, 429)
    assert problem["detail"].startswith("Too many invitations from this account; try again in ")
    assert int(refused.headers["retry-after"]) == problem["retry_after"] > 0
    lists = owner.client.get("/v1/lists").json()["items"]
    assert sum(item["open_invitation_count"] for item in lists) == 2, "the refused invitation was made"
    assert invite(other, "friend-0@example.com").status_code == 201
