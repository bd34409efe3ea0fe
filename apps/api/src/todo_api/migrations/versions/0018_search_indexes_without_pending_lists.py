"""the tag and text search indexes take each write at once, instead of into a pending list every read scans"""

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"

SEARCH_INDEXES = ("ix_todos_list_tags", "ix_todos_list_title_trgm", "ix_todos_list_description_trgm")


def upgrade() -> None:
    for index in SEARCH_INDEXES:
        # A storage parameter: no rebuild, and a lock that lets reads and writes go on.
        op.execute(f"ALTER INDEX todo_api.{index} SET (fastupdate = off)")
        # The entries pending from before are merged now, not at the next vacuum.
        op.execute(f"SELECT gin_clean_pending_list('todo_api.{index}'::regclass)")


def downgrade() -> None:
    for index in SEARCH_INDEXES:
        op.execute(f"ALTER INDEX todo_api.{index} RESET (fastupdate)")
