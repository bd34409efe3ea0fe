"""Traces (core/tracing.py), received by a real OTLP/HTTP endpoint in this test: a request continues
the caller's W3C traceparent, its SQL statements are spans below it, its log line and its latency
exemplar name the trace, no span carries the token or the user's email, and nothing is sent without
an endpoint."""

from __future__ import annotations

import secrets
import uuid

from dev_infra.otlp import OtlpReceiver, attribute_values, is_server, is_sql

LATENCY_BUCKET = 'todo_api_http_request_duration_seconds_bucket{handler="/v1/todos",'


def test_a_request_continues_the_callers_trace_down_to_its_sql(start_api, minter):
    receiver = OtlpReceiver()
    api = start_api(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=f"{receiver.url}/v1/traces", OTEL_BSP_SCHEDULE_DELAY="100")
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    email = f"traced-{uuid.uuid4().hex[:8]}@example.test"
    token = minter.mint(f"traced-{uuid.uuid4().hex[:8]}", email=email)
    created = api.client(token).post(
        "/v1/todos", json={"title": "Traced"}, headers={"traceparent": f"00-{trace_id}-{caller_span}-01"}
    )
    assert created.status_code == 201, created.text

    spans = receiver.trace(
        bytes.fromhex(trace_id), complete=lambda spans: any(map(is_server, spans)) and any(map(is_sql, spans))
    )
    by_id = {span.span_id.hex(): span for span in spans}
    [server] = [span for span in spans if is_server(span)]
    assert server.parent_span_id.hex() == caller_span, "the request's span continues the caller's"
    statements = [span for span in spans if is_sql(span)]
    assert statements, [span.name for span in spans]
    for statement in statements:
        ancestor = statement
        while ancestor.parent_span_id.hex() in by_id:
            ancestor = by_id[ancestor.parent_span_id.hex()]
        assert ancestor is server, f"{statement.name} does not lead up to the request's span"
    leaked = [span.name for span in spans if any(token in v or email in v for v in attribute_values(span))]
    assert not leaked, f"spans carrying the token or the email: {leaked}"
    assert f'"trace_id": "{trace_id}"' in api.log_line('"route": "/v1/todos"')
    openmetrics = api.client().get("/metrics", headers={"accept": "application/openmetrics-text; version=1.0.0"})
    latency = [line for line in openmetrics.text.splitlines() if line.startswith(LATENCY_BUCKET)]
    assert any(f'# {{trace_id="{trace_id}"}}' in line for line in latency), "no latency exemplar leads to the trace"


def test_without_an_endpoint_nothing_is_traced(api, minter):
    """The shared API runs without OTEL_* endpoints: even a request that carries a traceparent gets
    no trace id on its log line."""
    caller = api.client(minter.mint(f"untraced-{uuid.uuid4().hex[:8]}"))
    request_id = f"untraced-{uuid.uuid4().hex}"
    traceparent = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"
    answer = caller.get("/v1/todos", headers={"traceparent": traceparent, "X-Request-ID": request_id})
    assert answer.status_code == 200
    assert '"trace_id"' not in api.log_line(f'"request_id": "{request_id}"')
