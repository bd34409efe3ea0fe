"""Alembic environment: run by `todo-api migrate` with the URL from DATABASE_URL."""

from collections.abc import Collection, Mapping
from typing import Any

from alembic import context
from alembic.runtime.migration import MigrationContext, MigrationInfo
from alembic.script import Script
from sqlalchemy import create_engine, pool, text
from sqlmodel import SQLModel

from todo_api.migrations import include_name
from todo_api.models import SCHEMA  # importing the models registers their tables on SQLModel.metadata

# Several processes may migrate at once (replicas starting together): one at a time.
MIGRATION_LOCK_ID = 7_461_001


def run_migrations_online() -> None:
    url = context.config.attributes["sqlalchemy_url"]
    # What was applied or reverted, for `todo-api migrate` to say in words.
    applied: list[str] = context.config.attributes.setdefault("applied", [])
    reverted: list[str] = context.config.attributes.setdefault("reverted", [])

    def record(ctx: MigrationContext, step: MigrationInfo, heads: Collection[Any], run_args: Mapping[str, Any]) -> None:
        if isinstance(step.up_revision, Script):
            (applied if step.is_upgrade else reverted).append(f"{step.up_revision.revision} ({step.up_revision.doc})")

    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            version_table_schema=SCHEMA,
            include_schemas=True,
            include_name=include_name,
            on_version_apply=record,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
        connection.commit()


run_migrations_online()
