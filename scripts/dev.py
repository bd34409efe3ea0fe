"""`make dev`: secrets in .env on first run, the database (embedded unless DATABASE_URL is set),
migrations, then the API. Ctrl-C stops everything this started."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys

from local_services import LOCAL_STATE, ROOT, database_url_or_embedded, say

ENV_FILE = ROOT / ".env"
API_URL = "http://127.0.0.1:8000"


def write_env_file() -> None:
    shared_jwt_secret = secrets.token_urlsafe(48)
    ENV_FILE.write_text(
        "# Written by `make dev` on first run; git-ignored. Delete it to get fresh secrets.\n"
        "# FRONTEND_JWT_SECRET (web) and BACKEND_JWT_SECRET (API) must match.\n"
        f"BETTER_AUTH_SECRET={secrets.token_urlsafe(48)}\n"
        f"FRONTEND_JWT_SECRET={shared_jwt_secret}\n"
        f"BACKEND_JWT_SECRET={shared_jwt_secret}\n"
        "AUTH_JWT_ALG=HS256\n"
        "BETTER_AUTH_URL=http://localhost:3000\n"
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


def run(*command: str) -> int:
    return subprocess.call(command, cwd=ROOT)


def stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    if not ENV_FILE.exists():
        write_env_file()
    load_env_file()
    os.environ["DATABASE_URL"] = database_url_or_embedded(LOCAL_STATE / "postgres")
    say("applying database migrations ...")
    if run("todo-api", "migrate") != 0:
        say("migrations failed; see the messages above")
        return 1
    say(f"API: {API_URL}  (interactive docs: {API_URL}/docs; Ctrl-C stops everything)")
    api = subprocess.Popen(["todo-api", "serve", "--host", "127.0.0.1", "--port", "8000"], cwd=ROOT)
    try:
        return api.wait()
    except KeyboardInterrupt:
        api.send_signal(signal.SIGINT)
        return api.wait()


if __name__ == "__main__":
    sys.exit(main())
