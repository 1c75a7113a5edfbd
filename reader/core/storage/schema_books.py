"""Migrations for books (issue 15): what an EPUB's package says beyond the article's columns."""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script


@migrations()
def create_books(db: Database) -> None:
    """One row per article imported from a book: its package metadata as JSON (language,
    publisher, date, identifier, ISBN, every author), gone with its article."""
    script(
        db,
        """
        CREATE TABLE books (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            info TEXT NOT NULL
        );
        """,
    )
