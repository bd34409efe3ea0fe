"""A server started for a test or a benchmark, spoken to over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer in time; the message carries its log."""


class ServerProcess:
    """A server in a process group of its own (stopping it stops whatever it started too), its output
    in `log_path`; constructing one returns once `ready_url` answers 200."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        log_path: Path,
        ready_url: str,
        cwd: Path | None = None,
        timeout: float = 30,
    ) -> None:
        self.log_path = log_path
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self._wait_until_ready(ready_url, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self, url: str, timeout: float) -> None:
        if not answers_200(url, timeout, self.process):
            if self.process.poll() is not None:
                raise ServerNotReady(f"{self.process.args!r} exited with {self.process.returncode}:\n{self.log()}")
            raise ServerNotReady(f"{url} did not answer 200 within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_line(self, holding: str, seconds: float = 5) -> str:
        """The first line of its log that holds `holding`, once the server has written it: a server
        may log a request after its client has the answer."""
        deadline = time.monotonic() + seconds
        while True:
            found = [line for line in self.log().splitlines() if holding in line]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no log line holding {holding!r} within {seconds} s")
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM to its process group, then SIGKILL if it has not exited within 15 s."""
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(grace)
                return
            except subprocess.TimeoutExpired:
                continue

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def answers_200(url: str, timeout: float, process: subprocess.Popen[Any]) -> bool:
    """Whether `url` answers 200 within `timeout` seconds while `process` runs (False once it exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.1)
    return False
