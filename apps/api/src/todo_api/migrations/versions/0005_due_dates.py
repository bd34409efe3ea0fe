"""a due day without a time, sorted among the due moments"""

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"

# The same expressions as todo_api.models' DUE_SORT_KEY then and now, written out: a migration must keep
# building what it built when the models change later.
OLD_DUE_SORT_KEY = "coalesce(due_at, 'infinity'::timestamptz)"
DUE_SORT_KEY = "coalesce(due_at, timezone('UTC', due_date + '12:00:00'::time), 'infinity'::timestamptz)"


def upgrade() -> None:
    # A nullable column without a default, and a constraint checked later without blocking writes:
    # neither rewrites nor long locks the table.
    op.add_column("todos", sa.Column("due_date", sa.Date(), nullable=True), schema="todo_api")
    op.execute(
        "ALTER TABLE todo_api.todos ADD CONSTRAINT ck_todos_one_due "
        "CHECK (due_at IS NULL OR due_date IS NULL) NOT VALID"
    )
    op.execute("ALTER TABLE todo_api.todos VALIDATE CONSTRAINT ck_todos_one_due")
    _replace_due_index("ix_todos_owner_due_or_day", DUE_SORT_KEY, "ix_todos_owner_due")


def downgrade() -> None:
    _replace_due_index("ix_todos_owner_due", OLD_DUE_SORT_KEY, "ix_todos_owner_due_or_day")
    op.drop_constraint("ck_todos_one_due", "todos", schema="todo_api")
    op.drop_column("todos", "due_date", schema="todo_api")


def _replace_due_index(name: str, sort_key: str, old_name: str) -> None:
    """The old index serves the due sort until the new one is ready. CONCURRENTLY keeps the table
    writable while a large one is indexed; it cannot run in a transaction."""
    with op.get_context().autocommit_block():
        op.create_index(
            name,
            "todos",
            ["owner_id", sa.text(sort_key), "created_at", "id"],
            schema="todo_api",
            postgresql_concurrently=True,
        )
        op.drop_index(old_name, table_name="todos", schema="todo_api", postgresql_concurrently=True)
