"""The published schema says what the API enforces: the bearer token on every /v1 operation, and each
error status an operation can answer, with the headers it carries."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

RATE_LIMIT_HEADERS = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}


@pytest.fixture(scope="module")
def document(api) -> dict[str, Any]:
    loaded: dict[str, Any] = httpx.get(f"{api.url}/openapi.json").json()
    return loaded


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        if path.startswith("/v1/")
        for method, operation in methods.items()
    ]


def resolved(document: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in answer:
        return answer
    found: dict[str, Any] = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    return found


def test_every_v1_operation_needs_the_bearer_token_and_says_what_a_refusal_looks_like(document):
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for method, path, operation in operations(document):
        where = f"{method.upper()} {path}"
        assert operation["security"] == [{"bearerAuth": []}], where
        responses = {status: resolved(document, answer) for status, answer in operation["responses"].items()}
        assert "WWW-Authenticate" in responses["401"]["headers"], where
        assert {"Retry-After", *RATE_LIMIT_HEADERS} <= responses["429"]["headers"].keys(), where
        success = next(status for status in ("200", "201", "204") if status in responses)
        assert responses[success]["headers"].keys() >= RATE_LIMIT_HEADERS, where
        assert {"422", "503"} <= responses.keys(), where


def test_statuses_follow_what_an_operation_takes(document):
    for method, path, operation in operations(document):
        where = f"{method.upper()} {path}"
        statuses = operation["responses"].keys()
        assert ("413" in statuses) == ("requestBody" in operation), where
        takes_an_id = "{todo_id}" in path or "{list_id}" in path
        assert ("404" in statuses) == takes_an_id, where
        assert ("403" in statuses) == (takes_an_id and method != "get"), where
        assert ("412" in statuses) == ("{todo_id}" in path and method in {"patch", "delete"}), where


def test_a_call_without_a_token_is_refused_as_the_schema_says(api):
    answer = httpx.get(f"{api.url}/v1/todos")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
