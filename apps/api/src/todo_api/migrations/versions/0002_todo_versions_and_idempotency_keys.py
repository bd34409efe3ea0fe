"""todo versions and idempotency keys"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("owner_id", sa.String(length=255), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("request_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["todo_api.users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("owner_id", "key"),
        schema="todo_api",
    )
    op.add_column(
        "todos", sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False), schema="todo_api"
    )


def downgrade() -> None:
    op.drop_column("todos", "version", schema="todo_api")
    op.drop_table("idempotency_keys", schema="todo_api")
