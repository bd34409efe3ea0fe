"""A browser's calls through the scale-out topology's front proxy (topology.py), for its tests."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx
from topology import Topology

PASSWORD = "scale-out-password-1"
# Better Auth's sign-in and sign-up limit (apps/web/lib/server/auth.ts): 3 per 10 s per client address,
# counted in PostgreSQL, shared by the web replicas.
SIGN_IN_LIMIT = 3
WEB_REPLICAS = 2

_addresses = itertools.count(1)


def new_client_address() -> str:
    """A loopback address no other browser of the run uses: the sign-in and sign-up limits key on it."""
    return f"127.0.1.{next(_addresses)}"


class Browser:
    """A browser's calls through the proxy, from one client address, with its own cookies."""

    def __init__(self, topology: Topology, address: str | None = None) -> None:
        self.topology = topology
        self.address = address or new_client_address()
        self.client = httpx.Client(
            base_url=topology.front_url,
            transport=httpx.HTTPTransport(local_address=self.address),
            headers={"origin": topology.front_url, "x-csrf": "1"},
            timeout=20,
        )

    def cookie_header(self) -> str:
        """Its cookies as a Cookie header, to call a web replica directly rather than through the proxy."""
        return "; ".join(f"{name}={value}" for name, value in self.client.cookies.items())

    def served_by(self, response: httpx.Response) -> int:
        return self.topology.web_replica(response.headers["x-todo-upstream"])

    def sign_up(self) -> dict[str, Any]:
        email = f"scale-{uuid.uuid4().hex[:10]}@example.com"
        response = self.client.post(
            "/api/auth/sign-up/email", json={"name": "Scale", "email": email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        self.email = email
        return response

    def sign_in(self, email: str, password: str = PASSWORD, **headers: str) -> httpx.Response:
        return self.client.post("/api/auth/sign-in/email", json={"email": email, "password": password}, headers=headers)

    def until_served_by_each_replica(self, call: Any) -> dict[int, httpx.Response]:
        """Repeats a call until each web replica has answered it once (round robin: two or three calls)."""
        answers: dict[int, httpx.Response] = {}
        for _ in range(4 * WEB_REPLICAS):
            response = call()
            answers.setdefault(self.served_by(response), response)
            if len(answers) == WEB_REPLICAS:
                return answers
        raise AssertionError(f"the proxy sent every call to replicas {sorted(answers)}")
