"""GET /v1/todos/counts over HTTP: the counts are of the caller's whole list and follow every change."""

from __future__ import annotations

import httpx
from dev_infra.api import create_todo, invite, share_list


def totals(client: httpx.Client, **params: str) -> tuple[int, int]:
    counts = client.get("/v1/todos/counts", params=params).json()
    return counts["active"], counts["completed"]


def by_list(client: httpx.Client, **params: str) -> dict[str, tuple[int, int]]:
    counts = client.get("/v1/todos/counts", params=params).json()
    return {entry["list_id"]: (entry["active"], entry["completed"]) for entry in counts["lists"]}


def test_counts_are_of_the_whole_list_and_follow_every_change(new_user):
    client = new_user().client
    assert totals(client) == (0, 0)
    milk = create_todo(client, "milk", tags=["shop"])
    create_todo(client, "bread", completed=True)
    create_todo(client, "eggs", completed=True)
    assert totals(client) == (1, 2)
    client.patch(f"/v1/todos/{milk['id']}", json={"completed": True})
    assert totals(client) == (0, 3)
    client.delete(f"/v1/todos/{milk['id']}")
    assert totals(client) == (0, 2)


def test_counts_are_per_user(new_user):
    owner, other = new_user(), new_user()
    create_todo(owner.client, "mine")
    assert totals(other.client) == (0, 0)


def test_one_answer_counts_each_of_the_callers_lists_and_no_other(new_user):
    """The side bar's counts of every list in one call: the lists one is a member of, each apart."""
    owner, member, outsider = new_user(), new_user(), new_user()
    inbox = create_todo(owner.client, "in the Inbox")["list_id"]
    shared = owner.client.post("/v1/lists", json={"name": "Groceries"}).json()["id"]
    create_todo(owner.client, "milk", list_id=shared)
    create_todo(owner.client, "bread", list_id=shared, completed=True)
    create_todo(outsider.client, "someone else's")
    share_list(owner.client, shared, member, "viewer")
    member_inbox = create_todo(member.client, "the member's own")["list_id"]
    assert by_list(owner.client) == {inbox: (1, 0), shared: (1, 1)}
    assert by_list(member.client) == {member_inbox: (1, 0), shared: (1, 1)}
    assert totals(member.client) == (2, 1)
    # Asked for one list: that list alone, and a list one is not in is not found.
    assert by_list(member.client, list_id=shared) == {shared: (1, 1)}
    assert outsider.client.get("/v1/todos/counts", params={"list_id": shared}).status_code == 404


def test_a_lists_open_invitations_are_counted_for_its_owners_alone(new_user):
    """What tells an owner's open page that someone may soon join the list (and change it)."""
    owner, editor, invited = new_user(), new_user(), new_user()
    shared = owner.client.post("/v1/lists", json={"name": "Trip"}).json()["id"]
    share_list(owner.client, shared, editor, "editor")
    invite(owner.client, shared, f"{invited.sub}@example.com", "viewer")

    def open_invitations(caller: httpx.Client) -> int:
        [entry] = [entry for entry in caller.get("/v1/lists").json()["items"] if entry["id"] == shared]
        return int(entry["open_invitation_count"])

    assert open_invitations(owner.client) == 1
    assert open_invitations(editor.client) == 0
    assert owner.client.get(f"/v1/lists/{shared}").json()["open_invitation_count"] == 1
