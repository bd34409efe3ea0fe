"""Issue 12 over HTTP: the list's counts, tag suggestions, clearing completed todos with undo, and due
days without a time."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from todo_api import crud
from todo_test_support.api import assert_problem


def add(client, title: str, **fields) -> dict:
    response = client.post("/v1/todos", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def titles(client, **query) -> list[str]:
    return [todo["title"] for todo in client.get("/v1/todos", params={"limit": 100, **query}).json()["items"]]


# --- counts ---------------------------------------------------------------------------------------


def test_counts_are_of_the_whole_list_and_follow_every_change(new_user):
    client = new_user().client
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 0}
    milk = add(client, "milk", tags=["shop"])
    add(client, "bread", completed=True)
    add(client, "eggs", completed=True)
    assert client.get("/v1/todos/counts").json() == {"active": 1, "completed": 2}
    client.patch(f"/v1/todos/{milk['id']}", json={"completed": True})
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 3}
    client.delete(f"/v1/todos/{milk['id']}")
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 2}


def test_counts_are_per_user(new_user):
    owner, other = new_user(), new_user()
    add(owner.client, "mine")
    assert other.client.get("/v1/todos/counts").json() == {"active": 0, "completed": 0}


# --- tags -----------------------------------------------------------------------------------------


def test_tags_come_most_used_first_then_by_name_and_bounded(new_user):
    client = new_user().client
    add(client, "a", tags=["work", "home"])
    add(client, "b", tags=["Work", "errands"])
    add(client, "c", tags=["#home", "work"])
    add(client, "d", tags=["zoo"])
    assert client.get("/v1/todos/tags").json()["items"] == [
        {"tag": "work", "count": 3},
        {"tag": "home", "count": 2},
        {"tag": "errands", "count": 1},
        {"tag": "zoo", "count": 1},
    ]
    assert [item["tag"] for item in client.get("/v1/todos/tags", params={"limit": 2}).json()["items"]] == [
        "work",
        "home",
    ]
    for limit in (0, 101, "x"):
        assert_problem(client.get("/v1/todos/tags", params={"limit": limit}), 422)


def test_tags_are_per_user(new_user):
    owner, other = new_user(), new_user()
    add(owner.client, "secret", tags=["private"])
    assert other.client.get("/v1/todos/tags").json() == {"items": []}


# --- clear completed and undo ---------------------------------------------------------------------


def test_clear_completed_deletes_only_the_callers_completed_todos_and_undo_brings_them_back(new_user):
    caller, other = new_user(), new_user()
    client = caller.client
    add(client, "active")
    done = [add(client, f"done {n}", completed=True, tags=["t"], due_date="2026-12-03") for n in range(3)]
    add(other.client, "other's done", completed=True)

    cleared = client.post("/v1/todos/clear-completed")
    assert cleared.status_code == 200
    deletion = cleared.json()
    assert deletion["deleted"] == 3 and deletion["more"] is False
    assert titles(client) == ["active"]
    assert titles(other.client) == ["other's done"]

    # Another user cannot undo it; the owner can, once, and gets every todo back exactly as it was.
    assert_problem(other.client.post("/v1/todos/restore", json={"deletion_id": deletion["deletion_id"]}), 404)
    restored = client.post("/v1/todos/restore", json={"deletion_id": deletion["deletion_id"]})
    assert restored.json() == {"restored": 3}
    for todo in done:
        assert client.get(f"/v1/todos/{todo['id']}").json() == todo
    assert_problem(client.post("/v1/todos/restore", json={"deletion_id": deletion["deletion_id"]}), 404)


def test_clear_completed_with_nothing_completed(new_user):
    client = new_user().client
    add(client, "active")
    assert client.post("/v1/todos/clear-completed").json() == {"deleted": 0, "deletion_id": None, "more": False}


def test_clear_completed_is_bounded_and_says_when_more_remain(new_user, database_url):
    client = new_user().client
    with psycopg.connect(database_url) as conn:
        owner = client.get("/v1/me").json()["id"]
        conn.execute(
            "INSERT INTO todo_api.todos (owner_id, title, completed) SELECT %s, 'done ' || n, true "
            "FROM generate_series(1, %s) AS n",
            (owner, crud.CLEAR_BOUND + 5),
        )
    first = client.post("/v1/todos/clear-completed").json()
    assert (first["deleted"], first["more"]) == (crud.CLEAR_BOUND, True)
    second = client.post("/v1/todos/clear-completed").json()
    assert (second["deleted"], second["more"]) == (5, False)
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 0}


def test_a_single_delete_is_undone_with_the_todos_id_and_keeps_its_etag(new_user):
    client = new_user().client
    todo = add(client, "oops", tags=["x"], due_at="2026-12-03T10:00:00Z")
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
    todo = add(client, "a")
    client.patch(f"/v1/todos/{todo['id']}", json={"title": "b"})
    assert_problem(client.delete(f"/v1/todos/{todo['id']}", headers={"If-Match": '"1"'}), 412)
    assert_problem(client.post("/v1/todos/restore", json={"deletion_id": todo["id"]}), 404)


def test_undo_expires_and_expired_deletions_are_erased(new_user, database_url):
    client = new_user().client
    old, recent = add(client, "old"), add(client, "recent")
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


# --- due days -------------------------------------------------------------------------------------


def test_a_todo_can_be_due_on_a_day_without_a_time(new_user):
    client = new_user().client
    todo = add(client, "bin day", due_date="2026-12-03")
    assert (todo["due_date"], todo["due_at"]) == ("2026-12-03", None)
    # Setting one kind of due clears the other; null clears either.
    timed = client.patch(f"/v1/todos/{todo['id']}", json={"due_at": "2026-12-03T18:00:00Z"}).json()
    assert (timed["due_date"], timed["due_at"]) == (None, "2026-12-03T18:00:00Z")
    day = client.patch(f"/v1/todos/{todo['id']}", json={"due_date": "2026-12-04"}).json()
    assert (day["due_date"], day["due_at"]) == ("2026-12-04", None)
    cleared = client.patch(f"/v1/todos/{todo['id']}", json={"due_date": None}).json()
    assert (cleared["due_date"], cleared["due_at"]) == (None, None)


@pytest.mark.parametrize(
    "fields",
    [
        {"due_date": "2026-12-03", "due_at": "2026-12-03T10:00:00Z"},
        {"due_date": "2026-12-03T10:00:00Z"},
        {"due_date": "03/12/2026"},
        {"due_date": "2026-02-30"},
        {"due_date": 20261203},
    ],
)
def test_invalid_due_dates_are_422(new_user, fields):
    client = new_user().client
    assert_problem(client.post("/v1/todos", json={"title": "x", **fields}), 422)
    todo = add(client, "y")
    assert_problem(client.patch(f"/v1/todos/{todo['id']}", json=fields), 422)


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_due_days_sort_among_due_moments_and_pages_walk_them_once(new_user, order):
    client = new_user().client
    add(client, "never")
    add(client, "2 Dec 23:00", due_at="2026-12-02T23:00:00Z")
    add(client, "3 Dec", due_date="2026-12-03")
    add(client, "3 Dec 08:00 in New York", due_at="2026-12-03T08:00:00-05:00")
    add(client, "4 Dec", due_date="2026-12-04")
    add(client, "4 Dec 15:00", due_at="2026-12-04T15:00:00Z")
    expected = ["2 Dec 23:00", "3 Dec", "3 Dec 08:00 in New York", "4 Dec", "4 Dec 15:00", "never"]
    if order == "desc":
        expected.reverse()
    assert titles(client, sort="due", order=order) == expected
    walked, cursor = [], None
    while True:
        params = {"sort": "due", "order": order, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/todos", params=params).json()
        walked += [todo["title"] for todo in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert walked == expected
