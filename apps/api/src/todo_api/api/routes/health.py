from fastapi import APIRouter, Request, Response

from todo_api.api.deps import services
from todo_api.core.metrics import render_metrics

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (liveness)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "The database is unreachable"}})
async def readyz(request: Request) -> dict[str, str]:
    """Ready to serve: the database answers. A failure is answered as on any route (core/errors.py):
    a 503, and the pool tests its other connections, so a restart costs one failed check, not one per
    connection that died with it."""
    async with services(request).pool.connection(timeout=1.0) as conn:
        await conn.execute("SELECT 1")
    return {"status": "ready"}


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    body, content_type = render_metrics(request.headers.get("accept", ""))
    return Response(body, media_type=content_type)
