"""`todo-api housekeep`, the scheduled job (a Kubernetes CronJob, compose's `housekeeping` service):
erases what the request path leaves behind for users who do not come back, the idempotency keys
past their lifetime and the deletions past the undo window, in bounded batches so that no statement
holds many locks or runs long, and skipping rows a request is busy with. Running it twice, or two at
once, does no harm."""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg

from todo_api.crud import DELETED_TODOS, IDEMPOTENCY_KEY_LIFETIME, IDEMPOTENCY_KEYS, UNDO_WINDOW

# Rows one statement deletes at most: a few milliseconds of work each.
BATCH_SIZE = 1000


@dataclass(frozen=True)
class Purge:
    what: str
    table: str
    age_column: str
    kept_for: str


PURGES = (
    Purge("idempotency keys past their lifetime", IDEMPOTENCY_KEYS, "created_at", IDEMPOTENCY_KEY_LIFETIME),
    Purge("deletions past the undo window", DELETED_TODOS, "deleted_at", UNDO_WINDOW),
)


@dataclass(frozen=True)
class PurgeReport:
    what: str
    rows: int
    batches: int
    seconds: float


def purge(conn: psycopg.Connection, job: Purge, batch_size: int = BATCH_SIZE) -> PurgeReport:
    """Deletes `job`'s expired rows a batch at a time (each batch its own transaction) until none is left."""
    statement = (
        f"DELETE FROM {job.table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {job.table} "  # noqa: S608 - constants
        f"WHERE {job.age_column} < now() - %(kept_for)s::interval LIMIT %(batch)s FOR UPDATE SKIP LOCKED))"
    )
    started, rows, batches = time.perf_counter(), 0, 0
    while True:
        deleted = conn.execute(statement, {"kept_for": job.kept_for, "batch": batch_size}).rowcount
        rows, batches = rows + deleted, batches + 1
        if deleted < batch_size:
            return PurgeReport(job.what, rows, batches, time.perf_counter() - started)


def housekeep(conninfo: str, batch_size: int = BATCH_SIZE) -> list[PurgeReport]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return [purge(conn, job, batch_size) for job in PURGES]
