"""each list's active and completed todos counted from an index alone, on every read of the side bar"""

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"


def upgrade() -> None:
    # CONCURRENTLY keeps the table writable while a large one is indexed; it cannot run in a transaction.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_todos_list_completed",
            "todos",
            ["list_id", "completed"],
            schema="todo_api",
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index("ix_todos_list_completed", table_name="todos", schema="todo_api", postgresql_concurrently=True)
