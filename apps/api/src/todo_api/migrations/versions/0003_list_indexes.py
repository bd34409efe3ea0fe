"""indexes for every sort and the text search of the todo list"""

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"

# The same expressions as todo_api.models' DUE_SORT_KEY and TITLE_SORT_KEY, written out: a migration
# must keep building what it built when the models change later.
BTREES: dict[str, list[str | sa.TextClause]] = {
    "ix_todos_owner_due": ["owner_id", sa.text("coalesce(due_at, 'infinity'::timestamptz)"), "created_at", "id"],
    "ix_todos_owner_priority": ["owner_id", "priority", "created_at", "id"],
    "ix_todos_owner_title": ["owner_id", sa.text("lower(title)"), "created_at", "id"],
}
TRIGRAM_COLUMNS = {"ix_todos_title_trgm": "title", "ix_todos_description_trgm": "description"}


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # CONCURRENTLY keeps the table writable while a large one is indexed; it cannot run in a transaction.
    with op.get_context().autocommit_block():
        for name, columns in BTREES.items():
            op.create_index(name, "todos", columns, schema="todo_api", postgresql_concurrently=True)
        for name, column in TRIGRAM_COLUMNS.items():
            op.create_index(
                name,
                "todos",
                [column],
                schema="todo_api",
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
                postgresql_concurrently=True,
            )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name in [*TRIGRAM_COLUMNS, *BTREES]:
            op.drop_index(name, table_name="todos", schema="todo_api", postgresql_concurrently=True)
    # The extension stays: other schemas of the database may use it.
