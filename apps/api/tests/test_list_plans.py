"""Issues 10 and 23, heavy users: every list variant of GET /v1/todos, run for a user with many todos in
one list, for a user with many todos over 50 lists, and for a member reading a large shared list, is
answered from an index. The page's SQL comes from crud.list_query, the function the route uses, and its
plan must hold no sequential scan of todos. Where a btree gives the order: no sort at all in one list
asked for by id; across the caller's lists, one sort of each list's first page (the query reads them
list by list), never of a list's todos, since no index holds a user's lists' todos in one order."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
import pytest
from dev_infra.heavy_users import (
    ABSENT_TAG,
    ABSENT_WORD,
    DEEP_SHARE,
    LIST_VARIANTS,
    add_lists,
    add_member,
    seed_user,
)
from sqlmodel import SQLModel
from todo_api import crud
from todo_api.core.config import Settings
from todo_api.core.db import PLAN_CACHE_MODE, create_pool
from todo_api.models import SCHEMA

# Enough todos that reading all of the user's rows costs the planner more than an index does.
HEAVY_TODOS = 20_000
HEAVY_USER = "heavy-user"
OTHER_USERS = {"light-user": 20, "medium-user": 1_000}
LISTS_USER = "heavy-lists-user"
LISTS = 50
SHARED_OWNER, MEMBER = "shared-list-owner", "shared-list-member"
SHARED_TODOS = 10_000
PAGE = 20


def moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Reader:
    """Who reads, which list (None: all of theirs), and how many todos they read through."""

    user: str
    list_id: uuid.UUID | None
    todos: int


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


async def deep_cursor(url: str, reader: Reader, arguments: dict[str, Any]) -> str | None:
    """The cursor the API would hand out after DEEP_SHARE of the reader's todos."""
    async with await psycopg.AsyncConnection.connect(url) as conn:
        _, cursor = await crud.list_todos(
            conn, reader.user, list_id=reader.list_id, **arguments, limit=int(reader.todos * DEEP_SHARE), cursor=None
        )
    return cursor


@pytest.fixture(scope="module")
def readers(heavy_database_url: str) -> dict[str, Reader]:
    with psycopg.connect(heavy_database_url) as conn:
        seed_user(conn, HEAVY_USER, HEAVY_TODOS)
        for user, count in OTHER_USERS.items():
            seed_user(conn, user, count)
        seed_user(conn, LISTS_USER, HEAVY_TODOS, add_lists(conn, LISTS_USER, LISTS))
        [shared] = add_lists(conn, SHARED_OWNER, 1)
        seed_user(conn, SHARED_OWNER, SHARED_TODOS, [shared])
        add_member(conn, shared, MEMBER, "editor")
        conn.commit()
        # As autovacuum would: statistics, and the visibility map that index-only scans read.
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE todo_api.todos")
        conn.execute("ANALYZE todo_api.list_members")
    return {
        "one list": Reader(HEAVY_USER, None, HEAVY_TODOS),
        f"{LISTS} lists": Reader(LISTS_USER, None, HEAVY_TODOS),
        "a member's shared list": Reader(MEMBER, shared, SHARED_TODOS),
    }


@pytest.fixture(scope="module")
def heavy_conn(heavy_database_url: str, readers: dict[str, Reader]) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(heavy_database_url) as conn:
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


def planned(conn: psycopg.Connection[Any], query: str, values: dict[str, Any], plan_cache_mode: str) -> list[Any]:
    """The nodes of the plan PostgreSQL makes for `query` prepared in `plan_cache_mode`, run with `values`."""
    statement, names = prepared(query)
    with psycopg.ClientCursor(conn) as cur:
        cur.execute("DEALLOCATE ALL")
        cur.execute(f"SET plan_cache_mode = {plan_cache_mode}")
        cur.execute(f"PREPARE planned AS {statement}")
        arguments_sql = ", ".join(["%s"] * len(names))
        cur.execute(f"EXPLAIN (FORMAT JSON) EXECUTE planned({arguments_sql})", [values[name] for name in names])
        row = cur.fetchone()
    conn.rollback()
    assert row is not None
    return list(plan_nodes(row[0][0]["Plan"]))


READERS = ("one list", f"{LISTS} lists", "a member's shared list")


def plan_cases() -> list[Any]:
    """Each variant for each reader, planned as the API's connections plan it: a statement crud prepares
    in the pool's plan cache mode (one plan for any values), one whose values crud binds into its text
    with a plan for those values."""
    cases = []
    for reader in READERS:
        for variant, params in LIST_VARIANTS:
            _, _, prepare = crud.list_query(
                HEAVY_USER, list_id=None, **crud_arguments(params), limit=PAGE + 1, cursor=None
            )
            mode = PLAN_CACHE_MODE if prepare else "force_custom_plan"
            cases.append(pytest.param(reader, mode, variant, params, id=f"{reader}-{variant}-{mode}"))
    return cases


