"""`todo-api migrate`, `serve`, `housekeep` and `openapi`: configured by environment variables only."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from todo_api.core.config import ConfigurationError, load_settings

MIGRATIONS = Path(__file__).with_name("migrations")


def migrate(revision: str = "head") -> None:
    """Brings the schema to `revision` (an id such as 0006, `head` or `base`): forward through the
    upgrades, or back through the downgrades when it is older than the schema now."""
    settings = load_settings()
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines are noise here
    import sqlalchemy.exc
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["sqlalchemy_url"] = settings.sqlalchemy_url
    try:
        if revision in ("head", "heads"):
            command.upgrade(config, revision)
        else:
            ScriptDirectory.from_config(config).get_revision(revision)  # an unknown id fails here, in words
            # Alembic refuses a downgrade to a newer revision and treats an upgrade to an older one as
            # done, so the downgrade is tried first and an upgrade follows when it was the wrong way.
            try:
                command.downgrade(config, revision)
            except CommandError:
                command.upgrade(config, revision)
    except CommandError as exc:
        raise SystemExit(f"todo-api: cannot migrate to {revision!r}: {exc}") from None
    except sqlalchemy.exc.OperationalError as exc:
        # The driver's first line says which server failed and why; it never holds the password.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise SystemExit(f"todo-api: cannot migrate, the database is unreachable: {reason}") from None
    applied, reverted = config.attributes.get("applied", []), config.attributes.get("reverted", [])
    if applied:
        print(f"todo-api: applied the database migrations {', '.join(applied)}", flush=True)
    elif reverted:
        print(f"todo-api: reverted the database migrations {', '.join(reverted)}", flush=True)
    else:
        print("todo-api: the database schema was already up to date", flush=True)


def _prepare_multiprocess_metrics(workers: int) -> None:
    """Workers share counters through files in PROMETHEUS_MULTIPROC_DIR, emptied at every start so a
    restart does not add old counts."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        if workers == 1:
            return
        directory = tempfile.mkdtemp(prefix="todo-api-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True, exist_ok=True)


# How long an idle keep-alive connection stays open; the BFF lets its own go sooner, so that it never
# sends a request on a connection this server is closing (tests/deploy/test_configuration.py).
IDLE_CONNECTION_SECONDS = 5


def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    from todo_api.core.log_config import LOG_CONFIG

    load_settings()  # refuse to start, with a clear message, before any worker is spawned
    _prepare_multiprocess_metrics(workers)
    uvicorn.run(
        "todo_api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # an access log would write query strings, which may carry secrets
        log_config=LOG_CONFIG,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=IDLE_CONNECTION_SECONDS,
        log_level="info",
    )


def housekeep() -> None:
    import psycopg

    from todo_api.housekeeping import housekeep as run_housekeeping

    settings = load_settings()
    try:
        reports = run_housekeeping(settings.psycopg_conninfo)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0]
        raise SystemExit(f"todo-api: cannot housekeep, the database is unreachable: {reason}") from None
    for report in reports:
        took = f"{report.seconds * 1000:.0f} ms, {report.batches} batches"
        print(f"todo-api: erased {report.rows} {report.what} ({took})", flush=True)


def print_openapi() -> None:
    from todo_api.main import create_app

    print(json.dumps(create_app().openapi(), indent=2, sort_keys=True))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="todo-api", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    migrate_parser = commands.add_parser("migrate", help="apply the Alembic migrations to DATABASE_URL")
    migrate_parser.add_argument(
        "--to",
        default="head",
        metavar="REVISION",
        help="the revision to bring the schema to, forward or back: an id such as 0006, or base (default: head)",
    )
    commands.add_parser(
        "housekeep", help="erase expired idempotency keys and deletions past the undo window (a scheduled job)"
    )
    commands.add_parser("openapi", help="print the OpenAPI schema (needs no configuration)")
    serve_parser = commands.add_parser("serve", help="serve the API over HTTP")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_parser.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "migrate":
            migrate(args.to)
        elif args.command == "housekeep":
            housekeep()
        elif args.command == "openapi":
            print_openapi()
        else:
            serve(args.host, args.port, args.workers)
    except ConfigurationError as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
