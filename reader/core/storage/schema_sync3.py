"""Migrations of sync's third round (issue 17): pictures, outlines and books travel."""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script
from reader.core.storage.synced import trigger_sql


@migrations()
def sync_pictures(db: Database) -> None:
    """Pictures an article written from another device's body names but that have not
    arrived yet (fetched on a later sync), and a note that every stored picture is due to
    be sent: a library that synced before sends the pictures it holds."""
    script(
        db,
        """
        CREATE TABLE sync_picture_waits (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            digest TEXT NOT NULL,
            PRIMARY KEY (article_id, digest)
        ) WITHOUT ROWID;
        CREATE INDEX sync_picture_waits_digest ON sync_picture_waits(digest);
        INSERT OR REPLACE INTO sync_config (key, value) VALUES ('pictures_due', 'true');
        """,
    )


@migrations()
def sync_outlines_and_books(db: Database) -> None:
    """Change triggers for outlines and book metadata (declared in ``synced.py``); the
    ones stored before are noted as new, so a library that synced before sends them."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: {r[1] for r in db.execute(f"PRAGMA table_info({t!r})")} for t in tables}
    script(db, trigger_sql(columns))
    for table in ("outlines", "books"):
        db.execute(
            "INSERT OR IGNORE INTO sync_pending (tbl, key, col, old) "
            f"SELECT DISTINCT '{table}', a.uid, '*', NULL FROM {table} p "
            "JOIN articles a ON a.id = p.article_id"
        )
