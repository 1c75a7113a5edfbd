"""Outlines (``library.outlines``): the chapters or pages of a long article, in order.

    entries = library.outlines.of(article_id)   # [OutlineEntry, ...], [] for a web page

``articles.add`` writes an article's outline in its own transaction (through
``replace``), so a book is never stored without its chapters, and a re-import
replaces them; deleting an article for good deletes its outline.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.core.models import OutlineEntry
from reader.core.storage.connection import Connection


class Outlines:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def of(self, article_id: int) -> list[OutlineEntry]:
        """The article's outline in reading order; empty when it has none."""
        with self._connection.lock:
            return [OutlineEntry(*row) for row in _stored(self._connection.writer, article_id)]

    def replace(
        self, db: sqlite3.Connection, article_id: int, outline: Sequence[OutlineEntry]
    ) -> None:
        """Store ``outline`` as the article's, inside the caller's transaction ``db``
        (writing nothing when it is the one stored, so an unchanged re-import stays one)."""
        wanted = [(e.offset, e.label, e.kind, e.level, e.locator) for e in outline]
        if _stored(db, article_id) == wanted:
            return
        db.execute("DELETE FROM outlines WHERE article_id = ?", (article_id,))
        db.executemany(
            'INSERT INTO outlines (article_id, position, "offset", label, kind, level, locator) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, i, e.offset, e.label, e.kind, e.level, e.locator)
                for i, e in enumerate(outline)
            ],
        )


def _stored(db: sqlite3.Connection, article_id: int) -> list[tuple]:
    """The article's stored outline as rows in ``OutlineEntry``'s field order."""
    return db.execute(
        'SELECT "offset", label, kind, level, locator FROM outlines '
        "WHERE article_id = ? ORDER BY position",
        (article_id,),
    ).fetchall()
