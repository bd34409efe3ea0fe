"""/v1/todos over HTTP against a real API process and PostgreSQL."""

from __future__ import annotations

import base64
import json
import uuid
from unittest.mock import ANY

import httpx
import psycopg
import pytest
from dev_infra.api import assert_problem
from jsonschema import Draft202012Validator
from todo_api import crud
from todo_api.models import DUE_AT_PATTERN

NEW_TODO = {
    "title": "  Buy milk  ",
    "description": "two litres",
    "priority": "high",
    "due_at": "2026-12-01T09:30:00+01:00",
    "tags": ["shopping", "home", "shopping"],
}


def test_create_returns_the_stored_todo(new_user):
    caller = new_user()
    response = caller.client.post("/v1/todos", json=NEW_TODO)
    assert response.status_code == 201
    todo = response.json()
    assert response.headers["location"] == f"/v1/todos/{todo['id']}"
    assert todo["title"] == "Buy milk"  # trimmed
    assert todo["description"] == "two litres"
    assert todo["priority"] == "high"
    assert todo["completed"] is False
    assert todo["due_at"] == "2026-12-01T08:30:00Z"
    assert todo["tags"] == ["shopping", "home"]  # duplicates dropped, order kept
    assert todo["created_at"] == todo["updated_at"]
    assert caller.client.get(f"/v1/todos/{todo['id']}").json() == todo


def test_defaults_for_optional_fields(new_user):
    todo = new_user().client.post("/v1/todos", json={"title": "x"}).json()
    assert (todo["description"], todo["priority"], todo["due_at"], todo["tags"], todo["completed"]) == (
        None,
        "medium",
        None,
        [],
        False,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
        ({"title": "ok", "priority": "urgent"}, "priority"),
        ({"title": "ok", "due_at": "2026-12-01T09:30:00"}, "due_at"),
        ({"title": "ok", "due_at": "next tuesday"}, "due_at"),
        ({"title": "ok", "tags": [f"t{n}" for n in range(11)]}, "tags"),
        ({"title": "ok", "tags": ["x" * 33]}, "tags[0]"),
        ({"title": "ok", "tags": [""]}, "tags[0]"),
        ({"title": "ok", "tags": ["##"]}, "tags[0]"),
        ({"title": "ok", "completed": "maybe"}, "completed"),
        ({"title": "ok", "owner_id": "someone-else"}, "owner_id"),
        ({"title": 42}, "title"),
        ({"title": "nul \u0000 inside"}, "title"),  # PostgreSQL cannot store NUL: 422, not 500
        ({"title": "lone \ud800 surrogate"}, "title"),  # psycopg cannot encode it as UTF-8: 422, not 500
        ({"title": "ok", "description": "\udfff"}, "description"),
        ({"title": "ok", "tags": ["\ud83d"]}, "tags[0]"),
        ({"title": "two\nlines"}, "title"),
        ({"title": "ok", "description": "bell \u0007"}, "description"),
        ({"title": "ok", "tags": ["a\tb"]}, "tags[0]"),
        ({"title": "ok", "due_at": 0}, "due_at"),
        ({"title": "ok", "completed": 1}, "completed"),
        ({"title": "ok", "completed": "true"}, "completed"),
    ],
)
def test_create_rejects_invalid_fields(new_user, body, field):
    # json.dumps escapes non-ASCII, so a lone surrogate travels as the JSON escape a client could send.
    payload = json.dumps(body)
    response = new_user().client.post("/v1/todos", content=payload, headers={"Content-Type": "application/json"})
    problem = assert_problem(response, 422)
    assert field in [error["field"] for error in problem["errors"]]


@pytest.mark.parametrize("query", ["q=%00", "q=a%ED%A0%80", "tag=%ED%A0%80", "q=%5Cud800", "tag=a%00b"])
def test_query_text_postgresql_cannot_hold_is_a_4xx_problem(new_user, query):
    response = new_user().client.get(f"/v1/todos?{query}")
    assert response.status_code in (200, 422), response.text  # refused, or harmlessly taken as text
    if response.status_code == 422:
        assert_problem(response, 422)


