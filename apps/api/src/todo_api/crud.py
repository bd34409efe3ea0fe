"""Every SQL statement of the request path. Each one is scoped by the caller's membership of the list
it reads or writes, checked in the statement itself (todo_api.access), so a handler cannot forget the
check: a todo in a list the caller is not in simply is not found.

Plain SQL through psycopg's async pool (the tables are defined by the SQLModel models): the ORM path
costs about 1.3 ms of CPU per request here, more than the rest of a request put together.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal, NamedTuple

from psycopg import AsyncClientCursor, AsyncConnection, AsyncCursor, DataError
from psycopg.errors import CheckViolation
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from todo_api.access import ALLOWED, LIST_MEMBERS, Operation, member_of, params, require
from todo_api.core.token_verifier import VerifiedToken
from todo_api.models import (
    DUE_SORT_KEY,
    LATEST_DUE_SORT_KEY,
    SCHEMA,
    TITLE_SORT_KEY,
    TodoCreate,
    TodoPublic,
    TodoUpdate,
)
from todo_api.refusals import (
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    InboxIsPrivate,
    InvalidCursor,
    InvitationForAnotherEmail,
    InvitationNotOpen,
    LastOwner,
    NotAMember,
    RepeatNeedsDueAndZone,
)
from todo_api.repeat import RepeatFrom, next_due

TODOS = f"{SCHEMA}.todos"
USERS = f"{SCHEMA}.users"
IDEMPOTENCY_KEYS = f"{SCHEMA}.idempotency_keys"
DELETED_TODOS = f"{SCHEMA}.deleted_todos"
LISTS = f"{SCHEMA}.lists"
TODO_COLUMNS = (
    "id, list_id, title, description, completed, priority, due_at, due_date, tags, created_at, updated_at, version, "
    "repeat_rule, repeat_from, time_zone, repeats_after"
)
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
    Ties fall back to creation time, then to the unique `id`, so every row has one place in the order.
    `descending_expressions`, when set, replace `expressions` in descending order (as many of them)."""

    expressions: tuple[tuple[str, str], ...]
    default_order: SortOrder
    descending_expressions: tuple[tuple[str, str], ...] | None = None


SORT_KEYS: dict[str, SortKey] = {
    "created": SortKey((("created_at", "timestamptz"),), "desc"),
    # Todos without a due date come last either way: due at infinity ascending, at minus infinity
    # descending (an expression and index of its own, as one btree gives one place to them).
    "due": SortKey(
        ((DUE_SORT_KEY, "timestamptz"), ("created_at", "timestamptz")),
        "asc",
        ((LATEST_DUE_SORT_KEY, "timestamptz"), ("created_at", "timestamptz")),
    ),
    "priority": SortKey((("priority", f"{SCHEMA}.todo_priority"), ("created_at", "timestamptz")), "desc"),
    "title": SortKey(((TITLE_SORT_KEY, "text"), ("created_at", "timestamptz")), "asc"),
}


def _keyset(sort: str, order: str) -> tuple[tuple[str, str], ...]:
    key = SORT_KEYS[sort]
    expressions = key.descending_expressions if order == "desc" and key.descending_expressions else key.expressions
    return (*expressions, ("id", "uuid"))


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
        or len(values) != len(_keyset(sort, order))
        or not all(isinstance(value, str) and len(value) <= 300 and not _NOT_STORABLE.search(value) for value in values)
    ):
        raise invalid
    return values


# PostgreSQL text holds no NUL, and psycopg cannot encode a lone surrogate as UTF-8.
_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def day_sort_key(day: date) -> datetime:
    """Where a todo due on `day` (no time) sorts on the due order's key (models.DUE_SORT_KEY): its noon UTC."""
    return datetime.combine(day, time(12), tzinfo=UTC)


@dataclass(frozen=True)
class DueWindow:
    """Only the todos due from `start` and before `end`, either left open: a due moment compared as a
    moment, a due day as a day of the calendar the bound is written in (its offset)."""

    start: datetime | None = None
    end: datetime | None = None


class ListQuery(NamedTuple):
    sql: str
    params: dict[str, Any]
    # Prepared, a statement runs one plan for any values (core.db.PLAN_CACHE_MODE); a search or tag needs
    # a plan for its own value (through the trigram or tags index only when it is rare), so its values
    # are bound into the text.
    prepare: bool


