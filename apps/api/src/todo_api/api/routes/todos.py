import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from todo_api import crud
from todo_api.api.deps import CurrentUser, Database
from todo_api.core.errors import Problem
from todo_api.models import Cursor, Priority, SearchText, Tag, TodoCreate, TodoPublic, TodosPage, TodoUpdate

router = APIRouter(prefix="/v1/todos", tags=["todos"])

NOT_FOUND = "No todo with this id."


@router.get("", response_model=TodosPage)
async def list_todos(
    user: CurrentUser,
    db: Database,
    status: crud.StatusFilter = "all",
    priority: Priority | None = None,
    tag: Tag | None = None,
    q: Annotated[SearchText | None, Query(description="Text to find in title or description")] = None,
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
            status=status,
            priority=priority.value if priority else None,
            tag=tag,
            search=q,
            sort=sort,
            order=order,
            limit=limit,
            cursor=cursor,
        )
    return {"items": items, "next_cursor": next_cursor}


@router.post("", response_model=TodoPublic, status_code=status.HTTP_201_CREATED)
async def create_todo(user: CurrentUser, db: Database, todo: TodoCreate, response: Response) -> dict[str, Any]:
    async with db.connection() as conn:
        created = await crud.create_todo(conn, user, todo)
    response.headers["Location"] = f"{router.prefix}/{created['id']}"
    return created


@router.get("/{todo_id}", response_model=TodoPublic)
async def read_todo(user: CurrentUser, db: Database, todo_id: uuid.UUID) -> dict[str, Any]:
    async with db.connection() as conn:
        todo = await crud.get_todo(conn, user.sub, todo_id)
    if todo is None:
        raise Problem(404, NOT_FOUND)
    return todo


@router.patch("/{todo_id}", response_model=TodoPublic)
async def update_todo(user: CurrentUser, db: Database, todo_id: uuid.UUID, changes: TodoUpdate) -> dict[str, Any]:
    async with db.connection() as conn:
        todo = await crud.update_todo(conn, user.sub, todo_id, changes)
    if todo is None:
        raise Problem(404, NOT_FOUND)
    return todo


@router.delete("/{todo_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_todo(user: CurrentUser, db: Database, todo_id: uuid.UUID) -> None:
    async with db.connection() as conn:
        deleted = await crud.delete_todo(conn, user.sub, todo_id)
    if not deleted:
        raise Problem(404, NOT_FOUND)
