"""The outline of long articles: a book's chapters, a PDF's pages (``models.OutlineEntry``)."""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script


@migrations()
def create_outlines(db: Database) -> None:
    script(
        db,
        """
        CREATE TABLE outlines (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            "offset" INTEGER NOT NULL,
            label TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'chapter',
            level INTEGER NOT NULL DEFAULT 1,
            locator TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, position)
        ) WITHOUT ROWID;
        """,
    )
