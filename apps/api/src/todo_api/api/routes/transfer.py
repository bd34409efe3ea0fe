"""Export (streamed JSON and CSV of every list the caller is in) and import (a Todoist CSV)."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from todo_api import transfer
from todo_api.api.deps import CurrentUser, Database
from todo_api.core.errors import Problem

router = APIRouter(prefix="/v1", tags=["transfer"])

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def _attachment(extension: str) -> dict[str, str]:
    """Saved by the browser as a file named for the day, never shown in the page."""
    return {"Content-Disposition": f'attachment; filename="todos-{datetime.now(UTC):%Y-%m-%d}.{extension}"'}


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"description": "`{lists, todos}`, streamed", "content": {"application/json": {}}}},
)
async def export_json(user: CurrentUser, db: Database) -> StreamingResponse:
    """Every list the caller is a member of (with their role in it) and every todo in them, as one JSON
    object written while it is read."""
    return StreamingResponse(
        transfer.export_json(db, user.sub), media_type="application/json", headers=_attachment("json")
    )


@router.get(
    "/export/csv",
    response_class=StreamingResponse,
    responses={200: {"description": "One line per todo, streamed", "content": {CSV_MEDIA_TYPE: {}}}},
)
async def export_csv(user: CurrentUser, db: Database) -> StreamingResponse:
    """The todos of every list the caller is a member of as CSV, cells a spreadsheet would read as a
    formula neutralised with a leading apostrophe."""
    return StreamingResponse(transfer.export_csv(db, user.sub), media_type=CSV_MEDIA_TYPE, headers=_attachment("csv"))


@router.post(
    "/import/todoist",
    response_model=transfer.ImportReport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string", "maxLength": transfer.IMPORT_MAX_BYTES}}},
        }
    },
)
async def import_todoist(
    user: CurrentUser,
    db: Database,
    request: Request,
    list_id: Annotated[
        uuid.UUID | None, Query(description="The list to import into; the caller's Inbox if left out")
    ] = None,
) -> dict[str, Any]:
    """Creates a todo for each "task" row of a CSV in Todoist's format not imported into this list before;
    reports every other row with the reason it was skipped."""
    content = await request.body()
    try:
        async with db.connection() as conn:
            return await transfer.import_todos(conn, user, list_id, content)
    except transfer.ImportRefused as refusal:
        raise Problem(refusal.status, str(refusal), title="File not imported") from refusal
