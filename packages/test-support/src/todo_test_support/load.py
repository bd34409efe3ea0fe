"""HTTP load with wrk for the benchmarks: one run, its throughput and latency, or a failure that
says why nothing was measured."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class LoadFailed(Exception):
    """wrk failed, or some answers were not 2xx/3xx: the figures would describe something else."""


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def wrk_figure(pattern: str, output: str) -> re.Match[str]:
    match = re.search(pattern, output, re.MULTILINE)
    if match is None:
        raise LoadFailed(f"no {pattern!r} in wrk's output:\n{output}")
    return match


def latency_ms(percentile: int, output: str) -> float:
    value, unit = wrk_figure(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output).groups()
    return float(value) * UNIT_TO_MS[unit]


def run_wrk(
    url: str,
    headers: Mapping[str, str],
    *,
    seconds: int,
    connections: int,
    cpu: str,
    timeout_seconds: int | None = None,
) -> LoadResult:
    """GET `url` over `connections` connections for `seconds`, wrk pinned to `cpu` with taskset."""
    command = ["taskset", "-c", cpu, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if timeout_seconds is not None:
        command += ["--timeout", f"{timeout_seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run([*command, url], capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise LoadFailed(f"wrk failed ({result.returncode}):\n{output}")
    # Any refused or broken request means something else than the page was measured.
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if failed:
        raise LoadFailed(f"{failed.group(1)} non-2xx responses from {url}:\n{output}")
    if "Socket errors" in output:
        raise LoadFailed(f"socket errors while loading {url}:\n{output}")
    return LoadResult(
        requests_per_second=float(wrk_figure(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=latency_ms(50, output),
        p99_ms=latency_ms(99, output),
    )
