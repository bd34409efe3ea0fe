"""Issue 10, heavy users: every list variant of GET /v1/todos, run on a user with many todos, is
answered from an index. The page's SQL comes from crud.list_query, the function the route uses, and its
plan must hold no sequential scan of todos; where a btree gives the order, no sort of a list's todos
either (only of each list's first page, which the query reads list by list)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import psycopg
import pytest
from dev_infra.heavy_users import ABSENT_TAG, ABSENT_WORD, DEEP_SHARE, LIST_VARIANTS, seed_user
from todo_api import crud

# Enough todos that reading all of the user's rows costs the planner more than an index does.
HEAVY_TODOS = 20_000
HEAVY_USER = "heavy-user"
OTHER_USERS = {"light-user": 20, "medium-user": 1_000}
PAGE = 20


def moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def crud_arguments(params: dict[str, str]) -> dict[str, Any]:
    sort = params.get("sort", "created")
    return {
        "status": params.get("status", "all"),
        "priority": params.get("priority"),
        "tag": params.get("tag"),
        "search": params.get("q"),
        "due": crud.DueWindow(*(moment(params.get(name)) for name in ("due_from", "due_before"))),
        "sort": sort,
        "order": params.get("order") or crud.SORT_KEYS[sort].default_order,
    }


async def deep_cursor(url: str, arguments: dict[str, Any]) -> str | None:
    """The cursor the API would hand out after DEEP_SHARE of the user's todos."""
    async with await psycopg.AsyncConnection.connect(url) as conn:
        _, cursor = await crud.list_todos(
            conn, HEAVY_USER, list_id=None, **arguments, limit=int(HEAVY_TODOS * DEEP_SHARE), cursor=None
        )
    return cursor


@pytest.fixture(scope="module")
def heavy_conn(heavy_database_url: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(heavy_database_url) as conn:
        seed_user(conn, HEAVY_USER, HEAVY_TODOS)
        for user, count in OTHER_USERS.items():
            seed_user(conn, user, count)
        conn.commit()
        # As autovacuum would: statistics, and the trigram indexes' pending entries merged (while
        # pending, they make those indexes look costly to the planner).
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE todo_api.todos")
        conn.autocommit = False
        yield conn


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def prepared(query: str) -> tuple[str, list[str]]:
    """The query with $n placeholders for PREPARE, and the parameter names in their order."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return re.sub(r"%\((\w+)\)s", number, query), names


def plan_cases() -> list[Any]:
    """Each variant with a custom plan; those crud lets psycopg prepare also with a generic plan, which
    PostgreSQL may pick for a prepared statement: it must use the indexes too."""
    cases = []
    for variant, params in LIST_VARIANTS:
        _, _, prepare = crud.list_query(HEAVY_USER, list_id=None, **crud_arguments(params), limit=PAGE + 1, cursor=None)
        for mode in ("force_custom_plan", "force_generic_plan") if prepare else ("force_custom_plan",):
            cases.append(pytest.param(mode, variant, params, id=f"{variant}-{mode}"))
    return cases


@pytest.mark.parametrize(("plan_cache_mode", "variant", "params"), plan_cases())
def test_list_variant_is_answered_from_an_index(
    heavy_conn: psycopg.Connection[Any],
    heavy_database_url: str,
    plan_cache_mode: str,
    variant: str,
    params: dict[str, str],
) -> None:
    arguments = crud_arguments(params)
    cursor = asyncio.run(deep_cursor(heavy_database_url, arguments)) if "deep" in params else None
    query, values, _ = crud.list_query(HEAVY_USER, list_id=None, **arguments, limit=PAGE + 1, cursor=cursor)
    statement, names = prepared(query)
    with psycopg.ClientCursor(heavy_conn) as cur:
        cur.execute("DEALLOCATE ALL")
        cur.execute(f"SET plan_cache_mode = {plan_cache_mode}")
        cur.execute(f"PREPARE list_page AS {statement}")
        arguments_sql = ", ".join(["%s"] * len(names))
        cur.execute(f"EXPLAIN (FORMAT JSON) EXECUTE list_page({arguments_sql})", [values[name] for name in names])
        row = cur.fetchone()
    heavy_conn.rollback()
    assert row is not None
    nodes = list(plan_nodes(row[0][0]["Plan"]))
    shape = [(node["Node Type"], node.get("Index Name") or node.get("Relation Name")) for node in nodes]
    assert not any(node["Node Type"] == "Seq Scan" for node in nodes), shape
    # A search, a tag, or a priority beside another sort narrows the rows by an index that does not hold
    # the order, and sorting what is left may be cheaper; otherwise the btree of the sort gives the order.
    narrowed = "q" in params or "tag" in params or ("priority" in params and arguments["sort"] in ("due", "title"))
    if not narrowed:
        # The page is read list by list (crud.list_query): each list's first rows under a Limit, and the
        # one sort allowed is above them, of at most a page per list, never of a list's todos.
        per_list = [node for node in nodes[1:] if node["Node Type"] == "Limit"]
        assert per_list, shape
        below = [node for limit in per_list for node in plan_nodes(limit)]
        assert not any(node["Node Type"] in ("Sort", "Incremental Sort") for node in below), shape
    # Looking for what is in no todo through the sort's index would read every todo of the user.
    if params.get("q") == ABSENT_WORD:
        assert {"ix_todos_title_trgm", "ix_todos_description_trgm"} <= {name for _, name in shape}, shape
    if params.get("tag") == ABSENT_TAG:
        assert "ix_todos_tags" in {name for _, name in shape}, shape