def list_query(
    caller: str,
    *,
    list_id: uuid.UUID | None,
    status: StatusFilter,
    priority: str | None,
    tag: str | None,
    search: str | None,
    due: DueWindow = DueWindow(),
    sort: SortField,
    order: SortOrder,
    limit: int,
    cursor: str | None,
) -> ListQuery:
    """The SQL and parameters of one page of `list_todos` (its plans are checked in tests/test_list_plans.py).
    One list: its first rows in the order, straight from the list's index, while the caller is a member.
    Every list of the caller's: for each, its first rows likewise; then the first of those, which takes
    a sort of at most a page per list, as no index holds the todos of a user's lists in one order (they
    are in lists others share, not under the user)."""
    keyset = _keyset(sort, order)
    conditions = ["t.list_id = %(list)s" if list_id is not None else "t.list_id = m.list_id"]
    params: dict[str, Any] = {"caller": caller, "list": list_id, "limit": limit + 1}
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
    # A due day is compared as a day, in the calendar of the bound's own offset; the range on the due
    # order's key that holds both the moments and the days in the window keeps the scan on its index.
    if due.start is not None:
        from_day = due.start.date()
        conditions.append(
            f"{DUE_SORT_KEY} >= %(due_from_key)s AND (due_at >= %(due_from)s OR due_date >= %(due_from_day)s)"
        )
        params.update(due_from=due.start, due_from_key=min(due.start, day_sort_key(from_day)), due_from_day=from_day)
    if due.end is not None:
        before_day = due.end.date()
        conditions.append(
            f"{DUE_SORT_KEY} < %(due_before_key)s AND (due_at < %(due_before)s OR due_date < %(due_before_day)s)"
        )
        params.update(
            due_before=due.end, due_before_key=max(due.end, day_sort_key(before_day)), due_before_day=before_day
        )
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
    if list_id is not None:
        # The membership is a condition on no row of todos: PostgreSQL checks it once, before the scan.
        conditions.append(
            f"EXISTS (SELECT 1 FROM {LIST_MEMBERS} m WHERE m.list_id = %(list)s AND m.user_id = %(caller)s)"
        )
        query = (
            f"SELECT {TODO_COLUMNS}, {key_columns} FROM {TODOS} t WHERE {' AND '.join(conditions)} "
            f"ORDER BY {order_by} LIMIT %(limit)s"
        )
    else:
        # The lists' pages carry only their sort keys to the sort that picks the page, whose rows are
        # then read whole: carrying whole rows through it took twice as long for a user of 50 lists.
        sort_keys = ", ".join(f"{expression} AS s{n}" for n, (expression, _) in enumerate(keyset))
        sort_key_order = ", ".join(f"s{n} {direction}" for n in range(len(keyset)))
        query = (
            f"SELECT {TODO_COLUMNS}, {key_columns} FROM (SELECT page.s{len(keyset) - 1} AS id "
            f"FROM {LIST_MEMBERS} m CROSS JOIN LATERAL (SELECT {sort_keys} FROM {TODOS} t "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order_by} LIMIT %(limit)s) page "
            f"WHERE m.user_id = %(caller)s ORDER BY {sort_key_order} LIMIT %(limit)s) chosen "
            f"JOIN {TODOS} t USING (id) ORDER BY {order_by}"
        )
    return ListQuery(query, params, prepare=not search and tag is None)


async def list_todos(
    conn: AsyncConnection,
    caller: str,
    *,
    list_id: uuid.UUID | None,
    status: StatusFilter,
    priority: str | None,
    tag: str | None,
    search: str | None,
    due: DueWindow = DueWindow(),
    sort: SortField,
    order: SortOrder | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    order = order or SORT_KEYS[sort].default_order
    keyset = _keyset(sort, order)
    page = list_query(
        caller,
        list_id=list_id,
        status=status,
        priority=priority,
        tag=tag,
        search=search,
        due=due,
        sort=sort,
        order=order,
        limit=limit,
        cursor=cursor,
    )
    cursor_class = AsyncCursor if page.prepare else AsyncClientCursor
    async with cursor_class(conn, row_factory=dict_row) as cur:
        try:
            await cur.execute(page.sql, page.params, prepare=page.prepare)
        except DataError:
            # Any value PostgreSQL cannot take (SQLSTATE class 22: a bad offset, an overflow, bad text).
            raise InvalidCursor("The cursor is not one this API issued.") from None
        rows = await cur.fetchall()
    # The page's rows came through the caller's membership; an empty one may be a list they are not in.
    if not rows and list_id is not None and await member_role(conn, caller, list_id) is None:
        raise NotAMember("No list with this id.")
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(sort, order, [last[f"k{n}"] for n in range(len(keyset))])
    return rows, next_cursor


async def member_role(conn: AsyncConnection, caller: str, list_id: uuid.UUID) -> str | None:
    cur = await conn.execute(
        f"SELECT role::text FROM {LIST_MEMBERS} WHERE list_id = %s AND user_id = %s", (list_id, caller)
    )
    row = await cur.fetchone()
    return row[0] if row else None


async def get_todo(conn: AsyncConnection, caller: str, todo_id: uuid.UUID) -> dict[str, Any] | None:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT {_qualified('t')} FROM {TODOS} t {member_of('t.list_id')} WHERE t.id = %(id)s",
            {"caller": caller, "id": todo_id},
        )
        return await cur.fetchone()


def _qualified(alias: str) -> str:
    return ", ".join(f"{alias}.{column}" for column in TODO_COLUMNS.split(", "))


