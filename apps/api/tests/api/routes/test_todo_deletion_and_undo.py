"""Deleting todos and taking it back over HTTP: DELETE /v1/todos/{id}, POST /v1/todos/clear-completed
and POST /v1/todos/restore, which undoes either within its time."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from dev_infra.api import assert_problem, create_todo, todo_titles
from todo_api import crud


def test_clear_completed_deletes_only_the_callers_completed_todos_and_undo_brings_them_back(new_user):
    caller, other = new_user(), new_user()
    client = caller.client
    create_todo(client, "active")
    done = [create_todo(client, f"done {n}", completed=True, tags=["t"], due_date="2026-12-03") for n in range(3)]
    create_todo(other.client, "other's done", completed=True)

    cleared = client.post("/v1/todos/clear-completed")
    assert cleared.status_code == 200
    deletion = cleared.json()
    assert deletion["deleted"] == 3 and deletion["more"] is False
    assert todo_titles(client) == ["active"]
    assert todo_titles(other.client) == ["other's done"]

    # Another user cannot undo it; the owner can, once, and gets every todo back exactly as it was.
    assert_problem(other.client.post("/v1/todos/restore", json={"deletion_id": deletion["deletion_id"]}), 404)
    restored = client.post("/v1/todos/restore", json={"deletion_id": deletion["deletion_id"]})
    assert restored.json() == {"restored": 3}
    for todo in done:
        assert client.get(f"/v1/todos/{todo['id']}").json() == todo
    assert_problem(client.post("/v1/todos/restore", json={"deletion_id": deletion["deletion_id"]}), 404)


def test_clear_completed_with_nothing_completed(new_user):
    client = new_user().client
    create_todo(client, "active")
    assert client.post("/v1/todos/clear-completed").json() == {"deleted": 0, "deletion_id": None, "more": False}


def test_clear_completed_is_bounded_and_says_when_more_remain(new_user, database_url):
    client = new_user().client
    with psycopg.connect(database_url) as conn:
        owner = client.get("/v1/me").json()["id"]
        conn.execute(
            "INSERT INTO todo_api.todos (owner_id, list_id, title, completed) SELECT %(owner)s::varchar, "
            "(SELECT id FROM todo_api.lists WHERE inbox_of = %(owner)s), 'done ' || n, true "
            "FROM generate_series(1, %(count)s) AS n",
            {"owner": owner, "count": crud.CLEAR_BOUND + 5},
        )
    first = client.post("/v1/todos/clear-completed").json()
    assert (first["deleted"], first["more"]) == (crud.CLEAR_BOUND, True)
    second = client.post("/v1/todos/clear-completed").json()
    assert (second["deleted"], second["more"]) == (5, False)
    counts = client.get("/v1/todos/counts").json()
    assert (counts["active"], counts["completed"]) == (0, 0)


def test_a_single_delete_is_undone_with_the_todos_id_and_keeps_its_etag(new_user):
    client = new_user().client
    todo = create_todo(client, "oops", tags=["x"], due_at="2026-12-03T10:00:00Z")
    assert client.delete(f"/v1/todos/{todo['id']}", headers={"If-Match": f'"{todo["version"]}"'}).status_code == 204
    assert_problem(client.get(f"/v1/todos/{todo['id']}"), 404)
    assert client.post("/v1/todos/restore", json={"deletion_id": todo["id"]}).json() == {"restored": 1}
    back = client.get(f"/v1/todos/{todo['id']}")
    assert back.json() == todo and back.headers["etag"] == f'"{todo["version"]}"'
    # The restored todo is an ordinary one again: changed, deleted and restored like any other.
    changed = client.patch(
        f"/v1/todos/{todo['id']}", json={"title": "again"}, headers={"If-Match": back.headers["etag"]}
    )
    assert changed.status_code == 200
    assert client.delete(f"/v1/todos/{todo['id']}").status_code == 204
    assert client.post("/v1/todos/restore", json={"deletion_id": todo["id"]}).json() == {"restored": 1}
    assert client.get(f"/v1/todos/{todo['id']}").json()["title"] == "again"


def test_a_stale_if_match_still_refuses_a_delete(new_user):
    client = new_user().client
    todo = create_todo(client, "a")
    client.patch(f"/v1/todos/{todo['id']}", json={"title": "b"})
    assert_problem(client.delete(f"/v1/todos/{todo['id']}", headers={"If-Match": '"1"'}), 412)
    assert_problem(client.post("/v1/todos/restore", json={"deletion_id": todo["id"]}), 404)


def test_undo_expires_and_expired_deletions_are_erased(new_user, database_url):
    client = new_user().client
    old, recent = create_todo(client, "old"), create_todo(client, "recent")
    client.delete(f"/v1/todos/{old['id']}")
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "UPDATE todo_api.deleted_todos SET deleted_at = now() - %s::interval - interval '1 second' WHERE id = %s",
            (crud.UNDO_WINDOW, old["id"]),
        )
    assert_problem(client.post("/v1/todos/restore", json={"deletion_id": old["id"]}), 404)
    # The next deletion, anyone's, erases the expired one for good.
    client.delete(f"/v1/todos/{recent['id']}")
    with psycopg.connect(database_url) as conn:
        kept = conn.execute("SELECT id::text FROM todo_api.deleted_todos WHERE id = ANY(%s)", ([old["id"]],))
        assert kept.fetchall() == []


@pytest.mark.parametrize(
    "body", [{}, {"deletion_id": "not-a-uuid"}, {"deletion_id": str(uuid.uuid4()), "extra": 1}, {"deletion_id": 5}]
)
def test_invalid_restore_requests_are_422(new_user, body):
    assert_problem(new_user().client.post("/v1/todos/restore", json=body), 422)
