"""Issue 23, the authorization matrix: every operation that takes a list or a todo, by each kind of
caller, on each kind of target, against the real API over HTTP. A owns the list, B edits it, C views it,
D is not in it, E is invited and has not accepted yet (nothing is shared with E until then). Each cell's
expected status is written once, in packages/auth-contract/authorization-matrix.json, which the web
app's tests run through the BFF too.

A cell that expects a success runs on a world of its own; the refusals of one caller on one target share
one, since a refusal changes nothing (and should one not, its cell fails)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
import pytest
from auth_contract import load_authorization_matrix
from dev_infra.api import ApiProcess, Caller, TokenMinter, assert_problem, create_todo, invite, share_list

MATRIX = load_authorization_matrix()
CALLERS = tuple(MATRIX["callers"])
TARGETS = tuple(MATRIX["targets"])
OPERATIONS = {operation["name"]: operation for operation in MATRIX["operations"]}


@dataclass
class Target:
    """A list with a completed todo tagged 'home', a todo deleted from it, and an open invitation."""

    list_id: str
    todo_id: str
    deleted_id: str
    invitation_token: str


@dataclass
class World:
    callers: dict[str, Caller]
    shared: Target
    inbox_todos: dict[str, str] = field(default_factory=dict)

    def client(self, who: str) -> httpx.Client:
        return self.callers[who].client

    def inbox_of(self, who: str) -> str:
        lists = self.client(who).get("/v1/lists").json()["items"]
        inbox: str = next(item["id"] for item in lists if item["is_inbox"])
        return inbox

    def inbox_todo_of(self, who: str) -> str:
        if who not in self.inbox_todos:
            self.inbox_todos[who] = create_todo(self.client(who), "mine")["id"]
        return self.inbox_todos[who]


def new_caller(api: ApiProcess, minter: TokenMinter, who: str) -> Caller:
    sub = f"{who.lower()}-{uuid.uuid4().hex[:10]}"
    return Caller(sub, api.client(minter.mint(sub, email=f"{sub}@example.com")))


def make_list(owner: httpx.Client, name: str, invitee: str) -> tuple[str, str, str, str]:
    """A new list of `owner`'s with its todo and deleted todo, and an invitation of `invitee`."""
    list_id = owner.post("/v1/lists", json={"name": name}).json()["id"]
    token = invite(owner, list_id, invitee, "editor")
    todo = create_todo(owner, f"{name} todo", list_id=list_id, completed=True, tags=["home"])
    doomed = create_todo(owner, "deleted todo", list_id=list_id)
    assert owner.delete(f"/v1/todos/{doomed['id']}").status_code == 204
    return list_id, todo["id"], doomed["id"], token


def build_world(api: ApiProcess, minter: TokenMinter) -> World:
    callers = {who: new_caller(api, minter, who) for who in CALLERS}
    owner = callers["A"].client
    list_id, todo_id, deleted_id, e_token = make_list(owner, "Shared", f"{callers['E'].sub}@example.com")
    for who, role in (("B", "editor"), ("C", "viewer")):
        share_list(owner, list_id, callers[who], role)
    return World(callers, Target(list_id, todo_id, deleted_id, e_token))


def other_users_list(w: World, api: ApiProcess, minter: TokenMinter) -> Target:
    stranger = new_caller(api, minter, "F")
    return Target(*make_list(stranger.client, "Private", "nobody-here@example.com"))


def deleted_list(w: World, api: ApiProcess, minter: TokenMinter) -> Target:
    assert w.client("A").delete(f"/v1/lists/{w.shared.list_id}").status_code == 204
    return w.shared


def leave(w: World, who: str) -> httpx.Response:
    return w.client(who).delete(f"/v1/lists/{w.shared.list_id}/members/{w.callers[who].sub}")


def list_left_by(who: str) -> Callable[[World, ApiProcess, TokenMinter], Target]:
    def left(w: World, api: ApiProcess, minter: TokenMinter) -> Target:
        if who == "A":
            # The last owner cannot leave: A hands over first.
            b = w.callers["B"].sub
            assert w.client("A").patch(f"/v1/lists/{w.shared.list_id}/members/{b}", json={"role": "owner"}).is_success
        if who in ("A", "B", "C"):
            assert leave(w, who).status_code == 204
        return w.shared

    return left


def make_target(name: str, who: str) -> Callable[[World, ApiProcess, TokenMinter], Target]:
    return {
        "shared": lambda w, api, minter: w.shared,
        "other_user": other_users_list,
        "deleted": deleted_list,
        "left": list_left_by(who),
    }[name]


