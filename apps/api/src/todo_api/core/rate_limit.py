"""Per-user rate limits in slowapi's syntax, counted by `limits`, the library under slowapi.

slowapi itself calls its storage synchronously and would block the event loop, so the API applies
the limit in its own dependency; the counting is `limits`' asyncio storage: Redis through redis-py's
asyncio client when REDIS_URL is set (one atomic INCR-with-expiry script per limit and request, so
replicas share one exact count), else counts in this process's memory: a `cachetools.TTLCache` of at
most MEMORY_COUNTS windows, which forgets a window once it has ended (limits' own memory storage scans
every key after each hit, about 1 ms per hit with 10,000 users; docs/architecture.md, Decisions).

When Redis fails or does not answer within the configured timeout, the request is not refused: it
is counted in this process's memory instead, the failure is counted and logged (at most once a
minute), and Redis is left alone for a second before one request tries it again.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol, cast

from cachetools import TTLCache
from limits import RateLimitItem
from limits.aio.storage import RedisStorage
from limits.aio.storage.redis.redispy import RedispyBridge
from limits.storage import storage_from_string
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from todo_api.core.metrics import RATE_LIMIT_BACKEND_ERRORS, RATE_LIMIT_FALLBACKS, RATE_LIMIT_REJECTIONS

logger = logging.getLogger("todo_api")

KEY_PREFIX: Final = "todo-api:rate"
# Calls to Redis in flight at once per process: bounds its connections, and the sockets that a
# Redis that stopped answering can hold.
MAX_CONCURRENT_CALLS: Final = 64
# After a failure, requests are counted in memory this long before one of them tries Redis again.
RETRY_INTERVAL_SECONDS: Final = 1.0
OUTAGE_LOG_INTERVAL_SECONDS: Final = 60.0
# Windows counted in memory at most; past it the least recently hit one is forgotten, so a flood of
# users costs bounded memory and at worst restarts someone's count.
MEMORY_COUNTS: Final = 50_000


@dataclass(frozen=True, slots=True)
class RateLimitStatus:
    """Where one limit stands after a request: what slowapi's X-RateLimit-* headers report."""

    limit: int
    remaining: int
    reset_at: int  # Unix time at which the window ends

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }

    def retry_after_seconds(self) -> int:
        return max(1, math.ceil(self.reset_at - time.time()))


class RateLimitExceeded(Exception):
    def __init__(self, status: RateLimitStatus) -> None:
        super().__init__(f"limit of {status.limit} reached until {status.reset_at}")
        self.status = status


def redis_storage(redis_url: str, timeout_seconds: float) -> RedisStorage:
    """`limits`' asyncio Redis storage (redis://, rediss://, redis+unix://, redis+sentinel://,
    redis+cluster://) on redis-py, set to fail within the timeout instead of retrying."""
    options: dict[str, object] = {
        "socket_timeout": timeout_seconds,
        "socket_connect_timeout": timeout_seconds,
        # No retries: redis-py's cluster client retries three times with back-off by default, and
        # one timeout is all a request may spend on Redis.
        "retry": Retry(NoBackoff(), 0),
    }
    if redis_url.startswith("redis+sentinel://"):
        # The sentinels themselves get no socket timeouts unless told.
        options["sentinel_kwargs"] = {"socket_timeout": timeout_seconds, "socket_connect_timeout": timeout_seconds}
    storage = storage_from_string(
        f"async+{redis_url}",
        implementation="redispy",
        key_prefix=KEY_PREFIX,
        **options,  # type: ignore[arg-type]  # limits types options as scalars; these go on to redis-py as they are
    )
    assert isinstance(storage, RedisStorage)
    return storage


