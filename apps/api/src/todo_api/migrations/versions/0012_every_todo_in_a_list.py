"""contract of 0010: todos.list_id NOT NULL, the Inbox trigger and the owner-only sort indexes dropped"""

from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"

# The owner-only sort indexes of the release before lists (migrations 0003 and 0005), written out: a
# migration must keep building what it built when the models change later. ix_todos_owner_created
# stays: the foreign key's SET NULL on an account's deletion, and /v1/me's count, look todos up by it.
OWNER_INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_todos_owner_due_or_day": [
        "owner_id",
        sa.text("coalesce(due_at, timezone('UTC', due_date + '12:00:00'::time), 'infinity'::timestamptz)"),
        "created_at",
        "id",
    ],
    "ix_todos_owner_priority": ["owner_id", "priority", "created_at", "id"],
    "ix_todos_owner_title": ["owner_id", sa.text("lower(title)"), "created_at", "id"],
}


def upgrade() -> None:
    # Contract, once no replica of a release before 0010 is left (docs/operations.md): every writer now
    # names the list. SET NOT NULL skips its scan of the table because the validated CHECK of 0010
    # already proves it, so the lock it takes is held for a moment only; then the CHECK is redundant.
    op.execute("ALTER TABLE todo_api.todos ALTER COLUMN list_id SET NOT NULL")
    op.drop_constraint("ck_todos_in_a_list", "todos", schema="todo_api")
    op.execute("DROP TRIGGER todos_into_inbox ON todo_api.todos")
    op.execute("DROP FUNCTION todo_api.todo_into_inbox()")
    op.execute("DROP FUNCTION todo_api.inbox_of(text)")
    with op.get_context().autocommit_block():
        for name in OWNER_INDEXES:
            op.drop_index(name, table_name="todos", schema="todo_api", postgresql_concurrently=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name, columns in OWNER_INDEXES.items():
            op.create_index(name, "todos", columns, schema="todo_api", postgresql_concurrently=True)
    expand = _migration("0010")
    op.execute(expand.INBOX_OF)
    op.execute(expand.INBOX_OF_CREATOR)
    op.execute("ALTER TABLE todo_api.todos ADD CONSTRAINT ck_todos_in_a_list CHECK (list_id IS NOT NULL) NOT VALID")
    op.execute("ALTER TABLE todo_api.todos VALIDATE CONSTRAINT ck_todos_in_a_list")
    op.execute("ALTER TABLE todo_api.todos ALTER COLUMN list_id DROP NOT NULL")


def _migration(revision: str) -> ModuleType:
    """The module of an earlier migration, whose SQL the way back builds again (one copy of it)."""
    script = op.get_context().script
    assert script is not None
    found = script.get_revision(revision)
    assert found is not None
    return found.module
