"""The services' settings, as the README's configuration table documents them: the one list of them,
which the test harnesses keep out of the servers they start (a developer's own DATABASE_URL or
OTEL endpoint must not reach a test's servers) and which turbo.json must pass to `make dev`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

README = Path(__file__).resolve().parents[4] / "README.md"


def documented_settings() -> frozenset[str]:
    """The names in the first column of the README's configuration table."""
    section = README.read_text().split("\n## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "the README's configuration table is gone"
    return frozenset(name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ", 1)[0]))


def without_settings(environment: Mapping[str, str]) -> dict[str, str]:
    """`environment` without any of the services' settings: what a test's server starts from."""
    settings = documented_settings()
    return {name: value for name, value in environment.items() if name not in settings}
