"""The import's size limit is one fact: the API publishes it on POST /v1/import/todoist (its body's
maxLength) and the web app's BFF refuses a larger file before forwarding it (lib/import-limits.ts)."""

from __future__ import annotations

import re
from pathlib import Path

from todo_api.main import create_app

WEB_LIMITS = Path(__file__).resolve().parents[2] / "apps" / "web" / "lib" / "import-limits.ts"


def test_the_bff_takes_the_largest_file_the_api_takes():
    operation = create_app().openapi()["paths"]["/v1/import/todoist"]["post"]
    published = operation["requestBody"]["content"]["text/csv"]["schema"]["maxLength"]
    match = re.search(r"IMPORT_MAX_BYTES = ([0-9_ *]+);", WEB_LIMITS.read_text())
    assert match, "import-limits.ts no longer declares IMPORT_MAX_BYTES"
    assert eval(match.group(1).replace("_", ""), {"__builtins__": {}}) == published  # noqa: S307 - digits and *
