"""FastAPI dependencies: who is calling (the verifier adapted to HTTP), and a database connection."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import AsyncConnectionPool

from todo_api import crud
from todo_api.core.errors import Problem
from todo_api.core.metrics import (
    JWKS_REFRESHES,
    RATE_LIMIT_REJECTIONS,
    TOKEN_VERIFICATION_DURATION,
    TOKEN_VERIFICATIONS,
)
from todo_api.core.rate_limit import RateLimitExceeded, UserRateLimiter
from todo_api.core.token_verifier import (
    JwksKeySet,
    KeySetUnavailable,
    Reason,
    TokenRejected,
    TokenVerifier,
    VerifiedToken,
)

logger = logging.getLogger("todo_api")

CHALLENGE = 'Bearer realm="todo-api"'
TOKENS_ACCEPTED = TOKEN_VERIFICATIONS.labels("accepted", "ok")
TOKENS_MISSING = TOKEN_VERIFICATIONS.labels("rejected", "missing")
KNOWN_USERS_LIMIT = 50_000


@dataclass
class Services:
    """What the request path needs, built once by the app's lifespan."""

    pool: AsyncConnectionPool
    verifier: TokenVerifier
    rate_limiter: UserRateLimiter
    jwks: JwksKeySet | None = None
    jwks_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # sub -> (email, name) already written to the users table by this process: a request from a
    # known user costs no write.
    known_users: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def services(request: Request) -> Services:
    registered: Services = request.app.state.services
    return registered


async def refresh_jwks(svc: Services) -> None:
    """Fetch the JWKS in a worker thread (the fetch blocks), one fetch at a time."""
    assert svc.jwks is not None
    async with svc.jwks_lock:
        try:
            await asyncio.to_thread(svc.jwks.refresh)
        except KeySetUnavailable as exc:
            JWKS_REFRESHES.labels("error").inc()
            logger.warning("%s", exc)
        else:
            JWKS_REFRESHES.labels("ok").inc()


def _timed_verify(verifier: TokenVerifier, token: str) -> VerifiedToken:
    started = time.perf_counter()
    try:
        return verifier.verify(token)
    finally:
        TOKEN_VERIFICATION_DURATION.observe(time.perf_counter() - started)


async def _verified_token(svc: Services, token: str) -> VerifiedToken:
    try:
        try:
            return _timed_verify(svc.verifier, token)
        except TokenRejected as exc:
            # A key rotated in on the web app: look again, at most once per cool-down.
            if exc.reason is not Reason.KID_UNKNOWN or svc.jwks is None or not svc.jwks.may_refetch():
                raise
            await refresh_jwks(svc)
            return _timed_verify(svc.verifier, token)
    except TokenRejected as exc:
        TOKEN_VERIFICATIONS.labels("rejected", exc.reason.value).inc()
        raise Problem(
            401,
            exc.description,
            title="Invalid token",
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token", error_description="{exc.description}"'},
            reason=exc.reason.value,
        ) from None


def _bearer_token(request: Request) -> str:
    # Only the Authorization header: a token in a query string or a cookie is never looked at.
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        TOKENS_MISSING.inc()
        raise Problem(
            401,
            "Send an access token in the Authorization header: 'Bearer <token>'.",
            title="Authentication required",
            headers={"WWW-Authenticate": CHALLENGE},
            reason="missing",
        )
    return token.strip()


async def _ensure_user_row(svc: Services, user: VerifiedToken) -> None:
    claims = (user.email, user.name)
    if svc.known_users.get(user.sub) == claims:
        return
    async with svc.pool.connection() as conn:
        await crud.upsert_user(conn, user)
    if len(svc.known_users) >= KNOWN_USERS_LIMIT:
        svc.known_users.clear()
    svc.known_users[user.sub] = claims


async def current_user(request: Request) -> VerifiedToken:
    """The caller, from a verified token only; counted against their rate limit."""
    svc = services(request)
    user = await _verified_token(svc, _bearer_token(request))
    TOKENS_ACCEPTED.inc()
    try:
        await svc.rate_limiter.hit(user.sub)
    except RateLimitExceeded as exc:
        RATE_LIMIT_REJECTIONS.inc()
        raise Problem(
            429,
            f"Too many requests; try again in {exc.retry_after_seconds} s.",
            headers={"Retry-After": str(exc.retry_after_seconds)},
            retry_after=exc.retry_after_seconds,
        ) from None
    await _ensure_user_row(svc, user)
    return user


async def database(request: Request) -> AsyncConnectionPool:
    # Handlers take a connection with `async with db.connection()`: a yield dependency would cost
    # FastAPI's exit-stack machinery on every request (about 0.1 ms here) and hold the connection
    # while the response is serialised. `async def`: FastAPI runs a plain `def` in a thread.
    return services(request).pool


def forget_user(request: Request, user_id: str) -> None:
    services(request).known_users.pop(user_id, None)


CurrentUser = Annotated[VerifiedToken, Depends(current_user)]
Database = Annotated[AsyncConnectionPool, Depends(database)]
