"""Export and import: the caller's lists and todos out as streamed JSON or CSV, and a Todoist CSV in.

Export reads every list the caller is a member of, whatever the role (viewer is enough: it is the
caller's data as they see it), list by list in keyset pages of EXPORT_PAGE todos, each page a
statement of its own on a connection taken from the pool only for that statement. Memory stays at
one page however many todos there are, and a slow download holds no connection. The pages are not one
snapshot: a todo changed during a long export appears as it was when its page was read.

Import reads Todoist's CSV format (https://todoist.com/help/articles/format-a-csv-file-to-import-into-todoist-UVUXTmm6):
"task" rows become todos, every other row is reported as skipped with its reason. Each imported
todo's id is derived from the target list and the row's content (UUIDv5), and inserted with
ON CONFLICT DO NOTHING, so importing the same file again, or a later export of the same project
holding the same tasks, creates nothing new, however long after.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel, Field, ValidationError

from todo_api import crud
from todo_api.access import ALLOWED, LIST_MEMBERS, Operation, member_of, params, require
from todo_api.core.token_verifier import VerifiedToken
from todo_api.models import Priority, TodoCreate, TodoPublic

# Todos per page of an export: one page is all an export holds in memory.
EXPORT_PAGE = 500
# An import's bounds: a Todoist project of a few thousand tasks fits in both.
IMPORT_MAX_BYTES = 1024 * 1024
IMPORT_MAX_ROWS = 5000

# The columns of the CSV export, in order; tags are one cell, separated by ", ".
CSV_COLUMNS = (
    "list",
    "role",
    "title",
    "description",
    "completed",
    "priority",
    "due_at",
    "due_date",
    "tags",
    "created_at",
    "updated_at",
    "id",
)
# A spreadsheet reads a cell starting with one of these as a formula (OWASP's "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# --- export -------------------------------------------------------------------------------------


async def _todo_pages(pool: AsyncConnectionPool[Any], caller: str, list_id: uuid.UUID) -> AsyncIterator[dict[str, Any]]:
    """The list's todos oldest first, a page per statement, while the caller is still a member."""
    after: tuple[datetime, uuid.UUID] | None = None
    while True:
        async with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                f"SELECT {crud._qualified('t')} FROM {crud.TODOS} t {member_of('t.list_id')} "
                "WHERE t.list_id = %(list)s AND (%(after_created)s::timestamptz IS NULL "
                "OR (t.created_at, t.id) > (%(after_created)s, %(after_id)s::uuid)) "
                "ORDER BY t.created_at, t.id LIMIT %(page)s",
                {
                    "caller": caller,
                    "list": list_id,
                    "after_created": after[0] if after else None,
                    "after_id": after[1] if after else None,
                    "page": EXPORT_PAGE,
                },
            )
            rows = await cur.fetchall()
        for row in rows:
            yield row
        if len(rows) < EXPORT_PAGE:
            return
        after = (rows[-1]["created_at"], rows[-1]["id"])


async def _lists(pool: AsyncConnectionPool[Any], caller: str) -> list[dict[str, Any]]:
    async with pool.connection() as conn:
        return await crud.list_lists(conn, caller)


def _public_list(row: dict[str, Any]) -> dict[str, Any]:
    """A list as the export shows it: the caller's role in it says whether they own it or it is shared with them."""
    return {
        "id": str(row["id"]),
        "name": row["name"],
        "is_inbox": row["is_inbox"],
        "role": row["role"],
        "archived_at": row["archived_at"].isoformat() if row["archived_at"] else None,
        "created_at": row["created_at"].isoformat(),
        "member_count": row["member_count"],
    }


async def export_json(pool: AsyncConnectionPool[Any], caller: str) -> AsyncIterator[bytes]:
    """One JSON object, `{"lists": [...], "todos": [...]}`, written as it is read. The web app puts its
    own members (account, security events) in front of these, so the object starts with `{"lists"`."""
    lists = await _lists(pool, caller)
    yield b'{"lists": ' + json.dumps([_public_list(row) for row in lists]).encode() + b', "todos": ['
    first = True
    for listed in lists:
        async for row in _todo_pages(pool, caller, listed["id"]):
            yield (b"" if first else b",") + b"\n" + TodoPublic.model_validate(row).model_dump_json().encode()
            first = False
    yield b"\n]}\n"


def neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _csv_line(values: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralised(value) for value in values])
    return buffer.getvalue().encode()


