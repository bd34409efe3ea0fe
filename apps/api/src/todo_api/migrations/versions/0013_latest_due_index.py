"""todos without a due date last when the latest due come first: an index of that order per list"""

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"

# The same expression as todo_api.models' LATEST_DUE_SORT_KEY, written out: a migration must keep
# building what it built when the models change later.
LATEST_DUE_SORT_KEY = "coalesce(due_at, timezone('UTC', due_date + '12:00:00'::time), '-infinity'::timestamptz)"


def upgrade() -> None:
    # CONCURRENTLY keeps the table writable while a large one is indexed; it cannot run in a transaction.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_todos_list_latest_due",
            "todos",
            ["list_id", sa.text(LATEST_DUE_SORT_KEY), "created_at", "id"],
            schema="todo_api",
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index("ix_todos_list_latest_due", table_name="todos", schema="todo_api", postgresql_concurrently=True)
