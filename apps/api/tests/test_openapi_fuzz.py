"""Property-based fuzzing of every operation in the published OpenAPI schema with schemathesis:
no input may produce a 500, and every answer must match the schema (status, content type, body,
headers), with authentication really enforced."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path


def test_no_input_breaks_the_api_or_its_schema(api, minter, tmp_path: Path):
    token = minter.mint(f"fuzz-{uuid.uuid4().hex[:8]}")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{api.url}/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            # An opaque cursor that the schema allows but the API never issued is rightly a 400; and a create
            # retried with an Idempotency-Key replays its first answer even when that todo was deleted since.
            "--exclude-checks",
            "positive_data_acceptance,ensure_resource_availability",
            "--max-examples",
            "60",
            "--seed",
            "20261125",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Server error" not in result.stdout
