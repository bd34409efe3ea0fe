"""What the request path needs, built once per process by the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

from psycopg_pool import AsyncConnectionPool

from todo_api.core.config import Settings
from todo_api.core.db import create_pool, report_pool_stats
from todo_api.core.jwks_refresher import JwksRefresher
from todo_api.core.known_users import KnownUsers
from todo_api.core.metrics import ACCEPTED_REASON, TOKEN_VERIFICATION_DURATION, TOKEN_VERIFICATIONS
from todo_api.core.rate_limit import UserRateLimiter
from todo_api.core.token_verifier import Reason, TokenRejected, TokenVerifier, VerifiedToken, build_verifier

TOKENS_ACCEPTED = TOKEN_VERIFICATIONS.labels("accepted", ACCEPTED_REASON)


@dataclass
class Services:
    pool: AsyncConnectionPool
    verifier: TokenVerifier
    rate_limiter: UserRateLimiter
    invitation_limiter: UserRateLimiter
    jwks: JwksRefresher | None = None
    known_users: KnownUsers = field(default_factory=KnownUsers)
    _background: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        verifier, jwks = build_verifier(settings)
        redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
        return cls(
            pool=create_pool(settings),
            verifier=verifier,
            rate_limiter=UserRateLimiter(
                settings.rate_limits, redis_url, timeout_seconds=settings.rate_limit_redis_timeout
            ),
            invitation_limiter=UserRateLimiter(
                settings.invitation_rate_limits,
                redis_url,
                timeout_seconds=settings.rate_limit_redis_timeout,
                scope="invitations",
            ),
            jwks=JwksRefresher(jwks) if jwks is not None else None,
        )

    async def open(self) -> None:
        # Without waiting: the API starts (and /readyz says 503) while the database is down.
        await self.pool.open(wait=False)
        self._background.append(asyncio.create_task(report_pool_stats(self.pool)))
        if self.jwks is not None:
            self._background.append(asyncio.create_task(self.jwks.keep_fresh()))

    async def close(self) -> None:
        for task in self._background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.rate_limiter.close()
        await self.invitation_limiter.close()
        await self.pool.close()

    async def verify_token(self, token: str) -> VerifiedToken:
        """The verifier's answer, counted and timed; an unknown `kid` may fetch the JWKS once."""
        try:
            try:
                user = self._timed_verify(token)
            except TokenRejected as exc:
                # A key rotated in on the web app: look again (JwksRefresher decides whether to fetch).
                if exc.reason not in (Reason.KID_UNKNOWN, Reason.KEYS_UNAVAILABLE) or self.jwks is None:
                    raise
                await self.jwks.refresh_for_unknown_kid()
                user = self._timed_verify(token)
        except TokenRejected as exc:
            TOKEN_VERIFICATIONS.labels("rejected", exc.reason.value).inc()
            raise
        TOKENS_ACCEPTED.inc()
        return user

    def _timed_verify(self, token: str) -> VerifiedToken:
        started = time.perf_counter()
        try:
            return self.verifier.verify(token)
        finally:
            TOKEN_VERIFICATION_DURATION.observe(time.perf_counter() - started)
