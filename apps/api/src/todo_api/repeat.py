"""Recurring todos: which RFC 5545 rules a todo may repeat by, and when its next occurrence is due.

A rule is an RRULE value without its "RRULE:" prefix ("FREQ=WEEKLY;BYDAY=MO"), read by python-dateutil.
Occurrences are counted in the todo's IANA time zone on wall-clock times, so "every day at 9am" stays
at 9am across a change to or from summer time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

# The frequencies a todo repeats by: more often than daily is not a todo's rhythm.
FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
# The parts a rule may have. Repetition never ends (no COUNT or UNTIL: a count would restart with each
# occurrence), and combinations that may match no day at all are refused below, because dateutil
# looks for a match up to the year 9999, for seconds, before it gives up.
PARTS = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"})
MAX_INTERVAL = 1000
# A fixed start for checking that a rule matches some day, whatever the todo's due day will be.
_PROBE_START = datetime(2000, 1, 1)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Instants both Python and PostgreSQL hold, in every time zone a connection may read them in. An
# instant outside Python's years 1 to 9999 was stored by PostgreSQL (it has BC dates) and then could
# not be read, so one request broke its owner's list. Years 0002 to 9998 as written keep any offset's
# instant inside.
DUE_AT_YEARS = range(2, 9999)


class RepeatFrom(StrEnum):
    """What the next occurrence is counted from."""

    due = "due"
    completion = "completion"


def checked_rule(text: str) -> str:
    """The rule, upper-cased, or ValueError saying what is wrong with it."""
    rule = text.strip().upper()
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not value or name in parts:
            raise ValueError("must be NAME=VALUE parts separated by ';', each name once, e.g. FREQ=WEEKLY;BYDAY=MO")
        parts[name] = value
    if not parts.keys() <= PARTS:
        unsupported = ", ".join(sorted(parts.keys() - PARTS))
        raise ValueError(f"{unsupported} is not supported; a rule may have {', '.join(sorted(PARTS))}")
    if parts.get("FREQ") not in FREQUENCIES:
        raise ValueError(f"FREQ must be one of {', '.join(sorted(FREQUENCIES))}")
    try:
        parsed = rrulestr(rule, dtstart=_PROBE_START)
    except (ValueError, TypeError) as error:
        raise ValueError(f"is not an RFC 5545 rule: {error}") from None
    assert isinstance(parsed, rrule)
    _refuse_days_that_may_never_come(parts)
    if parsed.after(_PROBE_START) is None:
        raise ValueError("matches no day")
    return rule


def _refuse_days_that_may_never_come(parts: dict[str, str]) -> None:
    frequency = parts["FREQ"]
    if not 1 <= int(parts.get("INTERVAL", "1")) <= MAX_INTERVAL:
        raise ValueError(f"INTERVAL must be from 1 to {MAX_INTERVAL}")
    if "BYMONTHDAY" in parts and frequency not in {"MONTHLY", "YEARLY"}:
        raise ValueError("BYMONTHDAY needs FREQ=MONTHLY or FREQ=YEARLY")
    if "BYMONTH" in parts and frequency != "YEARLY":
        raise ValueError("BYMONTH needs FREQ=YEARLY")
    if "BYMONTHDAY" in parts and "BYDAY" in parts:
        raise ValueError("give BYMONTHDAY or BYDAY, not both")
    # Every 7th day on a Saturday never comes when the due is not one.
    if "BYDAY" in parts and frequency == "DAILY":
        raise ValueError("BYDAY needs FREQ=WEEKLY, MONTHLY or YEARLY (weekdays are FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR)")
    numbers = [int(day[:-2]) for day in _values(parts, "BYDAY") if day[:-2]]
    if numbers and frequency not in {"MONTHLY", "YEARLY"}:
        raise ValueError("a numbered weekday (1MO, -1FR) needs FREQ=MONTHLY or FREQ=YEARLY")
    if any(not 1 <= abs(number) <= 5 for number in numbers):
        raise ValueError("a numbered weekday is from -5 to 5, not 0, in a month")
    if numbers and frequency == "YEARLY" and "BYMONTH" not in parts:
        raise ValueError("a yearly numbered weekday needs BYMONTH")
    # Otherwise dateutil takes the missing part from the due day: the 31st of a month without one.
    if frequency == "YEARLY" and "BYMONTHDAY" in parts and "BYMONTH" not in parts:
        raise ValueError("a yearly BYMONTHDAY needs BYMONTH")
    if frequency == "YEARLY" and "BYMONTH" in parts and not parts.keys() & {"BYMONTHDAY", "BYDAY"}:
        raise ValueError("a yearly BYMONTH needs BYMONTHDAY or BYDAY")
    months = [int(month) for month in _values(parts, "BYMONTH")]
    days = [int(day) for day in _values(parts, "BYMONTHDAY")]
    # dateutil takes any number here, and then looks for a 13th month until the year 9999.
    if any(not 1 <= month <= 12 for month in months):
        raise ValueError("BYMONTH is from 1 to 12")
    if any(not 1 <= abs(day) <= 31 for day in days):
        raise ValueError("BYMONTHDAY is from 1 to 31, or -31 to -1 counting from the month's end")
    for day in days:
        if any(abs(day) > _DAYS_IN_MONTH[month - 1] for month in months):
            raise ValueError(f"BYMONTHDAY={day} is not a day of every month in BYMONTH")


def _values(parts: dict[str, str], name: str) -> list[str]:
    return parts[name].split(",") if name in parts else []


def zone(name: str) -> ZoneInfo:
    """The IANA time zone, or ValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone name, e.g. Europe/Paris") from None


def next_due(
    rule: str,
    repeat_from: RepeatFrom,
    time_zone: str,
    *,
    due_at: datetime | None,
    due_date: date | None,
    completed_at: datetime,
) -> tuple[datetime | None, date | None]:
    """The next occurrence's (due_at, due_date), of the same kind as the todo's, or (None, None) when
    the rule has none left. From the due: the first occurrence after the due that is still to come, a
    day from today on (an overdue "every monday" done on Friday is next due Monday) or a moment after
    `completed_at`. From completion: the first occurrence after the day it was done. None past the
    years a due moment may be written in (DUE_AT_YEARS): it would be stored but never read back."""
    tz = zone(time_zone)
    now = completed_at.astimezone(tz).replace(tzinfo=None)
    if due_at is not None:
        due = due_at.astimezone(tz).replace(tzinfo=None)
        threshold = now
    else:
        assert due_date is not None
        due = datetime.combine(due_date, time())
        # The last moment of yesterday: any occurrence today is still to come.
        threshold = datetime.combine(now.date(), time()) - timedelta(microseconds=1)
    if repeat_from is RepeatFrom.completion:
        due = datetime.combine(now.date(), due.time())
        threshold = due
    occurrences = rrulestr(rule, dtstart=due)
    assert isinstance(occurrences, rrule)
    following = occurrences.after(max(due, threshold))
    if following is None:
        return None, None
    if due_at is not None:
        return (following.replace(tzinfo=tz), None) if following.year in DUE_AT_YEARS else (None, None)
    return None, following.date()
