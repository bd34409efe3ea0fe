"""The PostgreSQL connection pool of the request path (psycopg 3, async)."""

from __future__ import annotations

import asyncio

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from todo_api.core.config import Settings
from todo_api.core.metrics import POOL_CONNECTIONS, POOL_TIMEOUTS, POOL_WAITING_REQUESTS

# A request waits this long for a connection before it gets a 503 instead of hanging.
CONNECTION_WAIT_SECONDS = 3.0
POOL_REPORT_INTERVAL_SECONDS = 5.0
# Every prepared statement runs one plan made for any values, the plan tests/test_list_plans.py checks:
# left to choose, PostgreSQL plans each of a connection's first five runs for its values, which costs
# more than the run for a reader of many lists and may pick a worse plan. A statement whose plan must
# fit its values (a search, a tag) binds them into its text instead (crud.list_todos).
PLAN_CACHE_MODE = "force_generic_plan"


async def configure_connection(conn: AsyncConnection) -> None:
    await conn.execute(f"SET plan_cache_mode = {PLAN_CACHE_MODE}")


def create_pool(settings: Settings) -> AsyncConnectionPool:
    """Opened by the app's lifespan without waiting, so the API starts (and /readyz says 503)
    while the database is down, and reconnects by itself when it returns."""
    return AsyncConnectionPool(
        settings.psycopg_conninfo,
        min_size=min(2, settings.db_pool_size),
        max_size=settings.db_pool_size,
        kwargs={"autocommit": True, "connect_timeout": 3},
        configure=configure_connection,
        timeout=CONNECTION_WAIT_SECONDS,
        open=False,
        name="todo-api",
    )


async def report_pool_stats(pool: AsyncConnectionPool) -> None:
    """Copy the pool's own statistics into the metrics every few seconds, for as long as the app runs."""
    while True:
        stats = pool.pop_stats()  # the counters in it restart from zero at each call
        available = stats.get("pool_available", 0)
        POOL_CONNECTIONS.labels("idle").set(available)
        POOL_CONNECTIONS.labels("in_use").set(stats.get("pool_size", 0) - available)
        POOL_WAITING_REQUESTS.set(stats.get("requests_waiting", 0))
        POOL_TIMEOUTS.inc(stats.get("requests_errors", 0))
        await asyncio.sleep(POOL_REPORT_INTERVAL_SECONDS)
