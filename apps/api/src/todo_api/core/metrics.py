"""Prometheus metrics: the catalogue, HTTP request metrics through prometheus-fastapi-instrumentator,
and the exposition.

With several workers, set PROMETHEUS_MULTIPROC_DIR (`todo-api serve --workers N` does) so that
/metrics adds up every worker's counts instead of reporting whichever worker answered.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from opentelemetry import trace
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    multiprocess,
)
from prometheus_client.exposition import choose_encoder
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator.metrics import Info

from todo_api.core.token_verifier import Reason

# A `_created` series beside every counter and histogram doubles the series and no query reads them.
disable_created_metrics()  # type: ignore[no-untyped-call]

# Fine at the low end so that a millisecond p99 can be read off the histogram.
REQUEST_BUCKETS = (
    0.0005,
    0.001,
    0.0015,
    0.002,
    0.003,
    0.004,
    0.005,
    0.0075,
    0.01,
    0.015,
    0.02,
    0.03,
    0.05,
    0.075,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
)
VERIFICATION_BUCKETS = (
    0.00001,
    0.000025,
    0.00005,
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
)

HTTP_REQUESTS = Counter("todo_api_http_requests_total", "HTTP requests answered.", ("handler", "method", "status"))
HTTP_REQUEST_DURATION = Histogram(
    "todo_api_http_request_duration_seconds",
    "Time from request start to the end of the response.",
    ("handler", "method", "status"),
    buckets=REQUEST_BUCKETS,
)
# Every `reason` the counter below can carry, which the rules and dashboards read rather than retype.
ACCEPTED_REASON = "ok"
MISSING_REASON = "missing"
TOKEN_VERIFICATION_REASONS = (ACCEPTED_REASON, MISSING_REASON, *(reason.value for reason in Reason))
TOKEN_VERIFICATIONS = Counter(
    "todo_api_token_verifications_total", "Bearer tokens checked, by result and reason.", ("result", "reason")
)
TOKEN_VERIFICATION_DURATION = Histogram(
    "todo_api_token_verification_seconds", "Time to verify one token.", buckets=VERIFICATION_BUCKETS
)
RATE_LIMIT_REJECTIONS = Counter("todo_api_rate_limit_rejections_total", "Requests refused with 429.")
RATE_LIMIT_BACKEND_ERRORS = Counter(
    "todo_api_rate_limit_backend_errors_total", "Calls to the rate-limit store (Redis) that failed or timed out."
)
RATE_LIMIT_FALLBACKS = Counter(
    "todo_api_rate_limit_fallbacks_total",
    "Rate-limit hits counted in process memory because Redis failed or is being left alone after a failure.",
)
# livesum: with several workers, each reports its own pool and the scrape adds up the live ones.
POOL_CONNECTIONS = Gauge(
    "todo_api_db_pool_connections", "PostgreSQL connections, by state.", ("state",), multiprocess_mode="livesum"
)
POOL_WAITING_REQUESTS = Gauge(
    "todo_api_db_pool_waiting_requests", "Requests waiting for a connection.", multiprocess_mode="livesum"
)
POOL_TIMEOUTS = Counter("todo_api_db_pool_timeouts_total", "Requests that got no connection in time (503).")
JWKS_REFRESHES = Counter("todo_api_jwks_refreshes_total", "JWKS fetches, by result.", ("result",))
# Lists and sharing (todo_api.access): what changed, and what was refused to whom.
LIST_EVENTS = Counter("todo_api_list_events_total", "List and membership changes, by event.", ("event",))
AUTHORIZATION_DENIALS = Counter(
    "todo_api_authorization_denials_total",
    "Operations refused by list role: 404 to a non-member (role none), 403 to a role too low.",
    ("operation", "role"),
)
# Every labelled series is exported from the start, at 0: the first rejection of a kind is then an
# increase that rate() sees, rather than a new series whose first sample it cannot (so one stray
# token, or the first failed fetch, would count for nothing in the rules).
for _reason in TOKEN_VERIFICATION_REASONS:
    TOKEN_VERIFICATIONS.labels("accepted" if _reason == ACCEPTED_REASON else "rejected", _reason)
for _result in ("ok", "error"):
    JWKS_REFRESHES.labels(_result)

UNMATCHED_ROUTE = "none"  # as the instrumentator names paths that no route matched
# Any other method a client invents is counted as OTHER, so labels stay few.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def render_metrics(accept: str) -> tuple[bytes, str]:
    """The exposition in the format the scraper asks for: OpenMetrics, which carries exemplars, for
    Prometheus; the classic text format otherwise."""
    encode, content_type = choose_encoder(accept)
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus_client leaves it unannotated
    return encode(registry), content_type


def instrument(app: FastAPI) -> None:
    """HTTP request metrics through prometheus-fastapi-instrumentator: route templates only (paths no
    route matched share `handler="none"`), exact status codes, the fine buckets above."""
    Instrumentator(should_group_status_codes=False, should_group_untemplated=True, excluded_handlers=["/metrics"]).add(
        _count_and_time_request
    ).instrument(app)


def _count_and_time_request(info: Info) -> None:
    method = info.method if info.method in KNOWN_METHODS else "OTHER"
    labels = (info.modified_handler, method, info.modified_status)
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_REQUEST_DURATION.labels(*labels).observe(info.modified_duration, exemplar=_trace_exemplar())


def _trace_exemplar() -> dict[str, str] | None:
    """The sampled trace this request belongs to, as an exemplar that leads from a latency bucket to
    the trace (one worker only: prometheus_client keeps no exemplars across processes)."""
    context = trace.get_current_span().get_span_context()
    return {"trace_id": format(context.trace_id, "032x")} if context.is_valid and context.trace_flags.sampled else None
