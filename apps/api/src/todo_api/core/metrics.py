"""Prometheus metrics: the catalogue, HTTP request metrics through prometheus-fastapi-instrumentator,
and the exposition.

With several workers, set PROMETHEUS_MULTIPROC_DIR (`todo-api serve --workers N` does) so that
/metrics adds up every worker's counts instead of reporting whichever worker answered.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator.metrics import Info

from todo_api.core.token_verifier import Reason

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


def render_metrics() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus_client leaves it unannotated
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


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
    HTTP_REQUEST_DURATION.labels(*labels).observe(info.modified_duration)
