"""Two web replicas behind nginx, two API replicas behind HAProxy, one PostgreSQL, one Redis: what
must hold when the app scales out, shown through the proxy as a browser sees it (topology.py)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from browser import SIGN_IN_LIMIT, WEB_REPLICAS, Browser
from dev_infra.load import process_tree
from prometheus_client.parser import text_string_to_metric_families
from topology import CLUSTERED_REPLICA, CLUSTERED_REPLICA_WORKERS, Topology

# How long a stopped replica may take to exit: its in-flight answers, well below its grace period.
SHUTDOWN_WAIT_SECONDS = 10


def test_a_user_signed_up_through_one_replica_is_served_by_the_other(topology: Topology) -> None:
    browser = Browser(topology)
    signed_up = browser.sign_up()
    first = browser.served_by(signed_up)
    created = browser.client.post("/api/todos", json={"title": "written right after sign-up"})
    assert created.status_code == 201, created.text

    answers = browser.until_served_by_each_replica(lambda: browser.client.get("/api/todos"))
    other = answers[1 - first]
    assert other.status_code == 200, other.text
    assert [todo["title"] for todo in other.json()["items"]] == ["written right after sign-up"]
    me = browser.until_served_by_each_replica(lambda: browser.client.get("/api/me"))[1 - first]
    assert me.json()["email"] == browser.email


def test_a_session_signed_out_through_one_replica_is_refused_by_the_other(topology: Topology) -> None:
    browser = Browser(topology)
    browser.sign_up()
    # Both replicas now hold a token for the session, and send early reads with it.
    for response in browser.until_served_by_each_replica(lambda: browser.client.get("/api/todos")).values():
        assert response.status_code == 200, response.text

    signed_out = browser.client.post("/api/auth/sign-out", json={})
    assert signed_out.status_code == 200, signed_out.text
    # The signed-out cookie again, as a stale tab would send it.
    cookies = dict(signed_out.request.headers)["cookie"]
    stale = Browser(topology, browser.address)
    stale.client.headers["cookie"] = cookies
    refused = stale.until_served_by_each_replica(lambda: stale.client.get("/api/todos"))
    assert refused[1 - browser.served_by(signed_out)].status_code == 401
    assert all(response.status_code == 401 for response in refused.values())


def test_a_session_revoked_through_one_replica_is_refused_by_the_other_on_the_next_call(topology: Topology) -> None:
    laptop = Browser(topology)
    laptop.sign_up()
    phone = Browser(topology)
    assert phone.sign_in(laptop.email).status_code == 200
    for response in phone.until_served_by_each_replica(lambda: phone.client.get("/api/todos")).values():
        assert response.status_code == 200, response.text

    sessions = laptop.client.get("/api/auth/list-sessions").json()
    current = laptop.client.get("/api/auth/get-session").json()["session"]["id"]
    [phone_session] = [session["id"] for session in sessions if session["id"] != current]
    revoked = laptop.client.delete(f"/api/sessions/{phone_session}")
    assert revoked.status_code == 204, revoked.text

    # The phone's next call goes to the other replica (round robin), whose token cache never heard of it.
    other = 1 - laptop.served_by(revoked)
    next_call = phone.client.get("/api/todos")
    if phone.served_by(next_call) != other:
        assert next_call.status_code == 401
        next_call = phone.client.get("/api/todos")
    assert phone.served_by(next_call) == other
    assert next_call.status_code == 401, next_call.text
    assert laptop.client.get("/api/todos").status_code == 200


def test_sign_in_limits_key_on_the_real_client_address_and_a_forged_header_does_not_change_it(
    topology: Topology,
) -> None:
    owner = Browser(topology)
    owner.sign_up()
    # 127.0.0.2 and 127.0.0.3: two clients, each reaching nginx from its own address.
    attacker, neighbour = Browser(topology, "127.0.0.2"), Browser(topology, "127.0.0.3")

    attempts = [attacker.sign_in(owner.email, "wrong-password") for _ in range(SIGN_IN_LIMIT * WEB_REPLICAS + 1)]
    statuses = [response.status_code for response in attempts]
    # Both replicas count in the one database: the limit holds however the proxy spreads the attempts.
    assert statuses == [401] * SIGN_IN_LIMIT + [429] * (len(statuses) - SIGN_IN_LIMIT), statuses

    forged = attacker.until_served_by_each_replica(
        lambda: attacker.sign_in(
            owner.email, "wrong-password", **{"x-forwarded-for": f"198.51.100.{time.time_ns() % 250}"}
        )
    )
    assert [response.status_code for response in forged.values()] == [429, 429]

    # Another client is not limited, not even when it claims to be the limited one (at most three
    # attempts, its own limit, until each replica has answered).
    claimed = neighbour.until_served_by_each_replica(
        lambda: neighbour.sign_in(owner.email, "wrong-password", **{"x-forwarded-for": "127.0.0.2"})
    )
    assert [response.status_code for response in claimed.values()] == [401, 401]


def api_requests_answered(topology: Topology) -> list[float]:
    """GET /v1/todos answered with 200 so far, per API replica, from each one's /metrics."""
    counts = []
    for api in topology.apis:
        text = httpx.get(f"{api.url}/metrics", timeout=5).text
        counts.append(
            sum(
                float(line.rsplit(" ", 1)[1])
                for line in text.splitlines()
                if line.startswith("todo_api_http_requests_total{")
                and 'handler="/v1/todos"' in line
                and 'method="GET"' in line
                and 'status="200"' in line
            )
        )
    return counts


