"""Issue 10, heavy users: every list variant of GET /v1/todos (dev_infra.heavy_users) timed
through the real API over HTTP for users with 20, 1,000, 10,000 and 100,000 todos. Target: for the
user with 100,000 todos each variant answers within 3× of the same call for the user with 20.

    uv run python apps/api/benchmarks/bench_heavy_users.py [--calls 15]

One uvicorn worker (`todo-api serve`) on CPU 0; calls alternate between the users so that noise hits
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
from dev_infra.heavy_users import DEEP_SHARE, LIST_VARIANTS, seed_user
from todo_api import crud

DATABASE = "todo_bench_heavy"
PORT = 18004
SIZES = (20, 1_000, 10_000, 100_000)
TARGET_RATIO = 3.0
WARM_UP_CALLS = 3


def user_id(size: int) -> str:
    return f"heavy-{size}"


def seed(url: str) -> None:
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("TRUNCATE todo_api.users CASCADE")  # with every table that refers to users
        for size in SIZES:
            print(f"seeding {user_id(size)!r} with {size:,} todos ...", flush=True)
            seed_user(conn, user_id(size), size)
        conn.commit()
        print("VACUUM ANALYZE todo_api.todos ...", flush=True)
        # As autovacuum would after a bulk load: statistics, and the GIN indexes' pending entries merged.
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE todo_api.todos")


def query_params(params: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in params.items() if name != "deep"}


async def deep_cursors(url: str) -> dict[tuple[str, int], str]:
    """For each "deep" variant and user, the cursor the API hands out after DEEP_SHARE of their todos."""
    cursors = {}
    async with await psycopg.AsyncConnection.connect(libpq_url(url)) as conn:
        for name, params in LIST_VARIANTS:
            if "deep" not in params:
                continue
            sort = params["sort"]
            for size in SIZES:
                _, cursor = await crud.list_todos(
                    conn,
                    user_id(size),
                    status="all",
                    priority=None,
                    tag=None,
                    search=None,
                    sort=cast(crud.SortField, sort),
                    order=None,
                    limit=int(size * DEEP_SHARE),
                    cursor=None,
                )
                if cursor is None:
                    raise BenchmarkError(f"{name}: no cursor after {DEEP_SHARE:.0%} of {size} todos")
                cursors[name, size] = cursor
    return cursors


def time_variants(
    base_url: str, minter: TokenMinter, cursors: dict[tuple[str, int], str], calls: int
) -> dict[str, dict[int, float]]:
    """Median ms per call, by variant and size."""
    medians: dict[str, dict[int, float]] = {}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for number, (name, params) in enumerate(LIST_VARIANTS, start=1):
            print(f"[{number}/{len(LIST_VARIANTS)}] {name} ...", flush=True)
            # A token per variant: each lives five minutes.
            headers = {size: {"Authorization": f"Bearer {minter.mint(user_id(size))}"} for size in SIZES}
            samples: dict[int, list[float]] = {size: [] for size in SIZES}
            for call in range(WARM_UP_CALLS + calls):
                for size in SIZES if call % 2 == 0 else reversed(SIZES):
                    query = query_params(params)
                    if (name, size) in cursors:
                        query["cursor"] = cursors[name, size]
                    started = time.perf_counter()
                    response = client.get("/v1/todos", params=query, headers=headers[size])
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise BenchmarkError(f"{name} for {size} todos: {response.status_code} {response.text[:300]}")
                    if call >= WARM_UP_CALLS:
                        samples[size].append(elapsed)
            medians[name] = {size: statistics.median(values) for size, values in samples.items()}
    return medians


def print_table(medians: dict[str, dict[int, float]]) -> None:
    largest, smallest = SIZES[-1], SIZES[0]
    sizes = "".join(f"{size:>10,}" for size in SIZES)
    print("\n  median ms per call, by todos of the user")
    print(f"  {'variant':<34}{sizes}{'ratio':>8}  (target <= {TARGET_RATIO:g}×)")
    missed = 0
    for name, by_size in medians.items():
        ratio = by_size[largest] / by_size[smallest]
        missed += ratio > TARGET_RATIO
        figures = "".join(f"{by_size[size]:>10.2f}" for size in SIZES)
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
        seed(database_url)
        flush_redis(redis_url)
        print("finding the deep pages' cursors ...", flush=True)
        cursors = asyncio.run(deep_cursors(database_url))
        server = Server("api", PORT, (str(todo_api_executable()), "serve", "--port", str(PORT)))
        with tempfile.TemporaryDirectory(prefix="bench-heavy-") as log_dir, running(server, env, Path(log_dir)):
            medians = time_variants(server.url(""), TokenMinter(secret), cursors, args.calls)
    except BenchmarkError as exc:
        sys.exit(f"bench_heavy_users: {exc}")
    except KeyboardInterrupt:
        sys.exit("bench_heavy_users: interrupted")  # the server was stopped on the way out
    print_table(medians)
    if args.json:
        figures = {name: {str(size): round(ms, 3) for size, ms in by_size.items()} for name, by_size in medians.items()}
        args.json.write_text(json.dumps({"sizes": SIZES, "median_ms": figures, "calls": args.calls}, indent=2))


if __name__ == "__main__":
    main()