# The caller's membership of the list a todo is in, locked for the rest of the transaction: the row
# of `target`, with the role the statement then compares (todo_api.access).
_TODO_TARGET = (
    f"target AS (SELECT t.id, m.role FROM {TODOS} t {member_of('t.list_id')} WHERE t.id = %(id)s FOR SHARE OF m)"
)


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
                # A replay answers as a fresh call would: only while the caller may still add to that list.
                require(Operation.edit_todos, await member_role(conn, user.sub, earlier["list_id"]), "list")
                return earlier, True
        # Into the list asked for, or the caller's Inbox, if the caller may add todos to it.
        await cur.execute(
            f"WITH target AS (SELECT m.list_id, m.role FROM {LIST_MEMBERS} m WHERE m.user_id = %(caller)s "
            f"AND m.list_id = coalesce(%(list)s, (SELECT id FROM {LISTS} WHERE inbox_of = %(caller)s)) FOR SHARE), "
            f"created AS (INSERT INTO {TODOS} "
            "(owner_id, list_id, title, description, completed, priority, due_at, due_date, tags, repeat_rule, "
            "repeat_from, time_zone) "
            "SELECT %(caller)s::varchar, m.list_id, %(title)s, %(description)s, %(completed)s, %(priority)s, "
            "%(due_at)s, %(due_date)s, %(tags)s, %(repeat_rule)s, %(repeat_from)s, %(time_zone)s "
            f"FROM target m WHERE {ALLOWED} RETURNING {TODO_COLUMNS}) "
            "SELECT m.role::text AS role, created.* FROM target m LEFT JOIN created ON true",
            {
                **params(user.sub, Operation.edit_todos),
                "list": todo.list_id,
                "title": todo.title,
                "description": todo.description,
                "completed": todo.completed,
                "priority": todo.priority.value,
                "due_at": todo.due_at,
                "due_date": todo.due_date,
                "tags": todo.tags,
                "repeat_rule": todo.repeat_rule,
                "repeat_from": (todo.repeat_from or RepeatFrom.due).value,
                "time_zone": todo.time_zone,
            },
        )
        row = await cur.fetchone()
        require(Operation.edit_todos, row["role"] if row else None, "list")
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
    caller: str,
    todo_id: uuid.UUID,
    changes: TodoUpdate,
    expected_versions: frozenset[int] | None = None,
) -> dict[str, Any] | None:
    """The changed todo, or None when its version is not one of `expected_versions` (or it went meanwhile);
    refused when the caller may not change it, or move it into the list named in `changes`."""
    fields = changes.model_dump(exclude_unset=True)
    # A todo is due at a moment or on a day: setting one clears the other.
    for due, other in (("due_at", "due_date"), ("due_date", "due_at")):
        if fields.get(due) is not None:
            fields[other] = None
    assignments = ", ".join(f"{name} = %({name})s" for name in fields)
    values = {
        **fields,
        **params(caller, Operation.edit_todos),
        "id": todo_id,
        "versions": _versions(expected_versions),
        "list": fields.get("list_id"),
    }
    for enumerated in ("priority", "repeat_from"):
        if enumerated in values:
            values[enumerated] = values[enumerated].value
    # A move needs the same role in the list the todo goes to: `destination`, locked like `target`.
    destination = (
        f"destination AS (SELECT m.role FROM {LIST_MEMBERS} m WHERE m.list_id = %(list)s AND m.user_id = %(caller)s "
        "FOR SHARE)"
    )
    # One transaction: an answer that cannot be read back (or any later failure) leaves the row as it was.
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        try:
            # `before` is read in the statement's snapshot: two completes at once may both see the todo
            # active, and _follow_with_next_occurrence's unique slot keeps them from creating two.
            await cur.execute(
                f"WITH {_TODO_TARGET}, {destination}, before AS (SELECT completed FROM {TODOS} WHERE id = %(id)s), "
                f"changed AS (UPDATE {TODOS} t "
                f"SET {assignments + ', ' if assignments else ''}updated_at = now(), version = version + 1 "
                f"FROM target m WHERE t.id = m.id AND {ALLOWED} AND {_VERSION_MATCHES} AND (%(list)s::uuid IS NULL "
                f"OR EXISTS (SELECT 1 FROM destination m WHERE {ALLOWED})) RETURNING {_qualified('t')}) "
                "SELECT m.role::text AS role, (SELECT role::text FROM destination) AS destination_role, "
                "(SELECT completed FROM before) AS was_completed, changed.* FROM target m LEFT JOIN changed ON true",
                values,
            )
        except CheckViolation as violation:
            if violation.diag.constraint_name != "ck_todos_repeat_needs_due_and_zone":
                raise
            raise RepeatNeedsDueAndZone(
                "A repeating todo needs a due_at or due_date, and the time_zone its rule is counted in."
            ) from None
        row = await cur.fetchone()
        if row is not None and row["id"] is not None and row["was_completed"] != row["completed"]:
            if row["completed"]:
                await _follow_with_next_occurrence(cur, row)
            else:
                await _withdraw_next_occurrence(cur, todo_id)
    require(Operation.edit_todos, row["role"] if row else None, "todo")
    assert row is not None
    if row["id"] is None and fields.get("list_id") is not None:
        require(Operation.edit_todos, row["destination_role"], "list")
    return row if row["id"] is not None else None


