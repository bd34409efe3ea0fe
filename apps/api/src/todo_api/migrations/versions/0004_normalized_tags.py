"""tags stored the way they are now accepted: lower case, without leading #, each once"""

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"

# Each tag normalised as models._normalized_tag does, first occurrence kept in place, empty ones dropped;
# only rows that change are written, and their version rises as with any change.
NORMALIZE = """
UPDATE todo_api.todos SET
    tags = ARRAY(
        SELECT normalized FROM (
            SELECT lower(btrim(ltrim(tag, '#'))) AS normalized, min(position) AS first
            FROM unnest(tags) WITH ORDINALITY AS t(tag, position)
            GROUP BY 1
        ) AS distinct_tags
        WHERE normalized <> ''
        ORDER BY first
    ),
    version = version + 1
WHERE EXISTS (SELECT 1 FROM unnest(tags) AS t(tag) WHERE tag <> lower(btrim(ltrim(tag, '#'))))
   OR cardinality(tags) <> (SELECT count(DISTINCT lower(btrim(ltrim(tag, '#')))) FROM unnest(tags) AS t(tag))
"""


def upgrade() -> None:
    op.execute(NORMALIZE)


def downgrade() -> None:
    """Nothing to undo: the normalised tags are valid under the old rules too."""
