"""Pictures (``library.pictures``): stored once by the sha256 of their bytes, and which
articles use them, with the alt text and caption of each use.

    uses = library.pictures.of(article_id)        # PictureUse per image block, in order
    data = library.pictures.data(uses[0].digest)  # the bytes, as they were stored

A picture is written by ``articles.add`` (through ``attach``, inside the article's
transaction) and goes when no article uses it any more: a trigger removes it when its
last use is deleted (an article deleted for good or purged from the trash, or imported
again without it). An article in the trash keeps its pictures. ``files()`` lists every
picture by digest and media type: what a sync engine copies as content-addressed files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from reader.core.document import Block
from reader.core.models import Picture, PictureUse, now
from reader.core.storage.connection import Connection

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}


def named_by(blocks: Iterable[Block]) -> list[str]:
    """The pictures ``blocks`` name, in order (a picture used twice, twice)."""
    return [b.picture for b in blocks if b.kind == "image" and b.picture]


class Pictures:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def usable(
        self, db: sqlite3.Connection, blocks: Sequence[Block], pictures: Mapping[str, Picture]
    ) -> list[Block]:
        """``blocks`` with each picture reference kept only where its bytes are at hand:
        in ``pictures`` or already stored (an importer that forgot the bytes must not
        leave a reference to nothing)."""
        missing = set(named_by(blocks)) - set(pictures)
        if missing:
            missing -= self.held(db, missing)
        if not missing:
            return list(blocks)
        return [replace(b, picture=None) if b.picture in missing else b for b in blocks]

    def held(self, db: sqlite3.Connection, digests: Iterable[str]) -> set[str]:
        """Which of ``digests`` are stored here (asked 500 at a time: SQL's variables)."""
        wanted = sorted(set(digests))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            marks = ",".join("?" * len(part))
            found.update(
                r[0] for r in db.execute(f"SELECT hash FROM pictures WHERE hash IN ({marks})", part)
            )
        return found

    def attach(
        self,
        db: sqlite3.Connection,
        article_id: int,
        blocks: Sequence[Block],
        pictures: Mapping[str, Picture],
    ) -> bool:
        """Make ``article_id``'s picture uses those its image blocks name (inside the
        caller's transaction ``db``), storing the pictures not stored yet; ``blocks`` have
        been through ``usable``. Returns whether anything changed."""
        wanted = uses_of(blocks)
        have = db.execute(
            "SELECT position, hash, alt, caption FROM article_pictures "
            "WHERE article_id = ? ORDER BY position",
            (article_id,),
        ).fetchall()
        if [tuple(row) for row in have] == wanted:
            return False
        stamp = now()
        for digest in dict.fromkeys(use[1] for use in wanted):
            picture = pictures.get(digest)
            if picture is None:
                continue  # stored already (``usable`` checked)
            db.execute(
                "INSERT OR IGNORE INTO pictures "
                "(hash, media_type, width, height, bytes, added_at, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    digest,
                    picture.media_type,
                    picture.width,
                    picture.height,
                    len(picture.data),
                    stamp,
                    sqlite3.Binary(picture.data),
                ),
            )
        # The new uses go in first, at negative positions, so that a picture used before
        # and after never has no use in between (the trigger would remove it).
        db.executemany(
            "INSERT INTO article_pictures (article_id, position, hash, alt, caption) "
            "VALUES (?, ?, ?, ?, ?)",
            [(article_id, -1 - position, *rest) for position, *rest in wanted],
        )
        db.execute(
            "DELETE FROM article_pictures WHERE article_id = ? AND position >= 0", (article_id,)
        )
        db.execute(
            "UPDATE article_pictures SET position = -1 - position WHERE article_id = ?",
            (article_id,),
        )
        return True

    def of(self, article_id: int) -> list[PictureUse]:
        """The pictures an article uses, in reading order (by block number)."""
        rows = self._connection.rows(
            "SELECT u.position, u.hash, u.alt, u.caption, p.media_type, p.width, p.height, "
            "p.bytes FROM article_pictures u JOIN pictures p ON p.hash = u.hash "
            "WHERE u.article_id = ? ORDER BY u.position",
            (article_id,),
        )
        return [_use(row) for row in rows]

    def data(self, digest: str, *, reader: bool = False) -> bytes | None:
        """A picture's bytes, or None if the library holds no picture by that digest.

        ``reader`` reads through this thread's read connection (for a thread that
        decodes pictures while the window writes)."""
        sql = "SELECT data FROM pictures WHERE hash = ?"
        if reader:
            row = self._connection.reader().execute(sql, (digest,)).fetchone()
        else:
            with self._connection.lock:
                row = self._connection.writer.execute(sql, (digest,)).fetchone()
        return bytes(row[0]) if row else None

    def get(self, digest: str) -> Picture | None:
        """A stored picture with its bytes, or None."""
        rows = self._connection.rows(
            "SELECT hash, media_type, width, height, data FROM pictures WHERE hash = ?",
            (digest,),
        )
        if not rows:
            return None
        row = rows[0]
        return Picture(
            row["hash"], row["media_type"], row["width"], row["height"], bytes(row["data"])
        )

    def users(self, digest: str) -> list[int]:
        """The articles (in the trash too) that use a picture."""
        rows = self._connection.rows(
            "SELECT DISTINCT article_id FROM article_pictures WHERE hash = ? ORDER BY article_id",
            (digest,),
        )
        return [row["article_id"] for row in rows]

    def stats(self) -> tuple[int, int]:
        """How many pictures the library holds, and their bytes in all."""
        row = self._connection.rows("SELECT count(*) AS n, total(bytes) AS b FROM pictures")[0]
        return int(row["n"]), int(row["b"])

    def files(self) -> Iterator[tuple[str, str]]:
        """(digest, file name) of every stored picture: ``<sha256>.<extension>``, the
        name a content-addressed copy takes."""
        for row in self._connection.rows("SELECT hash, media_type FROM pictures ORDER BY hash"):
            yield row["hash"], f"{row['hash']}.{EXTENSIONS.get(row['media_type'], 'bin')}"


def uses_of(blocks: Sequence[Block]) -> list[tuple[int, str, str, str]]:
    """(block number, digest, alt text, caption) of each image block that names a picture;
    the caption is the caption block right after it, if any."""
    uses = []
    for i, block in enumerate(blocks):
        if block.kind == "image" and block.picture:
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            caption = after.text if after is not None and after.kind == "caption" else ""
            uses.append((i, block.picture, block.text, caption))
    return uses


def _use(row: dict) -> PictureUse:
    return PictureUse(
        digest=row["hash"],
        position=row["position"],
        alt=row["alt"],
        caption=row["caption"],
        media_type=row["media_type"],
        width=row["width"],
        height=row["height"],
        size=row["bytes"],
    )