async def _follow_with_next_occurrence(cur: AsyncCursor[dict[str, Any]], todo: dict[str, Any]) -> None:
    """A repeating todo just completed: its next occurrence, in the same list, unless one already follows
    it (the unique repeats_after: another complete of the same todo at the same moment made it)."""
    if todo["repeat_rule"] is None:
        return
    due_at, due_date = next_due(
        todo["repeat_rule"],
        RepeatFrom(todo["repeat_from"]),
        todo["time_zone"],
        due_at=todo["due_at"],
        due_date=todo["due_date"],
        completed_at=todo["updated_at"],
    )
    if due_at is None and due_date is None:
        return
    await cur.execute(
        f"INSERT INTO {TODOS} (owner_id, list_id, title, description, priority, due_at, due_date, tags, "
        "repeat_rule, repeat_from, time_zone, repeats_after) SELECT owner_id, list_id, title, description, "
        "priority, %(due_at)s, %(due_date)s, tags, repeat_rule, repeat_from, time_zone, id "
        f"FROM {TODOS} WHERE id = %(id)s ON CONFLICT (repeats_after) DO NOTHING",
        {"id": todo["id"], "due_at": due_at, "due_date": due_date},
    )


async def _withdraw_next_occurrence(cur: AsyncCursor[dict[str, Any]], todo_id: uuid.UUID) -> None:
    """A todo un-completed (an undo): the next occurrence its completion created goes too, if nobody has
    touched it since (still version 1); one that was changed or completed meanwhile stays."""
    await cur.execute(
        f"DELETE FROM {TODOS} WHERE repeats_after = %(id)s AND version = 1 AND NOT completed", {"id": todo_id}
    )


# Keeps the rows a `moved` CTE deleted from todos in deleted_todos, as deletion %(deletion)s.
_KEEP_MOVED = (
    f"kept AS (INSERT INTO {DELETED_TODOS} (id, owner_id, list_id, deletion_id, todo) "
    "SELECT id, owner_id, list_id, %(deletion)s, to_jsonb(moved) FROM moved RETURNING 1) "
)


async def delete_todo(
    conn: AsyncConnection, caller: str, todo_id: uuid.UUID, expected_versions: frozenset[int] | None = None
) -> bool:
    """Deletes the todo so that POST /v1/todos/restore can bring it back within UNDO_WINDOW; the
    deletion's id is the todo's own. False when its version is not one of `expected_versions`."""
    await _purge_expired_deletions(conn)
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"WITH {_TODO_TARGET}, moved AS (DELETE FROM {TODOS} t USING target m WHERE t.id = m.id AND {ALLOWED} "
            f"AND {_VERSION_MATCHES} RETURNING t.*), {_KEEP_MOVED} "
            "SELECT m.role::text AS role, (SELECT count(*) FROM kept) AS deleted FROM target m",
            {
                **params(caller, Operation.edit_todos),
                "id": todo_id,
                "versions": _versions(expected_versions),
                "deletion": todo_id,
            },
        )
        row = await cur.fetchone()
    require(Operation.edit_todos, row["role"] if row else None, "todo")
    assert row is not None
    return bool(row["deleted"])


# The caller's lists (the one in %(list)s, when not null) with their roles, locked like `target`.
_CALLERS_LISTS = (
    f"lists AS (SELECT m.list_id, m.role FROM {LIST_MEMBERS} m WHERE m.user_id = %(caller)s "
    "AND (%(list)s::uuid IS NULL OR m.list_id = %(list)s) FOR SHARE)"
)


async def clear_completed(conn: AsyncConnection, caller: str, list_id: uuid.UUID | None) -> dict[str, Any]:
    """Deletes up to CLEAR_BOUND completed todos of the list (or of every list the caller may edit) in
    one statement, undoable as one deletion."""
    await _purge_expired_deletions(conn)
    deletion_id = uuid.uuid4()
    editable = f"SELECT m.list_id FROM lists m WHERE {ALLOWED}"
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        # The statement sees todos as they were before it: the todos it deletes are left out of `more`.
        await cur.execute(
            f"WITH {_CALLERS_LISTS}, doomed AS (SELECT id FROM {TODOS} WHERE list_id IN ({editable}) AND completed "
            "ORDER BY created_at, id LIMIT %(bound)s FOR UPDATE), "
            f"moved AS (DELETE FROM {TODOS} WHERE id IN (SELECT id FROM doomed) AND completed RETURNING *), "
            f"{_KEEP_MOVED} SELECT (SELECT count(*) FROM kept) AS deleted, EXISTS (SELECT 1 FROM {TODOS} "
            f"WHERE list_id IN ({editable}) AND completed AND id NOT IN (SELECT id FROM doomed)) AS more, "
            "(SELECT max(role)::text FROM lists) AS role",
            {**params(caller, Operation.edit_todos), "list": list_id, "bound": CLEAR_BOUND, "deletion": deletion_id},
        )
        row = await cur.fetchone()
    assert row is not None
    if list_id is not None:
        require(Operation.edit_todos, row["role"], "list")
    return {**row, "deletion_id": deletion_id if row["deleted"] else None}