def test_description_may_hold_line_breaks_and_tabs(new_user):
    response = new_user().client.post("/v1/todos", json={"title": "ok", "description": "a\n\tb\r\n"})
    assert response.status_code == 201 and response.json()["description"] == "a\n\tb\r\n"


def test_wrong_method_names_the_allowed_ones(new_user):
    response = new_user().client.put(f"/v1/todos/{uuid.uuid4()}", json={"title": "x"})
    assert_problem(response, 405)
    assert response.headers["allow"] == "DELETE, GET, PATCH"


def test_title_of_exactly_200_characters_is_accepted(new_user):
    assert new_user().client.post("/v1/todos", json={"title": "x" * 200}).status_code == 201


@pytest.mark.parametrize("payload", [b"{not json", b"", b'{"title": "x",}', b"\xff\xfe"])
def test_malformed_json_is_a_400_problem(new_user, payload):
    response = new_user().client.post("/v1/todos", content=payload, headers={"Content-Type": "application/json"})
    if payload == b"":
        assert_problem(response, 422)  # no body at all: the required body is missing
    else:
        assert assert_problem(response, 400)["title"] == "Malformed JSON"


def test_body_over_64_kb_is_a_413_problem_declared_or_streamed(new_user):
    client = new_user().client
    just_fits = b'{"title": "fits"' + b" " * (64 * 1024 - 17) + b"}"
    assert len(just_fits) == 64 * 1024
    json_header = {"Content-Type": "application/json"}
    assert client.post("/v1/todos", content=just_fits, headers=json_header).status_code == 201
    too_large = just_fits[:-1] + b" }"
    declared = assert_problem(client.post("/v1/todos", content=too_large, headers=json_header), 413)
    # Without a Content-Length (chunked), the API stops reading once the limit is passed.
    streamed = (b" " * 65536 for _ in range(4))
    assert assert_problem(client.post("/v1/todos", content=streamed, headers=json_header), 413) == {
        **declared,
        "request_id": ANY,
    }
    todo_id = client.get("/v1/todos").json()["items"][0]["id"]
    assert_problem(client.patch(f"/v1/todos/{todo_id}", content=too_large, headers=json_header), 413)
    assert [todo["title"] for todo in client.get("/v1/todos").json()["items"]] == ["fits"]


def test_body_that_is_not_an_object_is_a_422_problem(new_user):
    assert_problem(new_user().client.post("/v1/todos", json=["title"]), 422)


def test_patch_changes_only_the_fields_sent(new_user):
    client = new_user().client
    todo = client.post("/v1/todos", json=NEW_TODO).json()
    response = client.patch(f"/v1/todos/{todo['id']}", json={"completed": True})
    assert response.status_code == 200
    updated = response.json()
    assert updated["completed"] is True
    assert {k: updated[k] for k in ("title", "description", "priority", "due_at", "tags")} == {
        k: todo[k] for k in ("title", "description", "priority", "due_at", "tags")
    }
    assert updated["updated_at"] > todo["updated_at"]


def test_patch_can_clear_description_and_due_date_but_not_title(new_user):
    client = new_user().client
    todo = client.post("/v1/todos", json=NEW_TODO).json()
    cleared = client.patch(f"/v1/todos/{todo['id']}", json={"description": None, "due_at": None}).json()
    assert cleared["description"] is None and cleared["due_at"] is None
    assert_problem(client.patch(f"/v1/todos/{todo['id']}", json={"title": None}), 422)
    assert_problem(client.patch(f"/v1/todos/{todo['id']}", json={"title": " "}), 422)
    assert_problem(client.patch(f"/v1/todos/{todo['id']}", json={"tags": None}), 422)
    assert client.get(f"/v1/todos/{todo['id']}").json()["title"] == "Buy milk"  # nothing lost


def test_patch_with_every_field(new_user):
    client = new_user().client
    todo = client.post("/v1/todos", json={"title": "a"}).json()
    changes = {
        "title": "b",
        "description": "c",
        "completed": True,
        "priority": "low",
        "due_at": "2027-01-01T00:00:00Z",
        "tags": ["t"],
    }
    updated = client.patch(f"/v1/todos/{todo['id']}", json=changes).json()
    assert {key: updated[key] for key in changes} == changes


