"""Every SQL statement of the request path. Each one is scoped by owner, so a handler cannot
forget the check: another user's todo simply is not found.

Plain SQL through psycopg's async pool (the tables are defined by the SQLModel models): the ORM path
costs about 1.3 ms of CPU per request here, more than the rest of a request put together.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from psycopg import AsyncConnection, AsyncCursor, DataError
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from todo_api.core.token_verifier import VerifiedToken
from todo_api.models import DUE_SORT_KEY, SCHEMA, TITLE_SORT_KEY, TodoCreate, TodoPublic, TodoUpdate
from todo_api.refusals import IdempotencyKeyInProgress, IdempotencyKeyReused, InvalidCursor

TODOS = f"{SCHEMA}.todos"
USERS = f"{SCHEMA}.users"
IDEMPOTENCY_KEYS = f"{SCHEMA}.idempotency_keys"
DELETED_TODOS = f"{SCHEMA}.deleted_todos"
TODO_COLUMNS = "id, title, description, completed, priority, due_at, due_date, tags, created_at, updated_at, version"
# How long a create's Idempotency-Key is remembered, as is usual for such keys.
IDEMPOTENCY_KEY_LIFETIME = "24 hours"
# How long a deletion can be undone: far longer than the web app's undo notice, so that a reload or a
# slow answer never loses an undo, and short enough that deleted todos do not linger.
UNDO_WINDOW = "10 minutes"
# The most todos one "clear completed" deletes (and one undo restores): a bounded statement.
CLEAR_BOUND = 1000
# The most expired deletions one delete erases for good, so the erasing stays a small, bounded part of it.
PURGE_BOUND = 100

SortField = Literal["created", "due", "priority", "title"]
SortOrder = Literal["asc", "desc"]
StatusFilter = Literal["all", "active", "completed"]


@dataclass(frozen=True)
class SortKey:
    """A keyset for cursor pagination: SQL expressions (with the type to cast cursor values back to).
    Ties fall back to creation time, then to the unique `id`, so every row has one place in the order."""

    expressions: tuple[tuple[str, str], ...]
    default_order: SortOrder


SORT_KEYS: dict[str, SortKey] = {
    "created": SortKey((("created_at", "timestamptz"),), "desc"),
    # Todos without a due date count as due at infinity: last when ascending.
    "due": SortKey(((DUE_SORT_KEY, "timestamptz"), ("created_at", "timestamptz")), "asc"),
    "priority": SortKey((("priority", f"{SCHEMA}.todo_priority"), ("created_at", "timestamptz")), "desc"),
    "title": SortKey(((TITLE_SORT_KEY, "text"), ("created_at", "timestamptz")), "asc"),
}


def _keyset(sort: str) -> tuple[tuple[str, str], ...]:
    return (*SORT_KEYS[sort].expressions, ("id", "uuid"))


def encode_cursor(sort: str, order: str, values: list[str]) -> str:
    raw = json.dumps({"s": sort, "o": order, "v": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str, sort: str, order: str) -> list[str]:
    invalid = InvalidCursor("The cursor is not one this API issued for this sort order.")
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        raise invalid from None
    if not isinstance(data, dict):
        raise invalid
    values = data.get("v")
    if (
        data.get("s") != sort
        or data.get("o") != order
        or not isinstance(values, list)
        or len(values) != len(_keyset(sort))
        or not all(isinstance(value, str) and len(value) <= 300 and not _NOT_STORABLE.search(value) for value in values)
    ):
        raise invalid
    return values


# PostgreSQL text holds no NUL, and psycopg cannot encode a lone surrogate as UTF-8.
_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ListQuery(NamedTuple):
    sql: str
    params: dict[str, Any]
    # A statement psycopg has prepared may get one plan for any values from PostgreSQL, and a search or
    # tag needs a plan for its own value (through the trigram or tags index only when it is rare).
    prepare: bool


def list_query(
    owner_id: str,
    *,
    status: StatusFilter,
    priority: str | None,
    tag: str | None,
    search: str | None,
    sort: SortField,
    order: SortOrder,
    limit: int,
    cursor: str | None,
) -> ListQuery:
    """The SQL and parameters of one page of `list_todos` (its plans are checked in tests/test_list_plans.py)."""
    keyset = _keyset(sort)
    conditions = ["owner_id = %(owner)s"]
    params: dict[str, Any] = {"owner": owner_id, "limit": limit + 1}
    if status != "all":
        conditions.append("completed = %(completed)s")
        params["completed"] = status == "completed"
    if priority is not None:
        conditions.append("priority = %(priority)s")
        params["priority"] = priority
    if tag is not None:
        conditions.append("tags @> ARRAY[%(tag)s]::text[]")
        params["tag"] = tag
    if search:
        conditions.append("(title ILIKE %(pattern)s OR description ILIKE %(pattern)s)")
        params["pattern"] = f"%{_escape_like(search)}%"
    if cursor is not None:
        after = decode_cursor(cursor, sort, order)
        placeholders = []
        for position, ((_, cast), value) in enumerate(zip(keyset, after, strict=True)):
            params[f"k{position}"] = value
            placeholders.append(f"%(k{position})s::{cast}")
        columns = ", ".join(expression for expression, _ in keyset)
        comparison = "<" if order == "desc" else ">"
        conditions.append(f"({columns}) {comparison} ({', '.join(placeholders)})")
    direction = "DESC" if order == "desc" else "ASC"
    key_columns = ", ".join(f"({expression})::text AS k{n}" for n, (expression, _) in enumerate(keyset))
    order_by = ", ".join(f"{expression} {direction}" for expression, _ in keyset)
    query = (
        f"SELECT {TODO_COLUMNS}, {key_columns} FROM {TODOS} "
        f"WHERE {' AND '.join(conditions)} ORDER BY {order_by} LIMIT %(limit)s"
    )
    return ListQuery(query, params, prepare=not search and tag is None)


async def list_todos(
    conn: AsyncConnection,
    owner_id: str,
    *,
    status: StatusFilter,
    priority: str | None,
    tag: str | None,
    search: str | None,
    sort: SortField,
    order: SortOrder | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    order = order or SORT_KEYS[sort].default_order
    keyset = _keyset(sort)
    page = list_query(
        owner_id,
        status=status,
        priority=priority,
        tag=tag,
        search=search,
        sort=sort,
        order=order,
        limit=limit,
        cursor=cursor,
    )
    async with conn.cursor(row_factory=dict_row) as cur:
        try:
            await cur.execute(page.sql, page.params, prepare=None if page.prepare else False)
        except DataError:
            # Any value PostgreSQL cannot take (SQLSTATE class 22: a bad offset, an overflow, bad text).
            raise InvalidCursor("The cursor is not one this API issued.") from None
        rows = await cur.fetchall()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(sort, order, [last[f"k{n}"] for n in range(len(keyset))])
    return rows, next_cursor


async def get_todo(conn: AsyncConnection, owner_id: str, todo_id: uuid.UUID) -> dict[str, Any] | None:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(f"SELECT {TODO_COLUMNS} FROM {TODOS} WHERE id = %s AND owner_id = %s", (todo_id, owner_id))
        return await cur.fetchone()


async def create_todo(
    conn: AsyncConnection, user: VerifiedToken, todo: TodoCreate, idempotency_key: str | None = None
) -> tuple[dict[str, Any], bool]:
    """The created todo, and whether it is the replayed first answer to an earlier request with this key."""
    # The user row is asserted in the same transaction: another replica may have erased it (DELETE /v1/me).
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        if idempotency_key is not None:
            await _refuse_while_in_progress(cur, user.sub, idempotency_key)
        await upsert_user(conn, user)
        request_hash = hashlib.sha256(todo.model_dump_json().encode()).hexdigest()
        if idempotency_key is not None:
            earlier = await _claim_idempotency_key(cur, user.sub, idempotency_key, request_hash)
            if earlier is not None:
                return earlier, True
        await cur.execute(
            f"INSERT INTO {TODOS} (owner_id, title, description, completed, priority, due_at, due_date, tags) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING {TODO_COLUMNS}",
            (
                user.sub,
                todo.title,
                todo.description,
                todo.completed,
                todo.priority.value,
                todo.due_at,
                todo.due_date,
                todo.tags,
            ),
        )
        row = await cur.fetchone()
        assert row is not None
        if idempotency_key is not None:
            await cur.execute(
                f"UPDATE {IDEMPOTENCY_KEYS} SET response = %s WHERE owner_id = %s AND key = %s",
                (Jsonb(TodoPublic.model_validate(row).model_dump(mode="json")), user.sub, idempotency_key),
            )
    return row, False


async def _refuse_while_in_progress(cur: AsyncCursor[dict[str, Any]], owner_id: str, key: str) -> None:
    """While a request with this key is being processed, another is told so at once (409, as the IETF
    Idempotency-Key draft says) rather than kept waiting; once the first commits, a retry gets its answer.
    Taken first, before any row the first request may hold is touched."""
    # Held until the transaction ends: the first request holds it while it works.
    await cur.execute(
        "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0)) AS claimed", (f"idempotency {owner_id} {key}",)
    )
    claimed = await cur.fetchone()
    if not (claimed and claimed["claimed"]):
        raise IdempotencyKeyInProgress(
            "A request with this Idempotency-Key is still being processed; retry it in a moment for its answer."
        )


async def _claim_idempotency_key(
    cur: AsyncCursor[dict[str, Any]], owner_id: str, key: str, request_hash: str
) -> dict[str, Any] | None:
    """Claim the key for this request, or return the first answer given under it."""
    await cur.execute(
        f"DELETE FROM {IDEMPOTENCY_KEYS} WHERE owner_id = %s AND created_at < now() - %s::interval",
        (owner_id, IDEMPOTENCY_KEY_LIFETIME),
    )
    await cur.execute(
        f"INSERT INTO {IDEMPOTENCY_KEYS} (owner_id, key, request_hash) VALUES (%s, %s, %s) "
        "ON CONFLICT (owner_id, key) DO NOTHING RETURNING key",
        (owner_id, key, request_hash),
    )
    if await cur.fetchone() is not None:
        return None
    await cur.execute(
        f"SELECT request_hash, response FROM {IDEMPOTENCY_KEYS} WHERE owner_id = %s AND key = %s", (owner_id, key)
    )
    earlier = await cur.fetchone()
    assert earlier is not None and earlier["response"] is not None
    if earlier["request_hash"] != request_hash:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was already used for a different todo; use a new key for a new request."
        )
    response: dict[str, Any] = earlier["response"]
    return response


async def update_todo(
    conn: AsyncConnection,
    owner_id: str,
    todo_id: uuid.UUID,
    changes: TodoUpdate,
    expected_versions: frozenset[int] | None = None,
) -> dict[str, Any] | None:
    """The changed todo, or None when it is not the caller's or its version is not one of `expected_versions`."""
    fields = changes.model_dump(exclude_unset=True)
    # A todo is due at a moment or on a day: setting one clears the other.
    for due, other in (("due_at", "due_date"), ("due_date", "due_at")):
        if fields.get(due) is not None:
            fields[other] = None
    assignments = ", ".join(f"{name} = %({name})s" for name in fields)
    params = {**fields, "id": todo_id, "owner": owner_id, "versions": _versions(expected_versions)}
    if "priority" in params:
        params["priority"] = params["priority"].value
    # One transaction: an answer that cannot be read back (or any later failure) leaves the row as it was.
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"UPDATE {TODOS} SET {assignments + ', ' if assignments else ''}updated_at = now(), version = version + 1 "
            f"WHERE id = %(id)s AND owner_id = %(owner)s AND {_VERSION_MATCHES} RETURNING {TODO_COLUMNS}",
            params,
        )
        return await cur.fetchone()


