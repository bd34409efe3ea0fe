"""Keeps the web app's JWKS fresh in EdDSA mode: one fetch at a time, whoever asks for it."""

from __future__ import annotations

import asyncio
import logging
from typing import Final

from todo_api.core.metrics import JWKS_REFRESHES
from todo_api.core.token_verifier import JwksKeySet, KeySetUnavailable

logger = logging.getLogger("todo_api")

CHECK_INTERVAL_SECONDS: Final = 30


class JwksRefresher:
    """Fetches into a `JwksKeySet` in a worker thread (the fetch blocks), under one lock, so that
    the requests that meet an unknown `kid` while a fetch is in flight wait for it and then use its
    keys instead of fetching again; after an unknown `kid`, at most one fetch per cool-down."""

    def __init__(self, keys: JwksKeySet) -> None:
        self.keys = keys
        self._lock = asyncio.Lock()

    async def refresh_for_unknown_kid(self) -> None:
        """Fetch again unless a fetch within the cool-down already had its chance to bring the key."""
        if not self._lock.locked() and not self.keys.may_refetch():
            return
        async with self._lock:
            # Checked under the lock: a fetch that finished while this request waited counts.
            if self.keys.may_refetch():
                await self._fetch()

    async def keep_fresh(self) -> None:
        """Runs for the life of the app: the first fetch at start, then whenever the set grows old."""
        while True:
            async with self._lock:
                if self.keys.is_stale():
                    await self._fetch()
            await asyncio.sleep(CHECK_INTERVAL_SECONDS)

    async def _fetch(self) -> None:
        try:
            await asyncio.to_thread(self.keys.refresh)
        except KeySetUnavailable as exc:
            JWKS_REFRESHES.labels("error").inc()
            logger.warning("%s", exc)
        else:
            JWKS_REFRESHES.labels("ok").inc()
