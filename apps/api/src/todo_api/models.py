"""Tables (SQLModel, the source of the Alembic migrations) and the API's payload models."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import pydantic
import sqlalchemy as sa
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel

from todo_api.repeat import DUE_AT_YEARS, FREQUENCIES, PARTS, RepeatFrom, checked_rule, zone

SCHEMA = "todo_api"


class Role(StrEnum):
    """A member's role in a list (migration 0010); declaration order is rank: each role can do what the
    roles before it can (todo_api.access)."""

    viewer = "viewer"
    editor = "editor"
    owner = "owner"


class Priority(StrEnum):
    # Declaration order is the sort order: PostgreSQL sorts enum values as declared.
    low = "low"
    medium = "medium"
    high = "high"


# Sort expressions shared by crud.SORT_KEYS and the indexes below: the planner uses an expression
# index only for the very same expression. A due day without a time sorts as its noon UTC, which falls
# within that calendar day in every time zone from UTC-12 to UTC+12, so it sorts among the timed todos
# of the same day wherever its owner is; todos without a due date count as due at infinity, and for
# the latest first at minus infinity, so that they come last in both orders.
DUE_SORT_KEY = "coalesce(due_at, timezone('UTC', due_date + '12:00:00'::time), 'infinity'::timestamptz)"
LATEST_DUE_SORT_KEY = "coalesce(due_at, timezone('UTC', due_date + '12:00:00'::time), '-infinity'::timestamptz)"
TITLE_SORT_KEY = "lower(title)"
# GIN indexes whose writes go in at once (docs/architecture.md, Decisions).
GIN_WITHOUT_PENDING = {"fastupdate": "off"}
REPEAT_NEEDS_DUE_AND_ZONE = (
    "repeat_rule IS NULL OR (time_zone IS NOT NULL AND (due_at IS NOT NULL OR due_date IS NOT NULL))"
)


def _timestamp_column() -> sa.Column[datetime]:
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


def _role_column() -> sa.Column[Role]:
    return sa.Column(sa.Enum(Role, name="list_role", schema=SCHEMA), nullable=False)


class TodoList(SQLModel, table=True):
    """A list of todos (migration 0010). Every user has one Inbox, which is theirs alone; who may do
    what with a list is in list_members."""

    __tablename__ = "lists"
    # Unique: each user has one Inbox at most.
    __table_args__ = (sa.Index("ix_lists_inbox_of", "inbox_of", unique=True), {"schema": SCHEMA})

    id: uuid.UUID = Field(
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()")
        )
    )
    name: str = Field(max_length=100)
    # The user whose Inbox this is, or null.
    inbox_of: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="CASCADE"), nullable=True),
    )
    archived_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True))
    created_at: datetime = Field(sa_column=_timestamp_column())
    updated_at: datetime = Field(sa_column=_timestamp_column())


class ListMember(SQLModel, table=True):
    """Who is in a list, with which role; the one source of authorization beyond ownership."""

    __tablename__ = "list_members"
    # The primary key finds a member of a list; this index a user's lists.
    __table_args__ = (sa.Index("ix_list_members_user", "user_id", "list_id"), {"schema": SCHEMA})

    list_id: uuid.UUID = Field(
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.lists.id", ondelete="CASCADE"), primary_key=True
        )
    )
    user_id: str = Field(
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="CASCADE"), primary_key=True)
    )
    role: Role = Field(sa_column=_role_column())
    # Where the list sits among this member's lists: each member orders their lists their own way.
    position: int = Field(default=0, sa_column_kwargs={"server_default": sa.text("0")})
    created_at: datetime = Field(sa_column=_timestamp_column())


class ListInvitation(SQLModel, table=True):
    """An invitation to a list by email: the one-time token itself is mailed, only its hash is kept."""

    __tablename__ = "list_invitations"
    __table_args__ = (
        sa.Index("ix_list_invitations_token_hash", "token_hash", unique=True),
        # A list's open invitations, counted on every read of the caller's lists (migration 0016).
        sa.Index("ix_list_invitations_list", "list_id", "expires_at", postgresql_where=sa.text("accepted_at IS NULL")),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()")
        )
    )
    list_id: uuid.UUID = Field(
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.lists.id", ondelete="CASCADE"), nullable=False
        )
    )
    email: str = Field(max_length=320)
    role: Role = Field(sa_column=_role_column())
    token_hash: str = Field(max_length=64)
    invited_by: str = Field(
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="CASCADE"), nullable=False)
    )
    created_at: datetime = Field(sa_column=_timestamp_column())
    expires_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    accepted_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True))


class Todo(SQLModel, table=True):
    __tablename__ = "todos"
    # One btree per sort of GET /v1/todos, on crud.SORT_KEYS' expressions in their order (scanned
    # backwards for the other direction, but for the latest due first, which has its own); GIN indexes
    # for the tag and ILIKE search.
    __table_args__ = (
        # The todos a user created: for the foreign key's SET NULL when their account goes, and /v1/me's count.
        sa.Index("ix_todos_owner_created", "owner_id", "created_at", "id"),
        # Within one list, for GET /v1/todos (migration 0010; the owner-only ones went in 0012).
        sa.Index("ix_todos_list_created", "list_id", "created_at", "id"),
        sa.Index("ix_todos_list_due_or_day", "list_id", sa.text(DUE_SORT_KEY), "created_at", "id"),
        sa.Index("ix_todos_list_latest_due", "list_id", sa.text(LATEST_DUE_SORT_KEY), "created_at", "id"),
        sa.Index("ix_todos_list_priority", "list_id", "priority", "created_at", "id"),
        sa.Index("ix_todos_list_title", "list_id", sa.text(TITLE_SORT_KEY), "created_at", "id"),
        # Each list's active and completed todos counted from the index alone (migration 0017).
        sa.Index("ix_todos_list_completed", "list_id", "completed"),
        # The tag and text searches within one list (migration 0015; btree_gin puts the list first),
        # without a pending list of recent writes, which every scan would read whole (migration 0018).
        sa.Index("ix_todos_list_tags", "list_id", "tags", postgresql_using="gin", postgresql_with=GIN_WITHOUT_PENDING),
        sa.Index(
            "ix_todos_list_title_trgm",
            "list_id",
            "title",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
            postgresql_with=GIN_WITHOUT_PENDING,
        ),
        sa.Index(
            "ix_todos_list_description_trgm",
            "list_id",
            "description",
            postgresql_using="gin",
            postgresql_ops={"description": "gin_trgm_ops"},
            postgresql_with=GIN_WITHOUT_PENDING,
        ),
        # A todo is due at a moment or on a day, never both (migration 0005).
        sa.CheckConstraint("due_at IS NULL OR due_date IS NULL", name="ck_todos_one_due"),
        # A repeating todo has a due day or moment to count from, and the zone it is counted in (migration 0014).
        sa.CheckConstraint(REPEAT_NEEDS_DUE_AND_ZONE, name="ck_todos_repeat_needs_due_and_zone"),
        # Unique: completing a todo creates the one that follows it once, however many complete it at once.
        sa.Index("ix_todos_repeats_after", "repeats_after", unique=True),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()")
        )
    )
    # Who created the todo; NULL once their account is deleted, while the list keeps the todo (migration 0011).
    owner_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="SET NULL"), nullable=True),
    )
    # The list decides who may see and change the todo (todo_api.access), not owner_id. NOT NULL since
    # migration 0012, set without a scan thanks to the CHECK that 0010 validated.
    list_id: uuid.UUID = Field(
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.lists.id", ondelete="CASCADE"), nullable=False
        ),
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
    # A day without a time: that calendar day wherever its owner is, so it has no time zone (migration 0005).
    due_date: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    tags: list[str] = Field(
        sa_column=sa.Column(postgresql.ARRAY(sa.Text()), nullable=False, server_default=sa.text("'{}'::text[]"))
    )
    created_at: datetime = Field(sa_column=_timestamp_column())
    updated_at: datetime = Field(sa_column=_timestamp_column())
    # Raised by every change; the ETag of a todo, so that a client cannot overwrite a change it has not seen.
    version: int = Field(default=1, sa_column_kwargs={"server_default": sa.text("1")})
    # An RFC 5545 rule (todo_api.repeat), counted from the due or from completion, in the IANA time_zone.
    repeat_rule: str | None = Field(default=None, max_length=200)
    repeat_from: RepeatFrom = Field(
        sa_column=sa.Column(
            sa.Enum(RepeatFrom, name="todo_repeat_from", schema=SCHEMA),
            nullable=False,
            server_default=RepeatFrom.due.value,
        )
    )
    time_zone: str | None = Field(default=None, max_length=64)
    # The repeating todo whose completion created this one. A plain id rather than a foreign key: the
    # todo it follows may be deleted and restored.
    repeats_after: uuid.UUID | None = Field(
        default=None, sa_column=sa.Column(postgresql.UUID(as_uuid=True), nullable=True)
    )


class DeletedTodo(SQLModel, table=True):
    """A deleted todo, kept for UNDO_WINDOW so that its deletion can be undone (migration 0006). The row
    leaves `todos`, so no query of the live list needs to skip it, and comes back whole as it was."""

    __tablename__ = "deleted_todos"
    __table_args__ = (
        sa.Index("ix_deleted_todos_owner_deletion", "owner_id", "deletion_id"),
        sa.Index("ix_deleted_todos_deletion", "deletion_id"),
        sa.Index("ix_deleted_todos_deleted_at", "deleted_at"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(sa_column=sa.Column(postgresql.UUID(as_uuid=True), primary_key=True))
    # As todos.owner_id: who created the todo, NULL once their account is deleted (migration 0011).
    owner_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="SET NULL"), nullable=True),
    )
    # The list the todo was in: who may undo the deletion is decided by it (migration 0010).
    list_id: uuid.UUID | None = Field(
        default=None,
        sa_column=sa.Column(
            postgresql.UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.lists.id", ondelete="CASCADE"), nullable=True
        ),
    )
    # One per deletion: the todo's own id for a single delete, a new one for each "clear completed".
    deletion_id: uuid.UUID = Field(sa_column=sa.Column(postgresql.UUID(as_uuid=True), nullable=False))
    deleted_at: datetime = Field(sa_column=_timestamp_column())
    # The whole `todos` row (to_jsonb), so a column added to todos later needs no change here.
    todo: dict[str, Any] = Field(sa_column=sa.Column(postgresql.JSONB(), nullable=False))


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a create sent with an `Idempotency-Key`, replayed to any retry with the same key."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.Index("ix_idempotency_keys_created_at", "created_at"), {"schema": SCHEMA})

    owner_id: str = Field(
        sa_column=sa.Column(sa.String(255), sa.ForeignKey(f"{SCHEMA}.users.id", ondelete="CASCADE"), primary_key=True)
    )
    key: str = Field(primary_key=True, max_length=255)
    request_hash: str = Field(max_length=64)
    response: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(postgresql.JSONB(), nullable=True))
    created_at: datetime = Field(sa_column=_timestamp_column())


# --- payloads -------------------------------------------------------------------------------------

# Characters no title or tag may hold: controls (PostgreSQL cannot store NUL at all), line and
# paragraph separators, byte-order marks. Descriptions may also hold tabs and line breaks.
_NOT_IN_A_LINE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff"
_NOT_IN_TEXT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff"


def _pattern(forbidden: str, *, non_blank: bool, filler: str = "") -> str:
    """The rule as published in the OpenAPI schema: with `non_blank`, at least one character that is
    neither white space nor one of `filler`."""
    return rf"^[^{forbidden}]*[^\s{filler}{forbidden}][^{forbidden}]*$" if non_blank else rf"^[^{forbidden}]*$"


def _refuse(forbidden: str) -> AfterValidator:
    """The same rule enforced with Python's `re` (pydantic's Rust regex lets a NUL through)."""
    forbidden_character = re.compile(f"[{forbidden}]")

    def check(value: str) -> str:
        if forbidden_character.search(value):
            raise ValueError("must not contain control characters")
        return value

    return AfterValidator(check)


Title = Annotated[
    str,
    StringConstraints(
        pattern=_pattern(_NOT_IN_A_LINE, non_blank=True), strip_whitespace=True, min_length=1, max_length=200
    ),
    _refuse(_NOT_IN_A_LINE),
]
Description = Annotated[
    str, StringConstraints(pattern=_pattern(_NOT_IN_TEXT, non_blank=False), max_length=2000), _refuse(_NOT_IN_TEXT)
]


def _normalized_tag(value: str) -> str:
    """Tags are one per meaning: `#Work`, `work` and `WORK` are the tag `work`."""
    tag = value.lstrip("#").strip().lower()
    if not tag:
        raise ValueError("a tag needs more than # signs")
    return tag


Tag = Annotated[
    str,
    StringConstraints(
        # A tag of # signs alone is no tag (see _normalized_tag): the schema says so too.
        pattern=_pattern(_NOT_IN_A_LINE, non_blank=True, filler="#"),
        strip_whitespace=True,
        min_length=1,
        max_length=32,
    ),
    _refuse(_NOT_IN_A_LINE),
    AfterValidator(_normalized_tag),
]
SearchText = Annotated[
    str, StringConstraints(pattern=_pattern(_NOT_IN_A_LINE, non_blank=False), max_length=200), _refuse(_NOT_IN_A_LINE)
]
Cursor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=1024)]


_RFC3339_START = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")


def _date_time_text(value: Any) -> Any:
    # Only the RFC 3339 text the schema names: pydantic would also take numbers, and text like "0.5"
    # (a query parameter is always text), as seconds since 1970.
    if not isinstance(value, str) or not _RFC3339_START.match(value):
        raise ValueError("must be an RFC 3339 date-time string with a time zone")
    return value


# The schema says what DUE_AT_YEARS says with a pattern.
DUE_AT_PATTERN = r"^(?!0000|0001|9999)[0-9]{4}-"


def _representable(value: datetime) -> datetime:
    if value.year not in DUE_AT_YEARS:
        raise ValueError("must be in the years 0002 to 9998")
    return value


DueAt = Annotated[
    AwareDatetime,
    BeforeValidator(_date_time_text),
    AfterValidator(_representable),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": DUE_AT_PATTERN}),
]

_CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_text(value: Any) -> Any:
    # Only the RFC 3339 full-date the schema names: pydantic would also take numbers and date-times.
    if not isinstance(value, str) or not _CALENDAR_DATE.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


DueDate = Annotated[date, BeforeValidator(_date_text)]


# The rhythms a todo may have are published in the schema, for clients that offer rules (quick capture).
RepeatRule = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9=;,+-]+$", max_length=200),
    AfterValidator(checked_rule),
    pydantic.Field(json_schema_extra={"x-repeat-frequencies": sorted(FREQUENCIES), "x-repeat-parts": sorted(PARTS)}),
]
REPEAT_RULE_DESCRIPTION = (
    "An RFC 5545 RRULE value without 'RRULE:' (e.g. FREQ=WEEKLY;BYDAY=MO): FREQ one of x-repeat-frequencies, "
    "parts among x-repeat-parts; null: does not repeat"
)


def _zone_name(name: str) -> str:
    zone(name)
    return name


TimeZone = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_+/-]+$", max_length=64),
    AfterValidator(_zone_name),
]
TIME_ZONE_DESCRIPTION = "The IANA time zone the repeat rule counts days and times in, e.g. Europe/Paris"
REPEAT_FROM_DESCRIPTION = (
    "Count the next occurrence from the due day (due, the default) or from the day it is done (completion)"
)


def _refuse_repeat_without_due_or_zone(todo: TodoCreate) -> None:
    if todo.repeat_rule is not None and (todo.time_zone is None or (todo.due_at is None and todo.due_date is None)):
        raise ValueError("a repeating todo needs a due_at or due_date, and the time_zone its rule is counted in")


def _unique(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


Tags = Annotated[list[Tag], Field(max_length=10), AfterValidator(_unique)]


# The validators' rule below, in the schema: not both a moment and a day (either may be null).
ONE_DUE_AT_MOST: dict[str, Any] = {
    "not": {
        "required": ["due_at", "due_date"],
        "properties": {"due_at": {"type": "string"}, "due_date": {"type": "string"}},
    }
}


def _refuse_two_dues(due_at: datetime | None, due_date: date | None) -> None:
    if due_at is not None and due_date is not None:
        raise ValueError("give due_at (a moment) or due_date (a day), not both")


class TodoCreate(SQLModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_DUE_AT_MOST)  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    title: Title
    list_id: uuid.UUID | None = Field(
        default=None, description="The list to add the todo to; the caller's Inbox if null"
    )
    description: Description | None = None
    completed: StrictBool = False
    priority: Priority = Priority.medium
    due_at: DueAt | None = None
    due_date: DueDate | None = None
    tags: Tags = []
    repeat_rule: RepeatRule | None = Field(default=None, description=REPEAT_RULE_DESCRIPTION)
    # Optional (null: from the due), so that a client that knows nothing of repetition need not send it.
    repeat_from: RepeatFrom | None = Field(default=None, description=REPEAT_FROM_DESCRIPTION)
    time_zone: TimeZone | None = Field(default=None, description=TIME_ZONE_DESCRIPTION)

    @model_validator(mode="after")
    def _one_due(self) -> TodoCreate:
        _refuse_two_dues(self.due_at, self.due_date)
        _refuse_repeat_without_due_or_zone(self)
        return self


class TodoUpdate(SQLModel):
    """Every field optional; only the fields sent are changed (`exclude_unset`). Description and due
    date may be sent as null to clear them, and repeat_rule to stop repeating; the other fields are not
    nullable. Setting one of due_at and due_date clears the other (crud.update_todo). A repeating todo
    keeps a due and a time zone (the table's ck_todos_repeat_needs_due_and_zone)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_DUE_AT_MOST)  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    title: Title = Field(default=None)
    list_id: uuid.UUID = Field(default=None, description="Moves the todo into this list")
    description: Description | None = None
    completed: StrictBool = Field(default=None)
    priority: Priority = Field(default=None)
    due_at: DueAt | None = None
    due_date: DueDate | None = None
    tags: Tags = Field(default=None)
    repeat_rule: RepeatRule | None = Field(default=None, description=REPEAT_RULE_DESCRIPTION)
    repeat_from: RepeatFrom = Field(default=None, description=REPEAT_FROM_DESCRIPTION)
    time_zone: TimeZone = Field(default=None, description=TIME_ZONE_DESCRIPTION)

    @model_validator(mode="after")
    def _one_due(self) -> TodoUpdate:
        _refuse_two_dues(self.due_at, self.due_date)
        return self


class TodoPublic(SQLModel):
    # Every field is in every answer, so the schema says so, defaults or not.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    id: uuid.UUID
    # Defaulted for the answers stored under an Idempotency-Key before lists existed.
    list_id: uuid.UUID | None = Field(default=None, description="The list the todo is in")
    title: str
    description: str | None
    completed: bool
    priority: Priority
    due_at: datetime | None
    # Defaulted for the answers stored under an Idempotency-Key before the field existed.
    due_date: date | None = Field(default=None, description="A due day without a time, in its owner's time zone")
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="Raised by every change; sent as the ETag, and expected back in If-Match")
    # Defaulted for the answers stored under an Idempotency-Key before repetition existed.
    repeat_rule: str | None = Field(default=None, description="The RFC 5545 rule it repeats by; null: it does not")
    repeat_from: RepeatFrom = Field(default=RepeatFrom.due, description=REPEAT_FROM_DESCRIPTION)
    time_zone: str | None = Field(default=None, description="The IANA time zone the rule is counted in")
    repeats_after: uuid.UUID | None = Field(
        default=None, description="The repeating todo whose completion created this one"
    )


