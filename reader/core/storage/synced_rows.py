"""The synced tables' rows as sync sees them (``library.synced_rows``): read a row by its
key on every device, and write one that another device changed, for the tables declared
in ``synced.py``. The methods run inside the caller's transaction (``db``).

A row read is a dict of its declared columns (a ``REF`` as the other row's key, ``tags``
as a list of names, ``deleted_at`` from the trash table where there is one); ``None``
means the row is gone for good. Writing changes only the columns that differ, so the
search index and the change triggers see only real changes; an article whose text
changed has its highlights placed again, each on its own (every device places a
highlight the same way), and keeps their ``updated_at``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reader.core.document import blocks_from_json, canonical_text, word_count
from reader.core.storage.articles import content_hash
from reader.core.storage.connection import Connection
from reader.core.storage.highlights import Highlights
from reader.core.storage.synced import BODY, BY_NAME, REF, TAGS, SyncedTable
from reader.core.storage.synced_parts import WAITING, SyncedParts
from reader.core.storage.tags import Tags


class SyncedRows:
    def __init__(self, connection: Connection, tags: Tags, highlights: Highlights) -> None:
        self._connection = connection
        self._tags = tags
        self._highlights = highlights
        # within one transaction of sync's writes (``begin`` empties them): local ids of
        # keys, and articles' text hashes, asked for once per row written otherwise
        self._ids: dict[tuple[str, str], int] = {}
        self._text_hashes: dict[int, str] = {}
        # highlights whose article's text another device changed: the caller writes each
        # again from the merged document, so that where one lands depends on what the
        # document holds and the text now, never on the texts this device saw between
        self.moved: set[str] = set()
        # articles whose text another device changed: their outlines are written again
        self.retexted: set[str] = set()
        self._parts = SyncedParts(connection)

    def begin(self) -> None:
        """A new transaction of writes: what was remembered may have changed since."""
        self._ids.clear()
        self._text_hashes.clear()
        self.moved.clear()
        self.retexted.clear()

    def keys(self, db: sqlite3.Connection, table: str) -> list[str]:
        """Every key of a synced table (its trash too): a first sync sends them all."""
        t = BY_NAME[table]
        if t.part_of:
            return self._parts.keys(db, table)
        keys = [r[0] for r in db.execute(f'SELECT "{t.key}" FROM {t.name}')]
        if t.trash:
            keys += [r[0] for r in db.execute(f'SELECT "{t.key}" FROM {t.trash}')]
        return keys

    # -- reading -------------------------------------------------------------------

    def read(self, db: sqlite3.Connection, table: str, key: str) -> dict[str, Any] | None:
        t = BY_NAME[table]
        if t.part_of:
            return self._parts.read(db, table, key)
        row = self._row(db, t, t.name, key)
        deleted_at = None
        if row is None and t.trash:
            row = self._row(db, t, t.trash, key, extra=("deleted_at", "tags"))
            if row is not None:
                deleted_at = row.pop("deleted_at")
                row["tags"] = json.loads(row["tags"])
                row["deleted_at"] = deleted_at
        elif row is not None:
            if t.trash:
                row["deleted_at"] = None
            link, owner = t.tag_link
            if link:
                row["tags"] = [
                    r[0]
                    for r in db.execute(
                        f"SELECT g.name FROM {link} x JOIN tags g ON g.id = x.tag_id "
                        f"WHERE x.{owner} = ?",
                        (row.pop("_local"),),
                    )
                ]
        if row is not None:
            row.pop("_local", None)
        return row

    def _row(
        self, db: sqlite3.Connection, t: SyncedTable, source: str, key: str, extra: tuple = ()
    ) -> dict[str, Any] | None:
        select, names = [f's."{t.local_id}"'], ["_local"]
        for c in t.stored:
            if c.rule == REF:
                target = BY_NAME[c.ref]
                local = t.refs_local[c.name]
                select.append(
                    f'(SELECT r."{target.key}" FROM {target.name} r '
                    f'WHERE r."{target.local_id}" = s."{local}")'
                )
            elif c.name == "deleted_at" and t.trash:
                continue
            else:
                select.append(f's."{c.name}"')
            names.append(c.name)
        select += [f's."{e}"' for e in extra]
        names += list(extra)
        found = db.execute(
            f'SELECT {", ".join(select)} FROM {source} s WHERE s."{t.key}" = ?', (key,)
        ).fetchone()
        return dict(zip(names, found, strict=True)) if found else None

    def body_hash(self, db: sqlite3.Connection, table: str, key: str) -> str | None:
        """The hash of a row's ``BODY`` as stored here (None: no row)."""
        t = BY_NAME[table]
        body = next(c.name for c in t.columns if c.rule == BODY)
        row = db.execute(f'SELECT "{body}" FROM {t.name} WHERE "{t.key}" = ?', (key,)).fetchone()
        return None if row is None else blob_hash(row[0].encode("utf-8"))

    # -- writing -------------------------------------------------------------------

    def write(
        self, db: sqlite3.Connection, table: str, key: str, values: dict[str, Any]
    ) -> str | None:
        """Make the row hold ``values`` (every declared column; a ``BODY`` only when it
        changed); ``WAITING`` if it cannot be written yet."""
        t = BY_NAME[table]
        if t.part_of:
            return self._parts.write(db, table, key, values)
        values = dict(values)
        tags = values.pop("tags", None) if any(c.rule == TAGS for c in t.columns) else None
        for c in t.stored:
            if c.rule == REF:
                target = BY_NAME[c.ref]
                ref = (target.name, values.pop(c.name))
                if ref not in self._ids:
                    found = db.execute(
                        f'SELECT "{target.local_id}" FROM {target.name} WHERE "{target.key}" = ?',
                        (ref[1],),
                    ).fetchone()
                    if found is None:
                        return WAITING
                    self._ids[ref] = found[0]
                values[t.refs_local[c.name]] = self._ids[ref]
        if t.name == "articles":
            return self._write_article(db, key, values, tags or [])
        if t.name == "highlights":
            return self._write_highlight(db, key, values, tags or [])
        if not _update_changed(db, t.name, f'"{t.key}"', key, values):  # a plain row
            row = {**values, t.key: key}
            names = list(row)
            db.execute(
                f"INSERT INTO {t.name} ({_cols(names)}) VALUES ({', '.join('?' * len(names))})",
                [row[n] for n in names],
            )
        return None

    def _write_article(
        self, db: sqlite3.Connection, key: str, values: dict[str, Any], tags: list[str]
    ) -> str | None:
        body = values.pop("blocks", None)
        current = db.execute(
            "SELECT id, content_hash FROM articles WHERE uid = ?", (key,)
        ).fetchone()
        if body is not None:
            text = canonical_text(blocks_from_json(body))
            values.update(
                blocks=body, text=text, content_hash=content_hash(text), word_count=word_count(text)
            )
        elif current is None:
            return WAITING  # a new article needs its text
        if current is None:
            values["uid"] = key
            names = list(values)
            cols = _cols(names)
            cursor = db.execute(
                f"INSERT INTO articles ({cols}) VALUES ({', '.join('?' * len(names))})",
                [values[n] for n in names],
            )
            article_id = cursor.lastrowid
        else:
            article_id = current[0]
            _update_changed(db, "articles", "id", article_id, values)
            self._text_hashes.pop(article_id, None)
            if body is not None and values["content_hash"] != current[1]:
                self.retexted.add(key)
                self._parts.text_changed(db, article_id)
                self.moved.update(
                    r[0]
                    for r in db.execute(
                        "SELECT id FROM highlights WHERE article_id = ? "
                        "UNION ALL SELECT id FROM highlight_trash WHERE article_id = ?",
                        (article_id, article_id),
                    )
                )
                self._highlights.reanchor(db, article_id, values["text"], None)
                self._highlights.reanchor(
                    db, article_id, values["text"], None, table="highlight_trash"
                )
        self._set_tags(db, "article_tags", "article_id", article_id, tags)
        return None

    def _write_highlight(
        self, db: sqlite3.Connection, key: str, values: dict[str, Any], tags: list[str]
    ) -> str | None:
        deleted_at = values.pop("deleted_at", None)
        if deleted_at:
            db.execute("DELETE FROM highlights WHERE id = ?", (key,))
            row = {**values, "id": key, "tags": json.dumps(tags), "deleted_at": deleted_at}
            names = list(row)
            db.execute(
                f"INSERT OR REPLACE INTO highlight_trash ({_cols(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [row[n] for n in names],
            )
            self._place_again(db, key, values, "highlight_trash")
            return None
        db.execute("DELETE FROM highlight_trash WHERE id = ?", (key,))
        if not _update_changed(db, "highlights", "id", key, values):
            row = {**values, "id": key}
            names = list(row)
            db.execute(
                f"INSERT INTO highlights ({_cols(names)}) VALUES ({', '.join('?' * len(names))})",
                [row[n] for n in names],
            )
        self._set_tags(db, "highlight_tags", "highlight_id", key, tags)
        self._place_again(db, key, values, "highlights")
        return None

    def _place_again(
        self, db: sqlite3.Connection, key: str, values: dict[str, Any], table: str
    ) -> None:
        """A highlight made on another text is placed in this article's text, live or in
        the trash alike: the device that deleted it had placed it so before."""
        article_id = values["article_id"]
        if article_id not in self._text_hashes:
            self._text_hashes[article_id] = db.execute(
                "SELECT content_hash FROM articles WHERE id = ?", (article_id,)
            ).fetchone()[0]
        if self._text_hashes[article_id] != values.get("text_hash"):  # the text only then
            (text,) = db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            self._highlights.reanchor(db, article_id, text, None, only=key, table=table)

    def _set_tags(
        self, db: sqlite3.Connection, link: str, owner: str, owner_id: Any, names: list[str]
    ) -> None:
        held = dict(
            db.execute(
                f"SELECT x.tag_id, g.name FROM {link} x JOIN tags g ON g.id = x.tag_id "
                f"WHERE x.{owner} = ?",
                (owner_id,),
            ).fetchall()
        )
        if sorted(held.values()) == sorted(names):
            return  # most rows written: unchanged tags, no statement more
        want = set(self._tags.ids(db, names))
        have = set(held)
        for tag_id in have - want:
            db.execute(f"DELETE FROM {link} WHERE {owner} = ? AND tag_id = ?", (owner_id, tag_id))
        for tag_id in want - have:
            db.execute(f"INSERT INTO {link} ({owner}, tag_id) VALUES (?, ?)", (owner_id, tag_id))

    def delete(self, db: sqlite3.Connection, table: str, key: str) -> None:
        """A row deleted for good on another device: deleted here too (with what hangs on it)."""
        t = BY_NAME[table]
        if t.part_of:
            self._parts.delete(db, table, key)
            return
        self._ids.pop((t.name, key), None)
        db.execute(f'DELETE FROM {t.name} WHERE "{t.key}" = ?', (key,))
        if t.trash:
            db.execute(f'DELETE FROM {t.trash} WHERE "{t.key}" = ?', (key,))


def blob_hash(data: bytes) -> str:
    import hashlib  # OpenSSL: imported on use, as in articles.content_hash

    return hashlib.sha256(data).hexdigest()


def _update_changed(
    db: sqlite3.Connection, table: str, key: str, key_value: Any, values: dict[str, Any]
) -> bool:
    """Write the columns that differ; False if there is no such row."""
    names = list(values)
    current = db.execute(
        f"SELECT {_cols(names)} FROM {table} WHERE {key} = ?", (key_value,)
    ).fetchone()
    if current is None:
        return False
    changed = [n for n, old in zip(names, current, strict=True) if old != values[n]]
    if changed:
        db.execute(
            f"UPDATE {table} SET {_cols(changed, ' = ?')} WHERE {key} = ?",
            [*(values[n] for n in changed), key_value],
        )
    return True


def _cols(names: list[str], after: str = "") -> str:
    return ", ".join(f'"{n}"{after}' for n in names)
