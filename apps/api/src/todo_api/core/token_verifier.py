"""The one place where API tokens are checked, following packages/auth-contract/CONTRACT.md.

It knows nothing of FastAPI: `core/services.py` counts and times it, `api/deps.py` adapts it to HTTP,
the contract vectors test it directly and the benchmark times it alone. The cryptography is PyJWT's
(its algorithm objects, bound to keys from our own key set); the rules are RFC 8725 and RFC 9068 as
CONTRACT.md states them, and the clock is injectable so that a vector can be checked at the instant
it was written for.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import jwt

from todo_api.core.config import Settings, hs256_kid

MAX_TOKEN_BYTES = 8192
MAX_LIFETIME_SECONDS = 300
LEEWAY_SECONDS = 5
ACCEPTED_TYP = frozenset({"at+jwt", "application/at+jwt"})
REQUIRED_CLAIMS = ("iss", "aud", "sub", "sid", "email", "iat", "nbf", "exp", "jti")
# `amr` (RFC 8176): how the user signed in, a short list of short method names.
MAX_AMR_ENTRIES = 8
MAX_AMR_ENTRY_LENGTH = 32
# Three base64url segments without padding; anything else (JWE, JSON serialisation, stray
# characters that a lenient base64 decoder would skip) is malformed. The signature may be empty so
# that an unsecured token (alg "none") is refused for its algorithm, as it is.
COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# CONTRACT.md: a token with an unknown `kid` may make the API fetch the JWKS again, at most this often.
JWKS_REFETCH_COOLDOWN_SECONDS = 5


class Reason(StrEnum):
    """Why a token was rejected. Stable: used in the vectors, metrics labels and logs."""

    MALFORMED = "malformed"
    TOO_LARGE = "too_large"
    ALG_NOT_ALLOWED = "alg_not_allowed"
    TYP_INVALID = "typ_invalid"
    KID_MISSING = "kid_missing"
    KID_UNKNOWN = "kid_unknown"
    SIGNATURE_INVALID = "signature_invalid"
    CLAIM_MISSING = "claim_missing"
    CLAIM_INVALID = "claim_invalid"
    ISSUER_INVALID = "issuer_invalid"
    AUDIENCE_INVALID = "audience_invalid"
    LIFETIME_TOO_LONG = "lifetime_too_long"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    ISSUED_IN_FUTURE = "issued_in_future"
    # The key set could not be loaded (the JWKS fetch failed), so a token's key cannot be known.
    KEYS_UNAVAILABLE = "keys_unavailable"


class TokenRejected(Exception):
    """A token that must not be trusted. `description` is safe to send back: it never quotes the token."""

    def __init__(self, reason: Reason, description: str) -> None:
        super().__init__(description)
        self.reason = reason
        self.description = description


@dataclass(frozen=True, slots=True)
class VerifiedToken:
    """What the API may believe about the caller: identity comes from here and nowhere else."""

    sub: str
    sid: str
    email: str
    name: str | None
    jti: str
    issued_at: int
    expires_at: int
    # How the user signed in (RFC 8176 values such as "pwd", "otp", "hwk"), None when the token does not say.
    amr: tuple[str, ...] | None = None


class KeySet(Protocol):
    def get(self, kid: str) -> jwt.PyJWK | None: ...

    def is_unavailable(self) -> bool:
        """Whether the keys could not be loaded, so that an unknown `kid` says nothing of the token."""
        ...


def _b64url_decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _json_object(segment: str, part: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64url_decode(segment))
    except (ValueError, RecursionError):
        raise TokenRejected(Reason.MALFORMED, f"token {part} is not base64url-encoded JSON") from None
    if not isinstance(value, dict):
        raise TokenRejected(Reason.MALFORMED, f"token {part} is not a JSON object")
    return value


class StaticKeySet:
    """HS256 keys from BACKEND_JWT_SECRET: every listed secret is accepted, so rotations can overlap."""

    def __init__(self, secrets: Iterable[bytes]) -> None:
        self._keys = {
            hs256_kid(secret): jwt.PyJWK(
                {"kty": "oct", "k": base64.urlsafe_b64encode(secret).rstrip(b"=").decode()},
                algorithm="HS256",
            )
            for secret in secrets
        }

    def get(self, kid: str) -> jwt.PyJWK | None:
        return self._keys.get(kid)

    def is_unavailable(self) -> bool:
        return False


class KeySetUnavailable(Exception):
    """The JWKS could not be fetched or parsed."""


class JwksKeySet:
    """EdDSA public keys from the web app's JWKS.

    `refresh()` blocks on the network: the API runs it in a worker thread through `JwksRefresher`
    (core/jwks_refresher.py), one fetch at a time. The whole set is replaced on each refresh: a key
    removed from the JWKS stops being accepted.
    """

    def __init__(
        self,
        url: str,
        *,
        max_age_seconds: float = 300,
        refetch_cooldown_seconds: float = JWKS_REFETCH_COOLDOWN_SECONDS,
        timeout_seconds: float = 3,
    ) -> None:
        self.url = url
        self.max_age_seconds = max_age_seconds
        self.refetch_cooldown_seconds = refetch_cooldown_seconds
        self.timeout_seconds = timeout_seconds
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._last_attempt_failed = False
        self._lock = threading.Lock()

    def get(self, kid: str) -> jwt.PyJWK | None:
        return self._keys.get(kid)

    def is_unavailable(self) -> bool:
        """Never fetched yet, or the last fetch failed: a key rotated in since cannot be known."""
        return self._last_attempt_failed or self._fetched_at == float("-inf")

    def is_stale(self) -> bool:
        return time.monotonic() - self._fetched_at > self.max_age_seconds

    def may_refetch(self) -> bool:
        """An unknown `kid` may trigger a fetch, but at most once per cool-down."""
        return time.monotonic() - self._attempted_at >= self.refetch_cooldown_seconds

    def refresh(self) -> None:
        with self._lock:
            self._attempted_at = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=self.timeout_seconds) as response:  # noqa: S310 - config admits http(s) only
                    document = json.loads(response.read(65536))
            except (OSError, ValueError) as exc:
                self._last_attempt_failed = True
                raise KeySetUnavailable(f"could not fetch the JWKS from {self.url}: {exc}") from None
            try:
                self._keys = self.parse(document)
            except KeySetUnavailable:
                self._last_attempt_failed = True
                raise
            self._last_attempt_failed = False
            self._fetched_at = time.monotonic()

    @staticmethod
    def parse(document: Any) -> dict[str, jwt.PyJWK]:
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise KeySetUnavailable("the JWKS is not a JSON object with a 'keys' list")
        keys: dict[str, jwt.PyJWK] = {}
        for entry in document["keys"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            if entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
                continue
            if entry.get("use", "sig") != "sig" or entry.get("alg", "EdDSA") != "EdDSA":
                continue
            try:
                keys[entry["kid"]] = jwt.PyJWK(entry, algorithm="EdDSA")
            except jwt.PyJWTError:
                continue
        return keys


class TokenVerifier:
    def __init__(
        self,
        *,
        algorithm: str,
        keys: KeySet,
        issuer: str,
        audience: str,
        leeway_seconds: int = LEEWAY_SECONDS,
    ) -> None:
        self.algorithm = algorithm
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway_seconds

    def verify(self, token: str, *, now: float | None = None) -> VerifiedToken:
        if len(token) > MAX_TOKEN_BYTES:
            raise TokenRejected(Reason.TOO_LARGE, f"token is longer than {MAX_TOKEN_BYTES} bytes")
        if not COMPACT_JWS.fullmatch(token):
            raise TokenRejected(Reason.MALFORMED, "token is not a compact JWS")
        header_segment, payload_segment, signature_segment = token.split(".")
        key = self._select_key(_json_object(header_segment, "header"))
        # PyJWT's algorithm object does the cryptography (constant-time for HMAC); jwt.decode itself
        # is not used because it re-parses the header and spends 3x the signature's cost on checks
        # this module makes anyway.
        try:
            signature = _b64url_decode(signature_segment)
        except ValueError:
            raise TokenRejected(Reason.MALFORMED, "token signature is not base64url") from None
        # Spare bits must be zero (RFC 4648 §3.5), so that one token has one spelling.
        if base64.urlsafe_b64encode(signature).rstrip(b"=").decode() != signature_segment:
            raise TokenRejected(Reason.MALFORMED, "token signature is not canonical base64url")
        signing_input = f"{header_segment}.{payload_segment}".encode()
        if not key.Algorithm.verify(signing_input, key.key, signature):
            raise TokenRejected(Reason.SIGNATURE_INVALID, "token signature is invalid")
        claims = _json_object(payload_segment, "payload")
        return self._check_claims(claims, time.time() if now is None else now)

    def _select_key(self, header: Mapping[str, Any]) -> jwt.PyJWK:
        if "crit" in header or header.get("b64", True) is not True:
            raise TokenRejected(Reason.MALFORMED, "critical or b64 header parameters are not supported")
        # Only the configured algorithm: never the token's choice (no "none", no HS256-with-a-public-key).
        if header.get("alg") != self.algorithm:
            raise TokenRejected(Reason.ALG_NOT_ALLOWED, f"only {self.algorithm} tokens are accepted")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower() not in ACCEPTED_TYP:
            raise TokenRejected(Reason.TYP_INVALID, "token type must be at+jwt")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenRejected(Reason.KID_MISSING, "token header has no kid")
        # jku, x5u and jwk are never consulted: keys come only from our own key set.
        key = self.keys.get(kid)
        if key is None and self.keys.is_unavailable():
            raise TokenRejected(Reason.KEYS_UNAVAILABLE, "the signing keys cannot be loaded right now")
        if key is None:
            raise TokenRejected(Reason.KID_UNKNOWN, "token was signed with an unknown key")
        return key

    def _check_claims(self, claims: dict[str, Any], now: float) -> VerifiedToken:
        for claim in REQUIRED_CLAIMS:
            if claims.get(claim) is None:
                raise TokenRejected(Reason.CLAIM_MISSING, f"token has no '{claim}' claim")
        if claims["iss"] != self.issuer:
            raise TokenRejected(Reason.ISSUER_INVALID, "token was issued by someone else")
        audience = claims["aud"]
        if isinstance(audience, list) and not all(isinstance(entry, str) for entry in audience):
            raise TokenRejected(Reason.CLAIM_INVALID, "'aud' must be a string or a list of strings")
        if not (audience == self.audience or (isinstance(audience, list) and self.audience in audience)):
            raise TokenRejected(Reason.AUDIENCE_INVALID, f"token is not meant for {self.audience}")
        iat, nbf, exp = claims["iat"], claims["nbf"], claims["exp"]
        for claim, value in (("iat", iat), ("nbf", nbf), ("exp", exp)):
            if type(value) is not int:
                raise TokenRejected(Reason.CLAIM_INVALID, f"'{claim}' must be an integer NumericDate")
        if exp <= iat:
            raise TokenRejected(Reason.CLAIM_INVALID, "'exp' must be later than 'iat'")
        if exp - iat > MAX_LIFETIME_SECONDS:
            raise TokenRejected(Reason.LIFETIME_TOO_LONG, f"token lifetime exceeds {MAX_LIFETIME_SECONDS} seconds")
        if now >= exp + self.leeway:
            raise TokenRejected(Reason.EXPIRED, "token has expired")
        if nbf > now + self.leeway:
            raise TokenRejected(Reason.NOT_YET_VALID, "token is not valid yet")
        if iat > now + self.leeway:
            raise TokenRejected(Reason.ISSUED_IN_FUTURE, "token was issued in the future")
        for claim, limit in (("sub", 255), ("sid", 255), ("jti", 255), ("email", 320)):
            value = claims[claim]
            if not isinstance(value, str) or not value.strip() or len(value) > limit:
                raise TokenRejected(Reason.CLAIM_INVALID, f"'{claim}' must be a non-empty string")
        name: object = claims.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 255):
            raise TokenRejected(Reason.CLAIM_INVALID, "'name' must be a string")
        amr = _authentication_methods(claims.get("amr"))
        return VerifiedToken(
            sub=claims["sub"],
            sid=claims["sid"],
            email=claims["email"],
            name=name or None,
            jti=claims["jti"],
            issued_at=iat,
            expires_at=exp,
            amr=amr,
        )


def _authentication_methods(amr: object) -> tuple[str, ...] | None:
    """The optional `amr` claim: absent or null, or a bounded list of non-blank strings, kept as sent.

    Values outside RFC 8176's registry are accepted (the web app may learn a sign-in method before the API is
    redeployed); the API reports them and decides nothing on them.
    """
    if amr is None:
        return None
    if (
        not isinstance(amr, list)
        or len(amr) > MAX_AMR_ENTRIES
        or not all(isinstance(entry, str) and entry.strip() and len(entry) <= MAX_AMR_ENTRY_LENGTH for entry in amr)
    ):
        raise TokenRejected(
            Reason.CLAIM_INVALID, f"'amr' must be a list of at most {MAX_AMR_ENTRIES} short non-empty strings"
        )
    return tuple(amr)


def build_verifier(settings: Settings) -> tuple[TokenVerifier, JwksKeySet | None]:
    """The verifier for this deployment, and the JWKS key set to keep fresh when there is one."""
    jwks: JwksKeySet | None = None
    keys: KeySet
    if settings.auth_jwt_alg == "HS256":
        keys = StaticKeySet(settings.hs256_secrets)
    else:
        assert settings.jwt_jwks_url is not None
        keys = jwks = JwksKeySet(settings.jwt_jwks_url)
    verifier = TokenVerifier(
        algorithm=settings.auth_jwt_alg,
        keys=keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    return verifier, jwks
