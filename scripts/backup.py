"""`make backup` and `make restore`: the whole database of DATABASE_URL (the API's schema and Better
Auth's tables together, so that sessions and todos stay consistent) to one file and back, with
PostgreSQL's own pg_dump and pg_restore. Schedule, retention and point-in-time recovery for production
are in docs/operations.md, "Backups and restore".

    python scripts/backup.py backup [FILE]          (default: backups/todo-<UTC time>.dump)
    python scripts/backup.py restore FILE [--replace]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from dev_infra.postgres import client_tool, server_major

ROOT = Path(__file__).resolve().parent.parent
BACKUPS = ROOT / "backups"
# The tables of a database the product has used: the API's schema, and Better Auth's user table.
PRODUCT_TABLES = (
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'todo_api' OR (schemaname, tablename) = ('public', 'user')"
)


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("DATABASE_URL is not set: it names the database to back up or restore into")
    return url


def backup(url: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    say(f"backing up the database to {target} ...")
    # The custom format is compressed, and pg_restore can restore it table by table or list it; the
    # pg_restore that reads it back is of the same release as the pg_dump, as an older one refuses it.
    major = server_major(url)
    dump = subprocess.run([client_tool("pg_dump", major), "--format=custom", f"--file={partial}", url])
    if dump.returncode != 0:
        partial.unlink(missing_ok=True)
        raise SystemExit("pg_dump failed (its message is above); no backup was written")
    listing = subprocess.run([client_tool("pg_restore", major), "--list", str(partial)], capture_output=True, text=True)
    if listing.returncode != 0:
        partial.unlink(missing_ok=True)
        raise SystemExit(f"the backup cannot be read back, so it was deleted: {listing.stderr.strip()}")
    partial.rename(target)
    tables = sum(" TABLE DATA " in line for line in listing.stdout.splitlines())
    say(f"backed up {tables} tables, {target.stat().st_size / 1e6:.1f} MB, to {target}")


def restore(url: str, source: Path, *, replace: bool) -> None:
    if not source.is_file():
        raise SystemExit(f"no backup at {source}")
    with psycopg.connect(url) as conn:
        in_use = conn.execute(PRODUCT_TABLES).fetchone() != (0,)
    if in_use and not replace:
        raise SystemExit(
            "the database of DATABASE_URL already holds the product's tables: restore into an empty "
            "database, or add --replace (make restore REPLACE=1) to replace them with the backup's"
        )
    say(f"restoring {source} into the database{' (replacing its tables)' if in_use else ''} ...")
    # One transaction: a restore that fails half-way leaves the database as it was.
    options = ["--single-transaction", "--exit-on-error", *(["--clean", "--if-exists"] if in_use else [])]
    run = subprocess.run([client_tool("pg_restore", server_major(url)), *options, f"--dbname={url}", str(source)])
    if run.returncode != 0:
        raise SystemExit("pg_restore failed (its message is above); the database is as it was before")
    say("restored; start (or restart) the API and the web app")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup", help="write the database of DATABASE_URL to a file")
    backup_parser.add_argument("file", nargs="?", type=Path, help="default: backups/todo-<UTC time>.dump")
    restore_parser = commands.add_parser("restore", help="restore a backup into the database of DATABASE_URL")
    restore_parser.add_argument("file", type=Path)
    restore_parser.add_argument("--replace", action="store_true", help="replace the product's tables if present")
    args = parser.parse_args()
    url = database_url()
    if args.command == "backup":
        backup(url, args.file or BACKUPS / f"todo-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump")
    else:
        restore(url, args.file, replace=args.replace)


if __name__ == "__main__":
    main()
