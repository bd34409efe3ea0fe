"""Which users this process has already written to the users table, so that a request from a known
user costs no write."""

from __future__ import annotations

from typing import Final

from todo_api.core.token_verifier import VerifiedToken

# Forgetting everyone only costs one upsert per active user; it keeps memory bounded.
KNOWN_USERS_LIMIT: Final = 50_000


class KnownUsers:
    def __init__(self) -> None:
        # sub -> (email, name) as last written.
        self._written: dict[str, tuple[str, str | None]] = {}

    def needs_write(self, user: VerifiedToken) -> bool:
        """The row is unknown to this process, or the token brings a new email or name."""
        return self._written.get(user.sub) != (user.email, user.name)

    def remember(self, user: VerifiedToken) -> None:
        if len(self._written) >= KNOWN_USERS_LIMIT:
            self._written.clear()
        self._written[user.sub] = (user.email, user.name)

    def forget(self, user_id: str) -> None:
        self._written.pop(user_id, None)