async def export_csv(pool: AsyncConnectionPool[Any], caller: str) -> AsyncIterator[bytes]:
    """The todos of every list of the caller's as CSV (RFC 4180, UTF-8 with a byte order mark so that
    spreadsheets read it as UTF-8), a line per todo, written as they are read."""
    yield "\ufeff".encode() + _csv_line(list(CSV_COLUMNS))
    for listed in await _lists(pool, caller):
        async for row in _todo_pages(pool, caller, listed["id"]):
            todo = TodoPublic.model_validate(row)
            yield _csv_line(
                [
                    listed["name"],
                    listed["role"],
                    todo.title,
                    todo.description or "",
                    "true" if todo.completed else "false",
                    todo.priority.value,
                    todo.due_at.isoformat() if todo.due_at else "",
                    todo.due_date.isoformat() if todo.due_date else "",
                    ", ".join(todo.tags),
                    todo.created_at.isoformat(),
                    todo.updated_at.isoformat(),
                    str(todo.id),
                ]
            )


# --- import -------------------------------------------------------------------------------------

# Todoist's p1 (highest) to p4 (lowest) on our three levels; an empty cell is p1, as Todoist reads it.
TODOIST_PRIORITIES = {
    "1": Priority.high,
    "2": Priority.medium,
    "3": Priority.medium,
    "4": Priority.low,
    "": Priority.high,
}
# Todoist labels in a task's CONTENT: "@label", up to the next space.
LABEL = re.compile(r"(?:^|(?<=\s))@([^\s@]+)")
# The due dates read: a day, or a day and a time (Todoist's own exports write other forms too, such as "every monday").
DUE_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DUE_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?")
REQUIRED_COLUMNS = ("TYPE", "CONTENT")
# Ids of imported todos: UUIDv5 in this namespace, of the list and the row.
IMPORT_NAMESPACE = uuid.UUID("6f1c7a52-4d0e-4b8a-9f5e-2b7d1c9e3a10")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (not a Todoist CSV, too many rows); nothing was imported."""

    def __init__(self, detail: str, status: int = 422) -> None:
        super().__init__(detail)
        self.status = status


class RowReport(BaseModel):
    row: int = Field(description="The row in the file, as a spreadsheet numbers it (the header is row 1)")
    reason: str


class ImportReport(BaseModel):
    list_id: uuid.UUID = Field(description="The list the todos were imported into")
    imported: int = Field(description="Todos created")
    already_imported: int = Field(description="Tasks imported into this list before, so not created again")
    skipped: list[RowReport] = Field(description="Rows not imported, and why")
    notes: list[RowReport] = Field(description="Rows imported with a change, and which")


@dataclass
class ImportPlan:
    """What a file holds: the todos to create (with the row each came from) and what is left out."""

    todos: list[tuple[int, TodoCreate, str]] = field(default_factory=list)
    skipped: list[RowReport] = field(default_factory=list)
    notes: list[RowReport] = field(default_factory=list)


def _rows(content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's records with their spreadsheet row number (the header is row 1)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused("The file is not UTF-8 text; export it again from Todoist as CSV.") from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().upper() for name in next(reader, [])]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise ImportRefused(
                f"This is not a Todoist CSV: it has no {' or '.join(missing)} column. "
                "Its first line must name the columns TYPE, CONTENT, DESCRIPTION, PRIORITY, …"
            )
        for number, values in enumerate(reader, start=2):
            if number - 1 > IMPORT_MAX_ROWS:
                raise ImportRefused(
                    f"The file has more than {IMPORT_MAX_ROWS} rows; split it and import each part.", status=413
                )
            yield number, {name: value.strip() for name, value in zip(header, values, strict=False)}
    except csv.Error as error:
        raise ImportRefused(f"The file is not valid CSV: {error}.") from error


def _due(row: dict[str, str], number: int, plan: ImportPlan) -> dict[str, Any]:
    text = row.get("DATE", "")
    if not text:
        return {}
    if DUE_DAY.fullmatch(text):
        return {"due_date": text}
    if DUE_MOMENT.fullmatch(text):
        try:
            zone = ZoneInfo(row.get("TIMEZONE") or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
            plan.notes.append(
                RowReport(row=number, reason=f'Time zone "{row["TIMEZONE"]}" unknown: the due time is read as UTC.')
            )
        try:
            return {"due_at": datetime.fromisoformat(text).replace(tzinfo=zone).isoformat()}
        except ValueError:
            pass
    plan.notes.append(RowReport(row=number, reason=f'Due date "{text}" not understood: imported without a due date.'))
    return {}


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "row"
    return f"{where}: {first['msg']}"


def plan_import(content: bytes, list_id: uuid.UUID) -> ImportPlan:
    """Reads a Todoist CSV into todos to create and rows skipped with their reasons; raises ImportRefused
    for a file that is not one."""
    plan = ImportPlan()
    seen: Counter[str] = Counter()
    for number, row in _rows(content):
        kind = row.get("TYPE", "")
        if not any(row.values()):
            continue  # Todoist separates tasks with empty lines: not rows of data.
        if kind != "task":
            plan.skipped.append(
                RowReport(row=number, reason=f'A "{kind}" row: only tasks are imported.' if kind else "No TYPE.")
            )
            continue
        priority = TODOIST_PRIORITIES.get(row.get("PRIORITY", ""))
        if priority is None:
            plan.skipped.append(RowReport(row=number, reason=f'PRIORITY "{row["PRIORITY"]}" is not 1, 2, 3 or 4.'))
            continue
        content_cell = row.get("CONTENT", "")
        title = " ".join(LABEL.sub("", content_cell).split())
        try:
            todo = TodoCreate.model_validate(
                {
                    "title": title,
                    "description": row.get("DESCRIPTION") or None,
                    "priority": priority,
                    "tags": LABEL.findall(content_cell),
                    **_due(row, number, plan),
                }
            )
        except ValidationError as error:
            plan.skipped.append(RowReport(row=number, reason=_reason(error) if title else "No task name in CONTENT."))
            continue
        # The same row twice in a file is two todos; the same row in a later file is the same todo.
        fingerprint = json.dumps(sorted(row.items()))
        seen[fingerprint] += 1
        plan.todos.append((number, todo, f"{list_id}\n{fingerprint}\n{seen[fingerprint]}"))
    return plan


def import_id(key: str) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, hashlib.sha256(key.encode()).hexdigest())


async def import_todos(
    conn: AsyncConnection, user: VerifiedToken, list_id: uuid.UUID | None, content: bytes
) -> dict[str, Any]:
    """Creates the file's tasks in the list (the caller's Inbox when None) if the caller may add todos
    there: those not imported before, in one transaction. The report counts what was created and what
    was there already, and lists each row skipped or changed with its reason."""
    async with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await crud.upsert_user(conn, user)
        await cur.execute(
            f"SELECT m.list_id, m.role::text AS role FROM {LIST_MEMBERS} m WHERE m.user_id = %(caller)s "
            f"AND m.list_id = coalesce(%(list)s, (SELECT id FROM {crud.LISTS} WHERE inbox_of = %(caller)s)) "
            f"AND {ALLOWED} FOR SHARE",
            {**params(user.sub, Operation.edit_todos), "list": list_id},
        )
        target = await cur.fetchone()
        if target is None:
            require(Operation.edit_todos, await crud.member_role(conn, user.sub, list_id) if list_id else None, "list")
        assert target is not None
        plan = plan_import(content, target["list_id"])
        rows = [
            {"id": str(import_id(key)), **todo.model_dump(mode="json", exclude={"list_id", "completed"})}
            for _, todo, key in plan.todos
        ]
        # The file's first task is the newest, so the list, newest first, shows them in the file's order.
        # Never again an id that is a todo already, nor one deleted and still restorable (its undo would collide).
        await cur.execute(
            f"INSERT INTO {crud.TODOS} "
            "(id, owner_id, list_id, title, description, priority, due_at, due_date, tags, created_at, updated_at) "
            "SELECT r.id, %(caller)s, %(list)s, r.title, r.description, r.priority, r.due_at, r.due_date, "
            "ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.created_at, r.created_at "
            "FROM (SELECT r.*, now() - n * interval '1 microsecond' AS created_at "
            "FROM ROWS FROM (jsonb_to_recordset(%(rows)s) AS (id uuid, title text, description text, "
            "priority todo_api.todo_priority, due_at timestamptz, due_date date, tags jsonb)) "
            "WITH ORDINALITY AS r(id, title, description, priority, due_at, due_date, tags, n)) r "
            f"WHERE NOT EXISTS (SELECT 1 FROM {crud.DELETED_TODOS} d WHERE d.id = r.id) "
            "ON CONFLICT (id) DO NOTHING RETURNING id",
            {"caller": user.sub, "list": target["list_id"], "rows": Jsonb(rows)},
        )
        created = len(await cur.fetchall())
    return {
        "list_id": target["list_id"],
        "imported": created,
        "already_imported": len(rows) - created,
        "skipped": plan.skipped,
        "notes": plan.notes,
    }
