"""Authorization beyond ownership, in one place: who may do what with a list and the todos in it.

The identity comes from the token's `sub` only; membership and role come from the API's own
`list_members`. Every statement of crud.py that reads or writes a list or a todo joins the caller's
membership (`member_of`) and compares its role (`ALLOWED`) itself, so the check and the act are one
statement and no change of membership can slip between them; a write also locks the membership row
it relied on (FOR SHARE), so a removal waits for it rather than overtaking it. When a statement did
nothing it returns the role it found, and `refuse` decides the answer from it: a caller who is not a
member learns nothing, not even that the list or todo exists (404); a member whose role is too low is
told so (403). A denial is counted and logged with the operation and the caller's role only.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import NoReturn

from todo_api.core.metrics import AUTHORIZATION_DENIALS
from todo_api.models import SCHEMA, Role
from todo_api.refusals import NotAMember, RoleTooLow

logger = logging.getLogger("todo_api")

LIST_MEMBERS = f"{SCHEMA}.list_members"


class Operation(StrEnum):
    """What a caller may do with a list, each with the least role that may do it (NEEDS)."""

    read = "read"
    reorder = "reorder"
    leave = "leave"
    edit_todos = "edit todos"
    manage = "manage"


NEEDS: dict[Operation, Role] = {
    Operation.read: Role.viewer,
    # Each member orders their own lists, and anyone may leave.
    Operation.reorder: Role.viewer,
    Operation.leave: Role.viewer,
    # Add, change, complete, move, delete and restore todos; clear the completed ones.
    Operation.edit_todos: Role.editor,
    # Rename, archive, delete the list; invite, change roles, remove members.
    Operation.manage: Role.owner,
}

# The caller's role is at least the one the operation needs (list_role sorts in rank order).
ALLOWED = "m.role >= %(needed)s::todo_api.list_role"


def member_of(list_column: str) -> str:
    """The join that keeps only what is in a list the caller (`%(caller)s`) is a member of, as `m`."""
    return f"JOIN {LIST_MEMBERS} m ON m.list_id = {list_column} AND m.user_id = %(caller)s"


def params(caller: str, operation: Operation) -> dict[str, str]:
    return {"caller": caller, "needed": NEEDS[operation].value}


def require(operation: Operation, role: str | None, what: str) -> None:
    """After a statement did nothing: refuses when the caller's `role` in the list (None: not a member)
    is why, and returns when the role allowed the operation (it failed for another reason)."""
    ranks = list(Role)
    if role is None or ranks.index(Role(role)) < ranks.index(NEEDS[operation]):
        refuse(operation, role, what)


def refuse(operation: Operation, role: str | None, what: str) -> NoReturn:
    AUTHORIZATION_DENIALS.labels(operation.value, role or "none").inc()
    logger.info("authorization denied", extra={"operation": operation.value, "role": role or "none"})
    if role is None:
        raise NotAMember(f"No {what} with this id.")
    raise RoleTooLow(f"As {role} of this list you cannot {operation.value}; that needs {NEEDS[operation].value}.")
