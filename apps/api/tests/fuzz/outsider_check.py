"""A schemathesis check (loaded through SCHEMATHESIS_HOOKS by tests/test_openapi_fuzz.py): every todo
and every deletion the fuzzed user's answers reveal is tried by another user, whose token is in
FUZZ_OUTSIDER_TOKEN, at each route that takes an id; each must answer 404, as if it did not exist."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import httpx
import schemathesis


class _Outsider:
    def __init__(self) -> None:
        self.client = httpx.Client(
            base_url=os.environ["FUZZ_API_URL"],
            headers={"Authorization": f"Bearer {os.environ['FUZZ_OUTSIDER_TOKEN']}"},
            timeout=10,
        )
        self.tried: set[str] = set()

    def attempts(self, todo_id: str) -> dict[str, httpx.Response]:
        path = f"/v1/todos/{todo_id}"
        return {
            f"GET {path}": self.client.get(path),
            f"PATCH {path}": self.client.patch(path, json={"title": "taken over"}),
            f"DELETE {path}": self.client.delete(path),
            f"POST /v1/todos/restore {todo_id}": self.client.post("/v1/todos/restore", json={"deletion_id": todo_id}),
        }

    def try_all(self, ids: set[str]) -> None:
        for todo_id in ids - self.tried:
            self.tried.add(todo_id)
            reached = {call: answer.status_code for call, answer in self.attempts(todo_id).items()}
            reached = {call: status for call, status in reached.items() if status != 404}
            if reached:
                raise AssertionError(f"Another user reached the fuzzed user's data: {reached}")
        Path(os.environ["FUZZ_OUTSIDER_REPORT"]).write_text(str(len(self.tried)))


_outsider: _Outsider | None = None


def _ids_in(value: Any) -> set[str]:
    """Every todo id and deletion id in an answer (a todo, a page of them, a clear's result)."""
    if isinstance(value, dict):
        found = {str(value[key]) for key in ("id", "deletion_id") if isinstance(value.get(key), str)}
        for item in value.values():
            found |= _ids_in(item)
        return found
    if isinstance(value, list):
        return set().union(*map(_ids_in, value)) if value else set()
    return set()


@schemathesis.check
def outsider_gets_404(ctx, response, case) -> None:
    """What one user's answers reveal, another user cannot read, change, delete or restore."""
    global _outsider
    if not 200 <= response.status_code < 300 or case.path.startswith("/v1/me"):
        return
    ids: set[str] = set()
    if response.status_code != 204 and response.content:
        try:
            ids = _ids_in(response.json())
        except ValueError:
            return
    # A todo deleted by the fuzzed user can be restored by its id: not by anyone else.
    if case.method.upper() == "DELETE" and case.path_parameters:
        ids.add(str(case.path_parameters.get("todo_id")))
    ids = {todo_id for todo_id in ids if _is_uuid(todo_id)}
    if ids:
        _outsider = _outsider or _Outsider()
        _outsider.try_all(ids)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
