"""Tags: an article's tags, and the list of tags in use (``library.tags``).

Tags are unique without regard to case and are stored as first written; a
leading "#" is dropped. Highlights keep their tags through ``ids``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.core.storage.connection import Connection
from reader.core.storage.errors import NotFound


class Tags:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def ids(self, db: sqlite3.Connection, names: Iterable[str]) -> list[int]:
        """The ids of the tags named (cleaned, each once), made where missing; ``db`` is
        the writer connection inside the caller's transaction."""
        ids = []
        for name in _clean_tags(names):
            db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
            ids.append(db.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()[0])
        return ids

    def set(self, article_id: int, tags: Iterable[str]) -> None:
        """Give an article exactly these tags."""
        with self._connection.write() as db:
            row = db.execute(
                "SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
            for tag_id in self.ids(db, tags):
                db.execute("INSERT INTO article_tags VALUES (?, ?)", (article_id, tag_id))

    def of(self, article_id: int) -> list[str]:
        """An article's tags, sorted without regard to case."""
        rows = self._connection.rows(
            "SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE x.article_id = ? ORDER BY t.name COLLATE NOCASE",
            (article_id,),
        )
        return [r["name"] for r in rows]

    def in_use(self) -> list[tuple[str, int]]:
        """Every tag in use with how many articles and highlights carry it."""
        rows = self._connection.rows(
            "SELECT t.name, "
            "(SELECT count(*) FROM article_tags x JOIN articles a ON a.id = x.article_id "
            " WHERE x.tag_id = t.id AND a.deleted_at IS NULL) + "
            "(SELECT count(*) FROM highlight_tags y JOIN highlights h ON h.id = y.highlight_id "
            " JOIN articles a ON a.id = h.article_id "
            " WHERE y.tag_id = t.id AND a.deleted_at IS NULL) AS n "
            "FROM tags t ORDER BY t.name COLLATE NOCASE"
        )
        return [(r["name"], r["n"]) for r in rows if r["n"]]


def _clean_tags(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.replace(",", " ").split()).lstrip("#")
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())
