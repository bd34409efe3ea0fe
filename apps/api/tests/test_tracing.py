"""Traces (core/tracing.py), received by a real OTLP/HTTP endpoint in this test: a request continues
the caller's W3C traceparent, its SQL statements are spans below it, its log line names the trace,
no span carries the token or the user's email, and nothing is sent without an endpoint."""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span
from todo_test_support.services import free_port


class OtlpReceiver:
    """An OTLP/HTTP trace endpoint (protobuf): keeps every span it is sent."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = ExportTraceServiceRequest.FromString(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.spans.extend(
                    span
                    for resource in request.resource_spans
                    for scope in resource.scope_spans
                    for span in scope.spans
                )
                body = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def trace(self, trace_id: str, *, until: int, seconds: float = 10) -> list[Span]:
        """The spans of one trace, once at least `until` of them arrived."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            spans = [span for span in self.spans if span.trace_id.hex() == trace_id]
            if len(spans) >= until:
                return spans
            time.sleep(0.1)
        raise AssertionError(f"{len(spans)} span(s) of trace {trace_id} within {seconds} s")


def attribute_values(span: Span) -> list[str]:
    return [str(attribute.value) for attribute in span.attributes]


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

    spans = receiver.trace(trace_id, until=2)
    by_id = {span.span_id.hex(): span for span in spans}
    [server] = [span for span in spans if span.kind == Span.SPAN_KIND_SERVER]
    assert server.parent_span_id.hex() == caller_span, "the request's span continues the caller's"
    statements = [span for span in spans if any(a.key == "db.system" for a in span.attributes)]
    assert statements, [span.name for span in spans]
    for statement in statements:
        ancestor = statement
        while ancestor.parent_span_id.hex() in by_id:
            ancestor = by_id[ancestor.parent_span_id.hex()]
        assert ancestor is server, f"{statement.name} does not lead up to the request's span"
    leaked = [span.name for span in spans if any(token in v or email in v for v in attribute_values(span))]
    assert not leaked, f"spans carrying the token or the email: {leaked}"
    assert f'"trace_id": "{trace_id}"' in api.log_line('"route": "/v1/todos"')


def test_without_an_endpoint_nothing_is_traced(api, minter):
    """The shared API runs without OTEL_* endpoints: even a request that carries a traceparent gets
    no trace id on its log line."""
    caller = api.client(minter.mint(f"untraced-{uuid.uuid4().hex[:8]}"))
    request_id = f"untraced-{uuid.uuid4().hex}"
    traceparent = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"
    answer = caller.get("/v1/todos", headers={"traceparent": traceparent, "X-Request-ID": request_id})
    assert answer.status_code == 200
    assert '"trace_id"' not in api.log_line(f'"request_id": "{request_id}"')
