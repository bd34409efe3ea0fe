"""The request middleware: a request id in and out, one JSON log line per request, and the last line
of defence against an exception that escaped every handler."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_api.core.errors import Problem, problem_response
from todo_api.core.metrics import KNOWN_METHODS, UNMATCHED_ROUTE

logger = logging.getLogger("todo_api")

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestLogMiddleware:
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