async def restore_deletion(conn: AsyncConnection, caller: str, deletion_id: uuid.UUID) -> int:
    """Puts the todos of a deletion back as they were, those in lists the caller may edit; how many
    (0: none, or too late)."""
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"WITH target AS (SELECT d.id, m.role FROM {DELETED_TODOS} d {member_of('d.list_id')} "
            "WHERE d.deletion_id = %(deletion)s AND d.deleted_at >= now() - %(window)s::interval FOR SHARE OF m), "
            f"back AS (DELETE FROM {DELETED_TODOS} d USING target m WHERE d.id = m.id AND {ALLOWED} "
            # The row's list_id and owner_id rather than the kept copy's: the list may be newer than the
            # copy (migration 0010), and the creator's account may have been deleted since (NULL); a todo
            # deleted before repeat_from existed gets its default (the column is NOT NULL).
            "RETURNING jsonb_build_object('repeat_from', 'due') || d.todo "
            "|| jsonb_build_object('list_id', d.list_id, 'owner_id', d.owner_id) AS todo), "
            # An occurrence whose todo has been followed by another meanwhile comes back unlinked from it.
            f"unlinked AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM {TODOS} f "
            "WHERE f.repeats_after = (todo ->> 'repeats_after')::uuid) "
            "THEN todo || jsonb_build_object('repeats_after', null) ELSE todo END AS todo FROM back), "
            f"restored AS (INSERT INTO {TODOS} SELECT (jsonb_populate_record(NULL::{TODOS}, todo)).* FROM unlinked "
            "RETURNING 1) SELECT (SELECT count(*) FROM restored) AS restored, "
            "(SELECT max(role)::text FROM target) AS role",
            {**params(caller, Operation.edit_todos), "deletion": deletion_id, "window": UNDO_WINDOW},
        )
        row = await cur.fetchone()
    assert row is not None
    if row["role"] is not None:
        require(Operation.edit_todos, row["role"], "deletion")
    restored: int = row["restored"]
    return restored


async def _purge_expired_deletions(conn: AsyncConnection) -> None:
    """Erases for good the oldest deletions past UNDO_WINDOW, anyone's; rows another request is erasing
    are skipped rather than waited for."""
    await conn.execute(
        f"DELETE FROM {DELETED_TODOS} WHERE id IN (SELECT id FROM {DELETED_TODOS} "
        "WHERE deleted_at < now() - %(window)s::interval ORDER BY deleted_at LIMIT %(bound)s FOR UPDATE SKIP LOCKED)",
        {"window": UNDO_WINDOW, "bound": PURGE_BOUND},
    )


# The caller's lists (the one in %(list)s, when not null), for reading.
_READABLE_LISTS = (
    f"lists AS (SELECT list_id FROM {LIST_MEMBERS} WHERE user_id = %(caller)s "
    "AND (%(list)s::uuid IS NULL OR list_id = %(list)s))"
)


# Each list counted on its own from ix_todos_list_completed (an index-only scan): a join of the lists
# with todos, planned once for any caller, read every user's todos (tests/test_list_plans.py).
COUNT_TODOS = (
    f"WITH {_READABLE_LISTS}, counted AS (SELECT lists.list_id, c.active, c.completed FROM lists "
    "CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE NOT t.completed) AS active, "
    f"count(*) FILTER (WHERE t.completed) AS completed FROM {TODOS} t WHERE t.list_id = lists.list_id) c) "
    "SELECT coalesce(sum(active), 0)::int AS active, coalesce(sum(completed), 0)::int AS completed, "
    "coalesce(jsonb_agg(jsonb_build_object('list_id', list_id, 'active', active, 'completed', completed)), "
    "'[]') AS lists FROM counted"
)


async def count_todos(conn: AsyncConnection, caller: str, list_id: uuid.UUID | None) -> dict[str, Any]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(COUNT_TODOS, {"caller": caller, "list": list_id})
        row = await cur.fetchone()
    assert row is not None
    if list_id is not None and not row["lists"]:
        raise NotAMember("No list with this id.")
    return row


async def list_tags(conn: AsyncConnection, caller: str, list_id: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"WITH {_READABLE_LISTS}, counted AS (SELECT tag, count(*) AS count FROM lists "
            f"JOIN {TODOS} t ON t.list_id = lists.list_id, unnest(t.tags) AS tag "
            "GROUP BY tag ORDER BY count DESC, tag LIMIT %(limit)s) "
            "SELECT (SELECT count(*) FROM lists) AS lists, coalesce((SELECT jsonb_agg(jsonb_build_object("
            "'tag', tag, 'count', count) ORDER BY count DESC, tag) FROM counted), '[]') AS items",
            {"caller": caller, "list": list_id, "limit": limit},
        )
        row = await cur.fetchone()
    assert row is not None
    if list_id is not None and not row["lists"]:
        raise NotAMember("No list with this id.")
    items: list[dict[str, Any]] = row["items"]
    return items


# No precondition (NULL), or the row's version is one the client expects.
_VERSION_MATCHES = "(%(versions)s::int[] IS NULL OR version = ANY(%(versions)s::int[]))"


def _versions(expected: frozenset[int] | None) -> list[int] | None:
    return sorted(expected) if expected is not None else None