# Keeps the rows a `moved` CTE deleted from todos in deleted_todos, as deletion %(deletion)s.
_KEEP_MOVED = (
    f"kept AS (INSERT INTO {DELETED_TODOS} (id, owner_id, deletion_id, todo) "
    "SELECT id, owner_id, %(deletion)s, to_jsonb(moved) FROM moved RETURNING 1) "
)


async def delete_todo(
    conn: AsyncConnection, owner_id: str, todo_id: uuid.UUID, expected_versions: frozenset[int] | None = None
) -> bool:
    """Deletes the todo so that POST /v1/todos/restore can bring it back within UNDO_WINDOW; the
    deletion's id is the todo's own."""
    await _purge_expired_deletions(conn)
    cur = await conn.execute(
        f"WITH moved AS (DELETE FROM {TODOS} WHERE id = %(id)s AND owner_id = %(owner)s AND {_VERSION_MATCHES} "
        f"RETURNING *), {_KEEP_MOVED} SELECT count(*) FROM kept",
        {"id": todo_id, "owner": owner_id, "versions": _versions(expected_versions), "deletion": todo_id},
    )
    row = await cur.fetchone()
    return row is not None and row[0] == 1


async def clear_completed(conn: AsyncConnection, owner_id: str) -> dict[str, Any]:
    """Deletes up to CLEAR_BOUND of the user's completed todos in one statement, undoable as one deletion."""
    await _purge_expired_deletions(conn)
    deletion_id = uuid.uuid4()
    async with conn.cursor(row_factory=dict_row) as cur:
        # The statement sees todos as they were before it: the todos it deletes are left out of `more`.
        await cur.execute(
            f"WITH doomed AS (SELECT id FROM {TODOS} WHERE owner_id = %(owner)s AND completed "
            "ORDER BY created_at, id LIMIT %(bound)s FOR UPDATE), "
            f"moved AS (DELETE FROM {TODOS} WHERE id IN (SELECT id FROM doomed) AND completed RETURNING *), "
            f"{_KEEP_MOVED} SELECT (SELECT count(*) FROM kept) AS deleted, EXISTS (SELECT 1 FROM {TODOS} "
            "WHERE owner_id = %(owner)s AND completed AND id NOT IN (SELECT id FROM doomed)) AS more",
            {"owner": owner_id, "bound": CLEAR_BOUND, "deletion": deletion_id},
        )
        row = await cur.fetchone()
    assert row is not None
    return {**row, "deletion_id": deletion_id if row["deleted"] else None}


