"""Issue 23, the authorization matrix: every operation on a shared list and its todos, by each kind of
caller, against the real API over HTTP. A owns the list, B edits it, C views it, D is not in it, E is
invited and has not accepted yet (nothing is shared with E until then). Each cell's expected status is
written once, in EXPECTED; every cell runs on a world of its own, so no cell depends on another."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from dev_infra.api import ApiProcess, Caller, TokenMinter, assert_problem, create_todo

CALLERS = ("A", "B", "C", "D", "E")


@dataclass
class World:
    callers: dict[str, Caller]
    list_id: str
    todo_id: str
    deleted_id: str
    invitation_token: str

    def client(self, who: str) -> httpx.Client:
        return self.callers[who].client

    def inbox_of(self, who: str) -> str:
        lists = self.client(who).get("/v1/lists").json()["items"]
        inbox: str = next(item["id"] for item in lists if item["is_inbox"])
        return inbox


def build_world(api: ApiProcess, minter: TokenMinter) -> World:
    callers = {}
    for who in CALLERS:
        sub = f"{who.lower()}-{uuid.uuid4().hex[:10]}"
        callers[who] = Caller(sub, api.client(minter.mint(sub, email=f"{sub}@example.com")))
    owner = callers["A"].client
    shared = owner.post("/v1/lists", json={"name": "Shared"}).json()["id"]
    tokens = {}
    for who, role in (("B", "editor"), ("C", "viewer"), ("E", "editor")):
        invited = owner.post(
            f"/v1/lists/{shared}/invitations", json={"email": f"{callers[who].sub}@example.com", "role": role}
        )
        assert invited.status_code == 201, invited.text
        tokens[who] = invited.json()["token"]
    for who in ("B", "C"):
        accepted = callers[who].client.post("/v1/invitations/accept", json={"token": tokens[who]})
        assert accepted.status_code == 200, accepted.text
    todo = create_todo(owner, "shared todo", list_id=shared, completed=True, tags=["home"])
    doomed = create_todo(owner, "deleted todo", list_id=shared)
    assert owner.delete(f"/v1/todos/{doomed['id']}").status_code == 204
    return World(callers, shared, todo["id"], doomed["id"], tokens["E"])


def move_own_todo_into_the_list(w: World, who: str) -> httpx.Response:
    own = create_todo(w.client(who), "mine")
    return w.client(who).patch(f"/v1/todos/{own['id']}", json={"list_id": w.list_id})


def remove_another_member(w: World, who: str) -> httpx.Response:
    other = w.callers["C" if who == "B" else "B"].sub
    return w.client(who).delete(f"/v1/lists/{w.list_id}/members/{other}")


Operation = Callable[[World, str], httpx.Response]
OPERATIONS: dict[str, Operation] = {
    "read list": lambda w, who: w.client(who).get(f"/v1/lists/{w.list_id}"),
    "rename list": lambda w, who: w.client(who).patch(f"/v1/lists/{w.list_id}", json={"name": "Renamed"}),
    "archive list": lambda w, who: w.client(who).patch(f"/v1/lists/{w.list_id}", json={"archived": True}),
    "reorder list": lambda w, who: w.client(who).patch(f"/v1/lists/{w.list_id}", json={"position": 7}),
    "delete list": lambda w, who: w.client(who).delete(f"/v1/lists/{w.list_id}"),
    "list members": lambda w, who: w.client(who).get(f"/v1/lists/{w.list_id}/members"),
    "invite": lambda w, who: w.client(who).post(
        f"/v1/lists/{w.list_id}/invitations", json={"email": "new@example.com", "role": "viewer"}
    ),
    "change a role": lambda w, who: w.client(who).patch(
        f"/v1/lists/{w.list_id}/members/{w.callers['C'].sub}", json={"role": "editor"}
    ),
    "remove another member": remove_another_member,
    "leave": lambda w, who: w.client(who).delete(f"/v1/lists/{w.list_id}/members/{w.callers[who].sub}"),
    "list todos": lambda w, who: w.client(who).get("/v1/todos", params={"list_id": w.list_id}),
    "count todos": lambda w, who: w.client(who).get("/v1/todos/counts", params={"list_id": w.list_id}),
    "list tags": lambda w, who: w.client(who).get("/v1/todos/tags", params={"list_id": w.list_id}),
    "create todo": lambda w, who: w.client(who).post("/v1/todos", json={"title": "new", "list_id": w.list_id}),
    "read todo": lambda w, who: w.client(who).get(f"/v1/todos/{w.todo_id}"),
    "edit todo": lambda w, who: w.client(who).patch(f"/v1/todos/{w.todo_id}", json={"completed": False}),
    "move todo out": lambda w, who: w.client(who).patch(f"/v1/todos/{w.todo_id}", json={"list_id": w.inbox_of(who)}),
    "move own todo in": move_own_todo_into_the_list,
    "delete todo": lambda w, who: w.client(who).delete(f"/v1/todos/{w.todo_id}"),
    "restore deletion": lambda w, who: w.client(who).post("/v1/todos/restore", json={"deletion_id": w.deleted_id}),
    "clear completed": lambda w, who: w.client(who).post("/v1/todos/clear-completed", params={"list_id": w.list_id}),
}

# fmt: off
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    #                          A (owner)  B (editor)  C (viewer)  D (outsider)  E (invited)
    "read list":              (200,       200,        200,        404,          404),
    "rename list":            (200,       403,        403,        404,          404),
    "archive list":           (200,       403,        403,        404,          404),
    "reorder list":           (200,       200,        200,        404,          404),
    "delete list":            (204,       403,        403,        404,          404),
    "list members":           (200,       200,        200,        404,          404),
    "invite":                 (201,       403,        403,        404,          404),
    "change a role":          (200,       403,        403,        404,          404),
    "remove another member":  (204,       403,        403,        404,          404),
    "leave":                  (409,       204,        204,        404,          404),
    "list todos":             (200,       200,        200,        404,          404),
    "count todos":            (200,       200,        200,        404,          404),
    "list tags":              (200,       200,        200,        404,          404),
    "create todo":            (201,       201,        403,        404,          404),
    "read todo":              (200,       200,        200,        404,          404),
    "edit todo":              (200,       200,        403,        404,          404),
    "move todo out":          (200,       200,        403,        404,          404),
    "move own todo in":       (200,       200,        403,        404,          404),
    "delete todo":            (204,       204,        403,        404,          404),
    "restore deletion":       (200,       200,        403,        404,          404),
    "clear completed":        (200,       200,        403,        404,          404),
}
# fmt: on


def test_the_table_covers_every_operation():
    assert EXPECTED.keys() == OPERATIONS.keys()


@pytest.mark.parametrize("operation", list(EXPECTED))
def test_each_caller_gets_the_expected_status(api, minter, operation):
    answers = {}
    for who in CALLERS:
        answer = OPERATIONS[operation](build_world(api, minter), who)
        answers[who] = answer.status_code
        if answer.status_code >= 400:
            assert_problem(answer, answer.status_code)
            # A refusal says nothing of the list's contents or of the other members.
            assert "shared todo" not in answer.text and "example.com" not in answer.text
    assert answers == dict(zip(CALLERS, EXPECTED[operation], strict=True))


def everything_404(w: World, who: str) -> dict[str, int]:
    """Every operation by `who` that does not answer 404."""
    answers = {name: OPERATIONS[name](w, who).status_code for name in OPERATIONS}
    return {name: status for name, status in answers.items() if status != 404}


def test_a_deleted_list_is_not_found_by_anyone_who_was_in_it(api, minter):
    w = build_world(api, minter)
    assert w.client("A").delete(f"/v1/lists/{w.list_id}").status_code == 204
    for who in ("A", "B", "C"):
        assert everything_404(w, who) == {}, who


def test_a_list_one_has_left_is_not_found(api, minter):
    w = build_world(api, minter)
    assert w.client("B").delete(f"/v1/lists/{w.list_id}/members/{w.callers['B'].sub}").status_code == 204
    assert everything_404(w, "B") == {}
    # The others still see it, without B.
    members = w.client("A").get(f"/v1/lists/{w.list_id}/members").json()["items"]
    assert {member["user_id"] for member in members} == {w.callers["A"].sub, w.callers["C"].sub}


def test_a_membership_revoked_between_two_calls_with_the_same_token(api, minter):
    w = build_world(api, minter)
    editor = w.client("B")
    assert editor.get(f"/v1/todos/{w.todo_id}").status_code == 200
    assert w.client("A").delete(f"/v1/lists/{w.list_id}/members/{w.callers['B'].sub}").status_code == 204
    assert_problem(editor.get(f"/v1/todos/{w.todo_id}"), 404)
    assert_problem(editor.patch(f"/v1/todos/{w.todo_id}", json={"title": "still mine?"}), 404)
    assert everything_404(w, "B") == {}


def test_ids_of_other_users_lists_and_todos_are_not_found(api, minter):
    w = build_world(api, minter)
    inbox_todo = create_todo(w.client("A"), "private")
    a_inbox = w.inbox_of("A")
    for who in ("B", "C", "D", "E"):
        client = w.client(who)
        assert_problem(client.get(f"/v1/lists/{a_inbox}"), 404)
        assert_problem(client.get("/v1/todos", params={"list_id": a_inbox}), 404)
        assert_problem(client.get(f"/v1/todos/{inbox_todo['id']}"), 404)
        assert_problem(client.patch(f"/v1/todos/{inbox_todo['id']}", json={"title": "x"}), 404)
        assert_problem(client.post("/v1/todos", json={"title": "x", "list_id": a_inbox}), 404)
        # Todos of lists one is not in never show in one's own lists.
        listed = client.get("/v1/todos", params={"limit": 100}).json()["items"]
        assert inbox_todo["id"] not in {todo["id"] for todo in listed}


def test_an_invitation_is_accepted_once_only_by_its_email_and_shares_nothing_before(api, minter):
    w = build_world(api, minter)
    invited, outsider = w.client("E"), w.client("D")
    assert_problem(invited.get(f"/v1/todos/{w.todo_id}"), 404)
    assert_problem(outsider.post("/v1/invitations/accept", json={"token": w.invitation_token}), 403)
    joined = invited.post("/v1/invitations/accept", json={"token": w.invitation_token})
    assert joined.status_code == 200, joined.text
    assert (joined.json()["id"], joined.json()["role"]) == (w.list_id, "editor")
    assert invited.get(f"/v1/todos/{w.todo_id}").status_code == 200
    assert_problem(invited.post("/v1/invitations/accept", json={"token": w.invitation_token}), 404)
    assert_problem(invited.post("/v1/invitations/accept", json={"token": "never-issued"}), 404)


def test_the_last_owner_cannot_leave_or_step_down_but_can_hand_over_first(api, minter):
    w = build_world(api, minter)
    owner, a, b = w.client("A"), w.callers["A"].sub, w.callers["B"].sub
    assert_problem(owner.patch(f"/v1/lists/{w.list_id}/members/{a}", json={"role": "editor"}), 409)
    assert owner.patch(f"/v1/lists/{w.list_id}/members/{b}", json={"role": "owner"}).status_code == 200
    assert owner.delete(f"/v1/lists/{w.list_id}/members/{a}").status_code == 204
    assert_problem(w.client("B").delete(f"/v1/lists/{w.list_id}/members/{b}"), 409)


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
        answer = w.client(who).patch(f"/v1/todos/{w.todo_id}", json={"title": who}, headers={"If-Match": '"1"'})
        return answer.status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(edit, ("A", "B")))
    assert statuses == [200, 412]


def test_counts_and_tags_are_per_list_and_undo_brings_a_todo_back_into_its_list(api, minter):
    w = build_world(api, minter)
    editor = w.client("B")
    create_todo(editor, "in B's inbox", tags=["work"])
    assert editor.get("/v1/todos/counts", params={"list_id": w.list_id}).json() == {"active": 0, "completed": 1}
    assert editor.get("/v1/todos/counts").json() == {"active": 1, "completed": 1}
    assert editor.get("/v1/todos/tags", params={"list_id": w.list_id}).json()["items"] == [{"tag": "home", "count": 1}]
    assert editor.post("/v1/todos/restore", json={"deletion_id": w.deleted_id}).json() == {"restored": 1}
    restored = w.client("C").get(f"/v1/todos/{w.deleted_id}").json()
    assert restored["list_id"] == w.list_id
