"""The floor that bench_api.py measures the API against: GET /v1/todos with nothing but the query.

It runs the API's own `crud.list_todos` on a connection from a plain psycopg pool of the API's size and
answers through the API's `TodosPage` model, so the SQL and the JSON are identical; what is missing is
exactly what the API adds per request: token verification, the Redis rate limiter, the users-table
upkeep and the metrics middleware. It reads the same environment as the API (`load_settings`), so both
use one database and one pool size.

Serve it with: uvicorn baseline_app:app --app-dir apps/api/benchmarks --port 18002 --no-access-log
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from psycopg_pool import AsyncConnectionPool
from todo_api import crud
from todo_api.core.config import load_settings
from todo_api.models import TodosPage

BENCH_USER_ID = "bench-user"


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = load_settings()
    # Fixed size: the API's pool grows to the same size during the warm-up run.
    pool = AsyncConnectionPool(
        settings.psycopg_conninfo,
        min_size=settings.db_pool_size,
        max_size=settings.db_pool_size,
        kwargs={"autocommit": True},
        open=False,
    )
    await pool.open(wait=True)
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/v1/todos", response_model=TodosPage)
async def list_todos() -> dict:
    async with app.state.pool.connection() as conn:
        items, next_cursor = await crud.list_todos(
            conn,
            BENCH_USER_ID,
            list_id=None,
            status="all",
            priority=None,
            tag=None,
            search=None,
            sort="created",
            order=None,
            limit=20,
            cursor=None,
        )
    return {"items": items, "next_cursor": next_cursor}