def test_the_per_user_api_limit_is_exact_across_both_api_replicas(topology: Topology) -> None:
    browser = Browser(topology)
    browser.sign_up()
    # Windows are aligned to the clock's minutes: a burst must not straddle two of them.
    if time.time() % 60 > 45:
        time.sleep(60.5 - time.time() % 60)
    before = api_requests_answered(topology)
    burst = 2 * topology.api_rate_limit
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = Counter(pool.map(lambda _: browser.client.get("/api/todos").status_code, range(burst)))
    after = api_requests_answered(topology)

    assert statuses == {200: topology.api_rate_limit, 429: burst - topology.api_rate_limit}, statuses
    assert all(later > earlier for earlier, later in zip(before, after, strict=True)), "one replica took it all"


@pytest.mark.parametrize(
    ("job", "series"),
    [("todo-api", "todo_api_http_requests_total"), ("todo-web", "todo_web_http_requests_total")],
)
def test_prometheus_scrapes_every_replica(topology: Topology, job: str, series: str) -> None:
    expected = (
        {httpx.URL(api.url).netloc.decode() for api in topology.apis}
        if job == "todo-api"
        else set(topology.web_metrics_targets)
    )
    deadline = time.monotonic() + 30
    while True:
        targets = httpx.get(f"{topology.prometheus_url}/api/v1/targets", timeout=5).json()["data"]["activeTargets"]
        healthy = {
            target["labels"]["instance"]
            for target in targets
            if target["health"] == "up" and target["labels"]["job"] == job
        }
        if healthy == expected or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert healthy == expected, targets
    query = httpx.get(
        f"{topology.prometheus_url}/api/v1/query",
        params={"query": f'sum by (instance) ({series}{{job="{job}"}})'},
        timeout=5,
    ).json()
    assert {sample["metric"]["instance"] for sample in query["data"]["result"]} == expected


@dataclass
class Call:
    started: float
    ended: float
    status: int
    title: str | None = None


def web_workers(topology: Topology) -> list[int]:
    primary = topology.webs[CLUSTERED_REPLICA].process.pid
    return [pid for pid in process_tree(primary) if pid != primary]


def todos_listed(topology: Topology) -> float:
    """GET /api/todos answers the clustered replica's metrics listener has counted, all workers summed."""
    text = httpx.get(f"http://{topology.web_metrics_targets[CLUSTERED_REPLICA]}/metrics", timeout=10).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "todo_web_http_requests"
        for sample in family.samples
        if sample.name == "todo_web_http_requests_total" and sample.labels["route"] == "/api/todos"
    )