async def upsert_user(conn: AsyncConnection, user: VerifiedToken) -> None:
    """Create the user just in time, with their Inbox, or refresh email and name when the token's claims
    changed."""
    await conn.execute(
        f"WITH refreshed AS (INSERT INTO {USERS} AS u (id, email, name) VALUES (%(id)s, %(email)s, %(name)s) "
        "ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, updated_at = now() "
        "WHERE u.email IS DISTINCT FROM excluded.email OR u.name IS DISTINCT FROM excluded.name), "
        f"inbox AS (INSERT INTO {LISTS} (name, inbox_of) SELECT 'Inbox', %(id)s::varchar WHERE NOT EXISTS "
        f"(SELECT 1 FROM {LISTS} WHERE inbox_of = %(id)s) ON CONFLICT (inbox_of) DO NOTHING RETURNING id) "
        f"INSERT INTO {LIST_MEMBERS} (list_id, user_id, role) SELECT id, %(id)s::varchar, 'owner' FROM inbox",
        {"id": user.sub, "email": user.email, "name": user.name},
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


# Member `m` is an owner of their list, and its only one.
_ONLY_OWNER = (
    f"m.role = 'owner' AND NOT EXISTS (SELECT 1 FROM {LIST_MEMBERS} o WHERE o.list_id = m.list_id "
    "AND o.role = 'owner' AND o.user_id <> m.user_id)"
)

# What becomes of a list whose only owner deletes their account while others are in it: it goes to the
# next member (the highest role, then the longest in it), or it is deleted with its todos.
SharedListsOnErasure = Literal["hand_over", "delete"]


async def delete_user(conn: AsyncConnection, user_id: str, shared_lists: SharedListsOnErasure) -> None:
    """Erase the user and, through the foreign keys, their memberships, invitations and idempotency keys.
    A list they alone own is handed over or deleted as `shared_lists` says; one without other members
    (their Inbox among them) is deleted. The todos they created in lists that stay, stay (owner_id NULL)."""
    async with conn.transaction():
        # Every list of theirs locked as a change of members locks it, so that no other owner leaves
        # between this statement's look at the owners and its deletion.
        await conn.execute(
            f"SELECT 1 FROM {LISTS} WHERE id IN (SELECT list_id FROM {LIST_MEMBERS} WHERE user_id = %s) "
            "ORDER BY id FOR NO KEY UPDATE",
            (user_id,),
        )
        await conn.execute(
            f"WITH sole AS (SELECT m.list_id FROM {LIST_MEMBERS} m WHERE m.user_id = %(id)s AND {_ONLY_OWNER}), "
            f"heirs AS (SELECT DISTINCT ON (o.list_id) o.list_id, o.user_id FROM {LIST_MEMBERS} o "
            "JOIN sole USING (list_id) WHERE o.user_id <> %(id)s AND %(hand_over)s "
            "ORDER BY o.list_id, o.role DESC, o.created_at, o.user_id), "
            f"promoted AS (UPDATE {LIST_MEMBERS} m SET role = 'owner' FROM heirs "
            "WHERE m.list_id = heirs.list_id AND m.user_id = heirs.user_id), "
            f"gone AS (DELETE FROM {LISTS} WHERE id IN (SELECT list_id FROM sole EXCEPT SELECT list_id FROM heirs)) "
            f"DELETE FROM {USERS} WHERE id = %(id)s",
            {"id": user_id, "hand_over": shared_lists == "hand_over"},
        )


# --- lists, members, invitations ------------------------------------------------------------------

# A list as the caller (member `m`) sees it.
LIST_INVITATIONS = f"{SCHEMA}.list_invitations"
LIST_COLUMNS = (
    "l.id, l.name, l.inbox_of IS NOT NULL AS is_inbox, l.archived_at, l.created_at, l.updated_at, "
    "m.role::text AS role, m.position, "
    f"(SELECT count(*) FROM {LIST_MEMBERS} o WHERE o.list_id = l.id) AS member_count, "
    f"CASE WHEN m.role = 'owner' THEN (SELECT count(*) FROM {LIST_INVITATIONS} i WHERE i.list_id = l.id "
    "AND i.accepted_at IS NULL AND i.expires_at > now()) ELSE 0 END AS open_invitation_count, "
    f"CASE WHEN {_ONLY_OWNER} THEN EXISTS (SELECT 1 FROM {LIST_MEMBERS} o WHERE o.list_id = l.id "
    "AND o.user_id <> m.user_id) ELSE false END AS needs_an_heir"
)
# How long an invitation can be accepted.
INVITATION_LIFETIME = "7 days"
# The caller's membership of list %(list)s with whether it is an Inbox, locked for the transaction.
_LIST_TARGET = (
    f"target AS (SELECT m.role, l.inbox_of IS NOT NULL AS is_inbox FROM {LISTS} l {member_of('l.id')} "
    "WHERE l.id = %(list)s FOR SHARE OF m)"
)
_NEXT_POSITION = f"coalesce((SELECT max(position) + 1 FROM {LIST_MEMBERS} WHERE user_id = %(caller)s), 0)"


async def list_lists(conn: AsyncConnection, caller: str) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT {LIST_COLUMNS} FROM {LIST_MEMBERS} m JOIN {LISTS} l ON l.id = m.list_id "
            "WHERE m.user_id = %(caller)s ORDER BY m.position, l.created_at, l.id",
            {"caller": caller},
        )
        return await cur.fetchall()


async def get_list(conn: AsyncConnection, caller: str, list_id: uuid.UUID) -> dict[str, Any]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT {LIST_COLUMNS} FROM {LISTS} l {member_of('l.id')} WHERE l.id = %(list)s",
            {"caller": caller, "list": list_id},
        )
        row = await cur.fetchone()
    if row is None:
        raise NotAMember("No list with this id.")
    return row


