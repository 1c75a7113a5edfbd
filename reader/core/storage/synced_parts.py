"""Synced tables that are parts of an article (``SyncedTable.part_of``): its outline (a
book's chapters, a PDF's pages) and its book metadata. Each is one synced row per
article, keyed by the article's key (``uid``), so it is the same row on every device:

- ``outlines``: ``entries``, the whole outline as JSON, and ``text_hash``, the hash of
  the text it was made for. The two travel together and an outline is replaced whole,
  never merged entry by entry, so two outlines never mix; it is written only onto the
  text it was made for (until that text is here it waits; a text written here from
  another device drops the outline made for the text before: no chapter points into
  the wrong text).
- ``books``: ``info``, the package metadata as JSON.

``SyncedRows`` hands these tables' reads and writes here; ``part_triggers`` makes their
change triggers (the generic ones fit tables keyed by a column of their own).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from reader.core.models import OutlineEntry
from reader.core.storage.connection import Connection
from reader.core.storage.outlines import Outlines

WAITING = "waiting"  # a row that cannot be written yet: its article or its text is missing


class SyncedParts:
    def __init__(self, connection: Connection) -> None:
        self._outlines = Outlines(connection)

    def keys(self, db: sqlite3.Connection, table: str) -> list[str]:
        return [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT a.uid FROM {_table(table)} p "
                "JOIN articles a ON a.id = p.article_id"
            )
        ]

    def read(self, db: sqlite3.Connection, table: str, key: str) -> dict[str, Any] | None:
        if _table(table) == "books":
            row = db.execute(
                "SELECT b.info FROM books b JOIN articles a ON a.id = b.article_id WHERE a.uid = ?",
                (key,),
            ).fetchone()
            return None if row is None else {"info": row[0]}
        rows = db.execute(
            'SELECT o."offset", o.label, o.kind, o.level, o.locator, a.content_hash '
            "FROM outlines o JOIN articles a ON a.id = o.article_id "
            "WHERE a.uid = ? ORDER BY o.position",
            (key,),
        ).fetchall()
        if not rows:
            return None
        entries = json.dumps([list(r[:5]) for r in rows], ensure_ascii=False)
        return {"entries": entries, "text_hash": rows[0][5]}

    def write(
        self, db: sqlite3.Connection, table: str, key: str, values: dict[str, Any]
    ) -> str | None:
        """Make the article's part hold ``values``; ``WAITING`` until its article (and
        for an outline, the text it was made for) is here. ``ValueError`` if the values
        are not what such a part holds."""
        row = db.execute(
            "SELECT id, content_hash, length(text) FROM articles WHERE uid = ?", (key,)
        ).fetchone()
        if row is None:
            return WAITING
        article_id, text_hash, length = row
        if _table(table) == "books":
            info = values["info"]
            if not isinstance(json.loads(info), dict):
                raise ValueError("a book's info is not a JSON object")
            db.execute(
                "INSERT INTO books (article_id, info) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET info = excluded.info "
                "WHERE info IS NOT excluded.info",
                (article_id, info),
            )
            return None
        entries = _entries(values["entries"])
        if values["text_hash"] != text_hash:
            return WAITING  # the text here keeps its own outline (if any) meanwhile
        if any(e.offset > length for e in entries):
            raise ValueError("an outline entry points past the end of its text")
        self._outlines.replace(db, article_id, entries)
        return None

    def text_changed(self, db: sqlite3.Connection, article_id: int) -> None:
        """Another device's text was written for the article: its outline here was made
        for the text before (the document's outline is written next, if made for this)."""
        db.execute("DELETE FROM outlines WHERE article_id = ?", (article_id,))

    def delete(self, db: sqlite3.Connection, table: str, key: str) -> None:
        db.execute(
            f"DELETE FROM {_table(table)} "
            "WHERE article_id = (SELECT id FROM articles WHERE uid = ?)",
            (key,),
        )


def _table(name: str) -> str:
    if name not in ("outlines", "books"):
        raise KeyError(f"{name} is not a part of an article")
    return name


def _entries(data: str) -> list[OutlineEntry]:
    raw = json.loads(data)
    if not isinstance(raw, list):
        raise ValueError("an outline is not a list")
    out = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 5:
            raise ValueError(f"an outline entry is {item!r}")
        offset, label, kind, level, locator = item
        if not (isinstance(offset, int) and isinstance(level, int)) or offset < 0:
            raise ValueError(f"an outline entry's place is {offset!r}")
        if not all(isinstance(v, str) for v in (label, kind, locator)):
            raise ValueError(f"an outline entry is {item!r}")
        out.append(OutlineEntry(offset, label, kind, level, locator))
    return out


def part_triggers(
    table: str, columns: tuple[str, ...], trigger: Callable[[str, str, list[str]], str]
) -> list[str]:
    """The change triggers of an article's part. A row inserted notes ``*`` (a part made
    here: the same book imported on two devices keeps the outline of the device whose
    text stands, chosen as the text is); a row changed or deleted notes every column (a
    re-import replaces the outline: delete, then insert); its article's text changed
    notes the outline's text hash; its article deleted notes it gone."""

    def note(article: str, col: str) -> str:
        key = f"(SELECT uid FROM articles WHERE id = {article})"
        return (
            "INSERT OR IGNORE INTO sync_pending (tbl, key, col, old) "
            f"SELECT '{table}', {key}, '{col}', NULL WHERE {key} IS NOT NULL;"
        )

    changed = [note("{row}.article_id", c) for c in columns]
    out = [
        trigger(f"{table}_sync_insert", f"AFTER INSERT ON {table}", [note("new.article_id", "*")]),
        trigger(
            f"{table}_sync_update",
            f"AFTER UPDATE ON {table}",
            [c.format(row="new") for c in changed],
        ),
        trigger(
            f"{table}_sync_delete",
            f"AFTER DELETE ON {table}",
            [c.format(row="old") for c in changed],
        ),
        trigger(
            f"{table}_sync_article_gone",
            f"BEFORE DELETE ON articles WHEN EXISTS "
            f"(SELECT 1 FROM {table} WHERE article_id = old.id)",
            [note("old.id", columns[0])],
        ),
    ]
    if table == "outlines":
        out.append(
            trigger(
                "outlines_sync_text",
                "AFTER UPDATE OF content_hash ON articles WHEN "
                "old.content_hash IS NOT new.content_hash AND "
                "EXISTS (SELECT 1 FROM outlines WHERE article_id = new.id)",
                [note("new.id", "text_hash")],
            )
        )
    return out
