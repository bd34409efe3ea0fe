"""Users with many todos, and every list variant the web app can ask for: shared by the test that
checks the list queries' plans (apps/api/tests/test_list_plans.py) and the benchmark that times
them (apps/api/benchmarks/bench_heavy_users.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

# A word in one todo in RARE_EVERY (in the description), one in every title, one in none.
RARE_WORD = "invoice"
RARE_EVERY = 100
COMMON_WORD = "todo"
ABSENT_WORD = "zebra"
RARE_TAG = "urgent"
ABSENT_TAG = "someday"
# Each todo also has one of PROJECTS project tags, as users' own tags make a large vocabulary.
PROJECTS = 1_000

# (name, query parameters of GET /v1/todos); "deep" variants also get a cursor from far down the list.
# The web app's Today (overdue and due today) and Upcoming (the next 7 days) windows, from now on, as
# seed_user's due moments are.
TOMORROW = (datetime.now(UTC) + timedelta(days=1)).isoformat()
A_WEEK_ON = (datetime.now(UTC) + timedelta(days=8)).isoformat()

LIST_VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    *(
        (f"sort {sort} {order}", {"sort": sort, "order": order})
        for sort in ("created", "due", "priority", "title")
        for order in ("asc", "desc")
    ),
    ("status active", {"status": "active"}),
    ("status completed", {"status": "completed"}),
    ("priority high", {"priority": "high"}),
    ("tag tag1", {"tag": "tag1"}),
    (f"tag {RARE_TAG} (rare)", {"tag": RARE_TAG}),
    (f"tag project7 (one in {PROJECTS:,})", {"tag": "project7"}),
    (f"tag {ABSENT_TAG} (on no todo)", {"tag": ABSENT_TAG}),
    (f"search {COMMON_WORD!r} (every todo)", {"q": COMMON_WORD}),
    (f"search {RARE_WORD!r} (rare)", {"q": RARE_WORD}),
    (f"search {ABSENT_WORD!r} (in no todo)", {"q": ABSENT_WORD}),
    ("active, sort due", {"status": "active", "sort": "due"}),
    ("high, sort title desc", {"priority": "high", "sort": "title", "order": "desc"}),
    ("Today: active, due before tomorrow", {"status": "active", "sort": "due", "due_before": TOMORROW}),
    (
        "Upcoming: active, due in the next 7 days",
        {"status": "active", "sort": "due", "due_from": TOMORROW, "due_before": A_WEEK_ON},
    ),
    *((f"deep page, sort {sort}", {"sort": sort, "deep": "1"}) for sort in ("created", "due", "priority", "title")),
    ("deep page, latest due first", {"sort": "due", "order": "desc", "deep": "1"}),
)

# How far down the list a "deep" variant's cursor points, as a share of the user's todos.
DEEP_SHARE = 0.9


def seed_user(conn: psycopg.Connection[Any], owner_id: str, count: int, lists: Sequence[uuid.UUID] = ()) -> None:
    """A user with `count` todos varied like real ones: a quarter completed, half with a due date, three
    priorities, five common tags, many project tags and a rare one, titles and descriptions with
    different words; dealt among `lists`, or all in the user's Inbox."""
    add_user(conn, owner_id)
    lists = list(lists) or [add_inbox(conn, owner_id)]
    conn.execute(
        "INSERT INTO todo_api.todos "
        "(owner_id, list_id, title, description, completed, priority, due_at, tags, created_at) "
        # Dealt by a hash of n, not by n itself, so that no list is left without some of the variety
        # below (n modulo the number of lists would put every completed todo into half of the lists).
        "SELECT %(owner)s, (%(lists)s::uuid[])[mod(hashint4(n)::bigint & 2147483647, %(list_count)s) + 1], "
        "(ARRAY['Buy', 'Call', 'Write', 'Fix', 'Plan'])[mod(n, 5) + 1] || ' ' || left(md5(n::text), 8) "
        "|| ' todo ' || n, "
        "CASE WHEN mod(n, 3) <> 0 THEN 'Notes on ' || md5((n + 1)::text) "
        "|| CASE WHEN mod(n, %(rare_every)s) = 7 THEN ' ' || %(rare_word)s ELSE '' END END, "
        "mod(n, 4) = 0, "
        "(ARRAY['low', 'medium', 'high'])[mod(n, 3) + 1]::todo_api.todo_priority, "
        "CASE WHEN mod(n, 2) = 0 THEN now() + mod(n * 7919, 1000) * interval '1 hour' END, "
        "ARRAY['tag' || mod(n, 5), 'project' || mod(n, %(projects)s)] "
        "|| CASE WHEN mod(n, %(rare_every)s) = 3 THEN ARRAY[%(rare_tag)s] ELSE '{}' END, "
        "now() - n * interval '1 second' "
        "FROM generate_series(1, %(count)s) AS n",
        {
            "owner": owner_id,
            "lists": lists,
            "list_count": len(lists),
            "count": count,
            "rare_every": RARE_EVERY,
            "rare_word": RARE_WORD,
            "rare_tag": RARE_TAG,
            "projects": PROJECTS,
        },
    )


def add_user(conn: psycopg.Connection[Any], user_id: str) -> None:
    conn.execute(
        "INSERT INTO todo_api.users (id, email, name) VALUES (%s, %s, 'Heavy User') ON CONFLICT (id) DO NOTHING",
        (user_id, f"{user_id}@example.com"),
    )


def add_inbox(conn: psycopg.Connection[Any], user_id: str) -> uuid.UUID:
    """The user's Inbox (made with them, as the API makes it for a new user), whose owner they are."""
    add_user(conn, user_id)
    row = conn.execute(
        "WITH made AS (INSERT INTO todo_api.lists (name, inbox_of) VALUES ('Inbox', %(user)s) "
        "ON CONFLICT (inbox_of) DO NOTHING RETURNING id), joined AS (INSERT INTO todo_api.list_members "
        "(list_id, user_id, role) SELECT id, %(user)s, 'owner' FROM made) "
        "SELECT id FROM made UNION ALL SELECT id FROM todo_api.lists WHERE inbox_of = %(user)s",
        {"user": user_id},
    ).fetchone()
    assert row is not None
    inbox: uuid.UUID = row[0]
    return inbox


def add_lists(conn: psycopg.Connection[Any], owner_id: str, count: int) -> list[uuid.UUID]:
    """`count` new lists of `owner_id`'s (who owns them), in their order."""
    add_user(conn, owner_id)
    rows = conn.execute(
        "WITH made AS (INSERT INTO todo_api.lists (name) SELECT 'List ' || n FROM generate_series(1, %(count)s) AS n "
        "RETURNING id), joined AS (INSERT INTO todo_api.list_members (list_id, user_id, role, position) "
        "SELECT id, %(owner)s, 'owner', row_number() OVER () FROM made RETURNING list_id, position) "
        "SELECT list_id FROM joined ORDER BY position",
        {"owner": owner_id, "count": count},
    ).fetchall()
    return [row[0] for row in rows]


def add_member(conn: psycopg.Connection[Any], list_id: uuid.UUID, user_id: str, role: str) -> None:
    add_user(conn, user_id)
    conn.execute(
        "INSERT INTO todo_api.list_members (list_id, user_id, role) VALUES (%s, %s, %s)", (list_id, user_id, role)
    )
