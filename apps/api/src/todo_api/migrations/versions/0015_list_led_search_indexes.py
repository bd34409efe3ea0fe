"""the tag and text search indexes led by the list, so a search reads only the lists it looks in"""

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"

# name: (column, operator class); the list id leads each one through btree_gin.
LIST_LED = {
    "ix_todos_list_tags": ("tags", None),
    "ix_todos_list_title_trgm": ("title", "gin_trgm_ops"),
    "ix_todos_list_description_trgm": ("description", "gin_trgm_ops"),
}
# Those they replace (migrations 0001 and 0003): every user's todos in one index.
GLOBAL = {
    "ix_todos_tags": ("tags", None),
    "ix_todos_title_trgm": ("title", "gin_trgm_ops"),
    "ix_todos_description_trgm": ("description", "gin_trgm_ops"),
}


def _create(name: str, columns: list[str], ops: dict[str, str]) -> None:
    op.create_index(
        name,
        "todos",
        columns,
        schema="todo_api",
        postgresql_using="gin",
        postgresql_ops=ops,
        postgresql_concurrently=True,
    )


def upgrade() -> None:
    # btree_gin is a trusted extension: the API's owner role may create it, as it does pg_trgm.
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    # CONCURRENTLY keeps the table writable while a large one is indexed; it cannot run in a transaction.
    with op.get_context().autocommit_block():
        for name, (column, opclass) in LIST_LED.items():
            _create(name, ["list_id", column], {column: opclass} if opclass else {})
        for name in GLOBAL:
            op.drop_index(name, table_name="todos", schema="todo_api", postgresql_concurrently=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name, (column, opclass) in GLOBAL.items():
            _create(name, [column], {column: opclass} if opclass else {})
        for name in LIST_LED:
            op.drop_index(name, table_name="todos", schema="todo_api", postgresql_concurrently=True)
    # The extension stays: other schemas of the database may use it.
