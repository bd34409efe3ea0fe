"""The cap on request bodies, enforced while they arrive and before anyone is authenticated.

FastAPI's own `max_body_size` counts the same way, but it answers a body whose declared length is too
large in plain text, replacing whatever the application sends; this one answers with the API's
problem document in every case."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_api.core.errors import BODY_TOO_LARGE, Problem, problem_response

# A todo is a few KB: everything the API accepts fits many times over.
MAX_BODY_BYTES = 64 * 1024


class _BodyTooLarge(HTTPException):
    """Raised while the body arrives; an HTTPException, so that FastAPI passes it on to the problem handler."""

    def __init__(self) -> None:
        super().__init__(413, BODY_TOO_LARGE)


class BodyLimitMiddleware:
    """`larger_bodies`: the paths that take more than MAX_BODY_BYTES (an uploaded file), with their own cap."""

    def __init__(self, app: ASGIApp, larger_bodies: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.larger_bodies = larger_bodies or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger_bodies.get(scope["path"], MAX_BODY_BYTES)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await problem_response(Request(scope), Problem(413, BODY_TOO_LARGE))(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _BodyTooLarge
            return message

        await self.app(scope, receive_within_limit, send)
