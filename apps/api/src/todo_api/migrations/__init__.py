"""The API's Alembic migrations; `env.py` is Alembic's entry point."""

from todo_api.models import SCHEMA


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Only the API's own schema: the same database holds the web app's tables too."""
    return type_ != "schema" or name == SCHEMA