def test_delete_then_gone(new_user):
    client = new_user().client
    todo = client.post("/v1/todos", json={"title": "a"}).json()
    assert client.delete(f"/v1/todos/{todo['id']}").status_code == 204
    assert_problem(client.get(f"/v1/todos/{todo['id']}"), 404)
    assert_problem(client.delete(f"/v1/todos/{todo['id']}"), 404)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_unknown_and_malformed_ids(new_user, method):
    client = new_user().client
    body = {"json": {"completed": True}} if method == "PATCH" else {}
    assert_problem(client.request(method, f"/v1/todos/{uuid.uuid4()}", **body), 404)
    assert_problem(client.request(method, "/v1/todos/not-a-uuid", **body), 422)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_another_users_todo_is_not_found(new_user, method):
    owner, intruder = new_user(), new_user()
    todo = owner.client.post("/v1/todos", json={"title": "private"}).json()
    body = {"json": {"title": "hijacked"}} if method == "PATCH" else {}
    problem = assert_problem(intruder.client.request(method, f"/v1/todos/{todo['id']}", **body), 404)
    assert "private" not in str(problem)
    assert owner.client.get(f"/v1/todos/{todo['id']}").json() == todo  # unchanged, still there


def test_lists_are_per_user(new_user):
    alice, bob = new_user(), new_user()
    alice.client.post("/v1/todos", json={"title": "alice's", "tags": ["shared-tag"]})
    bob.client.post("/v1/todos", json={"title": "bob's", "tags": ["shared-tag"]})
    for caller, title in ((alice, "alice's"), (bob, "bob's")):
        for query in ("", "?tag=shared-tag", "?q=s", "?sort=title"):
            items = caller.client.get(f"/v1/todos{query}").json()["items"]
            assert [item["title"] for item in items] == [title]


def _titles(client, query: str) -> list[str]:
    response = client.get(f"/v1/todos?{query}")
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def seeded(new_user):
    caller = new_user()
    for body in (
        {"title": "Beta", "priority": "low", "due_at": "2026-12-03T00:00:00Z", "tags": ["work"]},
        {"title": "alpha", "priority": "high", "completed": True, "tags": ["home"], "description": "50% off"},
        {"title": "Gamma", "priority": "medium", "due_at": "2026-12-01T00:00:00Z", "tags": ["work", "urgent"]},
        {"title": "delta", "priority": "high"},
    ):
        assert caller.client.post("/v1/todos", json=body).status_code == 201
    return caller.client


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["delta", "Gamma", "alpha", "Beta"]),  # newest first
        ("order=asc", ["Beta", "alpha", "Gamma", "delta"]),
        ("status=active", ["delta", "Gamma", "Beta"]),
        ("status=completed", ["alpha"]),
        ("priority=high", ["delta", "alpha"]),
        ("tag=work", ["Gamma", "Beta"]),
        ("tag=urgent", ["Gamma"]),
        ("tag=none", []),
        ("q=ALP", ["alpha"]),
        ("q=50%25", ["alpha"]),  # matched in the description; % is literal
        ("q=%25", ["alpha"]),
        ("q=_", []),
        ("sort=title", ["alpha", "Beta", "delta", "Gamma"]),
        ("sort=title&order=desc", ["Gamma", "delta", "Beta", "alpha"]),
        ("sort=due", ["Gamma", "Beta", "alpha", "delta"]),  # no due date last, ties oldest first
        ("sort=priority", ["delta", "alpha", "Gamma", "Beta"]),  # high first, then newest
        ("sort=priority&order=asc", ["Beta", "Gamma", "alpha", "delta"]),
        ("status=active&priority=high&tag=none", []),
        ("status=active&sort=title", ["Beta", "delta", "Gamma"]),
    ],
)
def test_filters_and_sorting(seeded, query, expected):
    assert _titles(seeded, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "status=done",
        "priority=urgent",
        "sort=random",
        "order=up",
        "limit=0",
        "limit=101",
        "tag=" + "x" * 33,
        "q=" + "q" * 201,
        "q=a%00b",
        "tag=%00",
        "cursor=not%20base64url",
    ],
)
def test_invalid_list_parameters(new_user, query):
    assert_problem(new_user().client.get(f"/v1/todos?{query}"), 422)


