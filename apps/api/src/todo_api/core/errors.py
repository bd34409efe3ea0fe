"""RFC 9457 problem details: the one error shape of the API, for every 4xx and 5xx."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import psycopg
import psycopg_pool
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from todo_api.refusals import (
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    InboxIsPrivate,
    InvalidCursor,
    InvitationForAnotherEmail,
    InvitationNotOpen,
    LastOwner,
    NotAMember,
    Refusal,
    RepeatNeedsDueAndZone,
    RoleTooLow,
)

logger = logging.getLogger("todo_api")

PROBLEM_JSON = "application/problem+json"
BODY_TOO_LARGE = "The request body is larger than this API accepts."


class FieldError(BaseModel):
    field: str
    message: str


class ProblemDetails(BaseModel):
    """The body of every error response (RFC 9457), as published in the OpenAPI schema."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None = None
    reason: str | None = None
    retry_after: int | None = None
    errors: list[FieldError] | None = None


def _problem_response_doc(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/ProblemDetails"}
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


# For route decorators: documents the error answers (and replaces FastAPI's default 422 schema,
# which is not what this API sends).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": _problem_response_doc(
        "Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox "
        "(409), changed elsewhere (412), body over 64 KB "
        "(413), invalid fields (422), too many requests (429)"
    ),
    "5XX": _problem_response_doc("Server error, or the database is unreachable (503)"),
}


def add_problem_schemas(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    schemas = openapi_schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (FieldError, ProblemDetails):
        schemas[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return openapi_schema


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers
        self.extensions = extensions


def problem_response(request: Request, problem: Problem) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
        **problem.extensions,
    }
    request_id = request.scope.get("request_id")
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, status_code=problem.status, headers=problem.headers, media_type=PROBLEM_JSON)


def _field_path(location: tuple[Any, ...]) -> str:
    # ("body", "tags", 3) -> "tags[3]"; ("query", "limit") -> "limit"
    path = ""
    for part in location[1:] if location and location[0] in {"body", "query", "path", "header"} else location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or str(location[0] if location else "body")


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(request, exc)


def _allowed_methods(request: Request) -> str:
    """Starlette's 405 names only the methods of the first route on the path; name them all."""
    allowed = [
        method
        for method in ("DELETE", "GET", "PATCH", "POST", "PUT")
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.routes)
    ]
    return ", ".join(allowed)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 404 and detail == "Not Found":
        detail = "No such resource."
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return problem_response(request, Problem(exc.status_code, detail, headers=headers))


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error["type"] == "json_invalid" for error in errors):
        return problem_response(request, Problem(400, "The request body is not valid JSON.", title="Malformed JSON"))
    fields = [{"field": _field_path(tuple(error["loc"])), "message": error["msg"]} for error in errors]
    return problem_response(
        request,
        Problem(422, "The request has invalid fields; see 'errors'.", title="Validation failed", errors=fields),
    )


async def _on_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("database unavailable: %s", type(exc).__name__)
    response = problem_response(
        request,
        Problem(503, "The database is unreachable; try again shortly.", headers={"Retry-After": "2"}),
    )
    # The pool's idle connections most likely died with this one (a restart, a failover, a restore):
    # it tests and replaces them all now, so one request fails rather than one per pooled connection.
    services = getattr(request.app.state, "services", None)
    if services is not None:
        response.background = BackgroundTask(services.pool.check)
    return response


# Each refusal of the todo queries as the problem it answers; a retry in progress comes back in a second.
REFUSALS: dict[type[Refusal], Callable[[Refusal], Problem]] = {
    InvalidCursor: lambda refusal: Problem(400, str(refusal), title="Invalid cursor"),
    IdempotencyKeyInProgress: lambda refusal: Problem(
        409, str(refusal), title="Request in progress", headers={"Retry-After": "1"}, retry_after=1
    ),
    IdempotencyKeyReused: lambda refusal: Problem(422, str(refusal), title="Idempotency-Key reused"),
    NotAMember: lambda refusal: Problem(404, str(refusal)),
    RoleTooLow: lambda refusal: Problem(403, str(refusal), title="Role too low"),
    LastOwner: lambda refusal: Problem(409, str(refusal), title="Last owner"),
    InboxIsPrivate: lambda refusal: Problem(409, str(refusal), title="Inbox is private"),
    InvitationNotOpen: lambda refusal: Problem(404, str(refusal), title="No open invitation"),
    InvitationForAnotherEmail: lambda refusal: Problem(403, str(refusal), title="Invitation for another email"),
    RepeatNeedsDueAndZone: lambda refusal: Problem(422, str(refusal), title="Repeat needs a due and a time zone"),
}


async def _on_refusal(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refusal)
    return problem_response(request, REFUSALS[type(exc)](exc))


SERVER_FAILURE = "Something went wrong on our side. Try again; if it keeps happening, give us the request id."


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    # The class only: a database message may quote the data. The request id joins it to the answer.
    logger.error("database error", extra={"request_id": request.scope.get("request_id"), "error": type(exc).__name__})
    return problem_response(
        request,
        Problem(500, SERVER_FAILURE),
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(Refusal, _on_refusal)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(psycopg.OperationalError, _on_database_unavailable)
    app.add_exception_handler(psycopg_pool.PoolTimeout, _on_database_unavailable)
    app.add_exception_handler(psycopg.Error, _on_database_error)
