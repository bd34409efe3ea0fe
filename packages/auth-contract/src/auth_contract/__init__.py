"""The API token contract as data: CONTRACT.md in words, a JSON Schema, and test vectors.

The schema and vectors live beside the Python package (packages/auth-contract/schema, /vectors) so that
the TypeScript side reads the very same files; these paths therefore assume the workspace checkout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA_PATH = PACKAGE_ROOT / "schema" / "token.schema.json"
VECTORS_DIR = PACKAGE_ROOT / "vectors"


def load_vectors(directory: Path = VECTORS_DIR) -> list[dict[str, Any]]:
    """Every vector file in `directory`, parsed, in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))]


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


__all__ = ["PACKAGE_ROOT", "SCHEMA_PATH", "VECTORS_DIR", "load_schema", "load_vectors"]
