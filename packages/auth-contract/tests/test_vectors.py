"""The committed vectors are exactly what the generator writes, well formed, and agree with the JSON Schema."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from auth_contract import load_schema, load_vectors
from auth_contract import vectors as generator
from jsonschema import Draft202012Validator

VECTORS = load_vectors()
VALID = [vector for vector in VECTORS if vector["expected"]["valid"]]
REQUIRED_FIELDS = {"name", "description", "token", "keys", "issuer", "audience", "now", "expected"}
# Rejection reasons whose fault the schema can see, and the part of the token it lies in.
SCHEMA_VISIBLE_FAULTS = {
    "claim_missing": "claims",
    "claim_invalid": "claims",
    "audience_invalid": "claims",
    "typ_invalid": "header",
    "kid_missing": "header",
}
# Faults in a rule between two claims, which a JSON Schema cannot state.
BEYOND_SCHEMA = {"hs256_exp_not_after_iat"}
SCHEMA_REJECTED = [
    vector
    for vector in VECTORS
    if vector["expected"].get("reason") in SCHEMA_VISIBLE_FAULTS and vector["name"] not in BEYOND_SCHEMA
]


def names(vectors: list[dict[str, Any]]) -> list[str]:
    return [vector["name"] for vector in vectors]


def decoded(token: str) -> dict[str, Any]:
    header, payload = (
        json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))) for segment in token.split(".")[:2]
    )
    return {"header": header, "claims": payload}


@pytest.fixture(scope="module")
def schema() -> Draft202012Validator:
    document = load_schema()
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document)


def test_committed_vectors_are_what_the_generator_writes() -> None:
    assert generator.out_of_date() == [], "regenerate: uv run python -m auth_contract.vectors"
    assert generator.main(["--check"]) == 0


def test_check_names_changed_missing_and_extra_files(tmp_path: Path) -> None:
    generator.write_vectors(tmp_path)
    (tmp_path / "hs256_valid.json").write_text("{}\n")
    (tmp_path / "eddsa_valid.json").unlink()
    (tmp_path / "leftover.json").write_text("{}\n")
    assert generator.out_of_date(tmp_path) == ["eddsa_valid.json", "hs256_valid.json", "leftover.json"]


@pytest.mark.parametrize("vector", VECTORS, ids=names(VECTORS))
def test_vector_is_complete(vector: dict[str, Any]) -> None:
    assert vector.keys() >= REQUIRED_FIELDS
    assert isinstance(vector["token"], str) and isinstance(vector["now"], int)
    expected = vector["expected"]
    if expected["valid"]:
        assert isinstance(expected["claims"], dict)
    else:
        assert isinstance(expected["reason"], str)
    keys = vector["keys"]
    if keys["alg"] == "HS256":
        assert keys["secrets"] and all(len(secret.encode()) >= 32 for secret in keys["secrets"])
    else:
        assert keys["alg"] == "EdDSA"
        if expected.get("reason") == "keys_unavailable":
            assert "keys" not in keys["jwks"], "a JWKS that cannot be loaded"
        else:
            assert keys["jwks"]["keys"] and all("d" not in jwk for jwk in keys["jwks"]["keys"]), "public keys only"


@pytest.mark.parametrize("vector", VALID, ids=names(VALID))
def test_valid_vector_matches_schema_and_expected_claims(vector: dict[str, Any], schema: Draft202012Validator) -> None:
    token = decoded(vector["token"])
    assert [error.message for error in schema.iter_errors(token)] == []
    assert token["claims"] == vector["expected"]["claims"]


@pytest.mark.parametrize("vector", SCHEMA_REJECTED, ids=names(SCHEMA_REJECTED))
def test_schema_rejects_what_the_verifier_rejects_for_its_shape(
    vector: dict[str, Any], schema: Draft202012Validator
) -> None:
    errors = list(schema.iter_errors(decoded(vector["token"])))
    assert errors, "the schema accepts a token the contract rejects"
    assert {error.absolute_path[0] for error in errors} == {SCHEMA_VISIBLE_FAULTS[vector["expected"]["reason"]]}