class TodosPage(SQLModel):
    items: list[TodoPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page; null on the last page.")


class ListTodoCounts(SQLModel):
    list_id: uuid.UUID
    active: int
    completed: int


class TodoCounts(SQLModel):
    """How many todos the user has in all, whatever a list's filters or search."""

    active: int
    completed: int
    lists: list[ListTodoCounts] = Field(
        description="Each list's own counts: the list asked for, or every list of the caller's (in no order)"
    )


class TagCount(SQLModel):
    tag: str
    count: int = Field(description="How many of the user's todos carry the tag")


class TagList(SQLModel):
    items: list[TagCount] = Field(description="Most used first, then by name")


class Deletion(SQLModel):
    deleted: int = Field(description="How many todos were deleted")
    deletion_id: uuid.UUID | None = Field(
        description="Pass to POST /v1/todos/restore to undo the deletion; null when nothing was deleted"
    )
    more: bool = Field(description="Whether completed todos remain beyond this call's bound; call again for them")


class RestoreRequest(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    deletion_id: uuid.UUID = Field(description="`deletion_id` of a clear, or the id of a deleted todo")


class Restored(SQLModel):
    restored: int = Field(description="How many todos are back")


class UserPublic(SQLModel):
    id: str
    email: str
    name: str | None
    created_at: datetime
    todo_count: int
    amr: list[str] | None = Field(
        default=None,
        description="How the caller signed in, from the token's `amr` claim (RFC 8176: pwd, otp, hwk); "
        "null when the token does not say.",
    )


ListName = Annotated[
    str,
    StringConstraints(
        pattern=_pattern(_NOT_IN_A_LINE, non_blank=True), strip_whitespace=True, min_length=1, max_length=100
    ),
    _refuse(_NOT_IN_A_LINE),
]
Position = Annotated[int, Field(ge=0, le=1_000_000)]


class ListCreate(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    name: ListName


class ListUpdate(SQLModel):
    """Only the fields sent are changed: name and archived by owners, position by any member (each
    member orders their own lists)."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    name: ListName = Field(default=None)
    archived: StrictBool = Field(default=None)
    position: Position = Field(default=None)


class ListPublic(SQLModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    id: uuid.UUID
    name: str
    is_inbox: bool = Field(description="The caller's Inbox: theirs alone, never renamed, archived, shared or deleted")
    role: Role = Field(description="The caller's role in the list")
    position: int = Field(description="Where the list sits among the caller's lists")
    archived_at: datetime | None
    member_count: int
    open_invitation_count: int = Field(
        description="Invitations to the list neither accepted nor expired: counted for its owners, 0 for others"
    )
    needs_an_heir: bool = Field(
        description="The caller is its only owner and others are in it: deleting the caller's account hands it "
        "over or deletes it (DELETE /v1/me?shared_lists=)"
    )
    created_at: datetime
    updated_at: datetime


class ListCollection(SQLModel):
    items: list[ListPublic] = Field(description="The caller's lists, in the caller's order")


class MemberPublic(SQLModel):
    user_id: str
    email: str
    name: str | None
    role: Role
    joined_at: datetime


class MemberList(SQLModel):
    items: list[MemberPublic]


class MemberUpdate(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    role: Role


Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$", max_length=320)]


class InvitationCreate(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    email: Email = Field(description="Only a signed-in user with this email can accept the invitation")
    role: Role = Role.viewer


class InvitationPublic(SQLModel):
    id: uuid.UUID
    list_id: uuid.UUID
    email: str
    role: Role
    expires_at: datetime
    token: str = Field(description="The one-time token to mail; the API keeps only its hash and never shows it again")


class InvitationAccept(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own subclass of ConfigDict

    token: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,100}$")]
