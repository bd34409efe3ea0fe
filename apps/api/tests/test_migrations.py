"""The Alembic migrations build exactly the tables the SQLModel models describe: a model changed
without a migration (or the reverse) fails here."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from dev_infra.postgres import scratch_database
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel
from todo_api import cli, models
from todo_api.migrations import include_name


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(cli.MIGRATIONS))
    return config


@contextlib.contextmanager
def migrated_to(
    server_url: str, monkeypatch: pytest.MonkeyPatch, revision: str
) -> Iterator[tuple[str, Callable[[], None]]]:
    """A scratch database migrated up to `revision`, for rows that an older API wrote; yields its URL
    and a call that migrates it the rest of the way, as the CLI does at a release."""
    with scratch_database(server_url, f"todo_migrate_{revision}") as url:
        env = {**os.environ, "DATABASE_URL": url, "BACKEND_JWT_SECRET": secrets.token_urlsafe(32)}
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("BACKEND_JWT_SECRET", env["BACKEND_JWT_SECRET"])
        cli.migrate(revision)

        def migrate_the_rest() -> None:
            run = subprocess.run(
                [sys.executable, "-m", "todo_api.cli", "migrate"], env=env, capture_output=True, text=True
            )
            assert run.returncode == 0, run.stderr

        yield url, migrate_the_rest


def test_migrated_database_matches_the_models(database_url):
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_schemas": True,
                "include_name": include_name,
                "version_table_schema": models.SCHEMA,
                "compare_type": True,
                "compare_server_default": True,
            },
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_indexes_have_the_models_method_and_operator_classes(database_url):
    """Alembic's comparison ignores an index's method (gin, btree), operator classes (gin_trgm_ops) and
    storage parameters (fastupdate)."""
    expected = {}
    for table in SQLModel.metadata.tables.values():
        for index in table.indexes:
            options = index.dialect_options["postgresql"]
            ops = options["ops"] or {}
            columns = [getattr(expression, "name", None) for expression in index.expressions]
            parameters = sorted(f"{name}={value}" for name, value in (options["with"] or {}).items())
            expected[index.name] = (
                options["using"] or "btree",
                [ops.get(column, "default") for column in columns],
                parameters,
            )
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT i.relname, am.amname, array_agg(CASE WHEN oc.opcdefault THEN 'default' ELSE oc.opcname END "
            "ORDER BY k.position), coalesce(i.reloptions, '{}') "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam "
            "JOIN pg_namespace n ON n.oid = i.relnamespace "
            "CROSS JOIN unnest(x.indclass::oid[]) WITH ORDINALITY AS k(opclass, position) "
            "JOIN pg_opclass oc ON oc.oid = k.opclass "
            "WHERE n.nspname = %s AND NOT x.indisprimary GROUP BY i.relname, am.amname, i.reloptions",
            (models.SCHEMA,),
        ).fetchall()
    assert {
        name: (method, list(opclasses), sorted(parameters)) for name, method, opclasses, parameters in rows
    } == expected


def test_migrate_says_in_words_what_it_applied_and_when_nothing_was_left(postgres_server_url):
    with scratch_database(postgres_server_url, "todo_migrate_words") as url:
        env = {**os.environ, "DATABASE_URL": url, "BACKEND_JWT_SECRET": secrets.token_urlsafe(32)}
        runs = [
            subprocess.run([sys.executable, "-m", "todo_api.cli", "migrate"], env=env, capture_output=True, text=True)
            for _ in range(2)
        ]
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    assert runs[0].stdout.startswith("todo-api: applied the database migrations 0001 (users and todos), 0002 (")
    assert runs[1].stdout == "todo-api: the database schema was already up to date\n"


def test_every_migration_goes_down_and_up_again_on_a_database_with_data(postgres_server_url, monkeypatch):
    """A release rolled back runs `todo-api migrate --to` the revision it shipped with: each downgrade
    must work on tables that hold rows, and the upgrades after it must bring the schema back."""
    script = ScriptDirectory.from_config(alembic_config())
    newest_first = [revision.revision for revision in script.walk_revisions()]
    with migrated_to(postgres_server_url, monkeypatch, "head") as (url, _):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test')")
            conn.execute(
                "WITH inbox AS (INSERT INTO todo_api.lists (name, inbox_of) VALUES ('Inbox', 'u1') RETURNING id), "
                "joined AS (INSERT INTO todo_api.list_members (list_id, user_id, role) SELECT id, 'u1', 'owner' "
                "FROM inbox) INSERT INTO todo_api.todos (owner_id, list_id, title, tags) "
                "SELECT 'u1', id, 'kept', ARRAY['a'] FROM inbox"
            )
        # Down one migration at a time to the first, then up again: every step runs with the row in place.
        for revision in [*newest_first[1:], *reversed(newest_first[:-1])]:
            cli.migrate(revision)
            with psycopg.connect(url) as conn:
                assert conn.execute("SELECT title FROM todo_api.todos").fetchall() == [("kept",)], revision
        cli.migrate("base")
        cli.migrate("head")
        test_migrated_database_matches_the_models(url)


def test_migrate_to_an_unknown_revision_says_so_and_changes_nothing(postgres_server_url):
    with scratch_database(postgres_server_url, "todo_migrate_unknown") as url:
        env = {**os.environ, "DATABASE_URL": url, "BACKEND_JWT_SECRET": secrets.token_urlsafe(32)}
        run = subprocess.run(
            [sys.executable, "-m", "todo_api.cli", "migrate", "--to", "9999"], env=env, capture_output=True, text=True
        )
        with psycopg.connect(url) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'todo_api'").fetchone()
    assert run.returncode == 1
    assert run.stderr == "todo-api: cannot migrate to '9999': Can't locate revision identified by '9999'\n"
    assert tables == (0,)


def test_migration_0004_normalises_the_tags_already_stored(postgres_server_url, monkeypatch):
    with migrated_to(postgres_server_url, monkeypatch, "0003") as (url, migrate_the_rest):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test')")
            conn.execute(
                "INSERT INTO todo_api.todos (owner_id, title, tags) VALUES "
                "('u1', 'mixed', ARRAY['Work', '#work', 'Home', '##', 'home']), ('u1', 'clean', ARRAY['a', 'b'])"
            )
        migrate_the_rest()
        with psycopg.connect(url) as conn:
            rows = {
                title: (tags, version)
                for title, tags, version in conn.execute("SELECT title, tags, version FROM todo_api.todos")
            }
    assert rows == {"mixed": (["work", "home"], 2), "clean": (["a", "b"], 1)}


def test_migration_0007_moves_unreadable_due_instants_into_range(postgres_server_url, monkeypatch):
    with migrated_to(postgres_server_url, monkeypatch, "0006") as (url, migrate_the_rest):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test')")
            # What the API stored before it bounded due_at: instants in year 0 and year 10000, in UTC.
            conn.execute(
                "INSERT INTO todo_api.todos (owner_id, title, due_at) VALUES "
                "('u1', 'too early', '0001-01-01 00:00:00+14'), ('u1', 'too late', '9999-12-31 23:59:59-14'), "
                "('u1', 'fine', '2030-05-01 09:00:00+00')"
            )
        migrate_the_rest()
        with psycopg.connect(url) as conn:
            conn.execute("SET TIME ZONE 'UTC'")
            rows = {
                title: (due_at.isoformat(), version)
                for title, due_at, version in conn.execute("SELECT title, due_at, version FROM todo_api.todos")
            }
    assert rows == {
        "too early": ("0002-01-01T00:00:00+00:00", 2),
        "too late": ("9998-12-31T23:59:59+00:00", 2),
        "fine": ("2030-05-01T09:00:00+00:00", 1),
    }


def test_migration_0008_repairs_the_copies_kept_for_undo_so_an_undo_brings_back_a_readable_todo(
    postgres_server_url, monkeypatch, start_api, minter
):
    with migrated_to(postgres_server_url, monkeypatch, "0006") as (url, migrate_the_rest):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test')")
            # A todo stored with an instant in year 0 (before the API bounded due_at), then deleted.
            deleted = conn.execute(
                "WITH moved AS (INSERT INTO todo_api.todos (owner_id, title, due_at) "
                "VALUES ('u1', 'too early', '0001-01-01 00:00:00+14') RETURNING *) "
                "INSERT INTO todo_api.deleted_todos (id, owner_id, deletion_id, todo) "
                "SELECT id, owner_id, id, to_jsonb(moved) FROM moved RETURNING id"
            ).fetchone()
            assert deleted is not None
            conn.execute("DELETE FROM todo_api.todos")
        migrate_the_rest()
        api = start_api(DATABASE_URL=url)
        owner = api.client(minter.mint("u1"))
        assert owner.post("/v1/todos/restore", json={"deletion_id": str(deleted[0])}).json() == {"restored": 1}
        listed = owner.get("/v1/todos")
        api.stop()
        assert listed.status_code == 200, listed.text
        [todo] = listed.json()["items"]
        assert (todo["title"], todo["due_at"], todo["version"]) == ("too early", "0002-01-01T00:00:00Z", 2)


def test_migration_0010_puts_every_todo_in_its_owners_inbox_and_the_release_before_still_writes(
    postgres_server_url, monkeypatch
):
    with migrated_to(postgres_server_url, monkeypatch, "0009") as (url, _):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test'), ('u2', 'u2@x.test')")
            # More todos than one backfill batch holds, and a deletion that can still be undone.
            conn.execute(
                "INSERT INTO todo_api.todos (owner_id, title) SELECT 'u' || (n % 2 + 1), 't' || n "
                "FROM generate_series(1, 12000) AS n"
            )
            conn.execute(
                "INSERT INTO todo_api.deleted_todos (id, owner_id, deletion_id, todo) "
                "VALUES (gen_random_uuid(), 'u2', gen_random_uuid(), '{}')"
            )
        # Up to the release that still ran beside the one before lists (0012 contracts what follows).
        cli.migrate("0011")
        with psycopg.connect(url, autocommit=True) as conn:
            inboxes = dict(conn.execute("SELECT inbox_of, id FROM todo_api.lists").fetchall())
            members = conn.execute("SELECT list_id, user_id, role::text FROM todo_api.list_members").fetchall()
            placed = conn.execute(
                "SELECT t.owner_id, count(*) FROM todo_api.todos t JOIN todo_api.lists l ON l.id = t.list_id "
                "AND l.inbox_of = t.owner_id GROUP BY t.owner_id"
            ).fetchall()
            deleted_in = conn.execute("SELECT list_id FROM todo_api.deleted_todos").fetchall()
            validated = conn.execute(
                "SELECT bool_and(convalidated) FROM pg_constraint WHERE conname IN "
                "('ck_todos_in_a_list', 'todos_list_id_fkey', 'deleted_todos_list_id_fkey')"
            ).fetchone()
            # The release before inserts todos without list_id, for a user it has just created.
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u3', 'u3@example.test')")
            conn.execute("INSERT INTO todo_api.todos (owner_id, title) VALUES ('u3', 'from the old code')")
            [(in_new_inbox,)] = conn.execute(
                "SELECT l.inbox_of FROM todo_api.todos t JOIN todo_api.lists l ON l.id = t.list_id "
                "WHERE t.title = 'from the old code'"
            ).fetchall()
    assert inboxes.keys() == {"u1", "u2"}
    assert sorted(members) == sorted((inboxes[user], user, "owner") for user in ("u1", "u2"))
    assert sorted(placed) == [("u1", 6000), ("u2", 6000)]
    assert deleted_in == [(inboxes["u2"],)]
    assert validated == (True,)
    assert in_new_inbox == "u3"


def test_migration_0011_keeps_a_departed_creators_todos_and_its_rollback_gives_them_to_the_lists_owner(
    postgres_server_url, monkeypatch
):
    with migrated_to(postgres_server_url, monkeypatch, "0011") as (url, _):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test'), ('u2', 'u2@x.test')")
            [(shared,)] = conn.execute("INSERT INTO todo_api.lists (name) VALUES ('Shared') RETURNING id").fetchall()
            conn.execute(
                "INSERT INTO todo_api.list_members (list_id, user_id, role) VALUES (%s, 'u1', 'owner'), "
                "(%s, 'u2', 'editor')",
                (shared, shared),
            )
            conn.execute("INSERT INTO todo_api.todos (owner_id, list_id, title) VALUES ('u2', %s, 'kept')", (shared,))
            conn.execute(
                "INSERT INTO todo_api.deleted_todos (id, owner_id, list_id, deletion_id, todo) "
                "VALUES (gen_random_uuid(), 'u2', %s, gen_random_uuid(), '{}')",
                (shared,),
            )
            conn.execute("DELETE FROM todo_api.users WHERE id = 'u2'")
            creators = conn.execute(
                "SELECT owner_id FROM todo_api.todos UNION ALL SELECT owner_id FROM todo_api.deleted_todos"
            ).fetchall()
            validated = conn.execute(
                "SELECT bool_and(convalidated) FROM pg_constraint WHERE conname IN "
                "('todos_owner_id_fkey', 'deleted_todos_owner_id_fkey')"
            ).fetchone()
        cli.migrate("0010")
        with psycopg.connect(url, autocommit=True) as conn:
            rolled_back = conn.execute(
                "SELECT owner_id FROM todo_api.todos UNION ALL SELECT owner_id FROM todo_api.deleted_todos"
            ).fetchall()
            nullable = conn.execute(
                "SELECT table_name, is_nullable FROM information_schema.columns WHERE table_schema = 'todo_api' "
                "AND column_name = 'owner_id' AND table_name IN ('todos', 'deleted_todos') ORDER BY table_name"
            ).fetchall()
    assert creators == [(None,), (None,)]
    assert validated == (True,)
    assert rolled_back == [("u1",), ("u1",)]
    assert nullable == [("deleted_todos", "NO"), ("todos", "NO")]


def test_migration_0012_makes_list_id_required_without_the_trigger_and_its_rollback_brings_them_back(
    postgres_server_url, monkeypatch
):
    with migrated_to(postgres_server_url, monkeypatch, "0011") as (url, migrate_the_rest):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.users (id, email) VALUES ('u1', 'u1@example.test')")
            conn.execute("INSERT INTO todo_api.todos (owner_id, title) VALUES ('u1', 'into the inbox')")
        migrate_the_rest()
        with psycopg.connect(url, autocommit=True) as conn:
            leftovers = conn.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname = 'todos_into_inbox' UNION ALL "
                "SELECT proname FROM pg_proc WHERE proname IN ('todo_into_inbox', 'inbox_of') UNION ALL "
                "SELECT conname FROM pg_constraint WHERE conname = 'ck_todos_in_a_list' UNION ALL "
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'todo_api' AND indexname LIKE 'ix_todos_owner_%'"
            ).fetchall()
            with pytest.raises(psycopg.errors.NotNullViolation):
                conn.execute("INSERT INTO todo_api.todos (owner_id, title) VALUES ('u1', 'nowhere')")
        cli.migrate("0011")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO todo_api.todos (owner_id, title) VALUES ('u1', 'after the rollback')")
            placed = conn.execute(
                "SELECT count(*) FROM todo_api.todos t JOIN todo_api.lists l ON l.id = t.list_id AND l.inbox_of = 'u1'"
            ).fetchone()
    assert leftovers == [("ix_todos_owner_created",)]
    assert placed == (2,)
