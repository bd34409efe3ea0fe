import uuid
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Header, Query, Response, status
from psycopg import AsyncConnection
from starlette.convertors import Convertor, register_url_convertor

from todo_api import crud
from todo_api.api.deps import CurrentUser, Database
from todo_api.api.preconditions import IfMatch, changed_elsewhere, etag
from todo_api.core.errors import Problem
from todo_api.models import (
    Cursor,
    Deletion,
    DueAt,
    Priority,
    Restored,
    RestoreRequest,
    SearchText,
    Tag,
    TagList,
    TodoCounts,
    TodoCreate,
    TodoPublic,
    TodosPage,
    TodoUpdate,
)

router = APIRouter(prefix="/v1/todos", tags=["todos"])

# The routes beside /v1/todos/{todo_id}: their names are not todo ids.
NAMED_ROUTES = ("counts", "tags", "clear-completed", "restore")


class TodoIdSegment(Convertor[str]):
    """Any path segment but the names of the routes beside it: a method those routes do not answer
    gets 405 there, rather than 422 from {todo_id} for a malformed id. The id itself is checked by FastAPI."""

    regex = f"(?!(?:{'|'.join(NAMED_ROUTES)})$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("todo_id", TodoIdSegment())

NOT_FOUND = "No todo with this id."
# The list to read or clear; every list of the caller's when left out.
ListFilter = Annotated[uuid.UUID | None, Query(description="Only this list; all of the caller's lists if left out")]


@router.get("", response_model=TodosPage)
async def list_todos(
    user: CurrentUser,
    db: Database,
    list_id: ListFilter = None,
    status: crud.StatusFilter = "all",
    priority: Priority | None = None,
    tag: Tag | None = None,
    q: Annotated[SearchText | None, Query(description="Text to find in title or description")] = None,
    due_from: Annotated[
        DueAt | None,
        Query(description="Only todos due at or after this moment (a due day: from its day, in its offset)"),
    ] = None,
    due_before: Annotated[
        DueAt | None,
        Query(description="Only todos due before this moment (a due day: before its day, in its offset)"),
    ] = None,
    sort: crud.SortField = "created",
    order: Annotated[
        crud.SortOrder | None, Query(description="Default: desc for created and priority, asc otherwise")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[Cursor | None, Query(description="`next_cursor` of the previous page")] = None,
) -> dict[str, Any]:
    async with db.connection() as conn:
        items, next_cursor = await crud.list_todos(
            conn,
            user.sub,
            list_id=list_id,
            status=status,
            priority=priority.value if priority else None,
            tag=tag,
            search=q,
            due=crud.DueWindow(due_from, due_before),
            sort=sort,
            order=order,
            limit=limit,
            cursor=cursor,
        )
    return {"items": items, "next_cursor": next_cursor}


@router.post("", response_model=TodoPublic, status_code=status.HTTP_201_CREATED)
async def create_todo(
    user: CurrentUser,
    db: Database,
    todo: TodoCreate,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=r"^[!-~]{1,255}$",
            description="A retry with the same key and body gets the first answer and creates nothing (24 hours)",
        ),
    ] = None,
) -> dict[str, Any]:
    async with db.connection() as conn:
        created, replayed = await crud.create_todo(conn, user, todo, idempotency_key)
    response.headers["Location"] = f"{router.prefix}/{created['id']}"
    response.headers["ETag"] = etag(created["version"])
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return created


# Apart from the list: a page is filtered and paged, the counts are of the whole list, and a client
# asks for them after a change without reloading its page (nor counting on every page it loads).
@router.get("/counts", response_model=TodoCounts)
async def count_todos(user: CurrentUser, db: Database, list_id: ListFilter = None) -> dict[str, Any]:
    """How many active and completed todos the list (or all the caller's lists) holds, whatever a page's filters."""
    async with db.connection() as conn:
        return await crud.count_todos(conn, user.sub, list_id)


@router.get("/tags", response_model=TagList)
async def list_tags(
    user: CurrentUser, db: Database, list_id: ListFilter = None, limit: Annotated[int, Query(ge=1, le=100)] = 50
) -> dict[str, Any]:
    """The tags of the list (or all the caller's lists) with how many todos carry each, most used first:
    suggestions for a tag field."""
    async with db.connection() as conn:
        return {"items": await crud.list_tags(conn, user.sub, list_id, limit)}


@router.post(
    "/clear-completed",
    response_model=Deletion,
    description=f"Deletes the completed todos of the list (or of every list the caller may edit), at most "
    f"{crud.CLEAR_BOUND} per call (`more` says whether "
    f"some remain); POST /v1/todos/restore with the `deletion_id` undoes it for {crud.UNDO_WINDOW}.",
)
async def clear_completed_todos(user: CurrentUser, db: Database, list_id: ListFilter = None) -> dict[str, Any]:
    async with db.connection() as conn:
        return await crud.clear_completed(conn, user.sub, list_id)


@router.post(
    "/restore",
    response_model=Restored,
    description=f"Undoes a deletion of the last {crud.UNDO_WINDOW}: a clear's `deletion_id`, or a deleted todo's id.",
)
async def restore_todos(user: CurrentUser, db: Database, request: RestoreRequest) -> dict[str, Any]:
    async with db.connection() as conn:
        restored = await crud.restore_deletion(conn, user.sub, request.deletion_id)
    if not restored:
        raise Problem(
            404,
            f"Nothing to restore: this deletion was undone already, or is more than {crud.UNDO_WINDOW} old.",
            title="Nothing to restore",
        )
    return {"restored": restored}


@router.get("/{todo_id:todo_id}", response_model=TodoPublic)
async def read_todo(user: CurrentUser, db: Database, todo_id: uuid.UUID, response: Response) -> dict[str, Any]:
    async with db.connection() as conn:
        todo = await crud.get_todo(conn, user.sub, todo_id)
    if todo is None:
        raise Problem(404, NOT_FOUND)
    response.headers["ETag"] = etag(todo["version"])
    return todo


@router.patch("/{todo_id:todo_id}", response_model=TodoPublic)
async def update_todo(
    user: CurrentUser, db: Database, todo_id: uuid.UUID, changes: TodoUpdate, if_match: IfMatch, response: Response
) -> dict[str, Any]:
    async with db.connection() as conn:
        todo = await crud.update_todo(conn, user.sub, todo_id, changes, if_match)
        if todo is None:
            await _refuse_missing_or_changed(conn, user.sub, todo_id)
    response.headers["ETag"] = etag(todo["version"])
    return todo


@router.delete(
    "/{todo_id:todo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    description=f"POST /v1/todos/restore with the todo's id undoes the deletion for {crud.UNDO_WINDOW}.",
)
async def delete_todo(user: CurrentUser, db: Database, todo_id: uuid.UUID, if_match: IfMatch) -> None:
    async with db.connection() as conn:
        if not await crud.delete_todo(conn, user.sub, todo_id, if_match):
            await _refuse_missing_or_changed(conn, user.sub, todo_id)


async def _refuse_missing_or_changed(conn: AsyncConnection, caller: str, todo_id: uuid.UUID) -> NoReturn:
    """After a change the caller's role allowed matched no row: 412 with the current todo if it is still
    there (the precondition failed), else 404 (it went meanwhile)."""
    current = await crud.get_todo(conn, caller, todo_id)
    if current is None:
        raise Problem(404, NOT_FOUND)
    raise changed_elsewhere(current)
