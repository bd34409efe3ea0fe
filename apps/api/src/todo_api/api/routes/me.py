from typing import Any

from fastapi import APIRouter, Request, status

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
async def delete_me(user: CurrentUser, db: Database, request: Request) -> None:
    """Erase the caller's user row and every todo of theirs (the web app then deletes the account)."""
    async with db.connection() as conn:
        await crud.delete_user(conn, user.sub)
    forget_user(request, user.sub)
