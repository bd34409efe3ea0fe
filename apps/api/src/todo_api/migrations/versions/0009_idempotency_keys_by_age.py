"""an index on the idempotency keys' age, for the housekeeping job's purge"""

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"


def upgrade() -> None:
    # Expand only: a new index, which the code of the release before simply does not use.
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"], schema="todo_api")


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys", schema="todo_api")