def send(w: World, target: Target, who: str, operation: dict[str, Any]) -> httpx.Response:
    """The matrix's request of `operation`, its references resolved for `who` on `target`."""
    references: dict[str, Callable[[], str]] = {
        "$list": lambda: target.list_id,
        "$todo": lambda: target.todo_id,
        "$deleted_todo": lambda: target.deleted_id,
        "$invitation": lambda: target.invitation_token,
        "$me": lambda: w.callers[who].sub,
        "$viewer": lambda: w.callers["C"].sub,
        "$other_member": lambda: w.callers["C" if who == "B" else "B"].sub,
        "$inbox": lambda: w.inbox_of(who),
        "$inbox_todo": lambda: w.inbox_todo_of(who),
    }

    def resolve(values: dict[str, Any]) -> dict[str, Any]:
        return {
            key: references[value]() if isinstance(value, str) and value.startswith("$") else value
            for key, value in values.items()
        }

    path = operation["path"].format(**resolve(operation.get("path_params", {})))
    params = resolve(operation.get("query", {}))
    if "csv" in operation:
        headers = {"Content-Type": "text/csv"}
        return w.client(who).request(
            operation["method"], path, params=params, content=operation["csv"], headers=headers
        )
    body = resolve(operation["body"]) if "body" in operation else None
    return w.client(who).request(operation["method"], path, params=params, json=body)


def test_the_matrix_covers_every_operation_that_takes_a_list_or_todo(api):
    """Each operation of the API's schema with a list, todo, deletion or invitation among its inputs
    is in the matrix, and the matrix names no operation the API lacks."""
    schema = httpx.get(f"{api.url}/openapi.json").json()
    takes = {"list_id", "todo_id", "deletion_id", "token"}

    def inputs(operation: dict[str, Any]) -> set[str]:
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in body:
            names |= set(schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]].get("properties", {}))
        return names

    in_the_api = {
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if inputs(operation) & takes
    }
    in_the_matrix = {(operation["method"], operation["path"]) for operation in MATRIX["operations"]}
    assert in_the_api == in_the_matrix


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("target", TARGETS)
def test_each_cell_gets_its_expected_status(api, minter, target, who):
    expected = {name: operation["expected"][target][who] for name, operation in OPERATIONS.items()}
    refused_world: tuple[World, Target] | None = None
    answers = {}
    for name, operation in OPERATIONS.items():
        if expected[name] < 400:
            w = build_world(api, minter)
            on = make_target(target, who)(w, api, minter)
        else:
            if refused_world is None:
                w = build_world(api, minter)
                refused_world = (w, make_target(target, who)(w, api, minter))
            w, on = refused_world
        answer = send(w, on, who, operation)
        answers[name] = answer.status_code
        if answer.status_code >= 400:
            assert_problem(answer, answer.status_code)
            # A refusal says nothing of the list's contents or of the other members.
            assert "Shared todo" not in answer.text and "Private todo" not in answer.text, name
            assert "example.com" not in answer.text, name
    assert answers == expected


def test_a_membership_revoked_between_two_calls_with_the_same_token(api, minter):
    """The same JWT, unchanged, before and after A removes B: the membership is read at each call."""
    w = build_world(api, minter)
    editor = w.client("B")
    assert editor.get(f"/v1/todos/{w.shared.todo_id}").status_code == 200
    assert editor.patch(f"/v1/todos/{w.shared.todo_id}", json={"title": "mine too"}).status_code == 200
    assert w.client("A").delete(f"/v1/lists/{w.shared.list_id}/members/{w.callers['B'].sub}").status_code == 204
    assert_problem(editor.get(f"/v1/todos/{w.shared.todo_id}"), 404)
    assert_problem(editor.patch(f"/v1/todos/{w.shared.todo_id}", json={"title": "still mine?"}), 404)
    # Removed, B gets what B gets after leaving: 404 for every id of the list.
    answers = {name: send(w, w.shared, "B", operation).status_code for name, operation in OPERATIONS.items()}
    assert answers == {name: operation["expected"]["left"]["B"] for name, operation in OPERATIONS.items()}


def test_todos_of_lists_one_is_not_in_never_show_in_ones_own(api, minter):
    w = build_world(api, minter)
    private = create_todo(w.client("A"), "private")
    for who in ("B", "C", "D", "E"):
        listed = w.client(who).get("/v1/todos", params={"limit": 100}).json()["items"]
        assert private["id"] not in {todo["id"] for todo in listed}, who
        searched = w.client(who).get("/v1/todos", params={"q": "private", "limit": 100}).json()["items"]
        assert searched == [], who


def test_a_replayed_create_answers_as_a_fresh_call_would(api, minter):
    """An Idempotency-Key replays the first answer only while the caller may still add to the list."""
    w = build_world(api, minter)
    editor, b = w.client("B"), w.callers["B"].sub

    def create() -> httpx.Response:
        body = {"title": "retried", "list_id": w.shared.list_id}
        return editor.post("/v1/todos", json=body, headers={"Idempotency-Key": "retried-create"})

    first = create()
    assert first.status_code == 201, first.text
    replayed = create()
    assert (replayed.status_code, replayed.headers["Idempotent-Replayed"]) == (201, "true")
    assert replayed.json() == first.json()
    assert w.client("A").patch(f"/v1/lists/{w.shared.list_id}/members/{b}", json={"role": "viewer"}).is_success
    assert_problem(create(), 403)
    assert w.client("A").delete(f"/v1/lists/{w.shared.list_id}/members/{b}").status_code == 204
    assert_problem(create(), 404)


