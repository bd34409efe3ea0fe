"""Export and import over HTTP against the real API and PostgreSQL: the export holds exactly the
caller's lists and todos (shared ones with the caller's role), streams in bounded memory, escapes CSV
for spreadsheets; a Todoist CSV import maps its fields, reports what it skipped and why, and creates
nothing new when run again."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import psycopg
import pytest
from dev_infra.api import assert_problem, create_todo, todo_titles
from todo_api.transfer import CSV_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS

# Todoist's columns, as its help page lists them (docs/architecture.md, "Export and import").
TODOIST_HEADER = (
    "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT\n"
)


def exported(client):
    response = client.get("/v1/export")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].startswith('attachment; filename="todos-')
    return response.json()


def csv_rows(client):
    response = client.get("/v1/export/csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].endswith('.csv"')
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def share(owner, member, role):
    """A list of `owner`'s with `member` in it as `role`: its id."""
    list_id = owner.client.post("/v1/lists", json={"name": f"Shared as {role}"}).json()["id"]
    invited = owner.client.post(
        f"/v1/lists/{list_id}/invitations", json={"email": f"{member.sub}@example.com", "role": role}
    )
    assert invited.status_code == 201, invited.text
    accepted = member.client.post("/v1/invitations/accept", json={"token": invited.json()["token"]})
    assert accepted.status_code == 200, accepted.text
    return list_id


def test_the_export_holds_my_todos_and_those_of_lists_shared_with_me_never_anyone_elses(new_user):
    me, friend, stranger = new_user(), new_user(), new_user()
    create_todo(me.client, "mine", description="with a description", tags=["home"], priority="high")
    shared = share(friend, me, "viewer")
    create_todo(friend.client, "friend's, shared with me", list_id=shared)
    create_todo(friend.client, "friend's inbox")
    create_todo(stranger.client, "stranger's")

    document = exported(me.client)
    assert sorted(todo["title"] for todo in document["todos"]) == ["friend's, shared with me", "mine"]
    lists = {item["id"]: item for item in document["lists"]}
    assert lists[shared]["role"] == "viewer" and not lists[shared]["is_inbox"]
    inbox = next(item for item in document["lists"] if item["is_inbox"])
    assert inbox["role"] == "owner"
    mine = next(todo for todo in document["todos"] if todo["title"] == "mine")
    assert (mine["list_id"], mine["description"], mine["tags"], mine["priority"]) == (
        inbox["id"],
        "with a description",
        ["home"],
        "high",
    )
    assert [row["title"] for row in csv_rows(me.client)] == ["mine", "friend's, shared with me"]
    assert [row["role"] for row in csv_rows(me.client)] == ["owner", "viewer"]
    assert {todo["title"] for todo in exported(stranger.client)["todos"]} == {"stranger's"}


def test_a_new_account_exports_its_empty_inbox(new_user):
    client = new_user().client
    document = exported(client)
    assert [(item["name"], item["is_inbox"], item["role"]) for item in document["lists"]] == [("Inbox", True, "owner")]
    assert document["todos"] == []
    assert csv_rows(client) == []


def test_csv_cells_are_escaped_and_formulas_neutralised(new_user):
    client = new_user().client
    tricky = {
        'comma, "quotes"': 'comma, "quotes"',
        "=HYPERLINK(1)": "'=HYPERLINK(1)",
        "+1": "'+1",
        "-2": "'-2",
        "@SUM(A1)": "'@SUM(A1)",
    }
    for title in tricky:
        create_todo(client, title, description="line one\nline two, \"quoted\"\n=cmd|' /C calc'!A0")
    rows = csv_rows(client)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [row["title"] for row in rows] == list(tricky.values())
    assert {row["description"] for row in rows} == {"line one\nline two, \"quoted\"\n=cmd|' /C calc'!A0"}
    create_todo(client, "tags", tags=["a", "b"])
    assert csv_rows(client)[-1]["tags"] == "a, b"


def test_a_large_export_streams_in_bounded_memory(start_api, minter, database_url):
    """50,000 todos (about 25 MB of JSON): the API's peak memory grows by far less than the document."""
    api = start_api()
    client = api.client(minter.mint("heavy-exporter"))
    inbox = create_todo(client, "first")["list_id"]
    assert len(exported(client)["todos"]) == 1  # warms the process up before its peak memory is read

    def peak_rss_kb() -> int:
        status = Path(f"/proc/{api.process.pid}/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO todo_api.todos (owner_id, list_id, title, description, tags, created_at) "
            "SELECT 'heavy-exporter', %s, 'todo ' || n, repeat('d', 400), ARRAY['bulk'], "
            "now() + n * interval '1 ms' FROM generate_series(1, 49999) AS n",
            (inbox,),
        )
    before = peak_rss_kb()
    received = bytearray()
    started = time.monotonic()
    with client.stream("GET", "/v1/export", timeout=120) as response:
        assert "content-length" not in response.headers  # sent as it is written, not once whole
        for chunk in response.iter_bytes():
            if not received:
                first_chunk_after = time.monotonic() - started
            received += chunk
    whole_after = time.monotonic() - started
    grown_mb = (peak_rss_kb() - before) / 1024
    assert len(received) > 24 * 1024 * 1024
    assert len(json.loads(received)["todos"]) == 50_000
    assert grown_mb < 10, f"the API's peak memory grew by {grown_mb:.1f} MB"
    assert first_chunk_after < whole_after / 4, (first_chunk_after, whole_after)


def todoist_import(client, text, **params):
    return client.post("/v1/import/todoist", content=text.encode(), params=params, headers={"Content-Type": "text/csv"})


