"""A server started for a test or a benchmark, spoken to over HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer in time; the message carries its log."""


class ServerProcess:
    """A server in a process group of its own (stopping it stops whatever it started too), its output
    in `log_path`. With `ready_url`, constructing one returns once that answers 200; without, at once,
    so that several can start side by side and each be waited for with `wait_until`."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        log_path: Path,
        ready_url: str | None = None,
        cwd: Path | None = None,
        timeout: float = 30,
    ) -> None:
        self.command, self.env, self.cwd = list(command), env, cwd
        self.log_path = log_path
        self.process = self._start("wb")
        if ready_url is None:
            return
        try:
            self.wait_until(answers(ready_url), timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, log_mode: str) -> subprocess.Popen[bytes]:
        with self.log_path.open(log_mode) as log:
            return subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def restart(self) -> None:
        """Starts the same command again, after `stop`, its output added to the same log."""
        self.process = self._start("ab")

    def wait_until(self, ready: Callable[[], bool], timeout: float = 90) -> None:
        """Returns once `ready()` holds; raises ServerNotReady, with the log, if the server exits or
        `timeout` seconds pass first."""
        if ready_within(ready, self.process, timeout):
            return
        if self.process.poll() is not None:
            raise ServerNotReady(f"{self.command!r} exited with {self.process.returncode}:\n{self.log()}")
        raise ServerNotReady(f"{self.command!r} was not ready within {timeout:.0f} s:\n{self.log()}")

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


def answers(url: str, status: int = 200) -> Callable[[], bool]:
    """A readiness check: `url` answers `status`."""
    return lambda: httpx.get(url, timeout=5).status_code == status


def ready_within(ready: Callable[[], bool], process: subprocess.Popen[Any], timeout: float) -> bool:
    """Whether `ready()` holds within `timeout` seconds while `process` runs (False once it exits); a
    refused connection counts as not ready yet."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if ready():
                return True
        time.sleep(0.1)
    return False
