"""todos (and deleted todos) outlive the account of the member who created them: owner_id is who created
the todo, NULL once that account is deleted, and the list alone decides whether the todo stays"""

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"

TABLES = ("todos", "deleted_todos")


def upgrade() -> None:
    # Expand only: a column that may now be NULL (no scan), and the foreign key swapped for one that
    # sets NULL instead of cascading, added NOT VALID (a moment's lock) and then validated under a lock
    # that lets writes through. The release before always writes owner_id, so it sees no difference.
    for table in TABLES:
        op.execute(f"ALTER TABLE todo_api.{table} ALTER COLUMN owner_id DROP NOT NULL")
        op.execute(
            f"ALTER TABLE todo_api.{table} DROP CONSTRAINT {table}_owner_id_fkey, "
            f"ADD CONSTRAINT {table}_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES todo_api.users (id) "
            "ON DELETE SET NULL NOT VALID"
        )
    # After a commit, so that the scan runs without the lock the changes above took.
    with op.get_context().autocommit_block():
        for table in TABLES:
            op.execute(f"ALTER TABLE todo_api.{table} VALIDATE CONSTRAINT {table}_owner_id_fkey")


def downgrade() -> None:
    # The release before needs a creator for every todo: a todo whose creator left goes to its list's
    # first owner (a deleted todo likewise, or is erased when its list has none), which is whom the
    # release before shows it to.
    first_owner = (
        "(SELECT m.user_id FROM todo_api.list_members m WHERE m.list_id = {table}.list_id AND m.role = 'owner' "
        "ORDER BY m.created_at, m.user_id LIMIT 1)"
    )
    for table in TABLES:
        op.execute(
            f"UPDATE todo_api.{table} SET owner_id = {first_owner.format(table=table)} WHERE owner_id IS NULL"  # noqa: S608 - constants
        )
    op.execute("DELETE FROM todo_api.deleted_todos WHERE owner_id IS NULL")
    for table in TABLES:
        op.execute(
            f"ALTER TABLE todo_api.{table} DROP CONSTRAINT {table}_owner_id_fkey, "
            f"ADD CONSTRAINT {table}_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES todo_api.users (id) "
            "ON DELETE CASCADE"
        )
        op.execute(f"ALTER TABLE todo_api.{table} ALTER COLUMN owner_id SET NOT NULL")
