"""The restore drill: data made through the product, `make backup`, the database lost, `make restore`
into an empty one, and the same user signs in and sees the same todos, while the topology's servers
stay up throughout and serve again once the database is back (the tests after this one run on it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
from browser import PASSWORD, Browser
from dev_infra.polling import eventually
from dev_infra.postgres import with_database
from psycopg import sql
from topology import ROOT, Topology

TITLES = ["Renew passport", "Call the plumber", "Book the dentist"]


def backup_script(command: str, *args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    """`make backup` / `make restore` as make runs them, on `database_url`."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "backup.py"), command, *args],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )


def lose_database(database_url: str) -> None:
    """The disaster: the database gone, with every connection to it, and an empty one in its place."""
    name = sql.Identifier(urlsplit(database_url).path.lstrip("/"))
    with psycopg.connect(with_database(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def titles(browser: Browser) -> list[str] | None:
    answer = browser.client.get("/api/todos")
    return sorted(todo["title"] for todo in answer.json()["items"]) if answer.status_code == 200 else None


def test_a_backup_restored_into_an_empty_database_brings_back_the_users_and_their_todos(
    topology: Topology, tmp_path: Path
) -> None:
    running = [server for server in [*topology.webs, *topology.apis] if server.process.poll() is None]
    browser = Browser(topology)
    browser.sign_up()
    for title in TITLES:
        assert browser.client.post("/api/todos", json={"title": title}).status_code == 201
    backup_file = tmp_path / "drill.dump"
    made = backup_script("backup", str(backup_file), database_url=topology.database_url)
    assert made.returncode == 0, made.stderr

    lose_database(topology.database_url)
    # Each web replica is asked while the database is empty, as users would while it is restored.
    lost = Browser(topology).until_served_by_each_replica(lambda: Browser(topology).sign_in(browser.email))
    assert 200 not in {answer.status_code for answer in lost.values()}, "the database was not lost"
    refused = backup_script("restore", str(tmp_path / "missing.dump"), database_url=topology.database_url)
    assert (refused.returncode, refused.stderr.strip()) == (1, f"no backup at {tmp_path / 'missing.dump'}")

    restored = backup_script("restore", str(backup_file), database_url=topology.database_url)
    assert restored.returncode == 0, restored.stderr
    # The documented last step: the grants on the database itself are not in a dump of its contents.
    topology.roles.apply()
    # The session signed in before the backup is in it too: that browser goes on as if nothing happened.
    assert eventually(lambda: titles(browser), "the todos through the session kept in the backup") == sorted(TITLES)
    again = Browser(topology)
    signed_in = again.until_served_by_each_replica(lambda: again.sign_in(browser.email, PASSWORD))
    assert {answer.status_code for answer in signed_in.values()} == {200}, "a web replica kept refusing sign-ins"
    assert titles(again) == sorted(TITLES)
    # A second restore over the data is refused unless asked for, and leaves it as it is.
    refused = backup_script("restore", str(backup_file), database_url=topology.database_url)
    assert refused.returncode == 1 and "already holds the product's tables" in refused.stderr
    assert titles(again) == sorted(TITLES)
    assert all(server.process.poll() is None for server in running), "a server died with its database"
    # The health check that alerts and the blackbox probe read says so too, once each replica's verdict
    # from the loss (kept up to 2 s, lib/server/readiness.ts) has made way.
    for url in topology.web_urls:
        eventually(
            lambda url=url: httpx.get(f"{url}/api/health", timeout=10).status_code == 200 or None,
            f"a ready verdict from the web replica at {url}",
        )
    # The connections the loss ended were dropped as routine, not thrown as uncaught exceptions.
    assert not [web.log_path.name for web in topology.webs if "uncaughtException" in web.log()]