async def restore_deletion(conn: AsyncConnection, owner_id: str, deletion_id: uuid.UUID) -> int:
    """Puts the todos of one of the user's deletions back as they were; how many (0: none, or too late)."""
    cur = await conn.execute(
        f"WITH back AS (DELETE FROM {DELETED_TODOS} WHERE owner_id = %(owner)s AND deletion_id = %(deletion)s "
        "AND deleted_at >= now() - %(window)s::interval RETURNING todo) "
        f"INSERT INTO {TODOS} SELECT (jsonb_populate_record(NULL::{TODOS}, todo)).* FROM back",
        {"owner": owner_id, "deletion": deletion_id, "window": UNDO_WINDOW},
    )
    return cur.rowcount


async def _purge_expired_deletions(conn: AsyncConnection) -> None:
    """Erases for good the oldest deletions past UNDO_WINDOW, anyone's; rows another request is erasing
    are skipped rather than waited for."""
    await conn.execute(
        f"DELETE FROM {DELETED_TODOS} WHERE id IN (SELECT id FROM {DELETED_TODOS} "
        "WHERE deleted_at < now() - %(window)s::interval ORDER BY deleted_at LIMIT %(bound)s FOR UPDATE SKIP LOCKED)",
        {"window": UNDO_WINDOW, "bound": PURGE_BOUND},
    )


