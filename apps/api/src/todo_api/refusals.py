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