async def create_list(conn: AsyncConnection, user: VerifiedToken, name: str) -> dict[str, Any]:
    """A new list, owned by its creator, last among their lists."""
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await upsert_user(conn, user)
        await cur.execute(
            f"WITH l AS (INSERT INTO {LISTS} (name) VALUES (%(name)s) RETURNING id) "
            f"INSERT INTO {LIST_MEMBERS} (list_id, user_id, role, position) "
            f"SELECT l.id, %(caller)s::varchar, 'owner', {_NEXT_POSITION} FROM l RETURNING list_id",
            {"caller": user.sub, "name": name},
        )
        row = await cur.fetchone()
        assert row is not None
        return await get_list(conn, user.sub, row["list_id"])


async def update_list(
    conn: AsyncConnection,
    caller: str,
    list_id: uuid.UUID,
    *,
    name: str | None,
    archived: bool | None,
    position: int | None,
) -> dict[str, Any]:
    """Renames or archives the list (owners), and moves it among the caller's lists (any member)."""
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        if name is not None or archived is not None:
            await cur.execute(
                f"WITH {_LIST_TARGET}, changed AS (UPDATE {LISTS} l SET name = coalesce(%(name)s, l.name), "
                "archived_at = CASE WHEN %(archived)s::bool IS NULL THEN l.archived_at "
                "WHEN %(archived)s THEN coalesce(l.archived_at, now()) END, updated_at = now() "
                f"FROM target m WHERE l.id = %(list)s AND {ALLOWED} AND NOT m.is_inbox RETURNING 1) "
                "SELECT m.role::text AS role, m.is_inbox, EXISTS (SELECT 1 FROM changed) AS done FROM target m",
                {**params(caller, Operation.manage), "list": list_id, "name": name, "archived": archived},
            )
            _require_done(await cur.fetchone(), Operation.manage)
        if position is not None:
            await cur.execute(
                f"UPDATE {LIST_MEMBERS} SET position = %(position)s WHERE list_id = %(list)s AND user_id = %(caller)s",
                {"caller": caller, "list": list_id, "position": position},
            )
            if not cur.rowcount:
                raise NotAMember("No list with this id.")
        return await get_list(conn, caller, list_id)


def _require_done(row: dict[str, Any] | None, operation: Operation) -> None:
    """After a guarded change of a list: refused by role, or because the list is an Inbox, or done."""
    require(operation, row["role"] if row else None, "list")
    assert row is not None
    if not row["done"] and row["is_inbox"]:
        raise InboxIsPrivate("An Inbox is its owner's alone: it cannot be renamed, archived, shared or deleted.")


async def delete_list(conn: AsyncConnection, caller: str, list_id: uuid.UUID) -> None:
    """Deletes the list and, through the foreign keys, its todos, members and invitations."""
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"WITH {_LIST_TARGET}, gone AS (DELETE FROM {LISTS} l USING target m WHERE l.id = %(list)s "
            f"AND {ALLOWED} AND NOT m.is_inbox RETURNING 1) "
            "SELECT m.role::text AS role, m.is_inbox, EXISTS (SELECT 1 FROM gone) AS done FROM target m",
            {**params(caller, Operation.manage), "list": list_id},
        )
        _require_done(await cur.fetchone(), Operation.manage)


async def list_members(conn: AsyncConnection, caller: str, list_id: uuid.UUID) -> list[dict[str, Any]]:
    """Everyone in the list, for its members only (the caller is always among them)."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT o.user_id, u.email, u.name, o.role::text AS role, o.created_at AS joined_at "
            f"FROM {LIST_MEMBERS} m JOIN {LIST_MEMBERS} o ON o.list_id = m.list_id JOIN {USERS} u ON u.id = o.user_id "
            "WHERE m.list_id = %(list)s AND m.user_id = %(caller)s ORDER BY o.created_at, o.user_id",
            {"caller": caller, "list": list_id},
        )
        rows = await cur.fetchall()
    if not rows:
        raise NotAMember("No list with this id.")
    return rows


async def _lock_membership_changes(conn: AsyncConnection, list_id: uuid.UUID) -> None:
    """One change of the list's members at a time, so that two owners demoting or removing each other
    at once cannot leave it without one: the next statement then sees the other's change."""
    await conn.execute(f"SELECT 1 FROM {LISTS} WHERE id = %s FOR NO KEY UPDATE", (list_id,))


# Member %(member)s may stop being an owner: they are not one, or another owner remains.
_OWNER_REMAINS = (
    f"(o.role <> 'owner' OR EXISTS (SELECT 1 FROM {LIST_MEMBERS} w WHERE w.list_id = %(list)s AND w.role = 'owner' "
    "AND w.user_id <> %(member)s))"
)


async def change_member_role(
    conn: AsyncConnection, caller: str, list_id: uuid.UUID, member: str, role: str
) -> dict[str, Any]:
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await _lock_membership_changes(conn, list_id)
        await cur.execute(
            f"WITH {_LIST_TARGET}, changed AS (UPDATE {LIST_MEMBERS} o SET role = %(role)s::todo_api.list_role "
            f"FROM target m WHERE o.list_id = %(list)s AND o.user_id = %(member)s AND {ALLOWED} "
            f"AND (%(role)s = 'owner' OR {_OWNER_REMAINS}) RETURNING 1) "
            "SELECT m.role::text AS role, EXISTS (SELECT 1 FROM changed) AS done, "
            f"EXISTS (SELECT 1 FROM {LIST_MEMBERS} WHERE list_id = %(list)s AND user_id = %(member)s) AS is_member "
            "FROM target m",
            {**params(caller, Operation.manage), "list": list_id, "member": member, "role": role},
        )
        _require_member_change(await cur.fetchone(), Operation.manage)
        [changed] = [row for row in await list_members(conn, caller, list_id) if row["user_id"] == member]
    return changed


