"""/v1/me: the user row is created just in time from the token, refreshed, and erasable; erasing it hands
over or deletes the lists it alone owns and keeps the todos it created in lists that stay."""

from __future__ import annotations

import uuid

from dev_infra.api import assert_problem, create_todo, share_list


def test_first_call_creates_the_user_from_the_token(api, minter):
    sub = f"user-{uuid.uuid4().hex[:12]}"
    with api.client(minter.mint(sub, email="ada@example.com", name="Ada")) as client:
        me = client.get("/v1/me").json()
    assert (me["id"], me["email"], me["name"], me["todo_count"]) == (sub, "ada@example.com", "Ada", 0)


def test_profile_follows_the_tokens_claims(api, minter):
    sub = f"user-{uuid.uuid4().hex[:12]}"
    with api.client(minter.mint(sub, email="old@example.com", name="Old")) as client:
        created_at = client.get("/v1/me").json()["created_at"]
    with api.client(minter.mint(sub, email="new@example.com", name=None)) as client:
        me = client.get("/v1/me").json()
    assert (me["email"], me["name"], me["created_at"]) == ("new@example.com", None, created_at)


def test_me_reports_how_the_caller_signed_in(api, minter):
    sub = f"user-{uuid.uuid4().hex[:12]}"
    with api.client(minter.mint(sub, amr=["pwd", "otp"])) as client:
        assert client.get("/v1/me").json()["amr"] == ["pwd", "otp"]
    with api.client(minter.mint(sub)) as client:
        assert client.get("/v1/me").json()["amr"] is None


def test_a_malformed_amr_claim_is_refused(api, minter):
    with api.client(minter.mint(f"user-{uuid.uuid4().hex[:12]}", amr="pwd")) as client:
        assert_problem(client.get("/v1/me"), 401)


def test_todo_count(new_user):
    client = new_user().client
    for title in ("a", "b"):
        client.post("/v1/todos", json={"title": title})
    assert client.get("/v1/me").json()["todo_count"] == 2


def test_delete_me_erases_every_todo_of_the_caller_only(new_user):
    leaving, staying = new_user(), new_user()
    kept = staying.client.post("/v1/todos", json={"title": "kept"}).json()
    gone = leaving.client.post("/v1/todos", json={"title": "gone"}).json()
    assert leaving.client.delete("/v1/me").status_code == 204
    assert_problem(leaving.client.get(f"/v1/todos/{gone['id']}"), 404)
    # The same (still valid) token finds an empty account, created afresh.
    assert leaving.client.get("/v1/me").json()["todo_count"] == 0
    assert leaving.client.get("/v1/todos").json()["items"] == []
    assert staying.client.get(f"/v1/todos/{kept['id']}").json() == kept


def test_create_after_erasure_through_another_replica(start_api, api, minter):
    """Another replica erased the user while this one still remembers them: writes must not fail."""
    other_replica = start_api()
    sub = f"user-{uuid.uuid4().hex[:12]}"
    token = minter.mint(sub)
    with api.client(token) as here, other_replica.client(token) as there:
        assert here.post("/v1/todos", json={"title": "first"}).status_code == 201
        assert there.delete("/v1/me").status_code == 204
        response = here.post("/v1/todos", json={"title": "second"})
        assert response.status_code == 201, response.text
        assert here.get("/v1/me").json()["todo_count"] == 1
    other_replica.stop()


def members_of(client, list_id):
    return {member["user_id"]: member["role"] for member in client.get(f"/v1/lists/{list_id}/members").json()["items"]}


def heirs_needed(client):
    return {item["name"]: item["needs_an_heir"] for item in client.get("/v1/lists").json()["items"]}


def test_deleting_an_account_keeps_the_todos_it_created_in_lists_that_stay(new_user):
    owner, leaving = new_user(), new_user()
    shared = owner.client.post("/v1/lists", json={"name": "Groceries"}).json()["id"]
    share_list(owner.client, shared, leaving, "editor")
    added = create_todo(leaving.client, "milk", list_id=shared)
    deleted = create_todo(leaving.client, "eggs", list_id=shared)
    assert owner.client.delete(f"/v1/todos/{deleted['id']}").status_code == 204
    private = create_todo(leaving.client, "mine")
    assert leaving.client.delete("/v1/me").status_code == 204
    assert owner.client.get(f"/v1/todos/{added['id']}").json() == added
    # A deletion of a todo the departed member created can still be undone within the window.
    assert owner.client.post("/v1/todos/restore", json={"deletion_id": deleted["id"]}).json() == {"restored": 1}
    assert members_of(owner.client, shared) == {owner.sub: "owner"}
    assert_problem(leaving.client.get(f"/v1/todos/{private['id']}"), 404)


def test_a_list_the_account_alone_owns_is_handed_over_to_its_next_member(new_user):
    leaving, viewer, editor, co_owner = new_user(), new_user(), new_user(), new_user()
    alone = leaving.client.post("/v1/lists", json={"name": "Home"}).json()["id"]
    share_list(leaving.client, alone, viewer, "viewer")
    share_list(leaving.client, alone, editor, "editor")
    kept = create_todo(leaving.client, "paint", list_id=alone)
    together = leaving.client.post("/v1/lists", json={"name": "Work"}).json()["id"]
    share_list(leaving.client, together, co_owner, "owner")
    leaving.client.post("/v1/lists", json={"name": "Solo"})
    # What the account page names before the deletion, in the words of the rule the deletion applies.
    assert heirs_needed(leaving.client) == {"Inbox": False, "Home": True, "Work": False, "Solo": False}
    assert heirs_needed(viewer.client) == {"Inbox": False, "Home": False}
    assert leaving.client.delete("/v1/me").status_code == 204
    # The highest role before the longest membership: the editor, though the viewer joined first.
    assert members_of(viewer.client, alone) == {editor.sub: "owner", viewer.sub: "viewer"}
    assert heirs_needed(editor.client) == {"Inbox": False, "Home": True}
    assert editor.client.get(f"/v1/todos/{kept['id']}").json() == kept
    assert members_of(co_owner.client, together) == {co_owner.sub: "owner"}


def test_a_list_the_account_alone_owns_is_deleted_when_asked_and_one_with_another_owner_stays(new_user):
    leaving, member, co_owner = new_user(), new_user(), new_user()
    alone = leaving.client.post("/v1/lists", json={"name": "Home"}).json()["id"]
    share_list(leaving.client, alone, member, "editor")
    together = leaving.client.post("/v1/lists", json={"name": "Work"}).json()["id"]
    share_list(leaving.client, together, co_owner, "owner")
    share_list(leaving.client, together, member, "viewer")
    assert leaving.client.delete("/v1/me", params={"shared_lists": "delete"}).status_code == 204
    assert_problem(member.client.get(f"/v1/lists/{alone}"), 404)
    assert members_of(member.client, together) == {co_owner.sub: "owner", member.sub: "viewer"}
    assert_problem(leaving.client.delete("/v1/me", params={"shared_lists": "keep"}), 422)
