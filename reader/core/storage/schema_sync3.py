"""Migrations of sync's third round (issue 17): pictures, outlines and books travel."""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script


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
