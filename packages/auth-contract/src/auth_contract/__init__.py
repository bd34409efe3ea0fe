"""The contract between the web app and the API as data: the access token (CONTRACT.md in words, a JSON
Schema, and test vectors) and the authorization matrix of lists and sharing (who gets what status).

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
AUTHORIZATION_MATRIX_PATH = PACKAGE_ROOT / "authorization-matrix.json"
AUTHORIZATION_MATRIX_SCHEMA_PATH = PACKAGE_ROOT / "schema" / "authorization-matrix.schema.json"


def load_vectors(directory: Path = VECTORS_DIR) -> list[dict[str, Any]]:
    """Every vector file in `directory`, parsed, in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))]


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def load_authorization_matrix() -> dict[str, Any]:
    matrix: dict[str, Any] = json.loads(AUTHORIZATION_MATRIX_PATH.read_text(encoding="utf-8"))
    return matrix


__all__ = [
    "AUTHORIZATION_MATRIX_PATH",
    "AUTHORIZATION_MATRIX_SCHEMA_PATH",
    "PACKAGE_ROOT",
    "SCHEMA_PATH",
    "VECTORS_DIR",
    "load_authorization_matrix",
    "load_schema",
    "load_vectors",
]
