"""Authentication over HTTP: only a valid bearer token in the Authorization header is accepted.
Every rule of the verifier is covered by the contract vectors (test_contract_vectors.py); these
tests check how the API answers."""

from __future__ import annotations

import base64
import time
import uuid

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from dev_infra.api import AUDIENCE, ISSUER, TokenMinter, assert_problem, concurrent_gets
from dev_infra.network import JwksEndpoint
from todo_api.core.token_verifier import JWKS_REFETCH_COOLDOWN_SECONDS

PROTECTED = [
    ("GET", "/v1/todos"),
    ("POST", "/v1/todos"),
    ("GET", "/v1/me"),
    ("DELETE", "/v1/me"),
    ("GET", f"/v1/todos/{uuid.uuid4()}"),
    ("PATCH", f"/v1/todos/{uuid.uuid4()}"),
    ("DELETE", f"/v1/todos/{uuid.uuid4()}"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_route_needs_a_token(api, method, path):
    with api.client() as client:
        response = client.request(method, path, json={"title": "x"})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == 'Bearer realm="todo-api"'


def test_invalid_token_gets_an_invalid_token_challenge(api, minter):
    with api.client(minter.mint("someone", exp=int(time.time()) - 60, iat=int(time.time()) - 120)) as client:
        response = client.get("/v1/todos")
    problem = assert_problem(response, 401)
    assert problem["reason"] == "expired"
    assert response.headers["www-authenticate"] == (
        'Bearer realm="todo-api", error="invalid_token", error_description="token has expired"'
    )


@pytest.mark.parametrize(
    "authorization",
    ["Basic dXNlcjpwYXNz", "Bearer", "Token abc", "bearer"],
)
def test_other_schemes_and_empty_bearer_are_refused(api, authorization):
    response = httpx.get(f"{api.url}/v1/todos", headers={"Authorization": authorization})
    assert assert_problem(response, 401)["reason"] == "missing"


def test_scheme_is_case_insensitive(api, minter):
    token = minter.mint(f"user-{uuid.uuid4().hex[:8]}")
    assert httpx.get(f"{api.url}/v1/me", headers={"Authorization": f"bEaReR {token}"}).status_code == 200


def test_token_in_query_string_or_cookie_is_never_accepted(api, minter):
    token = minter.mint(f"user-{uuid.uuid4().hex[:8]}")
    for request in (
        {"params": {"access_token": token}},
        {"params": {"token": token}},
        {"cookies": {"access_token": token}},
        {"cookies": {"better-auth.session_token": token}},
    ):
        with httpx.Client(base_url=api.url, **request) as client:
            assert_problem(client.get("/v1/todos"), 401)


def test_token_for_another_audience_or_issuer_is_refused(api, minter):
    for overrides, reason in (
        ({"aud": "some-other-api"}, "audience_invalid"),
        ({"aud": ["some-other-api"]}, "audience_invalid"),
        ({"iss": "https://evil.example"}, "issuer_invalid"),
    ):
        with api.client(minter.mint("someone", **overrides)) as client:
            assert assert_problem(client.get("/v1/todos"), 401)["reason"] == reason


def test_token_signed_with_another_secret_is_refused(api):
    stranger = TokenMinter("a-different-secret-that-is-long-enough-1234")
    with api.client(stranger.mint("someone")) as client:
        assert assert_problem(client.get("/v1/todos"), 401)["reason"] == "kid_unknown"


def test_a_rotation_accepts_current_and_previous_secret(start_api, minter, jwt_secret):
    new_secret = "the-new-secret-after-rotation-0123456789-abcdef"
    rotating = start_api(BACKEND_JWT_SECRET=f"{new_secret},{jwt_secret}")
    for signer in (TokenMinter(new_secret), minter):
        with rotating.client(signer.mint(f"user-{uuid.uuid4().hex[:8]}")) as client:
            assert client.get("/v1/me").status_code == 200
    rotating.stop()


def test_oversized_token_is_refused_without_parsing(api):
    with api.client("a" * 9000 + ".b.c") as client:
        assert assert_problem(client.get("/v1/todos"), 401)["reason"] == "too_large"


# --- EdDSA with keys from the web app's JWKS ----------------------------------------------------


class JwksServer(JwksEndpoint):
    """Signing keys of our own, published as the web app publishes its JWKS."""

    def __init__(self) -> None:
        self.keys: dict[str, Ed25519PrivateKey] = {}
        super().__init__(lambda: {"keys": [self.public_jwk(kid) for kid in self.keys]})

    def add_key(self) -> str:
        kid = uuid.uuid4().hex[:12]
        self.keys[kid] = Ed25519PrivateKey.generate()
        return kid

    def public_jwk(self, kid: str) -> dict[str, str]:
        raw = self.keys[kid].public_key().public_bytes_raw()
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig"}

    def mint(self, kid: str, sub: str) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": sub,
            "sid": "s",
            "email": f"{sub}@example.com",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self.keys[kid], algorithm="EdDSA", headers={"kid": kid, "typ": "at+jwt"})


@pytest.fixture
def jwks_server():
    server = JwksServer()
    yield server
    server.shutdown()


def test_eddsa_tokens_verified_with_the_fetched_jwks(start_api, jwks_server, minter):
    kid = jwks_server.add_key()
    eddsa_api = start_api(AUTH_JWT_ALG="EdDSA", JWT_JWKS_URL=jwks_server.url, BACKEND_JWT_SECRET=None)
    with eddsa_api.client(jwks_server.mint(kid, "eddsa-user")) as client:
        assert client.get("/v1/me").json()["id"] == "eddsa-user"
    # An HS256 token is refused outright in EdDSA mode, whatever it is signed with.
    with eddsa_api.client(minter.mint("eddsa-user")) as client:
        assert assert_problem(client.get("/v1/me"), 401)["reason"] == "alg_not_allowed"
    fetches = jwks_server.fetches
    with eddsa_api.client(jwks_server.mint(kid, "eddsa-user")) as client:
        for _ in range(20):
            assert client.get("/v1/me").status_code == 200
    assert jwks_server.fetches == fetches  # cached: not fetched per request
    eddsa_api.stop()


def test_a_key_rotated_in_is_fetched_after_the_cool_down(start_api, jwks_server):
    first = jwks_server.add_key()
    eddsa_api = start_api(AUTH_JWT_ALG="EdDSA", JWT_JWKS_URL=jwks_server.url, BACKEND_JWT_SECRET=None)
    with eddsa_api.client(jwks_server.mint(first, "u")) as client:
        assert client.get("/v1/me").status_code == 200
    rotated_in = jwks_server.add_key()
    token = jwks_server.mint(rotated_in, "u")
    deadline = time.monotonic() + 15
    with eddsa_api.client(token) as client:
        while (response := client.get("/v1/me")).status_code == 401 and time.monotonic() < deadline:
            assert response.json()["reason"] == "kid_unknown"
            time.sleep(0.5)
    assert response.status_code == 200
    eddsa_api.stop()


def test_keys_that_cannot_be_fetched_are_a_reason_of_their_own(start_api, jwks_server):
    """Not `kid_unknown`, which a forged token gets too: the alerts tell a broken JWKS from an attack."""
    kid = jwks_server.add_key()
    jwks_server.shutdown()
    jwks_server.server.server_close()  # the web app's JWKS refuses connections from the start
    eddsa_api = start_api(AUTH_JWT_ALG="EdDSA", JWT_JWKS_URL=jwks_server.url, BACKEND_JWT_SECRET=None)
    with eddsa_api.client(jwks_server.mint(kid, "u")) as client:
        assert assert_problem(client.get("/v1/me"), 401)["reason"] == "keys_unavailable"
    assert eddsa_api.metric("todo_api_token_verifications_total", result="rejected", reason="keys_unavailable") == 1
    eddsa_api.stop()


def test_unknown_kids_do_not_hammer_the_jwks(start_api, jwks_server):
    jwks_server.add_key()
    eddsa_api = start_api(AUTH_JWT_ALG="EdDSA", JWT_JWKS_URL=jwks_server.url, BACKEND_JWT_SECRET=None)
    stranger = JwksServer()
    kid = stranger.add_key()
    fetches = jwks_server.fetches
    with eddsa_api.client(stranger.mint(kid, "intruder")) as client:
        for _ in range(30):
            assert assert_problem(client.get("/v1/me"), 401)["reason"] == "kid_unknown"
    assert jwks_server.fetches - fetches <= 1  # at most one refetch per cool-down (5 s)
    stranger.shutdown()
    eddsa_api.stop()


def test_concurrent_unknown_kids_share_one_fetch(start_api, jwks_server):
    jwks_server.add_key()
    eddsa_api = start_api(AUTH_JWT_ALG="EdDSA", JWT_JWKS_URL=jwks_server.url, BACKEND_JWT_SECRET=None)
    rotated_in = jwks_server.add_key()
    stranger = JwksServer()
    strangers_kid = stranger.add_key()
    time.sleep(JWKS_REFETCH_COOLDOWN_SECONDS + 0.5)  # the fetch at start-up no longer holds back a refetch
    fetches = jwks_server.fetches
    url = f"{eddsa_api.url}/v1/me"
    calls = [(url, jwks_server.mint(rotated_in, "rotated")) for _ in range(25)]
    calls += [(url, stranger.mint(strangers_kid, "intruder")) for _ in range(25)]
    responses = concurrent_gets(calls)
    assert [response.status_code for response in responses[:25]] == [200] * 25
    assert {assert_problem(response, 401)["reason"] for response in responses[25:]} == {"kid_unknown"}
    assert jwks_server.fetches - fetches == 1
    stranger.shutdown()
    eddsa_api.stop()
