"""The OpenAPI operation ids are the names of the web app's generated types: they must stay put."""

from __future__ import annotations

from todo_api.main import create_app


def test_operation_ids_are_tag_and_action():
    schema = create_app().openapi()
    ids = {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }
    assert len(set(ids.values())) == len(ids)
    assert (
        ids.items()
        >= {
            "GET /healthz": "operations-healthz",
            "GET /readyz": "operations-readyz",
            "GET /v1/me": "me-read",
            "DELETE /v1/me": "me-delete",
            "GET /v1/todos": "todos-list",
            "POST /v1/todos": "todos-create",
            "GET /v1/todos/{todo_id}": "todos-read",
            "PATCH /v1/todos/{todo_id}": "todos-update",
            "DELETE /v1/todos/{todo_id}": "todos-delete",
        }.items()
    )
