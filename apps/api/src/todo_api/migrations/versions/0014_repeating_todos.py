"""repeating todos: a rule, what it counts from and its time zone; the todo an occurrence follows"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"

# todo_api.models' REPEAT_NEEDS_DUE_AND_ZONE, written out: a migration must keep building what it built.
REPEAT_NEEDS_DUE_AND_ZONE = (
    "repeat_rule IS NULL OR (time_zone IS NOT NULL AND (due_at IS NOT NULL OR due_date IS NOT NULL))"
)
REPEAT_FROM = postgresql.ENUM("due", "completion", name="todo_repeat_from", schema="todo_api", create_type=False)


def upgrade() -> None:
    # Expand only: nullable columns, and one whose default is a constant, none of which rewrites the
    # table; a constraint checked later without blocking writes; an index built concurrently.
    REPEAT_FROM.create(op.get_bind())
    op.add_column("todos", sa.Column("repeat_rule", sa.String(200), nullable=True), schema="todo_api")
    op.add_column(
        "todos", sa.Column("repeat_from", REPEAT_FROM, nullable=False, server_default="due"), schema="todo_api"
    )
    op.add_column("todos", sa.Column("time_zone", sa.String(64), nullable=True), schema="todo_api")
    op.add_column("todos", sa.Column("repeats_after", postgresql.UUID(as_uuid=True), nullable=True), schema="todo_api")
    op.execute(
        "ALTER TABLE todo_api.todos ADD CONSTRAINT ck_todos_repeat_needs_due_and_zone "
        f"CHECK ({REPEAT_NEEDS_DUE_AND_ZONE}) NOT VALID"
    )
    # After a commit (the autocommit block's), so that the scan runs without the lock the changes above took.
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE todo_api.todos VALIDATE CONSTRAINT ck_todos_repeat_needs_due_and_zone")
        op.create_index(
            "ix_todos_repeats_after",
            "todos",
            ["repeats_after"],
            unique=True,
            schema="todo_api",
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    op.drop_index("ix_todos_repeats_after", table_name="todos", schema="todo_api")
    op.drop_constraint("ck_todos_repeat_needs_due_and_zone", "todos", schema="todo_api")
    for column in ("repeats_after", "time_zone", "repeat_from", "repeat_rule"):
        op.drop_column("todos", column, schema="todo_api")
    REPEAT_FROM.drop(op.get_bind())
