"""The trash (``library.trash``): a deleted article waits there, with its highlights,
notes and tags, until it is restored or deleted for good.

``library.articles.list(trashed=True)`` lists what is in it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reader.core.models import now
from reader.core.storage.connection import Connection
from reader.core.storage.errors import NotFound


class Trash:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def delete(self, article_id: int) -> None:
        """Move an article to the trash; ``restore`` brings it back with everything."""
        with self._connection.write() as db:
            cursor = db.execute(
                "UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now(), article_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no article with id {article_id}")

    def restore(self, article_id: int) -> None:
        """Take an article out of the trash (nothing happens to one that is not in it)."""
        with self._connection.write() as db:
            db.execute("UPDATE articles SET deleted_at = NULL WHERE id = ?", (article_id,))

    def delete_for_good(self, article_id: int) -> None:
        """Delete an article that is in the trash, with its highlights; no way back."""
        with self._connection.write() as db:
            cursor = db.execute(
                "DELETE FROM articles WHERE id = ? AND deleted_at IS NOT NULL", (article_id,)
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no article with id {article_id} in the trash")

    def purge(self, older_than_days: float = 30) -> int:
        """Delete for good what has been in the trash longer than the given days."""
        cutoff = datetime.fromtimestamp(
            datetime.now(UTC).timestamp() - older_than_days * 86400, UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._connection.write() as db:
            cursor = db.execute(
                "DELETE FROM articles WHERE deleted_at IS NOT NULL AND deleted_at <= ?", (cutoff,)
            )
            db.execute(
                "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags "
                "UNION SELECT tag_id FROM highlight_tags)"
            )
            return cursor.rowcount
