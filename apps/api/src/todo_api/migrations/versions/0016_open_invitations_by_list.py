"""a list's open invitations, counted whenever its owners read their lists"""

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"


def upgrade() -> None:
    # CONCURRENTLY keeps the table writable while a large one is indexed; it cannot run in a transaction.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_list_invitations_list",
            "list_invitations",
            ["list_id", "expires_at"],
            schema="todo_api",
            postgresql_where=sa.text("accepted_at IS NULL"),
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_list_invitations_list", table_name="list_invitations", schema="todo_api", postgresql_concurrently=True
        )
