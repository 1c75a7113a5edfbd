"""The connections to one library file, shared by every part of the ``Library``.

One writer connection behind one lock (every write is a ``BEGIN IMMEDIATE``
transaction through ``write``), and a read connection per thread for searches,
so that a slow search never waits for an import. Each part (articles,
highlights, tags, trash, settings) is given the same ``Connection``.

    connection = Connection(Path("library.db"), read_only=False)
    with connection.write() as db:
        db.execute("UPDATE settings SET value = ? WHERE key = ?", ("1", "x"))
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.core.storage.errors import LibraryError, explain

BUSY_TIMEOUT_S = 5.0


def read_uri(path: Path) -> str:
    """The URI of a read-only connection to ``path``. In a folder SQLite cannot write, a
    library closed cleanly (no log beside it) opens as immutable: SQLite could not make its
    index of the log there, and no one can change the file meanwhile."""
    uri = path.resolve().as_uri() + "?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if path.parent.exists() and not os.access(path.parent, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return uri


class Connection:
    """The writer connection (``writer``) with its ``lock``, and per-thread readers."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """Connect to ``path``; raises ``sqlite3.Error`` or ``OSError`` as SQLite does."""
        self.path = path
        self.read_only = read_only
        self.timeout = BUSY_TIMEOUT_S  # how long a write waits for another process's
        self.lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self.commits = 0  # this process's write transactions: its own changes, not news
        # Autocommit at the driver level: write() opens each transaction itself.
        target, uri = (read_uri(path), True) if read_only else (path, False)
        self.writer = sqlite3.connect(
            target, timeout=self.timeout, check_same_thread=False, isolation_level=None, uri=uri
        )
        self.writer.execute("PRAGMA foreign_keys = ON")

    def refuse_if_read_only(self) -> None:
        if self.read_only:
            raise LibraryError(
                f"library {self.path} is open read-only (the file or its folder cannot be "
                "written): nothing was changed; make it writable to make changes"
            )

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction on the writer connection; errors become LibraryError.

        ``BEGIN IMMEDIATE`` takes the write lock at the start, so a busy library
        fails before any work is done rather than halfway through it.
        """
        self.refuse_if_read_only()
        with self.lock:
            conn = self.writer
            if conn.in_transaction:  # nested: part of the outer transaction
                yield conn
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                self.commits += 1
            except sqlite3.OperationalError as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise LibraryError(explain(self.path, e)) from e

    def rows(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        """The rows of a query on the writer connection, as dicts by column name."""
        with self.lock:
            cursor = self.writer.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def read(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        """The rows of a query on this thread's read connection: for the window, which
        must not wait while a worker's transaction holds the writer."""
        cursor = self.reader().execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def reader(self) -> sqlite3.Connection:
        """This thread's read connection, for searches that must not wait on writes."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                read_uri(self.path),
                uri=True,
                timeout=self.timeout,
                check_same_thread=False,
            )
            self._local.conn = conn
            with self.lock:
                self._readers.append(conn)
        return conn

    def interrupt_readers(self) -> None:
        """Stop queries running on the read connections (they raise ``OperationalError``)."""
        with self.lock:
            for conn in self._readers:
                conn.interrupt()

    def close(self) -> None:
        with self.lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self.writer.close()
