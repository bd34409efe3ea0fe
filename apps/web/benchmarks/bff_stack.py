"""The web app's production build and the API as processes on free ports, for the BFF benchmarks:
a database of their own (on DATABASE_URL's server, else an embedded PostgreSQL), migrated, and the
signed-up users a benchmark loads with."""

from __future__ import annotations

import os
import secrets
import shutil
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
# The benchmark-only build: a copy of the web app plus the floor's route handlers, inside the repository
# (git-ignored) so that its imports resolve to the repository's node_modules as the app's do.
FLOOR_WEB_DIR = ROOT / ".local" / "bench-floor" / "web"
FLOOR_HANDLERS = Path(__file__).resolve().parent / "floor"
FLOOR_ROUTES = "app/api/floor"
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


def build_floor_app(env: Mapping[str, str]) -> Path:
    """Copies the web app's sources (tracked or not, never what git ignores: node_modules, .next) into
    FLOOR_WEB_DIR, adds the floor's route handlers under /api/floor, and builds it; returns its folder.
    Its .next is kept between runs, so that `next build` reuses its cache."""
    say(f"building the web app with the floor's route handlers in {FLOOR_WEB_DIR.relative_to(ROOT)} ...")
    for entry in FLOOR_WEB_DIR.glob("*") if FLOOR_WEB_DIR.exists() else []:
        if entry.name != ".next":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    sources = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=WEB_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, sources):
        if (WEB_DIR / name).is_file():
            (FLOOR_WEB_DIR / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(WEB_DIR / name, FLOOR_WEB_DIR / name)
    if (WEB_DIR / "node_modules").is_dir():
        (FLOOR_WEB_DIR / "node_modules").symlink_to(WEB_DIR / "node_modules")
    shutil.copytree(FLOOR_HANDLERS, FLOOR_WEB_DIR / FLOOR_ROUTES)
    subprocess.run(["npx", "next", "build"], env=env, check=True, cwd=FLOOR_WEB_DIR, stdout=subprocess.DEVNULL)
    return FLOOR_WEB_DIR


@contextmanager
def running_bff_stack(
    *,
    build: bool = True,
    node_options: str = "",
    web_workers: Sequence[int] = (1,),
    settings: Mapping[str, str] | None = None,
    floor: bool = False,
) -> Iterator[BffStack]:
    """Migrates a scratch database, builds the web app unless told not to, and serves the API and a web
    server for each of `web_workers` (its WEB_WORKERS), both with `settings` added to their environment.
    With `floor`, the web servers serve the benchmark-only build with the floor's route handlers
    (build_floor_app) instead of the app's own build."""
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
        web_dir = FLOOR_WEB_DIR if floor else WEB_DIR
        if build:
            build_floor_app(env) if floor else build_web_app(env)
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
                    cwd=web_dir,
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
