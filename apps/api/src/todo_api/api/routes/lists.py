"""Lists, their members and invitations. Who may do what is decided in the statements themselves
(todo_api.access): a list the caller is not in answers 404, a role too low 403."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response, status

from todo_api import crud
from todo_api.access import Operation
from todo_api.api.deps import CurrentUser, Database, invitations_within_limit
from todo_api.core.metrics import LIST_EVENTS
from todo_api.models import (
    InvitationAccept,
    InvitationCreate,
    InvitationPublic,
    ListCollection,
    ListCreate,
    ListPublic,
    ListUpdate,
    MemberList,
    MemberPublic,
    MemberUpdate,
)

router = APIRouter(prefix="/v1/lists", tags=["lists"])
invitations = APIRouter(prefix="/v1/invitations", tags=["invitations"])

MemberId = Annotated[str, Path(max_length=255, description="The member's user id (`user_id` of a member)")]


@router.get("", response_model=ListCollection)
async def list_lists(user: CurrentUser, db: Database) -> dict[str, Any]:
    async with db.connection() as conn:
        return {"items": await crud.list_lists(conn, user.sub)}


@router.post("", response_model=ListPublic, status_code=status.HTTP_201_CREATED)
async def create_list(user: CurrentUser, db: Database, new: ListCreate, response: Response) -> dict[str, Any]:
    async with db.connection() as conn:
        created = await crud.create_list(conn, user, new.name)
    LIST_EVENTS.labels("list_created").inc()
    response.headers["Location"] = f"{router.prefix}/{created['id']}"
    return created


@router.get("/{list_id}", response_model=ListPublic)
async def read_list(user: CurrentUser, db: Database, list_id: uuid.UUID) -> dict[str, Any]:
    async with db.connection() as conn:
        return await crud.get_list(conn, user.sub, list_id)


@router.patch("/{list_id}", response_model=ListPublic)
async def update_list(user: CurrentUser, db: Database, list_id: uuid.UUID, changes: ListUpdate) -> dict[str, Any]:
    """Rename or archive (owners), or move the list among the caller's lists (any member)."""
    fields = changes.model_dump(exclude_unset=True)
    async with db.connection() as conn:
        updated = await crud.update_list(
            conn,
            user.sub,
            list_id,
            name=fields.get("name"),
            archived=fields.get("archived"),
            position=fields.get("position"),
        )
    for event in ("name", "archived", "position"):
        if event in fields:
            LIST_EVENTS.labels(f"list_{event}_changed").inc()
    return updated


@router.delete("/{list_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_list(user: CurrentUser, db: Database, list_id: uuid.UUID) -> None:
    """Deletes the list with its todos, for good (owners; never an Inbox)."""
    async with db.connection() as conn:
        await crud.delete_list(conn, user.sub, list_id)
    LIST_EVENTS.labels("list_deleted").inc()


@router.get("/{list_id}/members", response_model=MemberList)
async def list_members(user: CurrentUser, db: Database, list_id: uuid.UUID) -> dict[str, Any]:
    async with db.connection() as conn:
        return {"items": await crud.list_members(conn, user.sub, list_id)}


@router.patch("/{list_id}/members/{user_id}", response_model=MemberPublic)
async def update_member(
    user: CurrentUser, db: Database, list_id: uuid.UUID, user_id: MemberId, change: MemberUpdate
) -> dict[str, Any]:
    """Changes a member's role (owners); the last owner cannot stop being one (409)."""
    async with db.connection() as conn:
        changed = await crud.change_member_role(conn, user.sub, list_id, user_id, change.role.value)
    LIST_EVENTS.labels("member_role_changed").inc()
    return changed


@router.delete("/{list_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(user: CurrentUser, db: Database, list_id: uuid.UUID, user_id: MemberId) -> None:
    """Removes a member (owners), or leaves the list (the caller's own id); never the last owner (409)."""
    async with db.connection() as conn:
        operation = await crud.remove_member(conn, user.sub, list_id, user_id)
    LIST_EVENTS.labels("member_left" if operation is Operation.leave else "member_removed").inc()


@router.post(
    "/{list_id}/invitations",
    response_model=InvitationPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(invitations_within_limit)],
)
async def invite(user: CurrentUser, db: Database, list_id: uuid.UUID, invitation: InvitationCreate) -> dict[str, Any]:
    """Invites by email (owners); the answer holds the one-time token for the web app to mail."""
    async with db.connection() as conn:
        created = await crud.create_invitation(conn, user.sub, list_id, invitation.email, invitation.role.value)
    LIST_EVENTS.labels("member_invited").inc()
    return created


@invitations.post("/accept", response_model=ListPublic)
async def accept_invitation(user: CurrentUser, db: Database, acceptance: InvitationAccept) -> dict[str, Any]:
    """Joins the list with the invited role: only a caller whose token carries the invited email, once,
    before the invitation expires."""
    async with db.connection() as conn:
        joined = await crud.accept_invitation(conn, user, acceptance.token)
    LIST_EVENTS.labels("invitation_accepted").inc()
    return joined
