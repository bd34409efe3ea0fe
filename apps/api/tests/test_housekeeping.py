"""The housekeeping job (`todo-api housekeep`) on a database of its own: it erases exactly what has
expired, in bounded batches, skips rows a request holds, and a second run finds nothing left."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest
from conftest import migrated_database
from todo_api.housekeeping import PURGES, purge

EXPIRED_KEYS, FRESH_KEYS = 2500, 10
EXPIRED_DELETIONS, FRESH_DELETIONS = 1200, 5


@pytest.fixture
def seeded_url(postgres_server_url: str) -> Iterator[str]:
    """Users who never came back: keys from 25 hours ago and deletions from an hour ago, beside fresh ones."""
    with migrated_database(postgres_server_url, "todo_housekeeping") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('gone', 'gone@example.test')")
            for count, age in ((EXPIRED_KEYS, "25 hours"), (FRESH_KEYS, "1 minute")):
                conn.execute(
                    "INSERT INTO todo_api.idempotency_keys (owner_id, key, request_hash, created_at) "
                    "SELECT 'gone', gen_random_uuid()::text, 'h', now() - %s::interval FROM generate_series(1, %s)",
                    (age, count),
                )
            for count, age in ((EXPIRED_DELETIONS, "1 hour"), (FRESH_DELETIONS, "1 minute")):
                conn.execute(
                    "INSERT INTO todo_api.deleted_todos (id, owner_id, deletion_id, deleted_at, todo) "
                    "SELECT gen_random_uuid(), 'gone', gen_random_uuid(), now() - %s::interval, '{}' "
                    "FROM generate_series(1, %s)",
                    (age, count),
                )
        yield url


def remaining(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        keys = conn.execute("SELECT count(*) FROM todo_api.idempotency_keys").fetchone()
        deletions = conn.execute("SELECT count(*) FROM todo_api.deleted_todos").fetchone()
    assert keys is not None and deletions is not None
    return keys[0], deletions[0]


def housekeep(url: str) -> list[str]:
    env = {**os.environ, "DATABASE_URL": url, "BACKEND_JWT_SECRET": secrets.token_urlsafe(32)}
    run = subprocess.run([sys.executable, "-m", "todo_api.cli", "housekeep"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return [line.split(" (")[0] for line in run.stdout.splitlines()]


def test_the_job_erases_what_expired_and_nothing_else_and_a_second_run_finds_nothing(seeded_url: str) -> None:
    assert housekeep(seeded_url) == [
        f"todo-api: erased {EXPIRED_KEYS} idempotency keys past their lifetime",
        f"todo-api: erased {EXPIRED_DELETIONS} deletions past the undo window",
    ]
    assert remaining(seeded_url) == (FRESH_KEYS, FRESH_DELETIONS)
    assert housekeep(seeded_url) == [
        "todo-api: erased 0 idempotency keys past their lifetime",
        "todo-api: erased 0 deletions past the undo window",
    ]


def test_each_statement_erases_one_bounded_batch_and_skips_rows_a_request_holds(seeded_url: str) -> None:
    keys = PURGES[0]
    with psycopg.connect(seeded_url) as request, psycopg.connect(seeded_url, autocommit=True) as job:
        # A request in the middle of replaying an expired key holds its row.
        request.execute(
            "SELECT key FROM todo_api.idempotency_keys WHERE created_at < now() - interval '1 day' LIMIT 1 FOR UPDATE"
        )
        report = purge(job, keys, batch_size=1000)
        request.rollback()
    assert (report.rows, report.batches) == (EXPIRED_KEYS - 1, 3)
    assert remaining(seeded_url)[0] == FRESH_KEYS + 1
