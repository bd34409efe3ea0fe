"""The API's real verifier against every contract vector (packages/auth-contract/vectors).

No HTTP, no database, no network: the verifier is built directly from each vector's keys and checked at
the vector's clock.
"""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

import pytest
from auth_contract import load_vectors
from todo_api.core.token_verifier import (
    JwksKeySet,
    KeySet,
    KeySetUnavailable,
    Reason,
    StaticKeySet,
    TokenRejected,
    TokenVerifier,
    VerifiedToken,
)

VECTORS = load_vectors()


def key_set(keys: dict[str, Any]) -> KeySet:
    if keys["alg"] == "HS256":
        return StaticKeySet([secret.encode() for secret in keys["secrets"]])
    # A data: URL lets the real JwksKeySet fetch and parse the vector's JWKS without touching the network.
    document = base64.b64encode(json.dumps(keys["jwks"]).encode()).decode()
    jwks = JwksKeySet(f"data:application/json;base64,{document}")
    # As the API's refresher does: a JWKS that cannot be loaded is logged, and the set stays without keys.
    with contextlib.suppress(KeySetUnavailable):
        jwks.refresh()
    return jwks


def verifier_for(vector: dict[str, Any]) -> TokenVerifier:
    return TokenVerifier(
        algorithm=vector["keys"]["alg"],
        keys=key_set(vector["keys"]),
        issuer=vector["issuer"],
        audience=vector["audience"],
    )


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
def test_verifier_gives_the_vectors_verdict(vector: dict[str, Any]) -> None:
    verifier = verifier_for(vector)
    expected = vector["expected"]
    if expected["valid"]:
        claims = expected["claims"]
        assert verifier.verify(vector["token"], now=vector["now"]) == VerifiedToken(
            sub=claims["sub"],
            sid=claims["sid"],
            email=claims["email"],
            name=claims.get("name"),
            jti=claims["jti"],
            issued_at=claims["iat"],
            expires_at=claims["exp"],
            amr=tuple(claims["amr"]) if "amr" in claims else None,
        )
    else:
        with pytest.raises(TokenRejected) as rejected:
            verifier.verify(vector["token"], now=vector["now"])
        assert rejected.value.reason is Reason(expected["reason"])
        assert vector["token"] not in rejected.value.description


def test_vectors_cover_every_rejection_reason() -> None:
    covered = {vector["expected"]["reason"] for vector in VECTORS if not vector["expected"]["valid"]}
    assert covered == {reason.value for reason in Reason}
