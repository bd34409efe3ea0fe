"""The FastAPI application. `create_app` is the factory that `todo-api serve` runs."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from todo_api import transfer
from todo_api.api.openapi import complete_openapi
from todo_api.api.routes import health, lists, me, todos
from todo_api.api.routes import transfer as transfer_routes
from todo_api.core.body_limit import BodyLimitMiddleware
from todo_api.core.config import Settings, load_settings
from todo_api.core.errors import PROBLEM_RESPONSES, install_problem_handlers
from todo_api.core.metrics import instrument
from todo_api.core.request_log import RequestLogMiddleware
from todo_api.core.services import Services
from todo_api.core.tracing import instrument_tracing

logger = logging.getLogger("todo_api")


def operation_id(route: APIRoute) -> str:
    """`todos-list` rather than FastAPI's `list_todos_v1_todos_get`: names the generated web client can use."""
    if not route.tags:
        return route.name
    tag = str(route.tags[0])
    action = route.name.removesuffix(f"_{tag}").removesuffix(f"_{tag.removesuffix('s')}")
    return f"{tag}-{action}"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Settings are read when the app starts serving, so the OpenAPI schema needs no configuration."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        nonlocal settings
        settings = settings or load_settings()
        svc = Services.from_settings(settings)
        await svc.open()
        app.state.services = svc
        logger.info(
            "todo-api ready: %s tokens for audience %s from issuer %s; rate limit %s (%s)",
            settings.auth_jwt_alg,
            settings.jwt_audience,
            settings.jwt_issuer,
            settings.api_rate_limit,
            svc.rate_limiter.backend,
        )
        # Everything built so far lives as long as the process: keep it out of every GC pass.
        gc.freeze()
        try:
            yield
        finally:
            await svc.close()

    app = FastAPI(
        title="Todo API",
        version="1.0.0",
        description="Private API: every /v1 route needs a short-lived at+jwt minted by the web app's server.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    install_problem_handlers(app)
    app.add_middleware(BodyLimitMiddleware, larger_bodies={"/v1/import/todoist": transfer.IMPORT_MAX_BYTES})
    instrument(app)
    app.add_middleware(RequestLogMiddleware)
    instrument_tracing(app)
    for router in (todos.router, lists.router, lists.invitations, me.router, transfer_routes.router):
        app.include_router(router, responses=PROBLEM_RESPONSES)
    app.include_router(health.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_openapi(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
    return app
