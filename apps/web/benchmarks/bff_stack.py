"""The web app's production build and the API as processes on free ports, for the BFF benchmarks:
a database of their own (on DATABASE_URL's server, else an embedded PostgreSQL), migrated, and the
signed-up users a benchmark loads with."""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from dev_infra.api import TokenMinter
from dev_infra.network import free_port
from dev_infra.postgres import scratch_database, start_embedded_postgres
from dev_infra.progress import say
from dev_infra.servers import ServerProcess

ROOT = Path(__file__).resolve().parents[3]
WEB_DIR = ROOT / "apps" / "web"
READY_TIMEOUT_SECONDS = 90
PASSWORD = "bench-password-1"


@dataclass(frozen=True)
class SignedInUser:
    user_id: str
    email: str
    session_cookie: str


@dataclass(frozen=True)
class WebServer:
    url: str
    workers: int
    pid: int
    metrics_url: str
    log_path: Path


@dataclass(frozen=True)
class BffStack:
    """The API, and one web server per worker count asked for; the first one's URL is the app's origin,
    which the others accept too (same database and secrets), so a session works on each."""

    webs: list[WebServer]
    api_url: str
    minter: TokenMinter
    api_pid: int

    @property
    def origin(self) -> str:
        return self.webs[0].url

    def browser(self, session_cookie: str | None = None) -> httpx.Client:
        """A client that calls the BFF as the app's pages do (same origin, X-CSRF)."""
        headers = {"origin": self.origin, "x-csrf": "1"}
        if session_cookie:
            headers["cookie"] = session_cookie
        return httpx.Client(base_url=self.origin, headers=headers, timeout=30)

    def sign_up(self, email: str) -> SignedInUser:
        with self.browser() as client:
            answer = client.post(
                "/api/auth/sign-up/email", json={"name": "Bench", "email": email, "password": PASSWORD}
            )
            answer.raise_for_status()
            user_id = answer.json()["user"]["id"]
            cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        return SignedInUser(user_id=user_id, email=email, session_cookie=cookie)

    def api_token(self, user: SignedInUser) -> str:
        """A token the API accepts for `user`, as the BFF mints it, valid for five minutes from now."""
        return self.minter.mint(user.user_id, sid=f"bench-{user.user_id}", email=user.email, name="Bench")


def build_web_app(env: Mapping[str, str]) -> None:
    say("building the web app (next build) ...")
    subprocess.run(
        ["npm", "run", "--silent", "build", "-w", "@todo/web"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


@contextmanager
def running_bff_stack(
    *,
    build: bool = True,
    node_options: str = "",
    web_workers: Sequence[int] = (1,),
    settings: Mapping[str, str] | None = None,
) -> Iterator[BffStack]:
    """Migrates a scratch database, builds the web app unless told not to, and serves the API and a web
    server for each of `web_workers` (its WEB_WORKERS), both with `settings` added to their environment."""
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-bff-")))
        # Not inside `work`: the embedded server stops (and deletes its data) at exit, after `work` is gone.
        server_url = os.environ.get("DATABASE_URL") or start_embedded_postgres(
            Path(tempfile.mkdtemp(prefix="bench-bff-postgres-")), delete_on_exit=True
        )
        database_url = stack.enter_context(scratch_database(server_url, "todo_bench_bff"))
        api_port, web_ports = free_port(), [free_port() for _ in web_workers]
        origin = f"http://127.0.0.1:{web_ports[0]}"
        shared = secrets.token_urlsafe(32)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "BACKEND_JWT_SECRET": shared,
            "FRONTEND_JWT_SECRET": shared,
            "BETTER_AUTH_SECRET": secrets.token_urlsafe(32),
            "BETTER_AUTH_URL": origin,
            "JWT_ISSUER": origin,
            "API_URL": f"http://127.0.0.1:{api_port}",
            "API_RATE_LIMIT": "1000000/minute",
            "AUTH_RATE_LIMIT": "off",
            "NEXT_TELEMETRY_DISABLED": "1",
            **(settings or {}),
        }
        say("migrating ...")
        subprocess.run(["todo-api", "migrate"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        subprocess.run(
            ["npm", "run", "--silent", "migrate", "-w", "@todo/web"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        if build:
            build_web_app(env)
        say(f"starting the API on :{api_port} and the web app on :{', :'.join(map(str, web_ports))} ...")
        api = stack.enter_context(
            ServerProcess(
                ["todo-api", "serve", "--port", str(api_port)],
                env=env,
                cwd=ROOT,
                ready_url=f"http://127.0.0.1:{api_port}/readyz",
                log_path=work / "api.log",
                timeout=READY_TIMEOUT_SECONDS,
            )
        )
        webs = []
        for port, workers in zip(web_ports, web_workers, strict=True):
            metrics_port = free_port()
            log_path = work / f"web-{port}.log"
            web = stack.enter_context(
                ServerProcess(
                    ["node", *node_options.split(), "runtime/server.mjs"],
                    env={
                        **env,
                        "NODE_ENV": "production",
                        "PORT": str(port),
                        "WEB_METRICS_PORT": str(metrics_port),
                        "WEB_WORKERS": str(workers),
                    },
                    cwd=WEB_DIR,
                    ready_url=f"http://127.0.0.1:{port}/api/health",
                    log_path=log_path,
                    timeout=READY_TIMEOUT_SECONDS,
                )
            )
            webs.append(
                WebServer(
                    url=f"http://127.0.0.1:{port}",
                    workers=workers,
                    pid=web.process.pid,
                    metrics_url=f"http://127.0.0.1:{metrics_port}/metrics",
                    log_path=log_path,
                )
            )
        yield BffStack(
            webs=webs, api_url=env["API_URL"], minter=TokenMinter(shared, issuer=origin), api_pid=api.process.pid
        )
