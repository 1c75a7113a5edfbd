"""What sync keeps on this device (``library.sync_state``): its settings (the folder, the
device id, the folder's keys), the engine's state as a list of updates, how far each
file of the folder was read, records waiting to be written to the folder, rows waiting
for what they need (an article's text, the article of a highlight), and files set aside.

All of it lives in the library file, so the library, the engine's state and what was
read of the folder change together in one transaction: a sync killed halfway leaves
them as they were, and reads the same records again next time. None of it syncs.
The methods that take ``db`` run inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reader.core.storage.connection import Connection


class SyncState:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # -- settings ----------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        rows = self._connection.rows("SELECT value FROM sync_config WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def set(self, key: str, value: Any, db: sqlite3.Connection | None = None) -> None:
        sql = (
            "INSERT INTO sync_config (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        )
        if db is not None:
            db.execute(sql, (key, json.dumps(value)))
            return
        with self._connection.write() as conn:
            conn.execute(sql, (key, json.dumps(value)))

    # -- the engine's state ------------------------------------------------------

    def updates(self) -> list[bytes]:
        with self._connection.lock:
            rows = self._connection.writer.execute(
                'SELECT "update" FROM sync_doc ORDER BY seq'
            ).fetchall()
        return [bytes(r[0]) for r in rows]

    def add_update(self, db: sqlite3.Connection, update: bytes) -> None:
        db.execute('INSERT INTO sync_doc ("update") VALUES (?)', (update,))

    def update_count(self, db: sqlite3.Connection) -> int:
        return db.execute("SELECT count(*) FROM sync_doc").fetchone()[0]

    def replace_updates(self, db: sqlite3.Connection, whole: bytes) -> None:
        """The engine's whole state as one update, in place of the list (compaction)."""
        db.execute("DELETE FROM sync_doc")
        db.execute('INSERT INTO sync_doc ("update") VALUES (?)', (whole,))

    # -- the folder's files ------------------------------------------------------

    def files(self) -> dict[str, tuple[str, int]]:
        """How far each file was read: name -> (its segment id, offset)."""
        rows = self._connection.rows('SELECT name, segment, "offset" FROM sync_files')
        return {r["name"]: (r["segment"], r["offset"]) for r in rows}

    def set_file(self, db: sqlite3.Connection, name: str, segment: str, offset: int) -> None:
        db.execute(
            'INSERT INTO sync_files (name, segment, "offset") VALUES (?, ?, ?) '
            "ON CONFLICT(name) DO UPDATE SET "
            'segment = excluded.segment, "offset" = excluded."offset"',
            (name, segment, offset),
        )

    def forget_files(self, db: sqlite3.Connection, names: list[str]) -> None:
        db.executemany("DELETE FROM sync_files WHERE name = ?", [(n,) for n in names])

    def set_aside(self, db: sqlite3.Connection, name: str, segment: str, reason: str) -> None:
        db.execute(
            "INSERT OR REPLACE INTO sync_set_aside (name, segment, reason) VALUES (?, ?, ?)",
            (name, segment, reason),
        )

    def set_aside_files(self) -> dict[str, tuple[str, str]]:
        rows = self._connection.rows("SELECT name, segment, reason FROM sync_set_aside")
        return {r["name"]: (r["segment"], r["reason"]) for r in rows}

    # -- records waiting to be written ------------------------------------------

    def add_outgoing(self, db: sqlite3.Connection, record: bytes) -> None:
        db.execute("INSERT INTO sync_outbox (record) VALUES (?)", (record,))

    def outgoing(self) -> list[tuple[int, bytes]]:
        with self._connection.lock:
            rows = self._connection.writer.execute(
                "SELECT seq, record FROM sync_outbox ORDER BY seq"
            ).fetchall()
        return [(r[0], bytes(r[1])) for r in rows]

    def sent(self, seqs: list[int]) -> None:
        with self._connection.write() as db:
            db.executemany("DELETE FROM sync_outbox WHERE seq = ?", [(s,) for s in seqs])

    # -- rows waiting for what they need -----------------------------------------

    def waiting(self) -> list[tuple[str, str]]:
        rows = self._connection.rows("SELECT tbl, key FROM sync_waiting ORDER BY tbl, key")
        return [(r["tbl"], r["key"]) for r in rows]

    def set_waiting(self, db: sqlite3.Connection, table: str, key: str, waiting: bool) -> None:
        if waiting:
            db.execute("INSERT OR IGNORE INTO sync_waiting VALUES (?, ?)", (table, key))
        else:
            db.execute("DELETE FROM sync_waiting WHERE tbl = ? AND key = ?", (table, key))

    # -- changes made here -------------------------------------------------------

    def has_pending(self) -> bool:
        return bool(self._connection.rows("SELECT 1 AS x FROM sync_pending LIMIT 1"))

    def take_pending(self, db: sqlite3.Connection) -> dict[tuple[str, str], dict[str, Any]]:
        """The changes noted by the triggers since the last call, by row: column -> the
        value before (``*`` for a new row, ``tag:NAME`` for a tag, 1 if it was there);
        they are cleared."""
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for tbl, key, col, old in db.execute("SELECT tbl, key, col, old FROM sync_pending"):
            out.setdefault((tbl, key), {})[col] = old
        db.execute("DELETE FROM sync_pending")
        return out

    def clear_pending(self, db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM sync_pending")
