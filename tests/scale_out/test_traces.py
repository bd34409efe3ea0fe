"""One browser call followed through the topology's traces, as an on-call engineer would follow a
slow one: both services export to an OTLP/HTTP endpoint in this test, and the call must come back as
one trace (the web server's span, Next.js's, the BFF's call to the API, the API's span, its SQL) with
every parent link intact, its id on both services' log lines, no token, cookie, password or email in
any span (the sign-up's included),
and a Prometheus exemplar on both services' latency histograms that leads to it."""

from __future__ import annotations

import time
import uuid

import httpx
from browser import PASSWORD, Browser
from dev_infra.otlp import OtlpReceiver, attribute_values, is_server, is_sql
from dev_infra.polling import eventually
from opentelemetry.proto.trace.v1.trace_pb2 import Span
from topology import CLUSTERED_REPLICA, Topology

WEB_LATENCY_BUCKETS = 'todo_web_http_request_duration_seconds_bucket{route="/api/todos"}'
API_LATENCY_BUCKETS = 'todo_api_http_request_duration_seconds_bucket{handler="/v1/todos"}'


def attribute(span: Span, key: str) -> str | None:
    return next((a.value.string_value for a in span.attributes if a.key == key), None)


def descends_from(span: Span, ancestor: Span, by_id: dict[bytes, Span]) -> bool:
    while span.parent_span_id in by_id:
        span = by_id[span.parent_span_id]
        if span is ancestor:
            return True
    return False


def test_one_browser_call_is_one_trace_from_the_web_server_to_the_sql(
    topology: Topology, trace_receiver: OtlpReceiver
) -> None:
    browser = Browser(topology)
    browser.sign_up()
    # Straight to the replica that runs one process (the proxy may have lost the other to an earlier
    # test): the clustered one sums its workers' metrics in prom-client's text format, without exemplars.
    [replica] = [url for index, url in enumerate(topology.web_urls) if index != CLUSTERED_REPLICA]
    request_id = f"traced-{uuid.uuid4().hex}"
    headers = {**browser.client.headers, "cookie": browser.cookie_header(), "x-request-id": request_id}
    answer = httpx.get(f"{replica}/api/todos", headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text

    [root] = eventually(
        lambda: [s for s in trace_receiver.spans if attribute(s, "request.id") == request_id] or None,
        "span of the web server for the call",
    )
    trace_id = root.trace_id

    service = trace_receiver.service_of

    def complete(spans: list[Span]) -> bool:
        """The API's span and its SQL are in, and every span's parent: spans leave in batches as they end."""
        ids = {span.span_id for span in spans}
        api = [span for span in spans if service[span.span_id] == "todo-api"]
        parents_in = all(span.parent_span_id in ids for span in spans if span is not root)
        return any(map(is_server, api)) and any(map(is_sql, api)) and parents_in

    spans = trace_receiver.trace(trace_id, complete=complete)
    by_id = {span.span_id: span for span in spans}
    print(f"\ntrace {trace_id.hex()} of GET /api/todos ({len(spans)} spans):")
    for span in sorted(spans, key=lambda s: s.start_time_unix_nano):
        offset = (span.start_time_unix_nano - root.start_time_unix_nano) / 1e6
        duration = (span.end_time_unix_nano - span.start_time_unix_nano) / 1e6
        print(f"  +{offset:7.2f} ms {duration:7.2f} ms  {service[span.span_id]:8}  {span.name}")

    assert root.kind == Span.SPAN_KIND_SERVER and service[root.span_id] == "todo-web"
    assert not root.parent_span_id, "the trace starts at the web server"
    [api_server] = [s for s in spans if service[s.span_id] == "todo-api" and is_server(s)]
    bff_call = by_id[api_server.parent_span_id]
    assert bff_call.kind == Span.SPAN_KIND_CLIENT and service[bff_call.span_id] == "todo-web", bff_call.name
    assert descends_from(bff_call, root, by_id)
    for statement in filter(is_sql, spans):
        assert descends_from(statement, api_server, by_id), f"{statement.name} is not under the API's span"

    # Every span received so far, the sign-up's too, which carried the email and the password.
    secrets = [browser.email, PASSWORD, *browser.client.cookies.values(), "Bearer", "eyJ"]
    leaked = {
        span.name
        for span in trace_receiver.spans
        for value in attribute_values(span)
        if any(secret in value for secret in secrets)
    }
    assert not leaked, f"spans carrying a token, a cookie, the password or the email: {leaked}"

    web_log = topology.webs[topology.web_urls.index(replica)].log_path.read_text()
    [web_line] = [line for line in web_log.splitlines() if f'"request_id":"{request_id}"' in line]
    assert f'"trace_id":"{trace_id.hex()}"' in web_line, web_line
    api_lines = [
        api.log_line(f'"request_id": "{request_id}"', seconds=0) for api in topology.apis if request_id in api.log()
    ]
    assert [f'"trace_id": "{trace_id.hex()}"' in line for line in api_lines] == [True], api_lines

    for latency_buckets in WEB_LATENCY_BUCKETS, API_LATENCY_BUCKETS:
        eventually(
            lambda latency_buckets=latency_buckets: exemplar_of(topology, latency_buckets, trace_id.hex()),
            f"exemplar of the call's trace on {latency_buckets} in Prometheus",
        )


def exemplar_of(topology: Topology, selector: str, trace_id: str) -> dict[str, str] | None:
    found = httpx.get(
        f"{topology.prometheus_url}/api/v1/query_exemplars",
        params={"query": selector, "start": time.time() - 300, "end": time.time()},
    ).json()["data"]
    labels = [exemplar["labels"] for series in found for exemplar in series["exemplars"]]
    return next((label for label in labels if label.get("trace_id") == trace_id), None)
