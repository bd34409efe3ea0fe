"""Every PromQL expression of the Grafana dashboard and of the Prometheus rules, run against live
metrics: a real Prometheus with the project's configuration and rules scrapes the topology's API
and web replicas (topology.py) while this test drives traffic through the front proxy. Each
expression must evaluate without error, each rule must evaluate healthily, and each recording rule
and dashboard query whose metrics the traffic produced must return data, so a metric renamed in
code or a typo in a query fails here."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import httpx
from browser import SIGN_IN_LIMIT, WEB_REPLICAS, Browser
from dev_infra.api import TokenMinter
from dev_infra.polling import eventually
from observability.promql import Expression, all_expressions
from topology import Prometheus, Topology

# Metrics that this traffic cannot make appear, and why; expressions that need one are only evaluated.
NOT_EXERCISED: dict[str, str] = {
    "todo_api_jwks_refreshes_total": "the topology's API verifies HS256 tokens; it fetches key sets in EdDSA mode only",
    "probe_ssl_earliest_cert_expiry": "the topology's entry serves http; certificates are probed over https only",
}

# Metric names as the project spells them (its own prefixes and recorded series); functions,
# keywords and label names never match.
_METRIC = re.compile(r"(?<![\w:\"$])((?:todo_(?:api|web)_[A-Za-z0-9_]+)|(?:[a-z_]+:[A-Za-z0-9_:]+)|up)(?![\w(])")
_SETTLE_SECONDS = 90


def referenced_metrics(promql: str) -> set[str]:
    without_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', promql)
    return set(_METRIC.findall(without_strings))


def drive_traffic(topology: Topology) -> None:
    """What the dashboard and the rules watch: sign-ups and sign-ins (good, invalid, wrong, limited),
    todo reads and writes, refusals of the BFF, a rate-limited burst, and a token the API refuses."""
    owner = Browser(topology)
    owner.sign_up()
    invalid = Browser(topology).client.post(
        "/api/auth/sign-up/email", json={"name": "Bad", "email": "not-an-email", "password": "long-enough-1"}
    )
    assert invalid.status_code in {400, 422}, invalid.text
    assert Browser(topology).sign_in(owner.email).status_code == 200
    attacker = Browser(topology)
    attempts = [attacker.sign_in(owner.email, "wrong-password") for _ in range(SIGN_IN_LIMIT * WEB_REPLICAS + 1)]
    assert {response.status_code for response in attempts} == {401, 429}, [r.status_code for r in attempts]

    for title in ("Pay rent", "Book flights", "Call mum"):
        assert owner.client.post("/api/todos", json={"title": title}).status_code == 201
    todos = owner.client.get("/api/todos").json()["items"]
    first = todos[0]["id"]
    assert owner.client.get(f"/api/todos/{first}").status_code == 200
    assert owner.client.patch(f"/api/todos/{first}", json={"completed": True}).status_code == 200
    assert owner.client.delete(f"/api/todos/{todos[1]['id']}").status_code == 204
    assert owner.client.get("/api/me").status_code == 200
    assert owner.client.get("/api/todos/not-a-todo-id").status_code == 404
    assert owner.client.post("/api/todos", json={"title": "x"}, headers={"x-csrf": ""}).status_code == 403
    # Ready, once a verdict from before (kept up to 2 s, lib/server/readiness.ts) has made way: the
    # restore drill may have run on this topology just before.
    eventually(lambda: owner.client.get("/api/health").status_code == 200 or None, "a ready verdict from /api/health")

    with ThreadPoolExecutor(max_workers=8) as pool:
        burst = list(
            pool.map(lambda _: owner.client.get("/api/todos").status_code, range(topology.api_rate_limit + 10))
        )
    assert 429 in burst, burst

    forged = TokenMinter(f"not-the-secret-{uuid.uuid4().hex}").mint(str(uuid.uuid4()), iss=topology.front_url)
    refused = httpx.get(f"{topology.api_balancer_url}/v1/todos", headers={"authorization": f"Bearer {forged}"})
    assert refused.status_code == 401, refused.text


def check(prometheus: Prometheus, expressions: Iterable[Expression]) -> tuple[list[str], int, list[str]]:
    """Failures, the count of expressions that returned data, and those only evaluated (with why)."""
    present = prometheus.metric_names()
    failures: list[str] = []
    proven = 0
    only_evaluated: list[str] = []
    for expression in expressions:
        answer = prometheus.query(expression.promql)
        if answer.get("status") != "success":
            failures.append(f"{expression.origin}: {answer.get('error')}")
            continue
        metrics = referenced_metrics(expression.promql)
        unknown = sorted(metrics - present - NOT_EXERCISED.keys())
        if unknown:
            failures.append(f"{expression.origin}: no series of {unknown}")
            continue
        if answer["data"]["result"]:
            proven += 1
        elif " alert " in expression.origin:
            only_evaluated.append(f"{expression.origin}: an alert that is not firing")
        elif metrics & NOT_EXERCISED.keys():
            only_evaluated.append(f"{expression.origin}: needs {sorted(metrics & NOT_EXERCISED.keys())}")
        else:
            failures.append(f"{expression.origin}: no data, though the traffic produced {sorted(metrics)}")
    return failures, proven, only_evaluated


def test_every_dashboard_and_rule_expression_evaluates_and_the_exercised_ones_return_data(
    topology: Topology,
) -> None:
    drive_traffic(topology)
    prometheus = Prometheus(topology.prometheus_url)
    expressions = all_expressions()
    assert len(expressions) > 100, "the generator lost most of its expressions"

    # Scrapes, rate windows and rule evaluations take a few seconds to see the traffic.
    deadline = time.monotonic() + _SETTLE_SECONDS
    while True:
        down = prometheus.down_targets()
        unhealthy = prometheus.unhealthy_rules()
        failures, proven, only_evaluated = check(prometheus, expressions)
        if not (down or unhealthy or failures) or time.monotonic() > deadline:
            break
        time.sleep(2)

    assert not down, down
    assert not unhealthy, unhealthy
    assert not failures, "\n".join(failures)
    print(
        f"\n{len(expressions)} expressions evaluated; {proven} returned data; "
        f"{len(only_evaluated)} only evaluated:\n  " + "\n  ".join(only_evaluated)
    )
