"""Waiting for something a test caused to show up elsewhere: a span, a log line, a Prometheus sample."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(find: Callable[[], T | None], what: str, seconds: float = 15) -> T:
    """What `find()` returns once it is not None; fails naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while (found := find()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {seconds} s")
        time.sleep(0.1)
    return found
