"""The Alembic migrations build exactly the tables the SQLModel models describe: a model changed
without a migration (or the reverse) fails here."""

from __future__ import annotations

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