@pytest.mark.parametrize("sort", ["created", "due", "priority", "title"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_cursor_pagination_walks_every_todo_once(new_user, sort, order):
    client = new_user().client
    for n in range(7):
        body = {"title": f"todo {n % 3}", "priority": ["low", "medium", "high"][n % 3]}
        if n % 2:
            body["due_at"] = f"2026-12-0{n}T00:00:00Z"
        client.post("/v1/todos", json=body)
    everything = client.get(f"/v1/todos?sort={sort}&order={order}&limit=100").json()["items"]
    seen, cursor, pages = [], None, 0
    while True:
        query = f"sort={sort}&order={order}&limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/v1/todos?{query}").json()
        seen += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [todo["id"] for todo in seen] == [todo["id"] for todo in everything]
    assert len(seen) == 7 and pages == 3


def test_cursor_is_bound_to_its_sort_order(new_user):
    client = new_user().client
    for n in range(3):
        client.post("/v1/todos", json={"title": f"t{n}"})
    cursor = client.get("/v1/todos?limit=1").json()["next_cursor"]
    assert cursor
    assert_problem(client.get(f"/v1/todos?sort=title&cursor={cursor}"), 400)
    assert_problem(client.get(f"/v1/todos?order=asc&cursor={cursor}"), 400)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "eyJzIjoiY3JlYXRlZCIsIm8iOiJkZXNjIiwidiI6WyJub3QgYSBkYXRlIiwibm90IGEgdXVpZCJdfQ",  # bad values
        "eyJzIjoiY3JlYXRlZCIsIm8iOiJkZXNjIiwidiI6WzEsMl19",  # values not strings
        "W10",  # a JSON list
    ],
)
def test_tampered_cursor_is_a_400_problem(new_user, cursor):
    assert assert_problem(new_user().client.get(f"/v1/todos?cursor={cursor}"), 400)["title"] == "Invalid cursor"


def _forged_cursor(sort: str, values: list[str]) -> str:
    raw = json.dumps({"s": sort, "o": "asc", "v": values}).encode()  # ensure_ascii keeps lone surrogates as escapes
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize("sort", ["title", "due", "created"])
@pytest.mark.parametrize("bad", ["\x00", "\ud800"], ids=["nul", "lone-surrogate"])
def test_cursor_with_text_postgresql_cannot_hold_is_a_400_problem(new_user, sort, bad):
    client = new_user().client
    for title in ("a", "b"):
        client.post("/v1/todos", json={"title": title, "due_at": "2026-12-01T09:30:00Z"})
    cursor = client.get(f"/v1/todos?sort={sort}&order=asc&limit=1").json()["next_cursor"]
    values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["v"]
    for position in range(len(values)):
        forged = [value + bad if n == position else value for n, value in enumerate(values)]
        response = client.get(f"/v1/todos?sort={sort}&order=asc&cursor={_forged_cursor(sort, forged)}")
        assert assert_problem(response, 400)["title"] == "Invalid cursor"


def test_limit_and_default_page_size(new_user):
    client = new_user().client
    for n in range(22):
        client.post("/v1/todos", json={"title": f"t{n}"})
    page = client.get("/v1/todos").json()
    assert len(page["items"]) == 20 and page["next_cursor"]
    assert len(client.get("/v1/todos?limit=5").json()["items"]) == 5


def test_tags_are_one_per_meaning_whatever_their_case_or_leading_hash(new_user):
    client = new_user().client
    created = client.post("/v1/todos", json={"title": "Plan", "tags": ["Work", "#work", " #Home ", "WORK"]})
    assert created.status_code == 201, created.text
    assert created.json()["tags"] == ["work", "home"]
    for tag in ("work", "WORK", "%23Work"):
        found = client.get(f"/v1/todos?tag={tag}").json()["items"]
        assert [todo["title"] for todo in found] == ["Plan"], tag


