"""Pictures as sync sees them (``library.synced_pictures``): the stored pictures an
article's body names, for sending, and the uses of an article written from another
device's body, made from its blocks with the pictures at hand; the ones still on their way
are remembered (``sync_picture_waits``) and attached when they arrive.

Which picture sits where is a function of an article's blocks (``pictures.uses_of``): it
is not sent, but made again here from the body that travelled, so the uses can never
disagree with the text. The methods run inside the caller's transaction (``db``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from reader.core.document import blocks_from_json
from reader.core.models import Picture
from reader.core.storage.connection import Connection
from reader.core.storage.pictures import Pictures, named_by


def named_in(blocks_json: str) -> list[str]:
    """The pictures an article's blocks (as stored, JSON) name, in order, once each."""
    if '"p"' not in blocks_json:  # most bodies name none: no parse
        return []
    return list(dict.fromkeys(named_by(blocks_from_json(blocks_json))))


class SyncedPictures:
    def __init__(self, connection: Connection, pictures: Pictures) -> None:
        self._connection = connection
        self._pictures = pictures

    def stored(self, digests: Iterable[str]) -> Iterable[Picture]:
        """The pictures of ``digests`` this library holds, with their bytes, one at a time
        (read outside any transaction: sync writes them to the folder after its own)."""
        for digest in digests:
            picture = self._pictures.get(digest)
            if picture is not None:
                yield picture

    def every_digest(self) -> list[str]:
        return [r["hash"] for r in self._connection.rows("SELECT hash FROM pictures ORDER BY hash")]

    def have(self, db: sqlite3.Connection, digests: Iterable[str]) -> set[str]:
        """Which of ``digests`` this library holds."""
        return self._pictures.held(db, digests)

    def attach(
        self, db: sqlite3.Connection, article_id: int, arrived: Mapping[str, Picture]
    ) -> list[str]:
        """Make the article's picture uses those its blocks name, with the pictures stored
        here or in ``arrived``; returns the pictures still missing (remembered as waited
        for, the others forgotten)."""
        row = db.execute("SELECT blocks FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return []
        blocks = blocks_from_json(row[0])
        usable = self._pictures.usable(db, blocks, arrived)
        self._pictures.attach(db, article_id, usable, arrived)
        named = set(named_by(blocks))
        missing = sorted(named - set(named_by(usable)))
        db.execute("DELETE FROM sync_picture_waits WHERE article_id = ?", (article_id,))
        db.executemany(
            "INSERT INTO sync_picture_waits (article_id, digest) VALUES (?, ?)",
            [(article_id, d) for d in missing],
        )
        return missing

    def waits(self) -> dict[str, list[int]]:
        """Pictures waited for -> the articles that name them (a quick look, outside a
        transaction: most syncs find none)."""
        out: dict[str, list[int]] = {}
        for row in self._connection.rows(
            "SELECT article_id, digest FROM sync_picture_waits ORDER BY digest, article_id"
        ):
            out.setdefault(row["digest"], []).append(row["article_id"])
        return out

    def article_id(self, db: sqlite3.Connection, uid: str) -> int | None:
        row = db.execute("SELECT id FROM articles WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else row[0]
