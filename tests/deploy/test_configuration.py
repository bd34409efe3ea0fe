"""Every setting the README documents reaches the services under `make dev`: turbo runs the dev tasks
in strict environment mode and drops every variable its turbo.json does not pass through, silently
(a developer who set SMTP_URL got mails printed to the console with no word why)."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Documented, but never set for `make dev`: each names where it applies instead.
NOT_FOR_DEV = {
    "API_WORKERS": "read by the API image's entrypoint only",
    "PROMETHEUS_MULTIPROC_DIR": "set by `todo-api serve --workers N` itself",
}


def documented_settings() -> set[str]:
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "the README's configuration table is gone"
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ", 1)[0])}


def test_turbo_passes_every_documented_setting_to_the_dev_tasks() -> None:
    passed = json.loads((ROOT / "turbo.json").read_text())["globalPassThroughEnv"]
    settings = documented_settings()
    assert NOT_FOR_DEV.keys() <= settings, "a setting left out below is no longer documented"
    dropped = sorted(
        name
        for name in settings - NOT_FOR_DEV.keys()
        if not any(fnmatch.fnmatchcase(name, pattern) for pattern in passed)
    )
    assert not dropped, f"turbo.json's globalPassThroughEnv lacks {dropped}: make dev would drop them"
