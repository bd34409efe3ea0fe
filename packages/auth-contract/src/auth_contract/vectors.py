"""Deterministic generator of the contract's test vectors (CONTRACT.md, "Test vectors").

    uv run python -m auth_contract.vectors            # (re)write vectors/*.json
    uv run python -m auth_contract.vectors --check    # exit 1, naming the files, if they are out of date

Tokens are assembled by hand rather than with a JWT library, because many vectors are tokens a library
refuses to produce (alg none, broken encodings, tampered signatures, HMAC keyed with a public key). This
module deliberately shares no code with the API's verifier: the vectors are an independent statement of
the rules. Key material, the clock and every jti are fixed, and HMAC-SHA256 and Ed25519 signatures are
deterministic, so each run writes byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from auth_contract import VECTORS_DIR

NOW = 1764000000
ISSUER = "http://localhost:3000"
AUDIENCE = "todo-api"
TYP = "at+jwt"
MAX_LIFETIME_SECONDS = 300
LEEWAY_SECONDS = 5
MAX_TOKEN_BYTES = 8192
REQUIRED_CLAIMS = ("iss", "aud", "sub", "sid", "email", "iat", "nbf", "exp", "jti")

# Issued a little before the vectors' clock, as a token taken from the web app's cache would be.
ISSUED_AT = NOW - 10
EXPIRES_AT = ISSUED_AT + MAX_LIFETIME_SECONDS
SUBJECT = "k7XqV2mZ9rT4wL1nB8cH3jP6sD0fGaYe"
SESSION_ID = "Qm4tR8vW1xZ5bN2cK7hJ9pL3sF6dGaEy"
EMAIL = "zoe@example.com"
# Not ASCII on purpose: both sides must agree that the payload is UTF-8 JSON.
NAME = "Zoë Ångström"
JTI_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:todo:auth-contract:vectors")

# In a header or claims change: leave this member out.
ABSENT: Any = object()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def derived_bytes(label: str) -> bytes:
    """Fixed key material: anyone can recompute it, which is the point of a test vector."""
    return hashlib.sha256(f"auth-contract test vectors: {label}".encode()).digest()


Signer = Callable[[bytes], bytes]


def hmac_sha256(secret: bytes) -> Signer:
    return lambda signing_input: hmac.new(secret, signing_input, hashlib.sha256).digest()


@dataclass(frozen=True)
class Hs256Key:
    # Text, because both sides read it from an environment variable; the HMAC key is its UTF-8 bytes.
    secret: str
    alg: ClassVar[str] = "HS256"

    @property
    def kid(self) -> str:
        return hashlib.sha256(self.secret.encode()).hexdigest()[:16]

    def sign(self, signing_input: bytes) -> bytes:
        return hmac_sha256(self.secret.encode())(signing_input)


@dataclass(frozen=True)
class Ed25519Key:
    kid: str
    seed: bytes
    alg: ClassVar[str] = "EdDSA"

    def _private_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    def sign(self, signing_input: bytes) -> bytes:
        return self._private_key().sign(signing_input)

    def public_raw(self) -> bytes:
        return self._private_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def public_pem(self) -> bytes:
        return (
            self._private_key()
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )

    def public_jwk(self) -> dict[str, str]:
        """The entry Better Auth's JWT plugin publishes at /api/auth/jwks."""
        return {"alg": "EdDSA", "crv": "Ed25519", "kid": self.kid, "kty": "OKP", "x": b64url(self.public_raw())}


SigningKey = Hs256Key | Ed25519Key

CURRENT_SECRET = Hs256Key(derived_bytes("HS256 current secret").hex())
PREVIOUS_SECRET = Hs256Key(derived_bytes("HS256 previous secret").hex())
FOREIGN_SECRET = Hs256Key(derived_bytes("HS256 secret the API does not hold").hex())
SIGNING_KEY = Ed25519Key("ed25519-current", derived_bytes("Ed25519 current key"))
PREVIOUS_SIGNING_KEY = Ed25519Key("ed25519-previous", derived_bytes("Ed25519 previous key"))
ATTACKER_KEY = Ed25519Key("attacker-key", derived_bytes("Ed25519 attacker key"))
ATTACKER_JWKS_URL = "https://attacker.example/.well-known/jwks.json"


