"""Users with many todos, and every list variant the web app can ask for: shared by the test that
checks the list queries' plans (apps/api/tests/test_list_plans.py) and the benchmark that times
them (apps/api/benchmarks/bench_heavy_users.py)."""

from __future__ import annotations

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
    *((f"deep page, sort {sort}", {"sort": sort, "deep": "1"}) for sort in ("created", "due", "priority", "title")),
    ("deep page, latest due first", {"sort": "due", "order": "desc", "deep": "1"}),
)

# How far down the list a "deep" variant's cursor points, as a share of the user's todos.
DEEP_SHARE = 0.9


def seed_user(conn: psycopg.Connection[Any], owner_id: str, count: int) -> None:
    """A user with `count` todos varied like real ones: a quarter completed, half with a due date, three
    priorities, five common tags, many project tags and a rare one, titles and descriptions with
    different words."""
    conn.execute(
        "INSERT INTO todo_api.users (id, email, name) VALUES (%s, %s, 'Heavy User') ON CONFLICT (id) DO NOTHING",
        (owner_id, f"{owner_id}@example.com"),
    )
    conn.execute(
        "INSERT INTO todo_api.todos (owner_id, title, description, completed, priority, due_at, tags, created_at) "
        "SELECT %(owner)s, "
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
            "count": count,
            "rare_every": RARE_EVERY,
            "rare_word": RARE_WORD,
            "rare_tag": RARE_TAG,
            "projects": PROJECTS,
        },
    )