class UserRateLimiter:
    """Fixed windows aligned to the clock (the window's end is known without asking Redis, so one
    atomic round trip per limit gives the count, the remaining budget and the reset time)."""

    def __init__(
        self, items: Sequence[RateLimitItem], redis_url: str | None, *, timeout_seconds: float, scope: str = "requests"
    ) -> None:
        self.items = list(items)
        # Part of every key, so that limiters of different things never count in each other's windows.
        self.scope = scope
        self.timeout_seconds = timeout_seconds
        self._shared = redis_storage(redis_url, timeout_seconds) if redis_url else None
        self._shared_errors: tuple[type[BaseException], ...] = (TimeoutError, OSError)
        if self._shared is not None:
            self._shared_errors += tuple(self._shared.bridge.base_exceptions)  # type: ignore[arg-type]  # a tuple for redis-py
        # A window's count is kept as long as the longest window lasts after its last hit: never less
        # than the window it counts, since its key names the window.
        self._memory: TTLCache[str, int] = TTLCache(
            maxsize=MEMORY_COUNTS, ttl=max(item.get_expiry() for item in self.items)
        )
        self._calls = asyncio.Semaphore(MAX_CONCURRENT_CALLS)
        self._shared_failing = False
        self._retry_at = 0.0
        self._probe_in_flight = False
        self._unreported_failures = 0
        self._next_report_at = 0.0
        self._outage_reported = False

    def counts_in_memory(self) -> int:
        return len(self._memory)

    @property
    def backend(self) -> str:
        return "redis" if self._shared is not None else "memory, per process"

    async def hit(self, user_id: str) -> RateLimitStatus:
        """Count one request of `user_id` against every limit; raise RateLimitExceeded at the first
        one used up (as slowapi does). Returns the status with the fewest requests left."""
        now = time.time()
        tightest: RateLimitStatus | None = None
        for item in self.items:
            period = item.get_expiry()
            window = int(now // period)
            reset_at = (window + 1) * period
            count = await self._count(item.key_for(self.scope, user_id, window), max(1, math.ceil(reset_at - now)))
            status = RateLimitStatus(item.amount, max(0, item.amount - count), reset_at)
            if count > item.amount:
                RATE_LIMIT_REJECTIONS.inc()
                raise RateLimitExceeded(status)
            if tightest is None or (status.remaining, -status.reset_at) < (tightest.remaining, -tightest.reset_at):
                tightest = status
        assert tightest is not None  # settings refuse an empty API_RATE_LIMIT
        return tightest

    async def _count(self, key: str, expiry_seconds: int) -> int:
        if self._shared is not None:
            # Waiting for a free call is this process's own queue, not Redis' slowness: it is not
            # part of the timeout.
            async with self._calls:
                count = await self._count_in_redis(self._shared, key, expiry_seconds)
            if count is not None:
                return count
            RATE_LIMIT_FALLBACKS.inc()
        count = self._memory.get(key, 0) + 1
        self._memory[key] = count
        return count

    async def _count_in_redis(self, redis: RedisStorage, key: str, expiry_seconds: int) -> int | None:
        """The window's total in Redis, or None when Redis failed now or is left alone after a failure."""
        if not self._may_call_shared():
            return None
        probing = self._shared_failing
        try:
            async with asyncio.timeout(self.timeout_seconds):
                count = await redis.incr(key, expiry_seconds)
        except self._shared_errors as exc:
            self._shared_failed(exc)
            return None
        finally:
            if probing:
                self._probe_in_flight = False
        self._shared_answered()
        return count

    def _may_call_shared(self) -> bool:
        if not self._shared_failing:
            return True
        if self._probe_in_flight or time.monotonic() < self._retry_at:
            return False
        # This request finds out whether Redis is back; the others keep counting in memory meanwhile.
        self._probe_in_flight = True
        return True

    def _shared_failed(self, error: BaseException) -> None:
        RATE_LIMIT_BACKEND_ERRORS.inc()
        self._shared_failing = True
        now = time.monotonic()
        self._retry_at = now + RETRY_INTERVAL_SECONDS
        self._unreported_failures += 1
        if now >= self._next_report_at:
            self._next_report_at = now + OUTAGE_LOG_INTERVAL_SECONDS
            self._outage_reported = True
            logger.warning(
                "rate-limit store unavailable (%s; %d failed call(s) since the last report): counting "
                "in this process's memory, trying Redis again every %.0f s",
                f"{type(error).__name__}: {error}" if str(error) else type(error).__name__,
                self._unreported_failures,
                RETRY_INTERVAL_SECONDS,
            )
            self._unreported_failures = 0

    def _shared_answered(self) -> None:
        if self._shared_failing:
            self._shared_failing = False
            # Only after a reported failure: a Redis that keeps failing and recovering logs two
            # lines a minute at most.
            if self._outage_reported:
                self._outage_reported = False
                logger.warning("rate-limit store reachable again: counting in Redis")

    async def close(self) -> None:
        if self._shared is not None:
            assert isinstance(self._shared.bridge, RedispyBridge)  # implementation="redispy"
            # A redis-py client (Redis, or RedisCluster); limits' protocol for it leaves out aclose().
            await cast(_RedisPyClient, self._shared.bridge.get_connection()).aclose()


class _RedisPyClient(Protocol):
    async def aclose(self) -> None: ...
