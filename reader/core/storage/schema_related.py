"""Related passages' vectors: one row per highlight and per article passage.

A highlight's vector goes when its text changes, an article's passages when its text
does (triggers); deleting either deletes its vectors (foreign keys). ``id`` never repeats
(AUTOINCREMENT), so the largest id and the count tell a cached matrix it is stale.
"""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script


@migrations()
def create_related_vectors(db: Database) -> None:
    script(
        db,
        """
        CREATE TABLE related_vectors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            highlight_id TEXT UNIQUE REFERENCES highlights(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            vector BLOB NOT NULL
        );
        CREATE INDEX related_vectors_article ON related_vectors(article_id);
        CREATE TABLE related_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            model TEXT NOT NULL
        );
        CREATE TRIGGER related_highlight_changed AFTER UPDATE OF exact ON highlights BEGIN
          DELETE FROM related_vectors WHERE highlight_id = old.id;
        END;
        CREATE TRIGGER related_article_changed AFTER UPDATE OF text ON articles BEGIN
          DELETE FROM related_vectors WHERE article_id = old.id AND highlight_id IS NULL;
          DELETE FROM related_articles WHERE article_id = old.id;
        END;
        """,
    )
