"""Issues 10 and 23, heavy users: every list variant of GET /v1/todos (dev_infra.heavy_users) timed
through the real API over HTTP for users with 20, 1,000, 10,000 and 100,000 todos in one list, a user
with 100,000 todos over 50 lists, and a member reading a shared list of 10,000 todos (`?list_id=`).
Target: each variant answers for every heavy reader within 3× of the same call for the user with 20.

    uv run python apps/api/benchmarks/bench_heavy_users.py [--calls 15]

One uvicorn worker (`todo-api serve`) on CPU 0; calls alternate between the readers so that noise hits
all alike; the figure is the median wall time of one call. Needs PostgreSQL (DATABASE_URL's server,
else 127.0.0.1:5432) and Redis (REDIS_URL's server, else 127.0.0.1:6379); it writes only to the
database `todo_bench_heavy` and to Redis db 3, which it flushes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import httpx
import psycopg
from bench_api import (
    UNLIMITED_RATE,
    BenchmarkError,
    Server,
    bench_database_url,
    bench_redis_url,
    create_database_if_missing,
    flush_redis,
    libpq_url,
    migrate,
    running,
    todo_api_executable,
    verdict,
)
from dev_infra.api import ISSUER, TokenMinter
from dev_infra.heavy_users import DEEP_SHARE, LIST_VARIANTS, add_lists, add_member, seed_user
from todo_api import crud

DATABASE = "todo_bench_heavy"
PORT = 18004
SIZES = (20, 1_000, 10_000, 100_000)
LISTS, LISTS_TODOS = 50, 100_000
SHARED_TODOS = 10_000
# Todos written after the vacuum: a GIN index that kept writes pending until the next one would read
# them on every search.
BUSY_WRITES = 3_000
TARGET_RATIO = 3.0
WARM_UP_CALLS = 3


@dataclass(frozen=True)
class Reader:
    """A column of the table: who reads, which list (None: all of theirs), through how many todos."""

    label: str
    user: str
    list_id: uuid.UUID | None
    todos: int


def seed(url: str) -> list[Reader]:
    """The readers, the first of them the base every other is compared with."""
    readers = []
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("TRUNCATE todo_api.users, todo_api.lists CASCADE")  # with every table that refers to them
        for size in SIZES:
            print(f"seeding a user with {size:,} todos ...", flush=True)
            seed_user(conn, f"heavy-{size}", size)
            readers.append(Reader(f"{size:,} todos", f"heavy-{size}", None, size))
        print(f"seeding a user with {LISTS_TODOS:,} todos over {LISTS} lists ...", flush=True)
        seed_user(conn, "heavy-lists", LISTS_TODOS, add_lists(conn, "heavy-lists", LISTS))
        readers.append(Reader(f"{LISTS_TODOS:,} todos in {LISTS} lists", "heavy-lists", None, LISTS_TODOS))
        print(f"seeding a shared list of {SHARED_TODOS:,} todos and its member ...", flush=True)
        [shared] = add_lists(conn, "heavy-shared-owner", 1)
        seed_user(conn, "heavy-shared-owner", SHARED_TODOS, [shared])
        add_member(conn, shared, "heavy-member", "editor")
        readers.append(Reader(f"shared list of {SHARED_TODOS:,}, a member", "heavy-member", shared, SHARED_TODOS))
        conn.commit()
        print("VACUUM ANALYZE todo_api.todos ...", flush=True)
        # As autovacuum would after a bulk load: statistics, and the visibility map.
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE todo_api.todos")
        conn.execute("ANALYZE todo_api.list_members")
        # Then the writes of a busy hour that autovacuum has not caught up with, as a live database has.
        print(f"seeding {BUSY_WRITES:,} todos of another user after it ...", flush=True)
        seed_user(conn, "heavy-busy", BUSY_WRITES)
    return readers


def query_params(params: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in params.items() if name != "deep"}


async def deep_cursors(url: str, readers: list[Reader]) -> dict[tuple[str, str], str]:
    """For each "deep" variant and reader, the cursor the API hands out after DEEP_SHARE of their todos."""
    cursors = {}
    async with await psycopg.AsyncConnection.connect(libpq_url(url)) as conn:
        for name, params in LIST_VARIANTS:
            if "deep" not in params:
                continue
            sort = params["sort"]
            for reader in readers:
                _, cursor = await crud.list_todos(
                    conn,
                    reader.user,
                    list_id=reader.list_id,
                    status="all",
                    priority=None,
                    tag=None,
                    search=None,
                    sort=cast(crud.SortField, sort),
                    order=cast(crud.SortOrder | None, params.get("order")),
                    limit=int(reader.todos * DEEP_SHARE),
                    cursor=None,
                )
                if cursor is None:
                    raise BenchmarkError(f"{name}: no cursor after {DEEP_SHARE:.0%} of {reader.label}")
                cursors[name, reader.label] = cursor
    return cursors


def time_variants(
    base_url: str, minter: TokenMinter, readers: list[Reader], cursors: dict[tuple[str, str], str], calls: int
) -> dict[str, dict[str, float]]:
    """Median ms per call, by variant and reader."""
    medians: dict[str, dict[str, float]] = {}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for number, (name, params) in enumerate(LIST_VARIANTS, start=1):
            print(f"[{number}/{len(LIST_VARIANTS)}] {name} ...", flush=True)
            # A token per variant: each lives five minutes.
            headers = {reader.label: {"Authorization": f"Bearer {minter.mint(reader.user)}"} for reader in readers}
            samples: dict[str, list[float]] = {reader.label: [] for reader in readers}
            for call in range(WARM_UP_CALLS + calls):
                for reader in readers if call % 2 == 0 else reversed(readers):
                    query = query_params(params)
                    if reader.list_id is not None:
                        query["list_id"] = str(reader.list_id)
                    if (name, reader.label) in cursors:
                        query["cursor"] = cursors[name, reader.label]
                    started = time.perf_counter()
                    response = client.get("/v1/todos", params=query, headers=headers[reader.label])
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise BenchmarkError(f"{name} for {reader.label}: {response.status_code} {response.text[:300]}")
                    if call >= WARM_UP_CALLS:
                        samples[reader.label].append(elapsed)
            medians[name] = {label: statistics.median(values) for label, values in samples.items()}
    return medians


def worst_ratio(by_reader: dict[str, float]) -> float:
    """The slowest heavy reader against the first (the user with the fewest todos)."""
    base, *heavy = by_reader.values()
    return max(heavy) / base


def print_table(readers: list[Reader], medians: dict[str, dict[str, float]]) -> None:
    print("\n  median ms per call, by reader: " + "; ".join(f"({n}) {r.label}" for n, r in enumerate(readers, 1)))
    columns = "".join(f"{f'({n})':>9}" for n in range(1, len(readers) + 1))
    print(f"  {'variant':<34}{columns}{'worst':>8}  (target <= {TARGET_RATIO:g}× of (1))")
    missed = 0
    for name, by_reader in medians.items():
        ratio = worst_ratio(by_reader)
        missed += ratio > TARGET_RATIO
        figures = "".join(f"{ms:>9.2f}" for ms in by_reader.values())
        print(f"  {name:<34}{figures}{ratio:>7.2f}×  {verdict(ratio <= TARGET_RATIO)}")
    print(f"\n  {len(medians) - missed} of {len(medians)} variants within {TARGET_RATIO:g}×", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=15, help="timed calls per variant and user (default: 15)")
    parser.add_argument("--json", type=Path, help="write the raw figures into this file")
    args = parser.parse_args()
    if args.calls < 1:
        parser.error("--calls must be at least 1")
    database_url = bench_database_url(DATABASE)
    redis_url = bench_redis_url()
    secret = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AUTH_JWT_ALG": "HS256",
        "BACKEND_JWT_SECRET": secret,
        "JWT_ISSUER": ISSUER,
        "REDIS_URL": redis_url,
        "API_RATE_LIMIT": UNLIMITED_RATE,
    }
    try:
        create_database_if_missing(database_url)
        migrate(env)
        readers = seed(database_url)
        flush_redis(redis_url)
        print("finding the deep pages' cursors ...", flush=True)
        cursors = asyncio.run(deep_cursors(database_url, readers))
        server = Server("api", PORT, (str(todo_api_executable()), "serve", "--port", str(PORT)))
        with tempfile.TemporaryDirectory(prefix="bench-heavy-") as log_dir, running(server, env, Path(log_dir)):
            medians = time_variants(server.url(""), TokenMinter(secret), readers, cursors, args.calls)
    except BenchmarkError as exc:
        sys.exit(f"bench_heavy_users: {exc}")
    except KeyboardInterrupt:
        sys.exit("bench_heavy_users: interrupted")  # the server was stopped on the way out
    print_table(readers, medians)
    if args.json:
        figures = {
            name: {label: round(ms, 3) for label, ms in by_reader.items()} for name, by_reader in medians.items()
        }
        readers_json = [reader.label for reader in readers]
        args.json.write_text(json.dumps({"readers": readers_json, "median_ms": figures, "calls": args.calls}, indent=2))


if __name__ == "__main__":
    main()
