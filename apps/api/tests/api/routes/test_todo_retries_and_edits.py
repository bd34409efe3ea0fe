"""Nothing lost or duplicated: idempotent creates (Idempotency-Key) and conditional changes
(ETag / If-Match), over HTTP against a real API process and PostgreSQL, concurrent requests included."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from dev_infra.api import assert_problem, todo_titles

TODO = {"title": "Pay rent", "priority": "high"}


def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(new_user):
    client = new_user().client
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = client.post("/v1/todos", json=TODO, headers=key)
    retry = client.post("/v1/todos", json=TODO, headers=key)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]
    assert retry.headers["etag"] == first.headers["etag"] == '"1"'
    assert retry.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert todo_titles(client) == ["Pay rent"]


def test_the_replay_is_the_first_answer_even_after_the_todo_changed(new_user):
    client = new_user().client
    key = {"Idempotency-Key": "order-7"}
    first = client.post("/v1/todos", json=TODO, headers=key).json()
    client.patch(f"/v1/todos/{first['id']}", json={"completed": True})
    assert client.post("/v1/todos", json=TODO, headers=key).json() == first


def test_the_same_key_with_another_body_is_a_422_and_creates_nothing(new_user):
    client = new_user().client
    key = {"Idempotency-Key": "k1"}
    client.post("/v1/todos", json=TODO, headers=key)
    problem = assert_problem(client.post("/v1/todos", json={**TODO, "title": "Other"}, headers=key), 422)
    assert problem["title"] == "Idempotency-Key reused"
    assert todo_titles(client) == ["Pay rent"]


def test_keys_belong_to_one_user(new_user):
    alice, bob = new_user().client, new_user().client
    key = {"Idempotency-Key": "shared-looking-key"}
    created_by_alice = alice.post("/v1/todos", json=TODO, headers=key).json()
    created_by_bob = bob.post("/v1/todos", json=TODO, headers=key)
    assert created_by_bob.status_code == 201 and "idempotent-replayed" not in created_by_bob.headers
    assert created_by_bob.json()["id"] != created_by_alice["id"]
    assert todo_titles(alice) == todo_titles(bob) == ["Pay rent"]


def test_concurrent_requests_with_one_key_make_one_todo(new_user):
    client = new_user().client
    key = {"Idempotency-Key": uuid.uuid4().hex}
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: client.post("/v1/todos", json=TODO, headers=key), range(20)))
    statuses = Counter(answer.status_code for answer in answers)
    assert set(statuses) <= {201, 409} and statuses[201] >= 1, statuses
    assert len({answer.json()["id"] for answer in answers if answer.status_code == 201}) == 1
    assert todo_titles(client) == ["Pay rent"]


def test_a_retry_while_the_first_request_is_still_working_is_told_409_then_gets_its_answer(new_user, database_url):
    client = new_user().client
    key = {"Idempotency-Key": uuid.uuid4().hex}
    with psycopg.connect(database_url) as blocker, ThreadPoolExecutor(1) as pool:
        # Every insert of a todo now waits: the first request stays in progress until the lock goes.
        blocker.execute("LOCK TABLE todo_api.todos IN SHARE ROW EXCLUSIVE MODE")
        first = pool.submit(client.post, "/v1/todos", json=TODO, headers=key)
        with psycopg.connect(database_url, autocommit=True) as observer:
            for _ in range(100):
                waiting = observer.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE '%%INSERT INTO todo_api.todos %%'"
                ).fetchone()
                if waiting and waiting[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the first request never reached its insert")
        retry = client.post("/v1/todos", json=TODO, headers=key)
        problem = assert_problem(retry, 409)
        assert retry.headers["retry-after"] == "1" and problem["retry_after"] == 1
        blocker.rollback()
        created = first.result(timeout=10)
    assert created.status_code == 201
    again = client.post("/v1/todos", json=TODO, headers=key)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == created.json()
    assert todo_titles(client) == ["Pay rent"]


def test_a_key_is_forgotten_after_24_hours(new_user, database_url):
    caller = new_user()
    key = {"Idempotency-Key": "yesterday"}
    caller.client.post("/v1/todos", json=TODO, headers=key)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE todo_api.idempotency_keys SET created_at = now() - interval '24 hours 1 second' "
            "WHERE owner_id = %s",
            (caller.sub,),
        )
    again = caller.client.post("/v1/todos", json=TODO, headers=key)
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert todo_titles(caller.client) == ["Pay rent", "Pay rent"]


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_a_malformed_key_is_a_422_problem(new_user, key):
    client = new_user().client
    assert_problem(client.post("/v1/todos", json=TODO, headers={"Idempotency-Key": key.encode("utf-8")}), 422)
    assert todo_titles(client) == []


def test_every_change_raises_the_version_and_etag(new_user):
    client = new_user().client
    created = client.post("/v1/todos", json=TODO)
    todo_id, url = created.json()["id"], created.headers["location"]
    assert created.json()["version"] == 1 and created.headers["etag"] == '"1"'
    assert client.get(url).headers["etag"] == '"1"'
    changed = client.patch(url, json={"completed": True}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["etag"] == '"2"' and changed.json()["version"] == 2
    assert client.get("/v1/todos").json()["items"][0] == {**changed.json(), "id": todo_id}


def test_a_stale_if_match_gets_412_with_the_current_todo_and_changes_nothing(new_user):
    client = new_user().client
    url = client.post("/v1/todos", json=TODO).headers["location"]
    elsewhere = client.patch(url, json={"title": "Pay rent today"}).json()  # no precondition: applies
    stale = client.patch(url, json={"title": "Pay the rent"}, headers={"If-Match": '"1"'})
    problem = assert_problem(stale, 412)
    assert problem["current"] == elsewhere and stale.headers["etag"] == '"2"'
    assert assert_problem(client.delete(url, headers={"If-Match": '"1"'}), 412)["current"] == elsewhere
    assert client.get(url).json() == elsewhere
    assert client.delete(url, headers={"If-Match": '"2"'}).status_code == 204


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ('"1"', 200),
        ('"7", "1"', 200),
        ("*", 200),
        ('"1",', 200),  # RFC 9110 §5.6.1.2: empty list elements are ignored
        ('W/"1"', 412),
        ('"2"', 412),
        # RFC 9110 §13.1.1: a well-formed tag this API never sent makes the condition false.
        ('"x"', 412),
        ('"abc", W/"1"', 412),
        ('""', 412),
        # Not entity tags at all: malformed syntax.
        ("1", 400),
        ('"1', 400),
        ('"a b"', 400),
        (",", 400),
    ],
)
def test_if_match_forms(new_user, if_match, status):
    client = new_user().client
    url = client.post("/v1/todos", json=TODO).headers["location"]
    answer = client.patch(url, json={"completed": True}, headers={"If-Match": if_match})
    assert answer.status_code == status, answer.text
    if status != 200:
        assert_problem(answer, status)


def test_if_match_on_another_users_todo_is_a_404(new_user):
    alice, mallory = new_user().client, new_user().client
    url = alice.post("/v1/todos", json=TODO).headers["location"]
    for if_match in ('"1"', '"2"'):
        assert_problem(mallory.patch(url, json={"completed": True}, headers={"If-Match": if_match}), 404)
        assert_problem(mallory.delete(url, headers={"If-Match": if_match}), 404)


def test_fifty_concurrent_patches_of_one_version_one_wins_the_rest_get_412(new_user):
    client = new_user().client
    url = client.post("/v1/todos", json=TODO).headers["location"]

    def patch(n: int):
        return client.patch(url, json={"title": f"edit {n}"}, headers={"If-Match": '"1"'})

    with ThreadPoolExecutor(25) as pool:
        answers = list(pool.map(patch, range(50)))
    assert Counter(answer.status_code for answer in answers) == {200: 1, 412: 49}
    winner = next(answer.json() for answer in answers if answer.status_code == 200)
    assert client.get(url).json() == winner and winner["version"] == 2


def test_fifty_concurrent_patches_without_precondition_all_apply(new_user):
    client = new_user().client
    url = client.post("/v1/todos", json=TODO).headers["location"]
    with ThreadPoolExecutor(25) as pool:
        answers = list(pool.map(lambda n: client.patch(url, json={"title": f"edit {n}"}), range(50)))
    assert Counter(answer.status_code for answer in answers) == {200: 50}
    assert client.get(url).json()["version"] == 51