def wait_for_a_lock_wait(conn: psycopg.Connection[Any]) -> None:
    """Returns once another session of this database waits for a lock."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        waiting = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        ).fetchone()
        if waiting and waiting[0]:
            return
        time.sleep(0.02)
    raise AssertionError("no session waited for a lock")


def test_accepting_an_invitation_while_its_list_is_being_deleted_is_a_clean_404(api, minter, database_url):
    """The deletion holds the list's row when the acceptance arrives, and deletes it while the acceptance
    waits: the acceptance then finds no open invitation (the list took it along), never a 500."""
    w = build_world(api, minter)
    with psycopg.connect(database_url) as deleting, psycopg.connect(database_url, autocommit=True) as watching:
        # The row lock a DELETE of the list takes, before the DELETE itself.
        deleting.execute("SELECT 1 FROM todo_api.lists WHERE id = %s FOR UPDATE", (w.shared.list_id,))
        with ThreadPoolExecutor(1) as pool:
            accepting = pool.submit(
                w.client("E").post, "/v1/invitations/accept", json={"token": w.shared.invitation_token}
            )
            wait_for_a_lock_wait(watching)
            deleting.execute("DELETE FROM todo_api.lists WHERE id = %s", (w.shared.list_id,))
            deleting.commit()
            answer = accepting.result()
    assert_problem(answer, 404)
    assert_problem(w.client("E").get(f"/v1/lists/{w.shared.list_id}"), 404)


def test_an_invitation_is_accepted_once_only_by_its_email_and_shares_nothing_before(api, minter):
    w = build_world(api, minter)
    invited, outsider = w.client("E"), w.client("D")
    assert_problem(invited.get(f"/v1/todos/{w.shared.todo_id}"), 404)
    assert_problem(outsider.post("/v1/invitations/accept", json={"token": w.shared.invitation_token}), 403)
    joined = invited.post("/v1/invitations/accept", json={"token": w.shared.invitation_token})
    assert joined.status_code == 200, joined.text
    assert (joined.json()["id"], joined.json()["role"]) == (w.shared.list_id, "editor")
    assert invited.get(f"/v1/todos/{w.shared.todo_id}").status_code == 200
    assert_problem(invited.post("/v1/invitations/accept", json={"token": w.shared.invitation_token}), 404)
    assert_problem(invited.post("/v1/invitations/accept", json={"token": "never-issued"}), 404)


def test_the_last_owner_cannot_leave_or_step_down_but_can_hand_over_first(api, minter):
    w = build_world(api, minter)
    owner, a, b = w.client("A"), w.callers["A"].sub, w.callers["B"].sub
    assert_problem(owner.patch(f"/v1/lists/{w.shared.list_id}/members/{a}", json={"role": "editor"}), 409)
    assert owner.patch(f"/v1/lists/{w.shared.list_id}/members/{b}", json={"role": "owner"}).status_code == 200
    assert owner.delete(f"/v1/lists/{w.shared.list_id}/members/{a}").status_code == 204
    assert_problem(w.client("B").delete(f"/v1/lists/{w.shared.list_id}/members/{b}"), 409)


def test_an_inbox_is_never_shared_renamed_or_deleted(api, minter):
    w = build_world(api, minter)
    inbox = w.inbox_of("A")
    owner = w.client("A")
    assert_problem(owner.post(f"/v1/lists/{inbox}/invitations", json={"email": "x@example.com"}), 409)
    assert_problem(owner.patch(f"/v1/lists/{inbox}", json={"name": "Mine"}), 409)
    assert_problem(owner.delete(f"/v1/lists/{inbox}"), 409)
    assert_problem(owner.delete(f"/v1/lists/{inbox}/members/{w.callers['A'].sub}"), 409)


def test_two_editors_editing_one_todo_at_once_get_one_200_and_one_412(api, minter):
    w = build_world(api, minter)

    def edit(who: str) -> int:
        answer = w.client(who).patch(f"/v1/todos/{w.shared.todo_id}", json={"title": who}, headers={"If-Match": '"1"'})
        return answer.status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(edit, ("A", "B")))
    assert statuses == [200, 412]


def test_counts_and_tags_are_per_list_and_undo_brings_a_todo_back_into_its_list(api, minter):
    w = build_world(api, minter)
    editor = w.client("B")
    create_todo(editor, "in B's inbox", tags=["work"])
    shared_counts = {"list_id": w.shared.list_id, "active": 0, "completed": 1}
    assert editor.get("/v1/todos/counts", params={"list_id": w.shared.list_id}).json() == {
        "active": 0,
        "completed": 1,
        "lists": [shared_counts],
    }
    all_counts = editor.get("/v1/todos/counts").json()
    assert (all_counts["active"], all_counts["completed"]) == (1, 1)
    assert shared_counts in all_counts["lists"]
    tags = editor.get("/v1/todos/tags", params={"list_id": w.shared.list_id}).json()["items"]
    assert tags == [{"tag": "home", "count": 1}]
    assert editor.post("/v1/todos/restore", json={"deletion_id": w.shared.deleted_id}).json() == {"restored": 1}
    restored = w.client("C").get(f"/v1/todos/{w.shared.deleted_id}").json()
    assert restored["list_id"] == w.shared.list_id