async def remove_member(conn: AsyncConnection, caller: str, list_id: uuid.UUID, member: str) -> Operation:
    """Removes a member (owners), or the caller themselves (leaving); never the last owner. Which it was."""
    operation = Operation.leave if member == caller else Operation.manage
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await _lock_membership_changes(conn, list_id)
        await cur.execute(
            f"WITH {_LIST_TARGET}, gone AS (DELETE FROM {LIST_MEMBERS} o USING target m WHERE o.list_id = %(list)s "
            f"AND o.user_id = %(member)s AND {ALLOWED} AND {_OWNER_REMAINS} RETURNING 1) "
            "SELECT m.role::text AS role, EXISTS (SELECT 1 FROM gone) AS done, "
            f"EXISTS (SELECT 1 FROM {LIST_MEMBERS} WHERE list_id = %(list)s AND user_id = %(member)s) AS is_member "
            "FROM target m",
            {**params(caller, operation), "list": list_id, "member": member},
        )
        _require_member_change(await cur.fetchone(), operation)
    return operation


def _require_member_change(row: dict[str, Any] | None, operation: Operation) -> None:
    require(operation, row["role"] if row else None, "list")
    assert row is not None
    if not row["done"]:
        if not row["is_member"]:
            raise NotAMember("No member with this id in this list.")
        raise LastOwner("A list needs an owner: make another member owner first, or delete the list.")


async def create_invitation(
    conn: AsyncConnection, caller: str, list_id: uuid.UUID, email: str, role: str
) -> dict[str, Any]:
    """An invitation by email, with the one-time token to mail; only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"WITH {_LIST_TARGET}, invited AS (INSERT INTO {LIST_INVITATIONS} "
            "(list_id, email, role, token_hash, invited_by, expires_at) "
            "SELECT %(list)s::uuid, %(email)s, %(role)s::todo_api.list_role, %(hash)s, %(caller)s::varchar, "
            "now() + %(lifetime)s::interval "
            f"FROM target m WHERE {ALLOWED} AND NOT m.is_inbox RETURNING id, list_id, email, role::text, expires_at) "
            "SELECT m.role::text AS role, m.is_inbox, invited.id IS NOT NULL AS done, invited.id, invited.list_id, "
            "invited.email, invited.role AS invited_role, invited.expires_at FROM target m LEFT JOIN invited ON true",
            {
                **params(caller, Operation.manage),
                "list": list_id,
                "email": email,
                "role": role,
                "hash": _token_hash(token),
                "lifetime": INVITATION_LIFETIME,
            },
        )
        row = await cur.fetchone()
    _require_done(row, Operation.manage)
    assert row is not None
    return {**row, "role": row["invited_role"], "token": token}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def accept_invitation(conn: AsyncConnection, user: VerifiedToken, token: str) -> dict[str, Any]:
    """Makes the caller a member with the invitation's role (an existing member keeps the higher role):
    only for the email it was sent to, once, before it expires."""
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await upsert_user(conn, user)
        # The list's row first, as the new membership's foreign key will take it: a deletion of the list
        # under way then ends first, taking the invitation with it (404), instead of deadlocking with
        # this transaction over the invitation's row (a 500).
        await cur.execute(
            f"SELECT 1 FROM {LIST_INVITATIONS} i JOIN {LISTS} l ON l.id = i.list_id WHERE i.token_hash = %s "
            "FOR KEY SHARE OF l",
            (_token_hash(token),),
        )
        await cur.execute(
            f"WITH invitation AS (UPDATE {LIST_INVITATIONS} SET accepted_at = now() WHERE token_hash = %(hash)s "
            "AND accepted_at IS NULL AND expires_at > now() AND lower(email) = lower(%(email)s) "
            f"RETURNING list_id, role), joined AS (INSERT INTO {LIST_MEMBERS} (list_id, user_id, role, position) "
            f"SELECT list_id, %(caller)s::varchar, role, {_NEXT_POSITION} FROM invitation "
            "ON CONFLICT (list_id, user_id) "
            f"DO UPDATE SET role = greatest({LIST_MEMBERS}.role, excluded.role) RETURNING list_id) "
            "SELECT (SELECT list_id FROM joined), (SELECT lower(email) = lower(%(email)s) "
            f"FROM {LIST_INVITATIONS} WHERE token_hash = %(hash)s AND accepted_at IS NULL AND expires_at > now()) "
            "AS for_caller",
            {"caller": user.sub, "email": user.email, "hash": _token_hash(token)},
        )
        row = await cur.fetchone()
        assert row is not None
        if row["list_id"] is None:
            if row["for_caller"] is None:
                raise InvitationNotOpen("No open invitation with this token: it was accepted already, or expired.")
            raise InvitationForAnotherEmail("This invitation was sent to another email address than yours.")
        return await get_list(conn, user.sub, row["list_id"])
