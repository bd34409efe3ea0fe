"""An OTLP/HTTP trace endpoint for the tests: the services under test export their spans to it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import uvicorn
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dev_infra.network import free_port
from dev_infra.polling import eventually


class OtlpReceiver:
    """An OTLP/HTTP trace endpoint (protobuf) served by uvicorn in a thread, since Node's exporter sends
    its body chunked: keeps every span it is sent, and which service sent it."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.service_of: dict[bytes, str] = {}
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        app = Starlette(routes=[Route("/v1/traces", self._receive, methods=["POST"])])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=self.server.run, daemon=True).start()
        while not self.server.started:
            time.sleep(0.01)

    async def _receive(self, request: Request) -> Response:
        export = ExportTraceServiceRequest.FromString(await request.body())
        for resource in export.resource_spans:
            [service] = [a.value.string_value for a in resource.resource.attributes if a.key == "service.name"]
            for scope in resource.scope_spans:
                self.service_of.update((span.span_id, service) for span in scope.spans)
                self.spans.extend(scope.spans)
        return Response(ExportTraceServiceResponse().SerializeToString(), media_type="application/x-protobuf")

    def trace(self, trace_id: bytes, *, complete: Callable[[list[Span]], bool], seconds: float = 15) -> list[Span]:
        """The spans of one trace, once `complete` says they are all there: a service exports its spans
        in batches as they end, so a request's own span often comes after those of its SQL."""

        def whole() -> list[Span] | None:
            spans = [span for span in self.spans if span.trace_id == trace_id]
            return spans if complete(spans) else None

        return eventually(whole, f"whole trace {trace_id.hex()}", seconds)


def attribute_values(span: Span) -> list[str]:
    return [str(attribute.value) for attribute in span.attributes]


def is_sql(span: Span) -> bool:
    return any(attribute.key == "db.system" for attribute in span.attributes)


def is_server(span: Span) -> bool:
    return span.kind == Span.SPAN_KIND_SERVER
