"""When a repeating todo's next occurrence is due, for a completion at a given moment (todo_api.repeat);
the HTTP tests (api/routes/test_todo_repeats.py) complete todos now."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from todo_api.repeat import RepeatFrom, next_due

# Friday 4 December 2026, 15:00 in Paris.
FRIDAY = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "repeat_from", "due", "completed_at", "expected"),
    [
        # An overdue "every monday" done on Friday: next Monday, not the Monday after the due.
        ("FREQ=WEEKLY;BYDAY=MO", "due", date(2026, 11, 23), FRIDAY, date(2026, 12, 7)),
        # Overdue weekdays done on Friday: today still counts as a day to come.
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", date(2026, 12, 1), FRIDAY, date(2026, 12, 4)),
        # Done ahead of its due: the occurrence after the due.
        ("FREQ=MONTHLY;BYMONTHDAY=15", "due", date(2026, 12, 15), FRIDAY, date(2027, 1, 15)),
        ("FREQ=YEARLY", "due", date(2025, 12, 25), FRIDAY, date(2026, 12, 25)),
        # Every 3 days after done, counted from the day in the todo's zone (Friday in Paris).
        ("FREQ=DAILY;INTERVAL=3", "completion", date(2026, 11, 1), FRIDAY, date(2026, 12, 7)),
        (
            "FREQ=DAILY;INTERVAL=3",
            "completion",
            date(2026, 11, 1),
            datetime(2026, 12, 4, 23, 30, tzinfo=UTC),
            date(2026, 12, 8),
        ),
        # A timed daily 9:00 done at 15:00, overdue since Tuesday: tomorrow 9:00, today's having passed.
        ("FREQ=DAILY", "due", datetime(2026, 12, 1, 8, 0, tzinfo=UTC), FRIDAY, datetime(2026, 12, 5, 8, 0, tzinfo=UTC)),
        # Done before today's 9:00: today's.
        (
            "FREQ=DAILY",
            "due",
            datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
            datetime(2026, 12, 4, 7, 0, tzinfo=UTC),
            datetime(2026, 12, 4, 8, 0, tzinfo=UTC),
        ),
        # Every 2 days after done keeps the due's time of day.
        (
            "FREQ=DAILY;INTERVAL=2",
            "completion",
            datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
            FRIDAY,
            datetime(2026, 12, 6, 8, 0, tzinfo=UTC),
        ),
    ],
)
def test_next_due(rule, repeat_from, due, completed_at, expected):
    timed = isinstance(due, datetime)
    due_at, due_date = next_due(
        rule,
        RepeatFrom(repeat_from),
        "Europe/Paris",
        due_at=due if timed else None,
        due_date=None if timed else due,
        completed_at=completed_at,
    )
    assert (due_at, due_date) == ((expected, None) if timed else (None, expected))
