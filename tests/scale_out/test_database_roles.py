"""Least privilege in the database (docker/postgres/roles.sql): the topology migrates as each app's
owner role and serves as its runtime role, so every scale-out test shows the product works that way;
here, that each role can do its own work and nothing of the other app's, and that none is a superuser."""

from __future__ import annotations

import psycopg
import pytest
from topology import Topology


def refused(url: str, statement: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            conn.execute(statement)
        except psycopg.errors.InsufficientPrivilege:
            return True
    return False


def test_no_role_of_the_product_is_a_superuser_or_may_create_roles_or_databases(topology: Topology) -> None:
    with psycopg.connect(topology.database_url) as conn:
        rows = conn.execute(
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = ANY(%s)",
            (list(topology.roles.names.values()),),
        ).fetchall()
    assert sorted(rows) == sorted((name, False, False, False) for name in topology.roles.names.values())


@pytest.mark.parametrize(
    ("role", "statement"),
    [
        ("api_user", 'SELECT token FROM public."session"'),
        ("api_user", 'SELECT password FROM public."account"'),
        ("api_owner", 'SELECT token FROM public."session"'),
        ("web_user", "SELECT title FROM todo_api.todos"),
        ("web_owner", "SELECT title FROM todo_api.todos"),
        # The runtime roles read and write rows; changing the tables is their owners' work.
        ("api_user", "CREATE TABLE todo_api.intruder (id int)"),
        ("api_user", "DROP TABLE todo_api.todos"),
        ("web_user", "CREATE TABLE public.intruder (id int)"),
        ("web_user", 'ALTER TABLE public."user" ADD COLUMN intruder int'),
        ("api_owner", "CREATE TABLE public.intruder (id int)"),
        # Security events are append-only: the web app adds and reads them, and rewrites none.
        ("web_user", "UPDATE public.security_event SET kind = kind"),
        ("web_user", "DELETE FROM public.security_event"),
        ("web_user", "TRUNCATE public.security_event"),
    ],
)
def test_each_role_is_refused_what_is_not_its_work(topology: Topology, role: str, statement: str) -> None:
    assert refused(topology.roles.url(role), statement)


def test_each_runtime_role_reads_and_writes_its_own_tables(topology: Topology) -> None:
    with psycopg.connect(topology.roles.url("api_user")) as conn:
        conn.execute("SELECT count(*) FROM todo_api.todos")
        conn.execute("UPDATE todo_api.users SET email = email WHERE false")
    with psycopg.connect(topology.roles.url("web_user")) as conn:
        conn.execute('SELECT count(*) FROM public."session"')
        conn.execute('UPDATE public."user" SET name = name WHERE false')
        conn.execute("SELECT count(*) FROM public.security_event")
        conn.execute(
            "INSERT INTO public.security_event (user_id, kind) SELECT id, 'sign_in' FROM public.\"user\" WHERE false"
        )
        # Past retention only, through the owner's function.
        conn.execute("SELECT erase_expired_security_events(10)")
