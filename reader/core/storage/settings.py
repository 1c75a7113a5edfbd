"""Settings kept in the library (``library.settings``): values by key, stored as JSON."""

from __future__ import annotations

import json
from typing import Any

from reader.core.storage.connection import Connection


class Settings:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default`` when there is none."""
        rows = self._connection.rows("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (anything JSON can hold) under ``key``."""
        with self._connection.write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
