"""The real TypeScript minter (apps/web, through Better Auth's JWT plugin) and the real API, over HTTP:
tokens minted by the web app are accepted in both modes, and refused when tampered with."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from pathlib import Path

import httpx
import pytest
from dev_infra.api import ISSUER, assert_problem
from dev_infra.network import JwksEndpoint

WEB = Path(__file__).resolve().parents[2] / "web"


def mint_with_the_web_app(env: dict[str, str]) -> tuple[str, dict]:
    result = subprocess.run(
        ["npx", "tsx", "--conditions=react-server", "tests/support/mint-token.ts"],
        cwd=WEB,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    minted = json.loads(result.stdout.strip().splitlines()[-1])
    return minted["token"], minted["jwks"]


def tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    return f"{header}.{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


@pytest.mark.parametrize("algorithm", ["HS256", "EdDSA"])
def test_api_accepts_tokens_from_the_web_apps_minter(algorithm, start_api, database_url):
    shared_secret = secrets.token_urlsafe(32)
    web_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BETTER_AUTH_SECRET": secrets.token_urlsafe(32),
        "BETTER_AUTH_URL": ISSUER,
        "AUTH_JWT_ALG": algorithm,
        "FRONTEND_JWT_SECRET": shared_secret,
    }
    migrate = subprocess.run(
        ["npm", "run", "--silent", "migrate"], cwd=WEB, env=web_env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    token, jwks = mint_with_the_web_app(web_env)

    jwks_server = None
    if algorithm == "EdDSA":
        assert jwks["keys"] and all(key["kty"] == "OKP" and key["crv"] == "Ed25519" for key in jwks["keys"])
        jwks_server = JwksEndpoint(lambda: jwks)
        api = start_api(AUTH_JWT_ALG="EdDSA", BACKEND_JWT_SECRET=None, JWT_JWKS_URL=jwks_server.url)
    else:
        api = start_api(BACKEND_JWT_SECRET=shared_secret)
    try:
        me = httpx.get(f"{api.url}/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        assert (me.json()["email"], me.json()["amr"]) == ("cross@example.com", ["pwd", "otp"])
        refused = httpx.get(f"{api.url}/v1/me", headers={"Authorization": f"Bearer {tampered(token)}"})
        assert assert_problem(refused, 401)["reason"] == "signature_invalid"
    finally:
        api.stop()
        if jwks_server is not None:
            jwks_server.shutdown()
