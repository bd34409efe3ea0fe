"""What the todo queries (crud.py) refuse, in their own terms; core/errors.py maps each to its HTTP
problem, in one table."""

from __future__ import annotations


class Refusal(Exception):
    """A request the queries will not carry out; the message says why, to the client."""


class InvalidCursor(Refusal):
    """A cursor this API did not issue for this sort order, or that the database cannot take."""


class IdempotencyKeyInProgress(Refusal):
    """Another request with this Idempotency-Key is still being processed."""


class IdempotencyKeyReused(Refusal):
    """This Idempotency-Key came with another body before."""


class NotAMember(Refusal):
    """The list or todo is not in a list the caller is a member of: as if it did not exist."""


class RoleTooLow(Refusal):
    """The caller is a member of the list, in a role that cannot do this."""


class LastOwner(Refusal):
    """The change would leave a list without an owner."""


class InboxIsPrivate(Refusal):
    """An Inbox cannot be renamed, archived, shared or deleted."""


class InvitationNotOpen(Refusal):
    """No invitation with this token that is still open: unknown, accepted already, or expired."""


class InvitationForAnotherEmail(Refusal):
    """The invitation was sent to another email address than the caller's."""


class RepeatNeedsDueAndZone(Refusal):
    """The change would leave a repeating todo without a due or without the time zone of its rule."""
