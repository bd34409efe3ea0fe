"""The API as its callers see it: tokens minted as the web app mints them (CONTRACT.md), API processes
spoken to over HTTP, and the problem+json assertion."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt

from dev_infra.network import free_port
from dev_infra.servers import ServerProcess

ISSUER = "http://localhost:3000"
AUDIENCE = "todo-api"


@dataclass
class TokenMinter:
    """Mints tokens as the web app's server does: HS256 with the shared secret, kid from the secret."""

    secret: str
    issuer: str = ISSUER

    def mint(self, sub: str, *, email: str | None = None, name: str | None = "Test User", **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": sub,
            "sid": f"session-{sub}",
            "email": email or f"{sub}@example.com",
            "name": name,
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
            **overrides,
        }
        claims = {key: value for key, value in claims.items() if value is not None}
        kid = hashlib.sha256(self.secret.encode()).hexdigest()[:16]
        return jwt.encode(claims, self.secret, algorithm="HS256", headers={"kid": kid, "typ": "at+jwt"})


class ApiProcess(ServerProcess):
    """`todo-api serve` (this interpreter's todo_api) on a free port; its log is for the tests to read."""

    def __init__(self, env: Mapping[str, str], log_path: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "todo_api.cli", "serve", "--port", str(self.port), "--workers", str(workers)]
        super().__init__(command, env=env, log_path=log_path, ready_url=f"{self.url}/healthz")

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)

    def metric(self, name: str, **labels: str) -> float:
        return metric_value(httpx.get(f"{self.url}/metrics").text, name, **labels)

    def open_descriptors(self) -> int:
        """Files and sockets the server process holds (one worker: the server is this process)."""
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))


@dataclass
class Caller:
    sub: str
    client: httpx.Client


def metric_value(metrics: str, name: str, **labels: str) -> float:
    """Sum of the samples of `name` whose labels include `labels`."""
    total = 0.0
    for line in metrics.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match:
            sample_labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1) or ""))
            if all(sample_labels.get(key) == value for key, value in labels.items()):
                total += float(match.group(2))
    return total


def concurrent_gets(calls: list[tuple[str, str]], *, timeout: float = 30) -> list[httpx.Response]:
    """GET every (url, token) at once, each on a connection of its own; the answers in order."""

    async def send_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=len(calls), max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
            requests = (client.get(url, headers={"Authorization": f"Bearer {token}"}) for url, token in calls)
            return list(await asyncio.gather(*requests))

    return asyncio.run(send_all())


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem document with this status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def create_todo(client: httpx.Client, title: str, **fields: Any) -> dict[str, Any]:
    """POST /v1/todos with `title` and `fields`; the created todo (anything but a 201 fails the test)."""
    response = client.post("/v1/todos", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def todo_titles(client: httpx.Client, **query: Any) -> list[str]:
    """The titles of GET /v1/todos with `query`, up to the API's largest page."""
    page = client.get("/v1/todos", params={"limit": 100, **query}).json()
    return [todo["title"] for todo in page["items"]]


def invite(owner: httpx.Client, list_id: str, email: str, role: str) -> str:
    """POST an invitation to the list; its one-time token (anything but a 201 fails the test)."""
    invited = owner.post(f"/v1/lists/{list_id}/invitations", json={"email": email, "role": role})
    assert invited.status_code == 201, invited.text
    token: str = invited.json()["token"]
    return token


def share_list(owner: httpx.Client, list_id: str, member: Caller, role: str) -> None:
    """Makes `member` (whose token carries the default email, `{sub}@example.com`) a member with `role`."""
    token = invite(owner, list_id, f"{member.sub}@example.com", role)
    accepted = member.client.post("/v1/invitations/accept", json={"token": token})
    assert accepted.status_code == 200, accepted.text
