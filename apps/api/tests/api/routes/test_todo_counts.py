"""GET /v1/todos/counts over HTTP: the counts are of the caller's whole list and follow every change."""

from __future__ import annotations

from dev_infra.api import create_todo


def test_counts_are_of_the_whole_list_and_follow_every_change(new_user):
    client = new_user().client
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 0}
    milk = create_todo(client, "milk", tags=["shop"])
    create_todo(client, "bread", completed=True)
    create_todo(client, "eggs", completed=True)
    assert client.get("/v1/todos/counts").json() == {"active": 1, "completed": 2}
    client.patch(f"/v1/todos/{milk['id']}", json={"completed": True})
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 3}
    client.delete(f"/v1/todos/{milk['id']}")
    assert client.get("/v1/todos/counts").json() == {"active": 0, "completed": 2}


def test_counts_are_per_user(new_user):
    owner, other = new_user(), new_user()
    create_todo(owner.client, "mine")
    assert other.client.get("/v1/todos/counts").json() == {"active": 0, "completed": 0}
