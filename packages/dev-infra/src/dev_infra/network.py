"""Network stand-ins for tests: a TCP proxy that a test can cut between the API and its PostgreSQL or
Redis, and a JWKS served over real HTTP as the web app serves it."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from psycopg.conninfo import conninfo_to_dict


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class TcpProxy:
    """Stands between the API and a server (PostgreSQL, Redis) so that a test can cut it off and restore it."""

    url: str  # the server's URL through the proxy, set by for_postgres and for_redis

    def __init__(self, family: int, target: str | tuple[str, int]) -> None:
        self.target = (family, target)
        self.port = free_port()
        self.connections: list[socket.socket] = []
        self.start()

    @classmethod
    def for_postgres(cls, database_url: str) -> TcpProxy:
        params = conninfo_to_dict(database_url)
        host, port = str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432)
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
