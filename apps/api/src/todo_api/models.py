"""Tables (SQLModel, the source of the Alembic migrations) and the API's payload models."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

import sqlalchemy as sa
from pydantic import AfterValidator, AwareDatetime, ConfigDict, StringConstraints, model_validator
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel

SCHEMA = "todo_api"


class Priority(StrEnum):
    # Declaration order is the sort order: PostgreSQL sorts enum values as declared.
    low = "low"
    medium = "medium"
    high = "high"


def _timestamp_column() -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


class User(SQLModel, table=True):
    """One row per Better Auth user who has called the API; `id` is the token's `sub`."""

    __tablename__ = "users"
    __table_args__ = {"schema": SCHEMA}

    id: str = Field(primary_key=True, max_length=255)
    email: str = Field(max_length=320)
    name: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(sa_column=_timestamp_column())
    updated_at: datetime = Field(sa_column=_timestamp_column())


class Todo(SQLModel, table=True):
    __tablename__ = "todos"
    __table_args__ = (
        sa.Index("ix_todos_owner_created", "owner_id", "created_at", "id"),
        sa.Index("ix_todos_tags", "tags", postgresql_using="gin"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(
        sa_column=sa.Column(postgresql.UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()"))
    )
    owner_id: str = Field(
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="CASCADE"), nullable=False)
    )
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    completed: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    priority: Priority = Field(
        sa_column=sa.Column(
            sa.Enum(Priority, name="todo_priority", schema=SCHEMA), nullable=False, server_default=Priority.medium.value
        )
    )
    due_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True))
    tags: list[str] = Field(
        sa_column=sa.Column(postgresql.ARRAY(sa.Text()), nullable=False, server_default=sa.text("'{}'::text[]"))
    )
    created_at: datetime = Field(sa_column=_timestamp_column())
    updated_at: datetime = Field(sa_column=_timestamp_column())


# --- payloads -------------------------------------------------------------------------------------

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=2000)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


def _unique(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


Tags = Annotated[list[Tag], AfterValidator(_unique), Field(max_length=10)]


class TodoCreate(SQLModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description | None = None
    completed: bool = False
    priority: Priority = Priority.medium
    due_at: AwareDatetime | None = None
    tags: Tags = []


class TodoUpdate(SQLModel):
    """Every field optional; only the fields sent are changed (`exclude_unset`)."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    description: Description | None = None
    completed: bool | None = None
    priority: Priority | None = None
    due_at: AwareDatetime | None = None
    tags: Tags | None = None

    @model_validator(mode="after")
    def _only_clearable_fields_may_be_null(self) -> TodoUpdate:
        for field in ("title", "completed", "priority", "tags"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"'{field}' cannot be null")
        return self


class TodoPublic(SQLModel):
    id: uuid.UUID
    title: str
    description: str | None
    completed: bool
    priority: Priority
    due_at: datetime | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime


class TodosPage(SQLModel):
    items: list[TodoPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page; null on the last page.")


class UserPublic(SQLModel):
    id: str
    email: str
    name: str | None
    created_at: datetime
    todo_count: int