TODOIST_FILE = TODOIST_HEADER + (
    "section,Errands,,,,,,,,,,\n"
    "task,Buy milk @shop @Home,Two litres,1,1,Ann (1),,2026-12-24,en,Europe/Paris,,\n"
    ",,,,,,,,,,,\n"
    'task,"Call mum, about ""Sunday""",,4,1,Ann (1),,2026-12-24 18:30,en,Europe/Paris,15,minute\n'
    "note,Remember the cake,,,,,,,,,,\n"
    "task,Water plants,,2,2,,,every monday,en,,,\n"
    "task,,,3,1,,,,,,,\n"
    "task,Bad priority,,9,1,,,,,,,\n"
    f"task,{'x' * 201},,3,1,,,,,,,\n"
    "task,Water plants,,2,2,,,every monday,en,,,\n"
)


def test_a_todoist_csv_becomes_todos_with_a_report_of_what_was_skipped(new_user):
    client = new_user().client
    response = todoist_import(client, TODOIST_FILE)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["imported"], report["already_imported"]) == (4, 0)
    assert report["skipped"] == [
        {"row": 2, "reason": 'A "section" row: only tasks are imported.'},
        {"row": 6, "reason": 'A "note" row: only tasks are imported.'},
        {"row": 8, "reason": "No task name in CONTENT."},
        {"row": 9, "reason": 'PRIORITY "9" is not 1, 2, 3 or 4.'},
        {"row": 10, "reason": "title: String should have at most 200 characters"},
    ]
    not_understood = 'Due date "every monday" not understood: imported without a due date.'
    assert report["notes"] == [{"row": 7, "reason": not_understood}, {"row": 11, "reason": not_understood}]
    todos = {todo["title"]: todo for todo in client.get("/v1/todos", params={"limit": 100}).json()["items"]}
    assert sorted(todos) == ["Buy milk", 'Call mum, about "Sunday"', "Water plants"]
    milk = todos["Buy milk"]
    assert (milk["tags"], milk["description"], milk["priority"], milk["due_date"]) == (
        ["shop", "home"],
        "Two litres",
        "high",
        "2026-12-24",
    )
    call = todos['Call mum, about "Sunday"']
    assert (call["priority"], call["due_at"]) == ("low", "2026-12-24T17:30:00Z")
    # In the file's order, newest first; the same row twice in a file is two tasks.
    assert todo_titles(client) == ["Buy milk", 'Call mum, about "Sunday"', "Water plants", "Water plants"]
    assert todos["Water plants"]["priority"] == "medium" and todos["Water plants"]["list_id"] == report["list_id"]


def test_importing_again_creates_nothing_new_even_from_a_longer_file(new_user):
    client = new_user().client
    assert todoist_import(client, TODOIST_FILE).json()["imported"] == 4
    again = todoist_import(client, TODOIST_FILE).json()
    assert (again["imported"], again["already_imported"]) == (0, 4)
    longer = todoist_import(client, TODOIST_FILE + "task,Something new,,,,,,,,,,\n").json()
    assert (longer["imported"], longer["already_imported"]) == (1, 4)
    assert len(todo_titles(client)) == 5


def test_a_deleted_import_is_not_imported_again_while_it_can_be_restored(new_user):
    client = new_user().client
    todoist_import(client, TODOIST_HEADER + "task,Once,,,,,,,,,,\n")
    (todo,) = client.get("/v1/todos").json()["items"]
    deletion = client.delete(f"/v1/todos/{todo['id']}", headers={"If-Match": f'"{todo["version"]}"'})
    assert deletion.status_code == 204, deletion.text
    assert todoist_import(client, TODOIST_HEADER + "task,Once,,,,,,,,,,\n").json()["imported"] == 0
    assert client.post("/v1/todos/restore", json={"deletion_id": todo["id"]}).status_code == 200
    assert todo_titles(client) == ["Once"]


def test_the_import_goes_into_the_list_given_if_the_caller_may_edit_it(new_user):
    me, friend = new_user(), new_user()
    editable, readable = share(friend, me, "editor"), share(friend, me, "viewer")
    line = TODOIST_HEADER + "task,Into the list,,,,,,,,,,\n"
    assert todoist_import(me.client, line, list_id=editable).json()["list_id"] == editable
    assert todo_titles(friend.client, list_id=editable) == ["Into the list"]
    assert_problem(todoist_import(me.client, line, list_id=readable), 403)
    assert_problem(todoist_import(new_user().client, line, list_id=editable), 404)
    # The same file into another list is other todos.
    assert todoist_import(me.client, line).json()["imported"] == 1


@pytest.mark.parametrize(
    ("content", "status", "detail"),
    [
        (b"name,title\nx,y\n", 422, "This is not a Todoist CSV: it has no TYPE or CONTENT column."),
        (b"", 422, "This is not a Todoist CSV"),
        (TODOIST_HEADER.encode("utf-16"), 422, "The file is not UTF-8 text"),
        (b'TYPE,CONTENT\ntask,"never closed\n' + b"x" * 200_000, 422, "The file is not valid CSV"),
        (
            (TODOIST_HEADER + "task,t,,,,,,,,,,\n" * (IMPORT_MAX_ROWS + 1)).encode(),
            413,
            f"The file has more than {IMPORT_MAX_ROWS} rows",
        ),
        (TODOIST_HEADER.encode() + b"x" * IMPORT_MAX_BYTES, 413, "The request body is larger"),
    ],
    ids=["other columns", "empty", "utf-16", "unclosed quote", "too many rows", "too many bytes"],
)
def test_a_file_that_cannot_be_imported_is_a_problem_and_imports_nothing(new_user, content, status, detail):
    client = new_user().client
    response = client.post("/v1/import/todoist", content=content, headers={"Content-Type": "text/csv"})
    assert assert_problem(response, status)["detail"].startswith(detail)
    assert todo_titles(client) == []
