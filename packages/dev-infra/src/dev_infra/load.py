"""HTTP load with wrk for the benchmarks: one run, its throughput and latency, or a failure that
says why nothing was measured."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


def wrk_output(
    url: str,
    headers: Mapping[str, str],
    *,
    seconds: int,
    connections: int,
    cpu: str,
    timeout_seconds: int | None = None,
    script: Path | None = None,
    script_args: Sequence[str] = (),
) -> str:
    """What wrk printed after loading `url` (through a Lua `script` given `script_args`, if any), once
    it is known that every answer was a 2xx or 3xx."""
    command = ["taskset", "-c", cpu, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if timeout_seconds is not None:
        command += ["--timeout", f"{timeout_seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(command, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise LoadFailed(f"wrk failed ({result.returncode}):\n{output}")
    # Any refused or broken request means something else than the page was measured.
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if failed:
        raise LoadFailed(f"{failed.group(1)} non-2xx responses from {url}:\n{output}")
    if "Socket errors" in output:
        raise LoadFailed(f"socket errors while loading {url}:\n{output}")
    return output


def load_result(output: str) -> LoadResult:
    """Throughput and latency from wrk's `--latency` output."""
    return LoadResult(
        requests_per_second=float(wrk_figure(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=latency_ms(50, output),
        p99_ms=latency_ms(99, output),
    )


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes and their children so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(value) for value in fields[11:15])
    return total / CLOCK_TICKS


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(descendant for child in children for descendant in process_tree(int(child)))]
