"""due instants of deleted todos that Python can read back, clamped into range

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Migration 0007 repaired the todos, not the copies kept for undo in deleted_todos: a todo deleted with
an instant outside the years Python reads would come back by undo as unreadable as before, and its
owner's list would answer 500 again. The same clamp (the years 0002 to 9998), on each kept copy,
whose version is raised as for any change.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"

EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE todo_api.deleted_todos SET todo = todo "
            "|| jsonb_build_object('due_at', CASE WHEN (todo->>'due_at')::timestamptz < :earliest "
            "THEN :earliest ELSE :latest END, 'version', (todo->>'version')::int + 1) "
            "WHERE jsonb_typeof(todo->'due_at') = 'string' "
            "AND ((todo->>'due_at')::timestamptz < :earliest OR (todo->>'due_at')::timestamptz > :latest)"
        ).bindparams(
            sa.bindparam("earliest", EARLIEST, type_=sa.DateTime(timezone=True)),
            sa.bindparam("latest", LATEST, type_=sa.DateTime(timezone=True)),
        )
    )


def downgrade() -> None:
    """Nothing to undo: the old values could not be read by any version of the API."""
