"""What the published schema says beyond what FastAPI derives: the problem documents, the bearer token
every /v1 operation needs, and each operation's error statuses with the headers they carry, so that
clients and tools (schemathesis among them) can tell what to send and what can come back."""

from __future__ import annotations

from typing import Any

from todo_api.core.errors import PROBLEM_JSON, add_problem_schemas

BEARER = "bearerAuth"
_PROBLEM = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
_INTEGER = {"schema": {"type": "integer"}}
_RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": {"description": "Requests allowed in the window", **_INTEGER},
    "X-RateLimit-Remaining": {"description": "Requests left in the window", **_INTEGER},
    "X-RateLimit-Reset": {"description": "When the window resets, in Unix time (seconds)", **_INTEGER},
}


def _answer(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": _PROBLEM, **({"headers": headers} if headers else {})}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", **_INTEGER}}
# Each error answer once, under components/responses; operations refer to the ones they can give.
ANSWERS: dict[str, dict[str, Any]] = {
    "Unauthorized": _answer(
        "No token, or a token this API does not accept (`reason` says why)",
        {"WWW-Authenticate": {"description": "The bearer challenge", "schema": {"type": "string"}}},
    ),
    "ValidationFailed": _answer("Invalid fields or parameters; see `errors`"),
    "TooManyRequests": _answer("Too many requests for this user", {**_RETRY_AFTER, **_RATE_LIMIT_HEADERS}),
    "DatabaseUnavailable": _answer("The database is unreachable", _RETRY_AFTER),
    "BadRequest": _answer("The body is not valid JSON, If-Match is not a list of entity tags, or a cursor not ours"),
    "TooLarge": _answer("The body is over 64 KB"),
    "NotFound": _answer("No todo or list with this id in the caller's lists"),
    "Forbidden": _answer("The caller's role in the list cannot do this (`detail` says which role it needs)"),
    "ChangedElsewhere": _answer("If-Match names another version: the todo changed elsewhere (`current` holds it)"),
    "InProgress": _answer(
        "A request with this Idempotency-Key is still being processed; retry for its answer", _RETRY_AFTER
    ),
    "KeyReused": _answer("This Idempotency-Key was used with another body, or invalid fields or parameters"),
}


def _error_statuses(path: str, method: str, operation: dict[str, Any]) -> dict[str, str]:
    """Status -> the name of its answer in ANSWERS, for what this operation can give."""
    statuses = {
        "401": "Unauthorized",
        "422": "ValidationFailed",
        "429": "TooManyRequests",
        "503": "DatabaseUnavailable",
    }
    takes_cursor = any(parameter["name"] == "cursor" for parameter in operation.get("parameters", []))
    if "requestBody" in operation or takes_cursor or method in {"patch", "delete"}:
        statuses["400"] = "BadRequest"
    if "requestBody" in operation:
        statuses["413"] = "TooLarge"
    takes_idempotency_key = any(parameter["name"] == "Idempotency-Key" for parameter in operation.get("parameters", []))
    if takes_idempotency_key:
        statuses["409"] = "InProgress"
        statuses["422"] = "KeyReused"
    if "{todo_id}" in path or "{list_id}" in path:
        statuses["404"] = "NotFound"
        if method != "get":
            statuses["403"] = "Forbidden"
    if "{todo_id}" in path and method in {"patch", "delete"}:
        statuses["412"] = "ChangedElsewhere"
    return statuses


def complete_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    add_problem_schemas(schema)
    schema["components"]["responses"] = ANSWERS
    schema["components"]["securitySchemes"] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A short-lived at+jwt minted by the web app's server (packages/auth-contract)",
        }
    }
    for path, operations in schema["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in operations.items():
            operation["security"] = [{BEARER: []}]
            responses = operation["responses"]
            for status, name in _error_statuses(path, method, operation).items():
                responses.setdefault(status, {"$ref": f"#/components/responses/{name}"})
            # Every answer to a counted request says how much of the rate limit is left.
            for success in {"200", "201", "204"} & responses.keys():
                responses[success].setdefault("headers", {}).update(_RATE_LIMIT_HEADERS)
    return schema
