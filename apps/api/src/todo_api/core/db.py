"""The PostgreSQL connection pool of the request path (psycopg 3, async)."""

from __future__ import annotations

from psycopg_pool import AsyncConnectionPool

from todo_api.core.config import Settings

# A request waits this long for a connection before it gets a 503 instead of hanging.
CONNECTION_WAIT_SECONDS = 3.0


def create_pool(settings: Settings) -> AsyncConnectionPool:
    """Opened by the app's lifespan without waiting, so the API starts (and /readyz says 503)
    while the database is down, and reconnects by itself when it returns."""
    return AsyncConnectionPool(
        settings.psycopg_conninfo,
        min_size=min(2, settings.db_pool_size),
        max_size=settings.db_pool_size,
        kwargs={"autocommit": True, "connect_timeout": 3},
        timeout=CONNECTION_WAIT_SECONDS,
        open=False,
        name="todo-api",
    )


async def database_is_reachable(pool: AsyncConnectionPool) -> bool:
    try:
        async with pool.connection(timeout=1.0) as conn:
            await conn.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