def listening_workers(log: str) -> set[int]:
    """The processes that have said in the log that they listen on the public port."""
    lines = (json.loads(line) for line in log.splitlines() if line.startswith("{"))
    return {line["pid"] for line in lines if line["message"].startswith("todo-web listening on")}


def answers_on_new_connections(url: str, headers: dict[str, str], request_ids: list[str]) -> list[int | str]:
    """A GET /api/todos for each request id at once, each on a connection of its own: each status, or the
    error instead. The clients are made first, so that every connection reaches the port within a few
    milliseconds."""
    clients = [
        httpx.Client(base_url=url, headers={**headers, "x-request-id": request_id}, timeout=10)
        for request_id in request_ids
    ]

    def answer(client: httpx.Client) -> int | str:
        with client:
            try:
                return client.get("/api/todos").status_code
            except httpx.TransportError as error:
                return type(error).__name__

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(answer, clients))


def test_a_web_worker_that_dies_is_replaced_and_the_metrics_sum_every_worker(topology: Topology) -> None:
    browser = Browser(topology)
    browser.sign_up()
    replica = topology.webs[CLUSTERED_REPLICA]
    replica_url = topology.web_urls[CLUSTERED_REPLICA]
    headers = {"x-csrf": "1", "cookie": browser.cookie_header()}
    workers = web_workers(topology)
    assert len(workers) == CLUSTERED_REPLICA_WORKERS, workers

    # A worker that hangs and is then killed (as the kernel's OOM killer treats a thrashing process)
    # holds no connection but those it took: the other worker answers the rest. (Handed out by the
    # primary in turn, those given to the hung worker would wait, and after its death for ever.)
    os.kill(workers[0], signal.SIGSTOP)
    try:
        while_hung = answers_on_new_connections(replica_url, headers, [str(uuid.uuid4()) for _ in range(10)])
    finally:
        os.kill(workers[0], signal.SIGKILL)
    assert while_hung == [200] * 10
    # And while the replacement starts.
    assert answers_on_new_connections(replica_url, headers, [str(uuid.uuid4()) for _ in range(10)]) == [200] * 10

    def replaced() -> bool:
        now = web_workers(topology)
        return (
            len(now) == CLUSTERED_REPLICA_WORKERS
            and workers[0] not in now
            and set(now) <= listening_workers(replica.log())
        )

    replica.wait_until(replaced, timeout=60)
    assert "a web worker exited; starting another" in replica.log()

    # The listener counts every answer once, whichever worker gave it (each logs its own pid).
    before = todos_listed(topology)
    request_ids = [str(uuid.uuid4()) for _ in range(20)]
    assert answers_on_new_connections(replica_url, headers, request_ids) == [200] * len(request_ids)
    assert todos_listed(topology) - before == len(request_ids)
    answered_by = Counter(
        json.loads(replica.log_line(f'"request_id":"{request_id}"'))["pid"] for request_id in request_ids
    )
    assert set(answered_by) == set(web_workers(topology)), answered_by


