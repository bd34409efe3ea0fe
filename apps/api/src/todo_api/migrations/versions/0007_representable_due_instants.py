"""due instants that Python can read back, clamped into range

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Before the API bounded `due_at`, an instant outside Python's years 1 to 9999 (in UTC or in the
connection's time zone) was stored by PostgreSQL, which has BC dates, and then could not be read, so
its owner's list answered 500. Such instants are moved to the nearest one the API accepts (the years
0002 to 9998, `repeat.DUE_AT_YEARS`): the todo stays due long ago or far ahead, and readable; its
version is raised, as for any change.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"

EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE todo_api.todos SET "
            "due_at = CASE WHEN due_at < :earliest THEN :earliest ELSE :latest END, "
            "version = version + 1, updated_at = now() "
            "WHERE due_at < :earliest OR due_at > :latest"
        ).bindparams(
            sa.bindparam("earliest", EARLIEST, type_=sa.DateTime(timezone=True)),
            sa.bindparam("latest", LATEST, type_=sa.DateTime(timezone=True)),
        )
    )


def downgrade() -> None:
    """Nothing to undo: the old values could not be read by any version of the API."""
