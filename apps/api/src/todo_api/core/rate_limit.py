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
import logging
import math
import ssl
import time
from collections import deque
from collections.abc import Sequence
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


def _command(*parts: str) -> bytes:
    encoded = [part.encode() for part in parts]
    return b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%s\r\n" % (len(part), part) for part in encoded)


class _RespConnection(asyncio.Protocol):
    """Redis answers the commands of a connection in order, so each reply settles the oldest waiting
    future. Only the reply types of EVAL (integer), AUTH and SELECT (simple string) and errors occur."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiting: deque[asyncio.Future[int | str]] = deque()
        self.buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's transports are not asyncio.Transport

    def send(self, command: bytes) -> asyncio.Future[int | str]:
        if self.transport is None or self.transport.is_closing():
            raise RedisUnavailable("connection closed")
        future: asyncio.Future[int | str] = asyncio.get_running_loop().create_future()
        self.waiting.append(future)
        self.transport.write(command)
        return future

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
        connection = self._connection
        if connection is None or connection.transport is None or connection.transport.is_closing():
            connection = await self._connect()
        count = await self._call(connection, _command("EVAL", HIT_SCRIPT, "1", key, str(expiry_seconds)))
        assert isinstance(count, int)
        return count

    async def _call(self, connection: _RespConnection, command: bytes) -> int | str:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                return await connection.send(command)
        except TimeoutError:
            connection.close(RedisUnavailable("timed out"))
            raise RedisUnavailable(f"no answer within {REDIS_TIMEOUT_SECONDS} s") from None

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
                await self._call(connection, _command("AUTH", *credentials))
            await self._call(connection, _command("SELECT", self.database))
            self._connection = connection
            return connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close(RedisUnavailable("closed"))


class UserRateLimiter:
    def __init__(self, limits: Sequence[RateLimitItem], redis_url: str | None) -> None:
        self.limits = [(f"{item.amount}/{item.get_expiry()}", item.amount, item.get_expiry()) for item in limits]
        self._shared = RedisCounters(redis_url) if redis_url else None
        self._shared_down_until = 0.0
        self._local: dict[str, int] = {}

    @property
    def backend(self) -> str:
        return "redis" if self._shared is not None else "memory"

    async def hit(self, user_id: str) -> None:
        """Count one request for `user_id`; raise RateLimitExceeded when a limit is used up."""
        now = time.time()
        for name, amount, period in self.limits:
            window = int(now // period)
            count = await self._count(f"todo-api:rate:{name}:{user_id}:{window}", period)
            if count > amount:
                raise RateLimitExceeded(max(1, math.ceil((window + 1) * period - now)))

    async def _count(self, key: str, period: int) -> int:
        if self._shared is not None and time.monotonic() >= self._shared_down_until:
            try:
                return await self._shared.hit(key, period)
            except RedisUnavailable as exc:
                self._shared_down_until = time.monotonic() + REDIS_RETRY_AFTER_SECONDS
                RATE_LIMIT_BACKEND_ERRORS.inc()
                logger.warning("rate-limit store unreachable (%s); counting in memory for now", exc)
        # Keys name their window, so an old window's count is simply never read again.
        if len(self._local) >= LOCAL_COUNTERS_LIMIT:
            self._local.clear()
        count = self._local[key] = self._local.get(key, 0) + 1
        return count

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()
