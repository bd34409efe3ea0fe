"""The rate limiter's in-process counting (no REDIS_URL: `make dev`, and every replica's fallback while
Redis fails): CPU per hit with one user and with 10,000 users hitting in turn, and how many counts the
limiter holds after 200,000 users (its memory bound). Target: under 50 µs of CPU per hit at 10,000 users.

    uv run python apps/api/benchmarks/bench_rate_limiter.py [--hits 20000] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from limits import parse_many
from todo_api.core.rate_limit import UserRateLimiter

LIMIT = "1000000/minute"
TARGET_MICROSECONDS = 50.0
MANY_USERS = 10_000
FLOOD_USERS = 200_000


async def cpu_per_hit(users: int, hits: int) -> float:
    """Microseconds of CPU per hit, once every user has a count, users hitting in turn."""
    limiter = UserRateLimiter(parse_many(LIMIT), None, timeout_seconds=0.5)
    names = [f"user-{n}" for n in range(users)]
    for name in names:
        await limiter.hit(name)
    started = time.process_time()
    for n in range(hits):
        await limiter.hit(names[n % users])
        # A server's event loop runs other work between requests, as the limiter's own tasks do.
        await asyncio.sleep(0)
    return (time.process_time() - started) * 1e6 / hits


async def counts_held_after(users: int) -> int:
    limiter = UserRateLimiter(parse_many(LIMIT), None, timeout_seconds=0.5)
    for n in range(users):
        await limiter.hit(f"flood-{n}")
    return limiter.counts_in_memory()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hits", type=int, default=20_000, help="timed hits per case (default 20,000)")
    parser.add_argument("--json", type=Path, help="write the figures into this file")
    args = parser.parse_args()
    figures = {
        "one_user_us_per_hit": round(asyncio.run(cpu_per_hit(1, args.hits)), 2),
        "many_users": MANY_USERS,
        "many_users_us_per_hit": round(asyncio.run(cpu_per_hit(MANY_USERS, args.hits)), 2),
        "flood_users": FLOOD_USERS,
        "counts_held_after_flood": asyncio.run(counts_held_after(FLOOD_USERS)),
        "target_us_per_hit": TARGET_MICROSECONDS,
    }
    met = figures["many_users_us_per_hit"] < TARGET_MICROSECONDS
    print(
        f"in-process rate limiting: {figures['one_user_us_per_hit']} µs of CPU per hit with one user, "
        f"{figures['many_users_us_per_hit']} µs with {MANY_USERS:,} users (target < {TARGET_MICROSECONDS:g} µs: "
        f"{'met' if met else 'MISSED'}); {figures['counts_held_after_flood']:,} counts held after "
        f"{FLOOD_USERS:,} users"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
