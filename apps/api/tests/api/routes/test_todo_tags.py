"""GET /v1/todos/tags over HTTP: the caller's tags, most used first, bounded."""

from __future__ import annotations

from dev_infra.api import assert_problem, create_todo


def test_tags_come_most_used_first_then_by_name_and_bounded(new_user):
    client = new_user().client
    create_todo(client, "a", tags=["work", "home"])
    create_todo(client, "b", tags=["Work", "errands"])
    create_todo(client, "c", tags=["#home", "work"])
    create_todo(client, "d", tags=["zoo"])
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
    create_todo(owner.client, "secret", tags=["private"])
    assert other.client.get("/v1/todos/tags").json() == {"items": []}
