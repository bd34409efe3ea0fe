from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from todo_api import crud
from todo_api.api.deps import CurrentUser, Database, forget_user
from todo_api.models import UserPublic

router = APIRouter(prefix="/v1/me", tags=["me"])


@router.get("", response_model=UserPublic)
async def read_me(user: CurrentUser, db: Database) -> dict[str, Any]:
    async with db.connection() as conn:
        profile = await crud.get_user(conn, user.sub)
        if profile is None:  # erased through another replica since this one last saw the user
            await crud.upsert_user(conn, user)
            profile = await crud.get_user(conn, user.sub)
    assert profile is not None
    # Of this sign-in, not of the account: it comes from the token, not the database.
    return {**profile, "amr": list(user.amr) if user.amr is not None else None}


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
async def delete_me(
    user: CurrentUser,
    db: Database,
    request: Request,
    shared_lists: Annotated[
        crud.SharedListsOnErasure,
        Query(
            description="A list the caller alone owns that has other members: `hand_over` makes its next member "
            "(the highest role, then the longest in it) its owner, `delete` deletes it with its todos"
        ),
    ] = "hand_over",
) -> None:
    """Erase the caller's user row, their memberships and the lists nobody else is in (their Inbox among
    them); the todos they created in lists that stay, stay (the web app then deletes the account)."""
    async with db.connection() as conn:
        await crud.delete_user(conn, user.sub, shared_lists)
    forget_user(request, user.sub)
