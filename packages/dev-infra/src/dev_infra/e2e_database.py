"""The database of one end-to-end run: a Playwright webServer entry (apps/web/playwright.config.ts).

    python -m dev_infra.e2e_database

Creates a database of the run's own on DATABASE_URL's server, or on an embedded PostgreSQL started for
the run, and prints `database <its URL>`. It keeps both until Playwright stops this process (SIGTERM)
or the runner ends however it ended (then this process's stdin, a pipe from the runner, closes); then
it drops the database and stops the embedded server, deleting its data.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType

from dev_infra.postgres import scratch_database, start_embedded_postgres


def stop(signum: int, frame: FrameType | None) -> None:
    # `uv run` forwards the SIGTERM that Playwright sends to the whole process group: one is enough,
    # and a second one must not interrupt the clean-up.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(0)


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    server_url = os.environ.get("DATABASE_URL") or start_embedded_postgres(
        Path(tempfile.mkdtemp(prefix="todo-e2e-postgres-")), delete_on_exit=True
    )
    with scratch_database(server_url, "todo_e2e") as url:
        print(f"database {url}", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
