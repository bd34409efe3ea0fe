"""The Alembic migrations build exactly the tables the SQLModel models describe: a model changed
without a migration (or the reverse) fails here."""

from __future__ import annotations

import psycopg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel
from todo_api import models
from todo_api.migrations import include_name


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
    """Alembic's comparison ignores an index's method (gin, btree) and operator classes (gin_trgm_ops)."""
    expected = {}
    for table in SQLModel.metadata.tables.values():
        for index in table.indexes:
            options = index.dialect_options["postgresql"]
            ops = options["ops"] or {}
            columns = [getattr(expression, "name", None) for expression in index.expressions]
            expected[index.name] = (options["using"] or "btree", [ops.get(column, "default") for column in columns])
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT i.relname, am.amname, array_agg(CASE WHEN oc.opcdefault THEN 'default' ELSE oc.opcname END "
            "ORDER BY k.position) "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam "
            "JOIN pg_namespace n ON n.oid = i.relnamespace "
            "CROSS JOIN unnest(x.indclass::oid[]) WITH ORDINALITY AS k(opclass, position) "
            "JOIN pg_opclass oc ON oc.oid = k.opclass "
            "WHERE n.nspname = %s AND NOT x.indisprimary GROUP BY i.relname, am.amname",
            (models.SCHEMA,),
        ).fetchall()
    assert {name: (method, list(opclasses)) for name, method, opclasses in rows} == expected
