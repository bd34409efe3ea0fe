"""Per-user rate limiting, shared across replicas through Redis.

Limits are written in slowapi's syntax (parsed by `limits`, the library under slowapi) and counted in
fixed windows, slowapi's default strategy. The counting itself is done here: slowapi calls Redis
synchronously and blocks the event loop, and redis-py's asyncio client (which `limits` uses) costs
about 45 µs of CPU per call, a tenth of a whole request. One pipelined connection that speaks the few
bits of RESP needed here costs about 5 µs.

A Redis outage must not take the API down: the limiter then counts in process memory, logs and counts
the failure, and tries Redis again a few seconds later.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import ssl
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from limits import RateLimitItem

from todo_api.core.metrics import RATE_LIMIT_BACKEND_ERRORS

logger = logging.getLogger("todo_api")

# After a Redis failure, skip Redis this long instead of paying a time-out on every request.
REDIS_RETRY_AFTER_SECONDS = 5.0
REDIS_TIMEOUT_SECONDS = 0.5
LOCAL_COUNTERS_LIMIT = 100_000
# Count one hit in a window; the first hit sets the window's expiry. Atomic in Redis.
HIT_SCRIPT = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"


class RateLimitExceeded(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"retry after {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds


class RedisUnavailable(Exception):
    """Redis did not answer, or answered with an error."""


def _bulk_strings(*parts: str) -> bytes:
    return b"".join(b"$%d\r\n%s\r\n" % (len(part.encode()), part.encode()) for part in parts)


def _command(*parts: str) -> bytes:
    return b"*%d\r\n" % len(parts) + _bulk_strings(*parts)


_HIT_COMMAND_START = b"*5\r\n" + _bulk_strings("EVAL", HIT_SCRIPT, "1")


def _hit_command(key: str, expiry_seconds: int) -> bytes:
    return _HIT_COMMAND_START + _bulk_strings(key, str(expiry_seconds))


class _RespConnection(asyncio.Protocol):
    """Redis answers the commands of a connection in order, so each reply settles the oldest waiting
    future. Only the reply types of EVAL (integer), AUTH and SELECT (simple string) and errors occur."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiting: deque[asyncio.Future[int | str]] = deque()
        self.buffer = b""
        self.outgoing: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's transports are not asyncio.Transport

    def send(self, command: bytes) -> asyncio.Future[int | str]:
        if self.transport is None or self.transport.is_closing():
            raise RedisUnavailable("connection closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[int | str] = loop.create_future()
        self.waiting.append(future)
        # One write per turn of the event loop for all the commands of that turn: a system call per
        # command would cost more than the rest of the rate limiting.
        if not self.outgoing:
            loop.call_soon(self._flush)
        self.outgoing.append(command)
        return future

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(b"".join(self.outgoing))
        self.outgoing.clear()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n")) >= 0:
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            if not self.waiting:
                self.close(RedisUnavailable("unexpected reply"))
                return
            future = self.waiting.popleft()
            if future.done():  # its caller timed out
                continue
            kind, value = line[:1], line[1:].decode(errors="replace")
            if kind == b":":
                future.set_result(int(value))
            elif kind == b"+":
                future.set_result(value)
            elif kind == b"-":
                future.set_exception(RedisUnavailable(value))
            else:
                self.close(RedisUnavailable(f"unexpected reply type {kind!r}"))
                return

    def connection_lost(self, exc: Exception | None) -> None:
        self.close(RedisUnavailable("connection lost"))

    def close(self, error: RedisUnavailable) -> None:
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(error)
        if self.transport is not None:
            self.transport.close()


class RedisCounters:
    """Window counters in Redis over one pipelined connection, opened on first use and after a loss."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError("REDIS_URL must start with redis:// or rediss://")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 6379
        self.tls = parts.scheme == "rediss"
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.database = parts.path.lstrip("/") or "0"
        self._connection: _RespConnection | None = None
        self._connecting = asyncio.Lock()

    async def hit(self, key: str, expiry_seconds: int) -> int:
        """Count one hit and wait for the window's total."""
        count = await self._call(_hit_command(key, expiry_seconds))
        if not isinstance(count, int):
            raise RedisUnavailable(f"unexpected answer to INCR: {count!r}")
        return count

    async def hit_later(self, key: str, expiry_seconds: int) -> asyncio.Future[int | str]:
        """Count one hit without waiting: the total arrives in the returned future."""
        return (await self._open_connection()).send(_hit_command(key, expiry_seconds))

    async def _call(self, command: bytes, connection: _RespConnection | None = None) -> int | str:
        connection = connection or await self._open_connection()
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                return await connection.send(command)
        except TimeoutError:
            connection.close(RedisUnavailable("timed out"))
            raise RedisUnavailable(f"no answer within {REDIS_TIMEOUT_SECONDS} s") from None

    async def _open_connection(self) -> _RespConnection:
        connection = self._connection
        if connection is not None and connection.transport is not None and not connection.transport.is_closing():
            return connection
        return await self._connect()

    async def _connect(self) -> _RespConnection:
        async with self._connecting:
            if self._connection is not None and not self._connection.transport.is_closing():  # type: ignore[union-attr]
                return self._connection
            loop = asyncio.get_running_loop()
            try:
                async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                    _, connection = await loop.create_connection(
                        _RespConnection, self.host, self.port, ssl=ssl.create_default_context() if self.tls else None
                    )
            except (OSError, TimeoutError) as exc:
                raise RedisUnavailable(f"cannot connect: {type(exc).__name__}") from None
            if self.password is not None:
                credentials = (self.username, self.password) if self.username else (self.password,)
                await self._call(_command("AUTH", *credentials), connection)
            await self._call(_command("SELECT", self.database), connection)
            self._connection = connection
            return connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close(RedisUnavailable("closed"))


@dataclass
class _WindowCount:
    """What this process knows of one user's window in Redis."""

    confirmed: int = 0  # the highest total Redis has answered
    unanswered: int = 0  # hits sent that Redis has not answered yet


class UserRateLimiter:
    """Far from the limit, a hit is sent to Redis without waiting for the answer: waiting costs a
    suspension of the whole request (about 80 µs of CPU here), while the answer only matters near
    the limit. From half the limit on, each hit waits for Redis' total, so replicas agree exactly
    where it counts; a replica that has not heard of the others' hits can let through at most a
    few requests more than the limit, once per window."""

    def __init__(self, limits: Sequence[RateLimitItem], redis_url: str | None) -> None:
        self.limits = [(f"{item.amount}/{item.get_expiry()}", item.amount, item.get_expiry()) for item in limits]
        self._shared = RedisCounters(redis_url) if redis_url else None
        self._shared_down_until = 0.0
        self._windows: dict[str, _WindowCount] = {}
        self._local: dict[str, int] = {}

    @property
    def backend(self) -> str:
        return "redis" if self._shared is not None else "memory"

    async def hit(self, user_id: str) -> None:
        """Count one request for `user_id`; raise RateLimitExceeded when a limit is used up."""
        now = time.time()
        for name, amount, period in self.limits:
            window = int(now // period)
            count = await self._count(f"todo-api:rate:{name}:{user_id}:{window}", amount, period)
            if count > amount:
                raise RateLimitExceeded(max(1, math.ceil((window + 1) * period - now)))

    async def _count(self, key: str, amount: int, period: int) -> int:
        if self._shared is not None and time.monotonic() >= self._shared_down_until:
            try:
                return await self._count_in_redis(self._shared, key, amount, period)
            except RedisUnavailable as exc:
                self._redis_failed(exc)
        return self._count_locally(key)

    async def _count_in_redis(self, redis: RedisCounters, key: str, amount: int, period: int) -> int:
        if len(self._windows) >= LOCAL_COUNTERS_LIMIT:
            self._windows.clear()
        known = self._windows.setdefault(key, _WindowCount())
        estimate = known.confirmed + known.unanswered + 1
        if estimate * 2 <= amount:
            answer = await redis.hit_later(key, period)
            known.unanswered += 1
            answer.add_done_callback(functools.partial(self._settle, known))
            return estimate
        count = await redis.hit(key, period)
        assert isinstance(count, int)
        known.confirmed = max(known.confirmed, count)
        return count

    def _settle(self, known: _WindowCount, answer: asyncio.Future[int | str]) -> None:
        known.unanswered -= 1
        if answer.cancelled():
            return
        if (error := answer.exception()) is not None:
            if time.monotonic() >= self._shared_down_until:  # report an outage once, not per hit
                self._redis_failed(error)
        elif isinstance(count := answer.result(), int):
            known.confirmed = max(known.confirmed, count)

    def _redis_failed(self, error: BaseException) -> None:
        self._shared_down_until = time.monotonic() + REDIS_RETRY_AFTER_SECONDS
        RATE_LIMIT_BACKEND_ERRORS.inc()
        logger.warning("rate-limit store unreachable (%s); counting in memory for now", error)

    def _count_locally(self, key: str) -> int:
        # Keys name their window, so an old window's count is simply never read again.
        if len(self._local) >= LOCAL_COUNTERS_LIMIT:
            self._local.clear()
        count = self._local[key] = self._local.get(key, 0) + 1
        return count

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()
