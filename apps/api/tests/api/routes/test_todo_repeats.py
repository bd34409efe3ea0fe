"""Repeating todos over HTTP: completing one creates its next occurrence once, however many complete it
at the same moment; un-completing it (an undo) takes the untouched occurrence back; bad rules are 422."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import psycopg
import pytest
from dev_infra.api import assert_problem, create_todo

ZONE = "Europe/Paris"


def today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def next_monday_from_today() -> str:
    return (today() + timedelta(days=-today().weekday() % 7)).isoformat()


def following(client: httpx.Client, todo_id: str) -> list[dict[str, Any]]:
    """The todos that follow `todo_id` (its next occurrences)."""
    items = client.get("/v1/todos", params={"limit": 100}).json()["items"]
    return [item for item in items if item["repeats_after"] == todo_id]


def complete(client: httpx.Client, todo: dict[str, Any], done: bool = True) -> dict[str, Any]:
    response = client.patch(f"/v1/todos/{todo['id']}", json={"completed": done})
    assert response.status_code == 200, response.text
    changed: dict[str, Any] = response.json()
    return changed


# (rule, counted from, due field, due, next due): each kind of rule, due days ahead of today counted
# from the due, overdue ones moved to today or later, and counts from the day of completion (today).
DAY_CASES = [
    ("FREQ=DAILY", "due", "2030-01-04", "2030-01-05"),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", "2030-01-04", "2030-01-07"),
    ("FREQ=WEEKLY;BYDAY=TU,TH", "due", "2030-01-04", "2030-01-08"),
    ("FREQ=WEEKLY;INTERVAL=2", "due", "2030-01-04", "2030-01-18"),
    ("FREQ=MONTHLY", "due", "2030-01-31", "2030-03-31"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "due", "2030-01-25", "2030-02-22"),
    ("FREQ=YEARLY", "due", "2028-02-29", "2032-02-29"),
    ("FREQ=DAILY", "due", day(-3), day(0)),
    ("FREQ=WEEKLY;BYDAY=MO", "due", (today() - timedelta(days=today().weekday() + 7)).isoformat(), None),
    ("FREQ=DAILY;INTERVAL=3", "completion", day(-10), day(3)),
    ("FREQ=DAILY;INTERVAL=3", "completion", day(5), day(3)),
]


@pytest.mark.parametrize(("rule", "counted_from", "due", "expected"), DAY_CASES)
def test_completing_a_repeating_todo_creates_its_next_occurrence(new_user, rule, counted_from, due, expected):
    client = new_user().client
    todo = create_todo(
        client,
        "water the plants",
        due_date=due,
        repeat_rule=rule,
        repeat_from=counted_from,
        time_zone=ZONE,
        tags=["home"],
    )
    assert (todo["repeat_rule"], todo["repeat_from"], todo["time_zone"]) == (rule, counted_from, ZONE)
    assert following(client, todo["id"]) == []
    complete(client, todo)
    [next_one] = following(client, todo["id"])
    # An overdue "every monday" is next due on the first Monday from today on.
    assert next_one["due_date"] == (expected or next_monday_from_today())
    assert (next_one["title"], next_one["tags"], next_one["completed"]) == ("water the plants", ["home"], False)
    assert (next_one["repeat_rule"], next_one["repeat_from"], next_one["list_id"]) == (
        rule,
        counted_from,
        todo["list_id"],
    )


@pytest.mark.parametrize(
    ("zone", "due_at", "expected"),
    [
        # Summer time starts in Paris on 31 March 2030: 9:00 stays 9:00, an hour earlier in UTC.
        ("Europe/Paris", "2030-03-30T08:00:00Z", "2030-03-31T07:00:00Z"),
        # And ends in New York on 3 November 2030: 9:00 there, an hour later in UTC.
        ("America/New_York", "2030-11-02T13:00:00Z", "2030-11-03T14:00:00Z"),
    ],
)
def test_a_timed_repeat_keeps_its_wall_clock_time_across_summer_time(new_user, zone, due_at, expected):
    client = new_user().client
    todo = create_todo(client, "standup", due_at=due_at, repeat_rule="FREQ=DAILY", time_zone=zone)
    complete(client, todo)
    [next_one] = following(client, todo["id"])
    assert (next_one["due_at"], next_one["due_date"]) == (expected, None)


async def _complete_at_once(base_url: str, token: str, todo_id: str, if_match: str | None) -> list[int]:
    """Two PATCHes completing the todo, each on a connection of its own, sent together."""
    headers = {"Authorization": f"Bearer {token}", **({"If-Match": if_match} if if_match else {})}
    async with (
        httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as first,
        httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as second,
    ):
        answers = await asyncio.gather(
            *(client.patch(f"/v1/todos/{todo_id}", json={"completed": True}) for client in (first, second))
        )
    return sorted(answer.status_code for answer in answers)


@pytest.mark.parametrize(("if_match", "statuses"), [(False, [200, 200]), (True, [200, 412])])
def test_two_completes_at_the_same_moment_create_one_next_occurrence(api, minter, database_url, if_match, statuses):
    sub = f"user-{time.monotonic_ns()}"
    token = minter.mint(sub)
    with api.client(token) as client:
        todo = create_todo(client, "pay rent", due_date="2030-01-01", repeat_rule="FREQ=MONTHLY", time_zone=ZONE)
        # The todo's row is held while both requests arrive, so that both read it as not yet completed,
        # then released: each goes on to create the next occurrence, and only the unique slot stops one.
        with psycopg.connect(database_url) as holder:
            holder.execute("SELECT 1 FROM todo_api.todos WHERE id = %s FOR UPDATE", (todo["id"],))

            async def send_while_held() -> list[int]:
                sent = asyncio.create_task(_complete_at_once(api.url, token, todo["id"], '"1"' if if_match else None))
                await _until_waiting_on_the_row(database_url, 2)
                holder.rollback()
                return await sent

            assert asyncio.run(send_while_held()) == statuses
        [next_one] = following(client, todo["id"])
        assert next_one["due_date"] == "2030-02-01"


async def _until_waiting_on_the_row(database_url: str, count: int) -> None:
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as watcher:
        for _ in range(200):
            cur = await watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%%before AS%%'"
            )
            row = await cur.fetchone()
            if row and row[0] >= count:
                return
            await asyncio.sleep(0.05)
    raise AssertionError(f"{count} completes never waited on the todo's row")


def test_undoing_a_completion_takes_back_the_untouched_next_occurrence(new_user):
    client = new_user().client
    todo = create_todo(client, "bins out", due_date="2030-01-07", repeat_rule="FREQ=WEEKLY;BYDAY=MO", time_zone=ZONE)
    complete(client, todo)
    assert len(following(client, todo["id"])) == 1
    restored = complete(client, todo, done=False)
    assert restored["completed"] is False
    assert following(client, todo["id"]) == []
    # Completed again, it is followed again, once.
    complete(client, todo)
    complete(client, todo)
    assert [item["due_date"] for item in following(client, todo["id"])] == ["2030-01-14"]


def test_an_occurrence_changed_since_stays_after_the_undo_and_is_not_doubled(new_user):
    client = new_user().client
    todo = create_todo(client, "call mum", due_date="2030-01-06", repeat_rule="FREQ=WEEKLY", time_zone=ZONE)
    complete(client, todo)
    [next_one] = following(client, todo["id"])
    client.patch(f"/v1/todos/{next_one['id']}", json={"title": "call mum and dad"}).raise_for_status()
    complete(client, todo, done=False)
    complete(client, todo)
    assert [item["title"] for item in following(client, todo["id"])] == ["call mum and dad"]


def test_a_deleted_occurrence_restored_after_another_took_its_place_comes_back_unlinked(new_user):
    client = new_user().client
    todo = create_todo(client, "gym", due_date="2030-01-01", repeat_rule="FREQ=DAILY", time_zone=ZONE)
    complete(client, todo)
    [first] = following(client, todo["id"])
    assert client.delete(f"/v1/todos/{first['id']}").status_code == 204
    complete(client, todo, done=False)
    complete(client, todo)
    [second] = following(client, todo["id"])
    assert client.post("/v1/todos/restore", json={"deletion_id": first["id"]}).json() == {"restored": 1}
    back = client.get(f"/v1/todos/{first['id']}").json()
    assert (back["repeats_after"], following(client, todo["id"])) == (None, [second])


def test_completing_a_todo_that_does_not_repeat_creates_nothing(new_user):
    client = new_user().client
    todo = create_todo(client, "once", due_date="2030-01-01")
    assert (todo["repeat_rule"], todo["repeat_from"], todo["time_zone"]) == (None, "due", None)
    complete(client, todo)
    assert len(client.get("/v1/todos").json()["items"]) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"repeat_rule": "FREQ=HOURLY"},
        {"repeat_rule": "FREQ=DAILY;COUNT=3"},
        {"repeat_rule": "FREQ=DAILY;UNTIL=20300101T000000Z"},
        {"repeat_rule": "RRULE:FREQ=DAILY"},
        {"repeat_rule": "FREQ=WEEKLY;BYDAY=XX"},
        {"repeat_rule": "FREQ=DAILY;INTERVAL=0"},
        {"repeat_rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"},
        {"repeat_rule": "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1"},
        {"repeat_rule": "FREQ=WEEKLY;BYMONTHDAY=30"},
        # Rules that may never match (dateutil would look until the year 9999): a 29th month, every
        # 7th day on a weekend from a weekday, February on the due's day (the 31st).
        {"repeat_rule": "FREQ=YEARLY;BYMONTH=29;BYMONTHDAY=29"},
        {"repeat_rule": "FREQ=DAILY;INTERVAL=7;BYDAY=SA,SU"},
        {"repeat_rule": "FREQ=YEARLY;BYMONTH=2"},
        {"repeat_rule": "FREQ=MONTHLY;BYMONTHDAY=0"},
        {"repeat_rule": "FREQ=DAILY;" + "BYDAY=MO;" * 30},
        {"repeat_rule": ""},
        {"repeat_rule": "FREQ=DAILY", "time_zone": "Mars/Olympus_Mons"},
        {"repeat_rule": "FREQ=DAILY", "time_zone": "../etc/passwd"},
        {"repeat_rule": "FREQ=DAILY", "repeat_from": "whenever"},
        {"repeat_rule": "FREQ=DAILY", "time_zone": None},
        {"repeat_rule": "FREQ=DAILY", "due_date": None},
    ],
)
def test_bad_repeats_are_422_problems(new_user, fields):
    client = new_user().client
    body = {"title": "x", "due_date": "2030-01-01", "time_zone": ZONE, **fields}
    assert_problem(client.post("/v1/todos", json={key: value for key, value in body.items() if value is not None}), 422)


def test_a_change_that_leaves_a_repeating_todo_without_a_due_is_a_422_problem(new_user):
    client = new_user().client
    todo = create_todo(client, "x", due_date="2030-01-01", repeat_rule="FREQ=DAILY", time_zone=ZONE)
    problem = assert_problem(client.patch(f"/v1/todos/{todo['id']}", json={"due_date": None}), 422)
    assert "due" in problem["detail"]
    plain = create_todo(client, "y")
    assert_problem(client.patch(f"/v1/todos/{plain['id']}", json={"repeat_rule": "FREQ=DAILY"}), 422)
    # Stopping the repetition, then clearing the due, is fine.
    client.patch(f"/v1/todos/{todo['id']}", json={"repeat_rule": None}).raise_for_status()
    assert client.patch(f"/v1/todos/{todo['id']}", json={"due_date": None}).status_code == 200


def test_an_occurrence_past_the_years_a_due_moment_may_have_is_not_made(new_user):
    """The year after 9998-12-31 22:00 in New York is 10000 in UTC: stored, it could never be read back,
    and every read of the list would fail. The rule ends there instead."""
    client = new_user().client
    last = create_todo(
        client,
        "the last new year's eve",
        due_at="9998-12-31T22:00:00-05:00",
        repeat_rule="FREQ=YEARLY",
        time_zone="America/New_York",
    )
    complete(client, last)
    assert following(client, last["id"]) == []
    assert client.get("/v1/todos").status_code == 200