async def count_todos(conn: AsyncConnection, owner_id: str) -> dict[str, Any]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT count(*) FILTER (WHERE NOT completed) AS active, count(*) FILTER (WHERE completed) AS completed "
            f"FROM {TODOS} WHERE owner_id = %s",
            (owner_id,),
        )
        row = await cur.fetchone()
    assert row is not None
    return row


async def list_tags(conn: AsyncConnection, owner_id: str, limit: int) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT tag, count(*) AS count FROM {TODOS}, unnest(tags) AS tag WHERE owner_id = %s "
            "GROUP BY tag ORDER BY count DESC, tag LIMIT %s",
            (owner_id, limit),
        )
        return await cur.fetchall()


# No precondition (NULL), or the row's version is one the client expects.
_VERSION_MATCHES = "(%(versions)s::int[] IS NULL OR version = ANY(%(versions)s::int[]))"


def _versions(expected: frozenset[int] | None) -> list[int] | None:
    return sorted(expected) if expected is not None else None


async def upsert_user(conn: AsyncConnection, user: VerifiedToken) -> None:
    """Create the user just in time, or refresh email and name when the token's claims changed."""
    await conn.execute(
        f"INSERT INTO {USERS} AS u (id, email, name) VALUES (%s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, updated_at = now() "
        "WHERE u.email IS DISTINCT FROM excluded.email OR u.name IS DISTINCT FROM excluded.name",
        (user.sub, user.email, user.name),
    )


async def get_user(conn: AsyncConnection, user_id: str) -> dict[str, Any] | None:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT u.id, u.email, u.name, u.created_at, "
            f"(SELECT count(*) FROM {TODOS} t WHERE t.owner_id = u.id) AS todo_count "
            f"FROM {USERS} u WHERE u.id = %s",
            (user_id,),
        )
        return await cur.fetchone()


async def delete_user(conn: AsyncConnection, user_id: str) -> None:
    """Erase the user and, through the foreign key's ON DELETE CASCADE, every todo of theirs."""
    await conn.execute(f"DELETE FROM {USERS} WHERE id = %s", (user_id,))