def test_an_api_replica_killed_mid_load_loses_and_duplicates_nothing(topology: Topology) -> None:
    users, creates_per_user = 8, 12
    browsers = [Browser(topology) for _ in range(users)]
    for browser in browsers:
        browser.sign_up()
    calls: list[Call] = []
    lock = threading.Lock()
    halfway = threading.Event()

    def work(browser: Browser) -> None:
        for n in range(creates_per_user):
            title = f"{browser.email} #{n}"
            started = time.monotonic()
            try:
                status = browser.client.post("/api/todos", json={"title": title}).status_code
            except httpx.TransportError:
                status = 0
            with lock:
                calls.append(Call(started, time.monotonic(), status, title))
            started = time.monotonic()
            try:
                status = browser.client.get("/api/todos").status_code
            except httpx.TransportError:
                status = 0
            with lock:
                calls.append(Call(started, time.monotonic(), status))
                if len(calls) >= users * creates_per_user * 2 // 3:
                    halfway.set()

    victim = topology.apis[0]
    with ThreadPoolExecutor(max_workers=users) as pool:
        load = [pool.submit(work, browser) for browser in browsers]
        assert halfway.wait(60)
        kill_sent = time.monotonic()
        os.killpg(victim.process.pid, signal.SIGKILL)
        victim.process.wait()
        killed_at = time.monotonic()
        for future in load:
            future.result()

    after_kill = [call for call in calls if call.started > killed_at]
    failed = [call for call in calls if call.status not in (200, 201)]
    print(f"\n{len(calls)} calls, {len(after_kill)} started after the kill, {len(failed)} failed")
    assert len(after_kill) >= users, "the load ended before the kill"
    assert all(call.status in (200, 201) for call in after_kill), [c.status for c in after_kill if c.status >= 300]
    # A call in flight while the kill lands may fail (its replica died before answering): never a later one.
    assert all(call.started <= killed_at and call.ended >= kill_sent for call in failed), failed

    created_ok = {call.title for call in calls if call.title and call.status == 201}
    maybe_created = {call.title for call in failed if call.title}
    for browser in browsers:
        page = browser.client.get("/api/todos", params={"limit": 100})
        assert page.status_code == 200, page.text
        titles = Counter(todo["title"] for todo in page.json()["items"])
        assert all(count == 1 for count in titles.values()), f"duplicated: {titles}"
        mine = {title for title in created_ok if title.startswith(browser.email)}
        assert mine <= set(titles), f"lost: {mine - set(titles)}"
        assert set(titles) <= mine | maybe_created


def test_a_web_replica_stopped_for_a_rollout_answers_the_request_it_is_reading_then_exits_cleanly(
    topology: Topology,
) -> None:
    """Last: the replica stays down. SIGTERM, as Kubernetes sends it, reaches the replica while it is
    still receiving a request's body and a client keeps a connection busy; the request is answered,
    then every process exits with 0, well within the 20 s grace period (server.mjs)."""
    browser = Browser(topology)
    browser.sign_up()
    cookie = browser.cookie_header()
    victim = topology.webs[CLUSTERED_REPLICA]
    body_started = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield b'{"title": "'
        body_started.set()
        time.sleep(1.5)  # the stop signal lands here
        yield b'created across a rollout"}'

    answer: dict[str, httpx.Response | httpx.TransportError] = {}
    stopped = threading.Event()

    def create_then_keep_the_connection_busy() -> None:
        """The create, then more calls on its kept-alive connection, as a proxy's pool would make: the
        replica must close that connection after its answer rather than serve on until the grace ends."""
        with httpx.Client(base_url=topology.web_urls[CLUSTERED_REPLICA], timeout=30) as client:
            try:
                answer["created"] = client.post(
                    "/api/todos",
                    content=slow_body(),
                    headers={
                        "cookie": cookie,
                        "x-csrf": "1",
                        "origin": topology.front_url,
                        "content-type": "application/json",
                    },
                )
            except httpx.TransportError as dropped:
                answer["created"] = dropped
            while not stopped.is_set():
                with contextlib.suppress(httpx.TransportError):
                    client.get("/api/health")
                time.sleep(0.05)

    caller = threading.Thread(target=create_then_keep_the_connection_busy)
    caller.start()
    assert body_started.wait(20)
    time.sleep(0.3)
    victim.process.send_signal(signal.SIGTERM)
    try:
        exit_code = victim.process.wait(SHUTDOWN_WAIT_SECONDS)
    finally:
        stopped.set()
        caller.join(30)
    assert exit_code == 0, victim.log()
    created = answer["created"]
    assert isinstance(created, httpx.Response), f"the request in flight was dropped: {created!r}"
    assert created.status_code == 201, created.text
    assert victim.log().count("SIGTERM received") == 1 + CLUSTERED_REPLICA_WORKERS
    # The other replica serves on, and has the todo.
    listed = browser.client.get("/api/todos")
    assert listed.status_code == 200
    assert [todo["title"] for todo in listed.json()["items"]] == ["created across a rollout"]
