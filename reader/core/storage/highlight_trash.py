"""The highlights trash (``library.highlight_trash``): deleted highlights with their last
text, note and tags, until they are restored or purged. A highlight deleted on one device
and edited on another (sync) waits here with that edit, on every device.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.core.models import Highlight
from reader.core.storage.connection import Connection
from reader.core.storage.errors import NotFound
from reader.core.storage.highlights import Highlights

_COLUMNS = (
    'id, article_id, start, "end", exact, prefix, suffix, text_hash, colour, style, note, '
    "tags, created_at, updated_at, state"
)


@dataclass
class TrashedHighlight:
    """A deleted highlight, when it was deleted, and the title of its article."""

    highlight: Highlight
    deleted_at: str
    article_title: str


class HighlightTrash:
    def __init__(self, connection: Connection, highlights: Highlights) -> None:
        self._connection = connection
        self._highlights = highlights

    def list(self, article_id: int | None = None) -> list[TrashedHighlight]:
        """What is in the highlights trash, most recently deleted first."""
        if article_id is None:
            return self._select("1", ())
        return self._select("t.article_id = ?", (article_id,))

    def get(self, highlight_id: str) -> TrashedHighlight:
        found = self._select("t.id = ?", (highlight_id,))
        if not found:
            raise NotFound(f"no highlight with id {highlight_id} in the highlights trash")
        return found[0]

    def _select(self, where: str, params: tuple) -> list[TrashedHighlight]:
        columns = ", ".join("t." + c.strip() for c in _COLUMNS.split(","))
        with self._connection.lock:
            rows = self._connection.writer.execute(
                f"SELECT {columns}, t.deleted_at, a.title FROM highlight_trash t "
                f"JOIN articles a ON a.id = t.article_id WHERE {where} "
                "ORDER BY t.deleted_at DESC, t.id",
                params,
            ).fetchall()
        return [
            TrashedHighlight(
                Highlight(*row[:11], json.loads(row[11]), *row[12:15]),  # type: ignore[arg-type]
                row[15],
                row[16],
            )
            for row in rows
        ]

    def restore(self, highlight_id: str) -> Highlight:
        """Put a deleted highlight back on its article (which must not be in the trash)."""
        return self._highlights.restore(self.get(highlight_id).highlight)

    def purge(self, older_than_days: float = 30) -> int:
        """Delete for good what has been in the highlights trash longer than that."""
        cutoff = datetime.fromtimestamp(
            datetime.now(UTC).timestamp() - older_than_days * 86400, UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._connection.write() as db:
            cursor = db.execute("DELETE FROM highlight_trash WHERE deleted_at <= ?", (cutoff,))
            return cursor.rowcount