# --- instants both Python and PostgreSQL hold ------------------------------------------------------


@pytest.mark.parametrize("due_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T12:00:00Z"])
def test_due_instants_outside_what_can_be_read_back_are_refused_on_create_and_change(new_user, due_at):
    caller = new_user()
    assert_problem(caller.client.post("/v1/todos", json={"title": "Far", "due_at": due_at}), 422)
    todo = caller.client.post("/v1/todos", json={"title": "Near"}).json()
    assert_problem(caller.client.patch(f"/v1/todos/{todo['id']}", json={"due_at": due_at}), 422)
    # Nothing stored: the todo and the list still read.
    assert caller.client.get(f"/v1/todos/{todo['id']}").json()["due_at"] is None
    assert caller.client.get("/v1/todos").status_code == 200


def test_due_instants_at_the_edges_of_the_range_are_kept(new_user):
    caller = new_user()
    for due_at in ("0002-01-01T00:00:00+14:00", "9998-12-31T23:59:59-14:00"):
        assert caller.client.post("/v1/todos", json={"title": "Edge", "due_at": due_at}).status_code == 201
    assert len(caller.client.get("/v1/todos", params={"sort": "due"}).json()["items"]) == 2


def test_the_published_schema_bounds_due_instants(api):
    schema = httpx.get(f"{api.url}/openapi.json").json()["components"]["schemas"]["TodoCreate"]
    [due_at] = [option for option in schema["properties"]["due_at"]["anyOf"] if option.get("type") == "string"]
    assert due_at == {"type": "string", "format": "date-time", "pattern": DUE_AT_PATTERN}


def test_a_cursor_whose_values_postgresql_refuses_is_a_400_problem(new_user):
    caller = new_user()
    for value in ("2026-01-01T00:00:00+99", "2026-13-45T00:00:00Z", "not a time"):
        forged = crud.encode_cursor("created", "desc", [value, str(uuid.uuid4())])
        assert_problem(caller.client.get("/v1/todos", params={"cursor": forged}), 400)


def test_a_change_that_fails_after_its_update_stores_nothing_and_answers_a_bare_500(new_user, database_url):
    """A row that cannot be read back (as before due_at was bounded) makes the UPDATE's answer fail."""
    caller = new_user()
    todo = caller.client.post("/v1/todos", json={"title": "Before"}).json()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE todo_api.todos SET due_at = '0001-01-01 00:00:00+14' WHERE id = %s", (todo["id"],))
    problem = assert_problem(caller.client.patch(f"/v1/todos/{todo['id']}", json={"title": "After"}), 500)
    assert (
        problem["detail"]
        == "Something went wrong on our side. Try again; if it keeps happening, give us the request id."
    )
    assert problem["request_id"]
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT title, version FROM todo_api.todos WHERE id = %s", (todo["id"],)).fetchone()
        conn.execute("DELETE FROM todo_api.todos WHERE id = %s", (todo["id"],))
    assert row == ("Before", 1)


# --- the published schema states the validators' rules ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ({"title": "t", "due_at": "2026-05-01T09:00:00Z", "due_date": "2026-05-01"}, False),
        ({"title": "t", "due_at": None, "due_date": "2026-05-01"}, True),
        ({"title": "t", "tags": ["#"]}, False),
        ({"title": "t", "tags": ["##"]}, False),
        ({"title": "t", "tags": ["#a"]}, True),
        ({"title": "t", "due_at": "0001-06-01T00:00:00Z"}, False),
    ],
)
def test_the_schema_and_the_api_agree_on_a_create(api, new_user, body, accepted):
    document = httpx.get(f"{api.url}/openapi.json").json()
    schema = {"$ref": "#/components/schemas/TodoCreate", "components": document["components"]}
    valid = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(body)
    answer = new_user().client.post("/v1/todos", json=body)
    assert (valid, answer.status_code) == (accepted, 201 if accepted else 422)
