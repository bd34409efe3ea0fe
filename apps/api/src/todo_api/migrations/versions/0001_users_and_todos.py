"""users and todos"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        schema="todo_api",
    )
    op.create_table(
        "todos",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("owner_id", sa.String(length=255), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("completed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "priority",
            sa.Enum("low", "medium", "high", name="todo_priority", schema="todo_api"),
            server_default="medium",
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["todo_api.users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        schema="todo_api",
    )
    op.create_index(
        "ix_todos_owner_created", "todos", ["owner_id", "created_at", "id"], unique=False, schema="todo_api"
    )
    op.create_index("ix_todos_tags", "todos", ["tags"], unique=False, schema="todo_api", postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_todos_tags", table_name="todos", schema="todo_api", postgresql_using="gin")
    op.drop_index("ix_todos_owner_created", table_name="todos", schema="todo_api")
    op.drop_table("todos", schema="todo_api")
    op.drop_table("users", schema="todo_api")
    sa.Enum(name="todo_priority", schema="todo_api").drop(op.get_bind(), checkfirst=True)