@pytest.mark.parametrize(("reader_name", "plan_cache_mode", "variant", "params"), plan_cases())
def test_list_variant_is_answered_from_an_index(
    heavy_conn: psycopg.Connection[Any],
    heavy_database_url: str,
    readers: dict[str, Reader],
    reader_name: str,
    plan_cache_mode: str,
    variant: str,
    params: dict[str, str],
) -> None:
    reader = readers[reader_name]
    arguments = crud_arguments(params)
    cursor = asyncio.run(deep_cursor(heavy_database_url, reader, arguments)) if "deep" in params else None
    query, values, _ = crud.list_query(reader.user, list_id=reader.list_id, **arguments, limit=PAGE + 1, cursor=cursor)
    nodes = planned(heavy_conn, query, values, plan_cache_mode)
    shape = [(node["Node Type"], node.get("Index Name") or node.get("Relation Name")) for node in nodes]
    # (list_members, a page of rows here, may be read whole: its index serves when it is large.)
    assert ("Seq Scan", "todos") not in shape, shape
    # A search, a tag, a due window, or a priority beside another sort narrows the rows by an index, and
    # sorting what is left may be cheaper; otherwise the btree of the sort gives the order.
    narrowed = (
        "q" in params
        or "tag" in params
        or "due_before" in params
        or ("priority" in params and arguments["sort"] in ("due", "title"))
    )
    sorts = ("Sort", "Incremental Sort")
    if not narrowed and reader.list_id is not None:
        assert not any(node["Node Type"] in sorts for node in nodes), shape
    elif not narrowed:
        # Each list's first rows under a Limit of their own, and the sorts allowed are above them: of at
        # most a page per list, then of the page's rows; never of a list's todos.
        limits = [node for node in nodes if node["Node Type"] == "Limit"]
        per_list = [
            limit
            for limit in limits
            if not any(node["Node Type"] == "Limit" for node in plan_nodes(limit) if node is not limit)
        ]
        assert per_list and per_list != limits[:1], shape
        below = [node for limit in per_list for node in plan_nodes(limit)]
        assert not any(node["Node Type"] in sorts for node in below), shape
    # Looking for what is in no todo through the sort's index would read every todo of the user.
    if params.get("q") == ABSENT_WORD:
        assert {"ix_todos_list_title_trgm", "ix_todos_list_description_trgm"} <= {name for _, name in shape}, shape
    if params.get("tag") == ABSENT_TAG:
        assert "ix_todos_list_tags" in {name for _, name in shape}, shape


def test_the_api_connections_plan_prepared_statements_as_these_tests_do(database_url: str, jwt_secret: str) -> None:
    settings = Settings(DATABASE_URL=database_url, BACKEND_JWT_SECRET=jwt_secret)

    async def plan_cache_mode() -> str:
        async with create_pool(settings) as pool, pool.connection() as conn:
            row = await (await conn.execute("SHOW plan_cache_mode")).fetchone()
        assert row is not None
        return str(row[0])

    assert asyncio.run(plan_cache_mode()) == PLAN_CACHE_MODE


@pytest.mark.parametrize("reader_name", READERS)
def test_the_counts_of_the_side_bar_are_read_from_an_index_alone(
    heavy_conn: psycopg.Connection[Any], readers: dict[str, Reader], reader_name: str
) -> None:
    reader = readers[reader_name]
    values = {"caller": reader.user, "list": reader.list_id}
    nodes = planned(heavy_conn, crud.COUNT_TODOS, values, PLAN_CACHE_MODE)
    todos_read = {(node["Node Type"], node.get("Index Name")) for node in nodes if node.get("Relation Name") == "todos"}
    assert todos_read == {("Index Only Scan", "ix_todos_list_completed")}, todos_read


def test_writes_go_into_the_search_indexes_at_once(heavy_database_url: str) -> None:
    """A GIN index may keep recent writes in a pending list that every scan of it reads whole: a search
    over 50 lists reads it 51 times (135 ms against 9 ms with 3,000 pending todos). None are kept."""
    search_indexes = [
        index.name
        for index in SQLModel.metadata.tables[f"{SCHEMA}.todos"].indexes
        if index.dialect_options["postgresql"]["using"] == "gin"
    ]
    with psycopg.connect(heavy_database_url) as conn:
        seed_user(conn, "busy-writer", 300)
        conn.commit()
        pending_pages = {
            index: conn.execute("SELECT gin_clean_pending_list(%s::regclass)", (f"{SCHEMA}.{index}",)).fetchone()
            for index in search_indexes
        }
    assert len(search_indexes) == 3 and pending_pages == dict.fromkeys(search_indexes, (0,)), pending_pages