def hs256_keys(*keys: Hs256Key) -> dict[str, Any]:
    """What an HS256 verifier holds: BACKEND_JWT_SECRET's entries, current first."""
    return {"alg": "HS256", "secrets": [key.secret for key in keys]}


def eddsa_keys(*keys: Ed25519Key) -> dict[str, Any]:
    """What an EdDSA verifier holds: the JWKS fetched from JWT_JWKS_URL (public keys only)."""
    return {"alg": "EdDSA", "jwks": {"keys": [key.public_jwk() for key in keys]}}


HS256_KEYS = hs256_keys(CURRENT_SECRET)
EDDSA_KEYS = eddsa_keys(SIGNING_KEY)


def changed(base: Mapping[str, Any], changes: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = {**base, **(changes or {})}
    return {member: value for member, value in merged.items() if value is not ABSENT}


def header_for(key: SigningKey, changes: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return changed({"alg": key.alg, "kid": key.kid, "typ": TYP}, changes)


def claims_for(name: str, changes: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A correct claim set; the jti is derived from the vector's name, so each vector has its own."""
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": SUBJECT,
        "sid": SESSION_ID,
        "email": EMAIL,
        "name": NAME,
        "iat": ISSUED_AT,
        "nbf": ISSUED_AT,
        "exp": EXPIRES_AT,
        "jti": str(uuid.uuid5(JTI_NAMESPACE, name)),
    }
    return changed(base, changes)


def compact(header: Mapping[str, Any] | bytes, payload: Mapping[str, Any] | bytes, sign: Signer) -> str:
    """A compact JWS. Header and payload may be raw bytes, so that broken ones still carry a real signature."""
    signing_input = ".".join(
        b64url(part if isinstance(part, bytes) else json_bytes(part)) for part in (header, payload)
    )
    return f"{signing_input}.{b64url(sign(signing_input.encode()))}"


def token_for(
    name: str, signer: SigningKey, header: Mapping[str, Any] | None = None, claims: Mapping[str, Any] | None = None
) -> str:
    """The token of vector `name`: correctly signed, with these changes from a valid header and claim set."""
    return compact(header_for(signer, header), claims_for(name, claims), signer.sign)


def replace_segment(token: str, index: int, segment: str) -> str:
    segments = token.split(".")
    segments[index] = segment
    return ".".join(segments)


def tamper_signature(token: str) -> str:
    """Change the signature's first character: unlike the last one, it carries no spare bits."""
    signature = token.rsplit(".", 1)[1]
    return replace_segment(token, 2, ("B" if signature[0] == "A" else "A") + signature[1:])


def respell_signature(token: str) -> str:
    """Set the spare low bits of the signature's last character (RFC 4648 §3.5)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    signature = token.rsplit(".", 1)[1]
    spare_bits = {2: 0b1111, 3: 0b11}[len(signature) % 4]
    last = alphabet[alphabet.index(signature[-1]) | spare_bits]
    return replace_segment(token, 2, signature[:-1] + last)


def vector(
    name: str,
    description: str,
    token: str,
    keys: Mapping[str, Any],
    *,
    claims: Mapping[str, Any] | None = None,
    reason: str | None = None,
    now: int = NOW,
) -> dict[str, Any]:
    """One vector: valid with `claims`, or rejected with `reason`."""
    if claims is not None and reason is None:
        expected: dict[str, Any] = {"valid": True, "claims": dict(claims)}
    elif claims is None and reason is not None:
        expected = {"valid": False, "reason": reason}
    else:
        raise ValueError(f"{name}: a vector has either claims (valid) or a reason (rejected)")
    return {
        "name": name,
        "description": description,
        "token": token,
        "keys": dict(keys),
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "now": now,
        "expected": expected,
    }


def signed(
    name: str,
    description: str,
    *,
    reason: str | None = None,
    signer: SigningKey = CURRENT_SECRET,
    keys: Mapping[str, Any] = HS256_KEYS,
    header: Mapping[str, Any] | None = None,
    claims: Mapping[str, Any] | None = None,
    now: int = NOW,
) -> dict[str, Any]:
    """A correctly signed token that differs from a valid one only by `header` and `claims` changes."""
    token = token_for(name, signer, header, claims)
    expected_claims = None if reason else claims_for(name, claims)
    return vector(name, description, token, keys, claims=expected_claims, reason=reason, now=now)


def padded_claims(name: str, signer: SigningKey, min_token_length: int) -> tuple[str, dict[str, Any]]:
    """The shortest token at least `min_token_length` long, grown by an (ignored) extra claim."""

    def padded(padding: int) -> tuple[str, dict[str, Any]]:
        claim_set = claims_for(name, {"padding": "x" * padding})
        return compact(header_for(signer), claim_set, signer.sign), claim_set

    # Each padding byte adds 4/3 base64url characters: start the search just below the answer.
    padding = max(0, (min_token_length - len(padded(0)[0])) * 3 // 4 - 2)
    while len((result := padded(padding))[0]) < min_token_length:
        padding += 1
    return result


def accepted_vectors() -> list[dict[str, Any]]:
    # EdDSA because base64url never has 4n+1 characters: with the HS256 header and signature, a payload
    # segment that makes exactly 8192 bytes would need that length.
    at_limit_token, at_limit_claims = padded_claims("eddsa_size_at_limit", SIGNING_KEY, MAX_TOKEN_BYTES)
    assert len(at_limit_token) == MAX_TOKEN_BYTES, "the limit is not reachable: change the padding scheme"
    return [
        signed("hs256_valid", "A token as the web app mints it in HS256 mode."),
        signed(
            "eddsa_valid",
            "A token as the web app mints it in EdDSA mode, checked against the published JWKS.",
            signer=SIGNING_KEY,
            keys=EDDSA_KEYS,
        ),
        signed(
            "hs256_rotation_previous_secret",
            "During a rotation BACKEND_JWT_SECRET lists the current and the previous secret; a token "
            "signed with the previous one is still accepted.",
            signer=PREVIOUS_SECRET,
            keys=hs256_keys(CURRENT_SECRET, PREVIOUS_SECRET),
        ),
        signed(
            "eddsa_rotation_previous_key",
            "The JWKS publishes a new and an old key; a token signed with the old one is still accepted.",
            signer=PREVIOUS_SIGNING_KEY,
            keys=eddsa_keys(SIGNING_KEY, PREVIOUS_SIGNING_KEY),
        ),
        signed(
            "hs256_aud_list",
            "aud may be a list; it is enough that it contains todo-api, in any position.",
            claims={"aud": ["https://reports.todo.example", AUDIENCE]},
        ),
        signed(
            "hs256_typ_media_type",
            "typ may be the full media type application/at+jwt (RFC 9068 section 4).",
            header={"typ": "application/at+jwt"},
        ),
        signed(
            "hs256_typ_uppercase",
            "typ is compared case-insensitively, as media types are.",
            header={"typ": "AT+JWT"},
        ),
        signed("hs256_name_absent", "name is optional: it may be left out.", claims={"name": ABSENT}),
        signed("hs256_name_null", "name is optional: it may be null.", claims={"name": None}),
        signed(
            "hs256_amr_password_and_otp",
            "amr, optional, says how the user signed in: here with a password and a one-time code (RFC 8176).",
            claims={"amr": ["pwd", "otp"]},
        ),
        signed(
            "hs256_amr_unknown_value",
            "amr values outside RFC 8176's list are accepted and passed on: the web app may learn a sign-in "
            "method before the API is redeployed.",
            claims={"amr": ["pwd", "webauthn"]},
        ),
        signed(
            "eddsa_key_url_headers_ignored",
            "jku, x5u and jwk headers (here pointing at an attacker) are ignored: the token is signed by "
            "our key and accepted, because keys come only from the verifier's own key set.",
            signer=SIGNING_KEY,
            keys=EDDSA_KEYS,
            header={
                "jku": ATTACKER_JWKS_URL,
                "x5u": "https://attacker.example/cert.pem",
                "jwk": ATTACKER_KEY.public_jwk(),
            },
        ),
        vector(
            "eddsa_size_at_limit",
            f"A token of exactly {MAX_TOKEN_BYTES} bytes is still accepted (unknown claims are ignored).",
            at_limit_token,
            EDDSA_KEYS,
            claims=at_limit_claims,
        ),
    ]


def algorithm_and_type_vectors() -> list[dict[str, Any]]:
    none_header = header_for(CURRENT_SECRET, {"alg": "none"})

    def hmac_keyed_with_public_key(form: str, secret: bytes) -> dict[str, Any]:
        name = f"eddsa_alg_confusion_hmac_{form}"
        header = header_for(CURRENT_SECRET, {"kid": SIGNING_KEY.kid})
        return vector(
            name,
            f"Algorithm confusion: an HS256 token under our kid whose HMAC key is our EdDSA public key "
            f"({form.replace('_', ' ')}), sent to an EdDSA verifier.",
            compact(header, claims_for(name), hmac_sha256(secret)),
            EDDSA_KEYS,
            reason="alg_not_allowed",
        )

    return [
        vector(
            "hs256_alg_none",
            "An unsecured JWT (alg none, empty signature segment): refused for its algorithm.",
            compact(none_header, claims_for("hs256_alg_none"), lambda _: b""),
            HS256_KEYS,
            reason="alg_not_allowed",
        ),
        vector(
            "hs256_alg_none_with_signature",
            "alg none with a signature segment present, so it reaches the algorithm check.",
            compact(none_header, claims_for("hs256_alg_none_with_signature"), CURRENT_SECRET.sign),
            HS256_KEYS,
            reason="alg_not_allowed",
        ),
        signed(
            "hs256_alg_lowercase",
            "alg is compared exactly: hs256 is not HS256.",
            reason="alg_not_allowed",
            header={"alg": "hs256"},
        ),
        signed(
            "hs256_given_eddsa_token",
            "A correctly signed EdDSA token sent to an HS256 verifier: one algorithm per deployment.",
            reason="alg_not_allowed",
            signer=SIGNING_KEY,
        ),
        hmac_keyed_with_public_key("raw_public_key", SIGNING_KEY.public_raw()),
        hmac_keyed_with_public_key("pem_public_key", SIGNING_KEY.public_pem()),
        hmac_keyed_with_public_key("jwk_x", SIGNING_KEY.public_jwk()["x"].encode()),
        signed(
            "hs256_typ_jwt",
            "typ JWT: some other JWT signed with the same key must not pass as an API token.",
            reason="typ_invalid",
            header={"typ": "JWT"},
        ),
        signed("hs256_typ_missing", "typ is required.", reason="typ_invalid", header={"typ": ABSENT}),
    ]


def key_selection_vectors() -> list[dict[str, Any]]:
    return [
        signed("hs256_kid_missing", "kid is required.", reason="kid_missing", header={"kid": ABSENT}),
        signed(
            "hs256_kid_unknown",
            "Signed with a secret the API does not hold (its kid is not in the key set).",
            reason="kid_unknown",
            signer=FOREIGN_SECRET,
        ),
        signed(
            "eddsa_kid_removed_from_jwks",
            "Signed with a key that is no longer in the JWKS: a removed key stops being accepted.",
            reason="kid_unknown",
            signer=PREVIOUS_SIGNING_KEY,
            keys=EDDSA_KEYS,
        ),
        signed(
            "eddsa_jwks_unavailable",
            "The JWKS could not be loaded (here a document without a keys list): no key can be known, and the "
            "API says so rather than calling the token's key unknown.",
            reason="keys_unavailable",
            signer=SIGNING_KEY,
            keys={"alg": "EdDSA", "jwks": {"error": "the web app answered 503"}},
        ),
        signed(
            "eddsa_embedded_jwk_with_our_kid",
            "Signed by an attacker's key that is embedded as a jwk header, under our kid: the embedded key "
            "is ignored and our key does not verify the signature.",
            reason="signature_invalid",
            signer=ATTACKER_KEY,
            keys=EDDSA_KEYS,
            header={"kid": SIGNING_KEY.kid, "jwk": ATTACKER_KEY.public_jwk()},
        ),
        signed(
            "eddsa_jku_with_new_kid",
            "Signed by an attacker's key under a new kid, with jku pointing at the attacker's JWKS and the "
            "key embedded as jwk: neither is fetched nor used, so the kid is unknown.",
            reason="kid_unknown",
            signer=ATTACKER_KEY,
            keys=EDDSA_KEYS,
            header={"jku": ATTACKER_JWKS_URL, "jwk": ATTACKER_KEY.public_jwk()},
        ),
    ]


def signature_vectors() -> list[dict[str, Any]]:
    valid_hs256 = token_for("hs256_valid", CURRENT_SECRET)
    forged_payload = b64url(json_bytes(claims_for("hs256_valid", {"sub": "another-user"})))
    return [
        signed(
            "hs256_wrong_secret_with_our_kid",
            "Signed with a secret the API does not hold, under the kid of one it does.",
            reason="signature_invalid",
            signer=FOREIGN_SECRET,
            header={"kid": CURRENT_SECRET.kid},
        ),
        vector(
            "hs256_signature_tampered",
            "hs256_valid with one character of its signature changed.",
            tamper_signature(valid_hs256),
            HS256_KEYS,
            reason="signature_invalid",
        ),
        vector(
            "eddsa_signature_tampered",
            "eddsa_valid with one character of its signature changed.",
            tamper_signature(token_for("eddsa_valid", SIGNING_KEY)),
            EDDSA_KEYS,
            reason="signature_invalid",
        ),
        vector(
            "hs256_payload_tampered",
            "hs256_valid with its payload replaced (another sub) and the original signature kept.",
            replace_segment(valid_hs256, 1, forged_payload),
            HS256_KEYS,
            reason="signature_invalid",
        ),
    ]


def claim_vectors() -> list[dict[str, Any]]:
    missing = [
        signed(
            f"hs256_missing_{claim}",
            f"{claim} is required.",
            reason="claim_missing",
            claims={claim: ABSENT},
        )
        for claim in REQUIRED_CLAIMS
    ]
    # (name, description, reason, claim changes)
    wrong_values: list[tuple[str, str, str, dict[str, Any]]] = [
        ("hs256_iss_other_origin", "iss is another origin.", "issuer_invalid", {"iss": "https://evil.example"}),
        (
            "hs256_iss_trailing_slash",
            "iss is compared exactly: a trailing slash is another issuer.",
            "issuer_invalid",
            {"iss": f"{ISSUER}/"},
        ),
        ("hs256_aud_other", "aud names another audience.", "audience_invalid", {"aud": "todo-web"}),
        (
            "hs256_aud_list_without_api",
            "aud is a list that does not contain todo-api.",
            "audience_invalid",
            {"aud": ["todo-web", "https://reports.todo.example"]},
        ),
        (
            "hs256_aud_list_with_non_string",
            "aud, when a list, holds only strings.",
            "claim_invalid",
            {"aud": [AUDIENCE, 5]},
        ),
        ("hs256_exp_string", "exp must be a JSON integer, not a string.", "claim_invalid", {"exp": str(EXPIRES_AT)}),
        ("hs256_exp_float", "exp must be a JSON integer, not a fraction.", "claim_invalid", {"exp": EXPIRES_AT + 0.5}),
        ("hs256_iat_boolean", "iat must be a JSON integer, not a boolean.", "claim_invalid", {"iat": True}),
        ("hs256_exp_not_after_iat", "exp must be later than iat.", "claim_invalid", {"exp": ISSUED_AT}),
        ("hs256_sub_empty", "sub must be a non-empty string.", "claim_invalid", {"sub": ""}),
        ("hs256_sid_whitespace", "sid must contain more than whitespace.", "claim_invalid", {"sid": "   "}),
        ("hs256_sid_integer", "sid must be a string.", "claim_invalid", {"sid": 12345}),
        ("hs256_jti_too_long", "jti is at most 255 characters; this one has 256.", "claim_invalid", {"jti": "j" * 256}),
        (
            "hs256_email_too_long",
            "email is at most 320 characters; this one has 321.",
            "claim_invalid",
            {"email": "z" * 309 + "@example.com"},
        ),
        ("hs256_name_integer", "name, when present and not null, must be a string.", "claim_invalid", {"name": 42}),
        ("hs256_amr_string", "amr, when present and not null, must be a list.", "claim_invalid", {"amr": "pwd"}),
        ("hs256_amr_non_string", "amr holds only strings.", "claim_invalid", {"amr": ["pwd", 1]}),
        (
            "hs256_amr_entry_too_long",
            "Each amr value is at most 32 characters; this one has 33.",
            "claim_invalid",
            {"amr": ["p" * 33]},
        ),
        (
            "hs256_amr_too_many",
            "amr holds at most 8 values; this one has 9.",
            "claim_invalid",
            {"amr": ["pwd"] * 9},
        ),
    ]
    return missing + [
        signed(name, description, reason=reason, claims=changes) for name, description, reason, changes in wrong_values
    ]


def clock_vectors() -> list[dict[str, Any]]:
    """The clock rules, each pinned on both sides of its boundary where the leeway applies."""
    return [
        signed(
            "hs256_lifetime_301",
            f"exp - iat is {MAX_LIFETIME_SECONDS + 1} s, one more than the maximum.",
            reason="lifetime_too_long",
            claims={"exp": ISSUED_AT + MAX_LIFETIME_SECONDS + 1},
        ),
        signed(
            "hs256_expired_within_leeway",
            f"Checked {LEEWAY_SECONDS - 1} s after exp: still inside the {LEEWAY_SECONDS} s leeway.",
            now=EXPIRES_AT + LEEWAY_SECONDS - 1,
        ),
        signed(
            "hs256_expired",
            f"Checked {LEEWAY_SECONDS} s after exp: the leeway is used up (valid only while now < exp + leeway).",
            reason="expired",
            now=EXPIRES_AT + LEEWAY_SECONDS,
        ),
        signed(
            "hs256_nbf_within_leeway",
            f"nbf is {LEEWAY_SECONDS} s after now: still inside the leeway.",
            claims={"nbf": NOW + LEEWAY_SECONDS},
        ),
        signed(
            "hs256_nbf_future",
            f"nbf is {LEEWAY_SECONDS + 1} s after now: beyond the leeway.",
            reason="not_yet_valid",
            claims={"nbf": NOW + LEEWAY_SECONDS + 1},
        ),
        signed(
            "hs256_iat_future",
            f"iat is {LEEWAY_SECONDS + 1} s after now (nbf is in the past): issued in the future.",
            reason="issued_in_future",
            claims={"iat": NOW + LEEWAY_SECONDS + 1, "exp": NOW + LEEWAY_SECONDS + 1 + MAX_LIFETIME_SECONDS},
        ),
    ]


def structure_vectors() -> list[dict[str, Any]]:
    """Tokens that are not a compact JWS of JSON objects, or ask for JWS features the contract refuses."""
    header = header_for(CURRENT_SECRET)
    valid_hs256 = token_for("hs256_valid", CURRENT_SECRET)
    header_segment, payload_segment, signature_segment = valid_hs256.split(".")
    too_large_token, _ = padded_claims("hs256_too_large", CURRENT_SECRET, MAX_TOKEN_BYTES + 1)

    def malformed(name: str, description: str, token: str) -> dict[str, Any]:
        return vector(name, description, token, HS256_KEYS, reason="malformed")

    return [
        malformed(
            "hs256_header_not_base64url",
            "The header is encoded with standard base64 and = padding instead of base64url.",
            replace_segment(valid_hs256, 0, base64.b64encode(json_bytes(header)).decode()),
        ),
        malformed(
            "hs256_header_not_json",
            "The header is base64url but not JSON.",
            compact(b"alg=HS256", claims_for("hs256_header_not_json"), CURRENT_SECRET.sign),
        ),
        malformed(
            "hs256_header_json_array",
            "The header is JSON but an array, not an object.",
            compact(json_bytes([header]), claims_for("hs256_header_json_array"), CURRENT_SECRET.sign),
        ),
        malformed(
            "hs256_payload_not_json",
            "Correctly signed, but the payload is not JSON (the payload is parsed only after the signature "
            "has been verified).",
            compact(header, f"sub={SUBJECT}".encode(), CURRENT_SECRET.sign),
        ),
        malformed(
            "hs256_signature_not_base64url",
            "The signature segment has a length (4n+1) that no base64url text can have.",
            f"{valid_hs256}AA",
        ),
        malformed(
            "hs256_signature_non_canonical",
            "hs256_valid with non-zero spare bits in the signature's last character: the same bytes, "
            "another spelling, refused so that a token has one string.",
            respell_signature(valid_hs256),
        ),
        malformed("hs256_two_segments", "Header and payload only.", f"{header_segment}.{payload_segment}"),
        malformed(
            "hs256_five_segments",
            "A JWE-shaped token (five segments): the contract has signed tokens only.",
            ".".join(
                [b64url(json_bytes({"alg": "dir", "enc": "A256GCM", "kid": CURRENT_SECRET.kid, "typ": TYP}))]
                + [b64url(derived_bytes(f"JWE {part}")) for part in ("encrypted key", "iv", "ciphertext", "tag")]
            ),
        ),
        malformed(
            "hs256_crit_header",
            "A crit header: no JWS extension is understood, so every critical one is refused (RFC 7515 4.1.11).",
            compact(
                header_for(CURRENT_SECRET, {"crit": ["urn:example:policy"], "urn:example:policy": "strict"}),
                claims_for("hs256_crit_header"),
                CURRENT_SECRET.sign,
            ),
        ),
        malformed(
            "hs256_b64_false",
            "An unencoded payload (b64 false, RFC 7797) is refused.",
            compact(header_for(CURRENT_SECRET, {"b64": False}), claims_for("hs256_b64_false"), CURRENT_SECRET.sign),
        ),
        vector(
            "hs256_too_large",
            f"A correctly signed token of {len(too_large_token)} bytes, over the {MAX_TOKEN_BYTES}-byte limit.",
            too_large_token,
            HS256_KEYS,
            reason="too_large",
        ),
    ]


def build_vectors() -> list[dict[str, Any]]:
    vectors = [
        *accepted_vectors(),
        *algorithm_and_type_vectors(),
        *key_selection_vectors(),
        *signature_vectors(),
        *claim_vectors(),
        *clock_vectors(),
        *structure_vectors(),
    ]
    names = [entry["name"] for entry in vectors]
    assert len(names) == len(set(names)), "vector names must be unique"
    return vectors


def rendered_files() -> dict[str, str]:
    """File name -> exact file content: sorted keys, two-space indent, trailing newline."""
    return {
        f"{entry['name']}.json": json.dumps(entry, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for entry in build_vectors()
    }


def write_vectors(directory: Path = VECTORS_DIR) -> None:
    """Write every vector and delete vector files that are no longer generated."""
    files = rendered_files()
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    for file_name, content in files.items():
        (directory / file_name).write_bytes(content.encode())


def out_of_date(directory: Path = VECTORS_DIR) -> list[str]:
    """Names of vector files that differ from a fresh generation, are missing, or are no longer generated."""
    expected = {name: content.encode() for name, content in rendered_files().items()}
    present = {path.name: path.read_bytes() for path in directory.glob("*.json")}
    return sorted(name for name in expected.keys() | present.keys() if expected.get(name) != present.get(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auth_contract.vectors", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args(argv)
    if not args.check:
        write_vectors()
        return 0
    stale = out_of_date()
    if stale:
        print(f"{len(stale)} vector file(s) out of date in {VECTORS_DIR}:", *stale, sep="\n  ", file=sys.stderr)
        print("Regenerate with: uv run python -m auth_contract.vectors", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
