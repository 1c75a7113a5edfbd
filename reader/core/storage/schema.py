"""The library's schema, built by named migrations, each in its own transaction.

``PRAGMA user_version`` holds the number of migrations applied. A library whose
number is higher than ours, or that lists migrations we do not know, was written
by a newer Article Reader and is refused rather than "upgraded down".
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("article-reader")


def _script(db: Database, sql: str) -> None:
    """Run several statements inside the migration's transaction.

    ``executescript`` (and so sqlite-utils' ``enable_fts``) commits first, which
    would break the one-transaction-per-migration promise.
    """
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")


@migrations()
def create_articles(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT,
            source TEXT,
            title TEXT NOT NULL,
            author TEXT,
            site TEXT,
            published TEXT,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            opened_at TEXT,
            deleted_at TEXT,
            source_kind TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            blocks TEXT NOT NULL,
            text TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0,
            reading_position INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            favorite INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX articles_url ON articles(url);
        CREATE INDEX articles_source ON articles(source);
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_added ON articles(added_at);
        """,
    )


@migrations()
def create_highlights(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE highlights (
            id TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            text_hash TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT 'yellow',
            style TEXT NOT NULL DEFAULT 'highlight',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'anchored'
        );
        CREATE INDEX highlights_article ON highlights(article_id, start);
        """,
    )


@migrations()
def create_tags(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        );
        CREATE TABLE highlight_tags (
            highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (highlight_id, tag_id)
        );
        CREATE INDEX article_tags_tag ON article_tags(tag_id);
        CREATE INDEX highlight_tags_tag ON highlight_tags(tag_id);
        """,
    )


@migrations()
def create_settings(db: Database) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def create_search(db: Database) -> None:
    """FTS5 over article title/text/note and highlight exact/note, kept in step by triggers.

    sqlite-utils' own update trigger re-indexes a row on any change; ours fire
    only when an indexed column changes, so saving a reading position does not
    re-index a 100k-word article.
    """
    indexed = {"articles": ("title", "text", "note"), "highlights": ("exact", "note")}
    for table, columns in indexed.items():
        cols = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        fts = f"{table}_fts"
        _script(
            db,
            f"""
            CREATE VIRTUAL TABLE {fts} USING fts5 (
              {cols}, content={table}, tokenize='unicode61 remove_diacritics 2'
            );
            INSERT INTO {fts} ({fts}) VALUES ('rebuild');
            CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
              INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});
            END;
            CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
              INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
            END;
            CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON {table} BEGIN
              INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
              INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});
            END;
            """,
        )


@migrations()
def create_change_count(db: Database) -> None:
    """A counter that every change to what the user made increases, kept by triggers.

    The periodic backup compares it with the newest copy's and skips an unchanged
    library. Settings (window geometry and the like) do not count.
    """
    db.execute(
        "CREATE TABLE change_count (id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO change_count (id, count) VALUES (1, 0)")
    for table in ("articles", "highlights", "tags", "article_tags", "highlight_tags"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_count_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE change_count SET count = count + 1; END"
            )


@migrations()
def index_the_list(db: Database) -> None:
    """An index that answers the article list: which articles are in the library (not
    in the trash, not archived), in the order they were added, with the columns the
    list shows that sit after an article's text.

    Without it, counting the list and skipping to a later page read every row, and
    reading ``archived`` or ``word_count`` walks the row's overflow pages past the
    text: 210 ms to count 100,000 articles, 130 ms a page near the end, and 100 ms
    instead of 30 to list 5,000 articles.
    """
    db.execute(
        "CREATE INDEX articles_listed ON articles"
        "(deleted_at, archived, added_at, id, word_count, favorite, reading_position)"
    )


@migrations()
def create_pictures(db: Database) -> None:
    """Pictures stored once by the sha256 of their bytes, and which articles use them.

    A picture goes when its last use goes (a trigger: an article deleted for good, purged
    from the trash, or imported again without it), so no code path can leave one behind.
    Adding or removing a use counts as a change for the periodic backup.
    """
    _script(
        db,
        """
        CREATE TABLE pictures (
            hash TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE article_pictures (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            hash TEXT NOT NULL REFERENCES pictures(hash),
            alt TEXT NOT NULL DEFAULT '',
            caption TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, position)
        );
        CREATE INDEX article_pictures_hash ON article_pictures(hash);
        CREATE TRIGGER article_pictures_unused AFTER DELETE ON article_pictures
        WHEN NOT EXISTS (SELECT 1 FROM article_pictures WHERE hash = old.hash) BEGIN
          DELETE FROM pictures WHERE hash = old.hash;
        END;
        """,
    )
    for event in ("INSERT", "DELETE"):
        db.execute(
            f"CREATE TRIGGER article_pictures_count_{event.lower()} AFTER {event} "
            "ON article_pictures BEGIN UPDATE change_count SET count = count + 1; END"
        )


def migration_names() -> list[str]:
    """Every migration's name, in the order they apply (all are pending on a new database)."""
    return [m.name for m in migrations.pending(Database(memory=True))]
