"""Progress lines for the long steps of `make dev`, the harnesses and the benchmarks."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)
