"""FastAPI dependencies: who is calling (a verified token, counted against its rate limit), and the
database pool. The work itself is in `core/`; here it is adapted to HTTP."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Depends, Request, Response
from psycopg_pool import AsyncConnectionPool

from todo_api import crud
from todo_api.core.errors import Problem
from todo_api.core.metrics import MISSING_REASON, TOKEN_VERIFICATIONS
from todo_api.core.rate_limit import RateLimitExceeded
from todo_api.core.services import Services
from todo_api.core.token_verifier import TokenRejected, VerifiedToken

CHALLENGE = 'Bearer realm="todo-api"'
TOKENS_MISSING = TOKEN_VERIFICATIONS.labels("rejected", MISSING_REASON)


def services(request: Request) -> Services:
    registered: Services = request.app.state.services
    return registered


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
            reason=MISSING_REASON,
        )
    return token.strip()


async def current_user(request: Request, response: Response) -> VerifiedToken:
    """The caller, from a verified token only; counted against their rate limit (the X-RateLimit-*
    headers go on the response), their users row created or refreshed when this process has not
    written it yet."""
    svc = services(request)
    try:
        user = await svc.verify_token(_bearer_token(request))
    except TokenRejected as exc:
        raise Problem(
            401,
            exc.description,
            title="Invalid token",
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token", error_description="{exc.description}"'},
            reason=exc.reason.value,
        ) from None
    try:
        limit = await svc.rate_limiter.hit(user.sub)
    except RateLimitExceeded as exc:
        raise _too_many(exc, "Too many requests") from None
    response.headers.update(limit.headers())
    if svc.known_users.needs_write(user):
        async with svc.pool.connection() as conn:
            await crud.upsert_user(conn, user)
        svc.known_users.remember(user)
    return user


def _too_many(exc: RateLimitExceeded, what: str) -> Problem:
    retry_after = exc.status.retry_after_seconds()
    return Problem(
        429,
        f"{what}; try again in {_duration(retry_after)}.",
        headers={"Retry-After": str(retry_after), **exc.status.headers()},
        retry_after=retry_after,
    )


def _duration(seconds: int) -> str:
    return f"{seconds} s" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"


async def database(request: Request) -> AsyncConnectionPool:
    # Handlers take a connection with `async with db.connection()`: a yield dependency would cost
    # FastAPI's exit-stack machinery on every request (docs/architecture.md) and hold the connection
    # while the response is serialised. `async def`: FastAPI runs a plain `def` in a thread.
    return services(request).pool


def forget_user(request: Request, user_id: str) -> None:
    services(request).known_users.forget(user_id)


CurrentUser = Annotated[VerifiedToken, Depends(current_user)]
Database = Annotated[AsyncConnectionPool, Depends(database)]


async def invitations_within_limit(request: Request, user: CurrentUser) -> None:
    """Counts an invitation against the caller's API_INVITATION_RATE_LIMIT: each one mails a stranger."""
    try:
        await services(request).invitation_limiter.hit(user.sub)
    except RateLimitExceeded as exc:
        raise _too_many(exc, "Too many invitations from this account") from None
