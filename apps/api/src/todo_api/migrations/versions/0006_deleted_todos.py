"""deleted todos, kept for a while so that a deletion can be undone"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"


def upgrade() -> None:
    # A new table: nothing existing is locked or rewritten.
    op.create_table(
        "deleted_todos",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("owner_id", sa.String(length=255), nullable=False),
        sa.Column("deletion_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("todo", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["todo_api.users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        schema="todo_api",
    )
    op.create_index("ix_deleted_todos_owner_deletion", "deleted_todos", ["owner_id", "deletion_id"], schema="todo_api")
    op.create_index("ix_deleted_todos_deleted_at", "deleted_todos", ["deleted_at"], schema="todo_api")


def downgrade() -> None:
    op.drop_table("deleted_todos", schema="todo_api")
