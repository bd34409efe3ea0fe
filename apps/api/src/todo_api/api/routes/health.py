from fastapi import APIRouter, Request, Response

from todo_api.api.deps import services
from todo_api.core.db import database_is_reachable
from todo_api.core.errors import Problem
from todo_api.core.metrics import render_metrics

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (liveness)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "The database is unreachable"}})
async def readyz(request: Request) -> dict[str, str]:
    """Ready to serve: the database answers."""
    if not await database_is_reachable(services(request).pool):
        raise Problem(503, "The database is unreachable.", title="Not ready", headers={"Retry-After": "2"})
    return {"status": "ready"}


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    body, content_type = render_metrics(request.headers.get("accept", ""))
    return Response(body, media_type=content_type)
