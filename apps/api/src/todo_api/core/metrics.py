"""Prometheus metrics, and the middleware that times every request and gives it a request id.

With several workers, set PROMETHEUS_MULTIPROC_DIR (`todo-api serve --workers N` does) so that
/metrics adds up every worker's counts instead of reporting whichever worker answered.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid

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
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_api.core.errors import Problem, problem_response
from todo_api.core.token_verifier import Reason

logger = logging.getLogger("todo_api")

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
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


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


class ObservabilityMiddleware:
    """Request id in and out, one log line per request (never its query string, which may carry
    secrets), and the last line of defence: an exception that escaped every handler becomes a 500
    problem and one log line, never a traceback in the log (the server would print one if the
    exception reached it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope["request_id"] = request_id
        status = 500
        response_started = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception as exc:  # noqa: BLE001 - see the class docstring
            logger.error("unhandled %s", type(exc).__name__, extra={"request_id": request_id})
            if not response_started:
                response = problem_response(Request(scope), Problem(500, "Something went wrong on our side."))
                await response(scope, receive, send_with_request_id)
        finally:
            route = scope.get("route")
            logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER",
                    "route": getattr(route, "path", UNMATCHED_ROUTE),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                },
            )


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if REQUEST_ID.fullmatch(candidate) else None
    return None
