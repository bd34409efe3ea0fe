"""Due dates over HTTP: a todo due on a day without a time, validated, and sorted among timed ones."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dev_infra.api import assert_problem, create_todo, todo_titles


def test_a_todo_can_be_due_on_a_day_without_a_time(new_user):
    client = new_user().client
    todo = create_todo(client, "bin day", due_date="2026-12-03")
    assert (todo["due_date"], todo["due_at"]) == ("2026-12-03", None)
    # Setting one kind of due clears the other; null clears either.
    timed = client.patch(f"/v1/todos/{todo['id']}", json={"due_at": "2026-12-03T18:00:00Z"}).json()
    assert (timed["due_date"], timed["due_at"]) == (None, "2026-12-03T18:00:00Z")
    day = client.patch(f"/v1/todos/{todo['id']}", json={"due_date": "2026-12-04"}).json()
    assert (day["due_date"], day["due_at"]) == ("2026-12-04", None)
    cleared = client.patch(f"/v1/todos/{todo['id']}", json={"due_date": None}).json()
    assert (cleared["due_date"], cleared["due_at"]) == (None, None)


@pytest.mark.parametrize(
    "fields",
    [
        {"due_date": "2026-12-03", "due_at": "2026-12-03T10:00:00Z"},
        {"due_date": "2026-12-03T10:00:00Z"},
        {"due_date": "03/12/2026"},
        {"due_date": "2026-02-30"},
        {"due_date": 20261203},
    ],
)
def test_invalid_due_dates_are_422(new_user, fields):
    client = new_user().client
    assert_problem(client.post("/v1/todos", json={"title": "x", **fields}), 422)
    todo = create_todo(client, "y")
    assert_problem(client.patch(f"/v1/todos/{todo['id']}", json=fields), 422)


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_due_days_sort_among_due_moments_and_pages_walk_them_once(new_user, order):
    """Todos without a due date come last in both orders (among themselves, by creation in that order)."""
    client = new_user().client
    create_todo(client, "never")
    create_todo(client, "2 Dec 23:00", due_at="2026-12-02T23:00:00Z")
    create_todo(client, "3 Dec", due_date="2026-12-03")
    create_todo(client, "3 Dec 08:00 in New York", due_at="2026-12-03T08:00:00-05:00")
    create_todo(client, "4 Dec", due_date="2026-12-04")
    create_todo(client, "4 Dec 15:00", due_at="2026-12-04T15:00:00Z")
    create_todo(client, "someday")
    dated = ["2 Dec 23:00", "3 Dec", "3 Dec 08:00 in New York", "4 Dec", "4 Dec 15:00"]
    undated = ["never", "someday"]
    if order == "desc":
        dated.reverse()
        undated.reverse()
    expected = dated + undated
    assert todo_titles(client, sort="due", order=order) == expected
    walked, cursor = [], None
    while True:
        params = {"sort": "due", "order": order, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/todos", params=params).json()
        walked += [todo["title"] for todo in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert walked == expected


def test_a_due_window_reads_today_and_the_days_ahead_from_the_callers_clock(new_user):
    """Today (overdue included) and Upcoming, as the web app asks for them, in Berlin (UTC+1)."""
    client = new_user().client
    create_todo(client, "never")
    create_todo(client, "overdue 2 Dec", due_date="2026-12-02")
    create_todo(client, "today 4 Dec", due_date="2026-12-04")
    create_todo(client, "today 23:30 Berlin", due_at="2026-12-04T22:30:00Z")
    create_todo(client, "tomorrow 00:30 Berlin", due_at="2026-12-04T23:30:00Z")
    create_todo(client, "11 Dec", due_date="2026-12-11")
    create_todo(client, "12 Dec", due_date="2026-12-12")
    tomorrow, a_week_on = "2026-12-05T00:00:00+01:00", "2026-12-12T00:00:00+01:00"
    today = todo_titles(client, sort="due", due_before=tomorrow)
    assert today == ["overdue 2 Dec", "today 4 Dec", "today 23:30 Berlin"]
    upcoming = todo_titles(client, sort="due", due_from=tomorrow, due_before=a_week_on)
    assert upcoming == ["tomorrow 00:30 Berlin", "11 Dec"]
    # A moment without its offset could mean any day: the caller's clock must say where it is.
    assert_problem(client.get("/v1/todos", params={"due_before": "2026-12-05T00:00:00"}), 422)


@pytest.mark.parametrize("bound", ["0.5", "1733270400", "2026-12-05", "tomorrow"])
def test_a_due_window_bound_is_an_rfc3339_moment_not_a_number_or_a_day(new_user, bound):
    client = new_user().client
    for name in ("due_from", "due_before"):
        assert_problem(client.get("/v1/todos", params={name: bound}), 422)
    # The same text as a due moment of a todo is refused as well.
    assert_problem(client.post("/v1/todos", json={"title": "x", "due_at": bound}), 422)


def test_a_due_window_counts_due_days_in_the_bounds_calendar_even_fourteen_hours_ahead(new_user):
    """In Kiritimati (UTC+14) a day's noon UTC is past its midnight: the day itself decides, not its noon."""
    client = new_user().client
    create_todo(client, "yesterday", due_date="2026-12-03")
    create_todo(client, "today", due_date="2026-12-04")
    create_todo(client, "tomorrow", due_date="2026-12-05")
    tomorrow = "2026-12-05T00:00:00+14:00"
    assert todo_titles(client, sort="due", due_before=tomorrow) == ["yesterday", "today"]
    assert todo_titles(client, sort="due", due_from=tomorrow) == ["tomorrow"]


@pytest.mark.parametrize("offset", ["-23:59", "-12:00", "+00:00", "+14:00", "+23:59"])
@pytest.mark.parametrize("local_time", ["00:00:00", "23:59:59"])
def test_a_due_window_bound_splits_days_and_moments_exactly_at_any_offset(new_user, offset, local_time):
    """The index range of a window holds every day and moment on each side of its bound, however far the
    bound's calendar is from UTC: a day is in the window by the bound's day, a moment by the bound."""
    client = new_user().client
    bound = datetime.fromisoformat(f"2026-12-05T{local_time}{offset}")
    second = timedelta(seconds=1)
    create_todo(client, "day before", due_date="2026-12-04")
    create_todo(client, "bound's day", due_date="2026-12-05")
    create_todo(client, "day after", due_date="2026-12-06")
    create_todo(client, "second before", due_at=(bound - second).isoformat())
    create_todo(client, "at the bound", due_at=bound.isoformat())
    before = set(todo_titles(client, sort="due", due_before=bound.isoformat()))
    assert before == {"day before", "second before"}
    after = set(todo_titles(client, sort="due", due_from=bound.isoformat()))
    assert after == {"bound's day", "day after", "at the bound"}
