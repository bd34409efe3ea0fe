"""Traces with OpenTelemetry, off unless an OTLP endpoint is configured by the standard variables
(OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SERVICE_NAME,
OTEL_TRACES_SAMPLER and the rest as the SDK reads them): a span per request, continuing the
caller's W3C `traceparent` (the BFF's), and a span per SQL statement, without its parameters."""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from todo_api.core.log_config import SERVICE

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
# Probes and scrapes would drown the users' requests.
UNTRACED_ROUTES = "healthz,readyz,metrics"


def tracing_configured() -> bool:
    return any(os.environ.get(name) for name in ENDPOINT_VARIABLES) and os.environ.get("OTEL_SDK_DISABLED") != "true"


def instrument_tracing(app: FastAPI) -> None:
    """Sends this process' spans over OTLP/HTTP when configured; otherwise does nothing at all."""
    if not tracing_configured():
        return
    provider = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", SERVICE)}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    # One span per request, not one more per ASGI message it sends or receives.
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls=UNTRACED_ROUTES, exclude_spans=["receive", "send"]
    )
    PsycopgInstrumentor().instrument(tracer_provider=provider)


class TraceIdFilter(logging.Filter):
    """Puts the current trace's id on every log record (`trace_id`, 32 hex digits) while a span is
    recording, so that a log line leads to its trace."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
        return True
