"""The authorization matrix is well formed: it matches its JSON Schema, names each operation once, gives
every {parameter} of a path a value, and uses only the references it explains."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from auth_contract import AUTHORIZATION_MATRIX_SCHEMA_PATH, load_authorization_matrix
from jsonschema import Draft202012Validator

MATRIX = load_authorization_matrix()


def references_in(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith("$"):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from references_in(item)


def test_the_matrix_matches_its_schema() -> None:
    schema = json.loads(AUTHORIZATION_MATRIX_SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert sorted(error.message for error in Draft202012Validator(schema).iter_errors(MATRIX)) == []


def test_each_operation_is_named_once_and_fills_its_path() -> None:
    names = [operation["name"] for operation in MATRIX["operations"]]
    assert len(names) == len(set(names))
    for operation in MATRIX["operations"]:
        assert set(re.findall(r"\{(\w+)\}", operation["path"])) == set(operation.get("path_params", {})), operation


def test_only_explained_references_are_used() -> None:
    used = {
        reference
        for operation in MATRIX["operations"]
        for part in ("path_params", "query", "body")
        for reference in references_in(operation.get(part, {}))
    }
    assert used == set(MATRIX["references"])
