"""lists, their members and invitations; every todo in a list, the existing ones in their owner's Inbox"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"

# The same expressions as todo_api.models' DUE_SORT_KEY and TITLE_SORT_KEY, written out: a migration
# must keep building what it built when the models change later.
LIST_INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_todos_list_created": ["list_id", "created_at", "id"],
    "ix_todos_list_due_or_day": [
        "list_id",
        sa.text("coalesce(due_at, timezone('UTC', due_date + '12:00:00'::time), 'infinity'::timestamptz)"),
        "created_at",
        "id",
    ],
    "ix_todos_list_priority": ["list_id", "priority", "created_at", "id"],
    "ix_todos_list_title": ["list_id", sa.text("lower(title)"), "created_at", "id"],
}
# Rows one backfill statement changes at most, each batch its own transaction: a few milliseconds of
# row locks, never the table's.
BATCH_SIZE = 5000

# Until every replica writes list_id (and on a rollback to the release before, which never does), a
# todo inserted without one goes to its creator's Inbox, made on the spot when they have none yet.
INBOX_OF_CREATOR = """
CREATE FUNCTION todo_api.todo_into_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.list_id IS NULL THEN
        NEW.list_id := todo_api.inbox_of(NEW.owner_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER todos_into_inbox BEFORE INSERT ON todo_api.todos
    FOR EACH ROW EXECUTE FUNCTION todo_api.todo_into_inbox();
"""
INBOX_OF = """
CREATE FUNCTION todo_api.inbox_of(owner text) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    inbox uuid;
BEGIN
    SELECT id INTO inbox FROM todo_api.lists WHERE inbox_of = owner;
    IF inbox IS NULL THEN
        INSERT INTO todo_api.lists (name, inbox_of) VALUES ('Inbox', owner)
            ON CONFLICT (inbox_of) DO UPDATE SET name = todo_api.lists.name RETURNING id INTO inbox;
        INSERT INTO todo_api.list_members (list_id, user_id, role) VALUES (inbox, owner, 'owner')
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN inbox;
END $$;
"""


def upgrade() -> None:
    # Expand: new tables, then a nullable column without a default (no rewrite, a moment's lock).
    op.create_table(
        "lists",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("inbox_of", sa.String(length=255), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["inbox_of"], ["todo_api.users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        schema="todo_api",
    )
    op.create_index("ix_lists_inbox_of", "lists", ["inbox_of"], unique=True, schema="todo_api")
    role = postgresql.ENUM("viewer", "editor", "owner", name="list_role", schema="todo_api", create_type=False)
    role.create(op.get_bind())
    op.create_table(
        "list_members",
        sa.Column("list_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("role", role, nullable=False),
        sa.Column("position", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["list_id"], ["todo_api.lists.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["todo_api.users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("list_id", "user_id"),
        schema="todo_api",
    )
    op.create_index("ix_list_members_user", "list_members", ["user_id", "list_id"], schema="todo_api")
    op.create_table(
        "list_invitations",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("list_id", sa.UUID(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", role, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["list_id"], ["todo_api.lists.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invited_by"], ["todo_api.users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        schema="todo_api",
    )
    op.create_index(
        "ix_list_invitations_token_hash", "list_invitations", ["token_hash"], unique=True, schema="todo_api"
    )
    op.add_column("todos", sa.Column("list_id", sa.UUID(), nullable=True), schema="todo_api")
    op.add_column("deleted_todos", sa.Column("list_id", sa.UUID(), nullable=True), schema="todo_api")
    # Foreign keys and the CHECK are added NOT VALID (no scan under the lock) and validated once the
    # backfill is done, under a lock that lets writes through.
    for table in ("todos", "deleted_todos"):
        op.execute(
            f"ALTER TABLE todo_api.{table} ADD CONSTRAINT {table}_list_id_fkey FOREIGN KEY (list_id) "
            "REFERENCES todo_api.lists (id) ON DELETE CASCADE NOT VALID"
        )
    op.execute(INBOX_OF)
    op.execute(INBOX_OF_CREATOR)
    with op.get_context().autocommit_block():
        # Each batch commits on its own: no statement holds many row locks or runs long.
        _in_batches(
            "SELECT count(todo_api.inbox_of(id)) FROM (SELECT u.id FROM todo_api.users u "
            "WHERE NOT EXISTS (SELECT 1 FROM todo_api.lists l WHERE l.inbox_of = u.id) LIMIT %(batch)s) AS missing"
        )
        for table in ("todos", "deleted_todos"):
            _in_batches(
                f"WITH batch AS (SELECT id FROM todo_api.{table} WHERE list_id IS NULL LIMIT %(batch)s "  # noqa: S608 - constants
                f"FOR UPDATE) UPDATE todo_api.{table} t SET list_id = l.id "
                "FROM batch, todo_api.lists l WHERE t.id = batch.id AND l.inbox_of = t.owner_id"
            )
        for name, columns in LIST_INDEXES.items():
            op.create_index(name, "todos", columns, schema="todo_api", postgresql_concurrently=True)
        op.create_index(
            "ix_deleted_todos_deletion",
            "deleted_todos",
            ["deletion_id"],
            schema="todo_api",
            postgresql_concurrently=True,
        )
    op.execute("ALTER TABLE todo_api.todos ADD CONSTRAINT ck_todos_in_a_list CHECK (list_id IS NOT NULL) NOT VALID")
    for constraint in ("todos_list_id_fkey", "ck_todos_in_a_list"):
        op.execute(f"ALTER TABLE todo_api.todos VALIDATE CONSTRAINT {constraint}")
    op.execute("ALTER TABLE todo_api.deleted_todos VALIDATE CONSTRAINT deleted_todos_list_id_fkey")


def _in_batches(statement: str) -> None:
    """Runs `statement` (which changes at most BATCH_SIZE rows) again until it changes none."""
    connection = op.get_bind()
    while True:
        result = connection.exec_driver_sql(statement, {"batch": BATCH_SIZE})
        changed = result.scalar() if result.returns_rows else result.rowcount
        if not changed:
            return


def downgrade() -> None:
    op.execute("DROP TRIGGER todos_into_inbox ON todo_api.todos")
    op.execute("DROP FUNCTION todo_api.todo_into_inbox()")
    op.execute("DROP FUNCTION todo_api.inbox_of(text)")
    op.drop_index("ix_deleted_todos_deletion", table_name="deleted_todos", schema="todo_api")
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="todos", schema="todo_api")
    # The todos of every list stay, as their creators' todos, which is all the release before knows.
    op.drop_constraint("ck_todos_in_a_list", "todos", schema="todo_api")
    op.drop_column("deleted_todos", "list_id", schema="todo_api")
    op.drop_column("todos", "list_id", schema="todo_api")
    op.drop_table("list_invitations", schema="todo_api")
    op.drop_table("list_members", schema="todo_api")
    op.drop_table("lists", schema="todo_api")
    sa.Enum(name="list_role", schema="todo_api").drop(op.get_bind(), checkfirst=True)
