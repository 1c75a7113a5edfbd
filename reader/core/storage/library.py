"""The Library: one SQLite file holding articles, highlights, notes, tags and settings.

Open one ``Library`` per process and hand it to whoever needs it. It hands out
its parts, each a class in its own module that owns its SQL:

    with Library("library.db") as library:
        result = library.articles.add(imported_article)
        library.highlights.add(result.article_id, 10, 42, colour="green")
        library.tags.set(result.article_id, ["essays"])
        for summary in library.articles.list(sort="title", limit=50):
            ...
        library.trash.delete(result.article_id)
        library.settings.set("font_size", 18)

Every method of every part is safe to call from any thread: the parts share one
``Connection``, whose lock guards the writer connection; ``search`` uses a read
connection per thread, so a slow search never waits for an import.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.models import SearchHit
from reader.core.storage import schema_version
from reader.core.storage.articles import AddResult, Articles
from reader.core.storage.books import Books
from reader.core.storage.connection import Connection
from reader.core.storage.errors import LibraryError, NotFound, explain
from reader.core.storage.feeds import Feeds
from reader.core.storage.highlight_trash import HighlightTrash
from reader.core.storage.highlights import Highlights
from reader.core.storage.outlines import Outlines
from reader.core.storage.pictures import Pictures
from reader.core.storage.related import Related
from reader.core.storage.review import Review
from reader.core.storage.settings import Settings
from reader.core.storage.sync_state import SyncState
from reader.core.storage.synced_pictures import SyncedPictures
from reader.core.storage.synced_rows import SyncedRows
from reader.core.storage.tags import Tags
from reader.core.storage.trash import Trash

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from sqlite_utils import Database

# Callers import these from here, the Library's module.
__all__ = ["AddResult", "Library", "LibraryError", "NotFound"]


class Library:
    """The library file and its parts: ``articles``, ``highlights``, ``highlight_trash``,
    ``pictures``, ``tags``, ``trash``, ``settings``, ``review``, ``feeds``, and for sync
    ``synced_rows`` and ``sync_state``; search and backups are the Library's own."""

    articles: Articles
    highlights: Highlights
    highlight_trash: HighlightTrash
    pictures: Pictures
    outlines: Outlines
    tags: Tags
    trash: Trash
    settings: Settings
    review: Review
    feeds: Feeds
    synced_rows: SyncedRows
    synced_pictures: SyncedPictures
    sync_state: SyncState

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        """Open (or make) the library; ``read_only`` opens it for reading, refusing writes."""
        self.path = Path(path)
        self.read_only = read_only
        self._db: Database | None = None
        self._helpers: ThreadPoolExecutor | None = None  # search threads, made on first use
        self._data_version: int | None = None  # for changed_elsewhere
        self.on_close: Callable[[], None] | None = None  # after the last connection closes
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = Connection(self.path, read_only=read_only)
        except (OSError, sqlite3.Error) as e:
            raise LibraryError(f"cannot open library {self.path}: {e}") from e
        self.conn = self.connection.writer  # for migrations, scripts and tests
        try:
            self._prepare()
        except sqlite3.DatabaseError as e:
            self.connection.close()
            raise LibraryError(explain(self.path, e)) from e
        except BaseException:
            self.connection.close()
            raise
        self.tags = Tags(self.connection)
        self.highlights = Highlights(self.connection, self.tags)
        self.pictures = Pictures(self.connection)
        self.outlines = Outlines(self.connection)
        self.articles = Articles(
            self.connection, self.tags, self.highlights, self.pictures, self.outlines
        )
        self.highlight_trash = HighlightTrash(self.connection, self.highlights)
        self.trash = Trash(self.connection)
        self.settings = Settings(self.connection)
        self.review = Review(self.connection, self.highlights, self.settings)
        self.feeds = Feeds(self.connection)
        self.synced_rows = SyncedRows(self.connection, self.tags, self.highlights)
        self.sync_state = SyncState(self.connection)
        self.books = Books(self.connection, self.articles)
        self.related = Related(self.connection, self.highlights)
        self.synced_pictures = SyncedPictures(self.connection, self.pictures)

    # -- opening -------------------------------------------------------------

    @property
    def db(self) -> Database:
        """The writer connection through sqlite-utils, made on first use.

        Importing sqlite-utils costs about 75 ms (it brings click, pluggy and
        dateutil; see ARCHITECTURE.md), so opening an up-to-date library goes
        without it and the window shows sooner; migrations and scripts use it.
        """
        if self._db is None:
            import sqlite_utils  # 75 ms: only migrations and scripts need it

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _prepare(self) -> None:
        """Refuse a library from a newer version; set WAL and FULL sync; migrate."""
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_log = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"
        ).fetchone()
        applied = set()
        if has_log:
            applied = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'article-reader'"
                )
            }
        known = schema_version.KNOWN
        if version > schema_version.SCHEMA_VERSION or applied - known:
            raise LibraryError(
                f"{self.path} was written by a newer version of Article Reader "
                f"(schema {max(version, len(applied))}, this version knows "
                f"{schema_version.SCHEMA_VERSION}); "
                "update Article Reader to open it"
            )
        if applied != known and self.read_only:
            raise LibraryError(
                f"{self.path} is read-only and needs an upgrade to schema "
                f"{schema_version.SCHEMA_VERSION} first; make it writable and open it once"
            )
        if self.read_only:
            return
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        # Every commit reaches the disk before it is reported (a highlight made is
        # kept through a power cut); imports of many files relax this, see sync_at_end().
        conn.execute("PRAGMA synchronous = FULL")
        if applied != known:
            # sqlite-utils (through the schema modules), 75 ms: only when a migration is due
            from reader.core.storage import schema_order

            if applied:  # an existing library: keep a copy before changing its shape
                self.backup(reason="before-migration")
            # Under the write lock, so that two processes opening a new library at
            # once do not both create it; each migration is a savepoint within.
            conn.execute("BEGIN IMMEDIATE")
            try:
                schema_order.all_migrations().apply(self.db)
                conn.execute(f"PRAGMA user_version = {schema_version.SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def changed_elsewhere(self) -> bool:
        """Whether another connection (the command line, say) wrote since the last call."""
        with self.connection.lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        changed = self._data_version is not None and self._data_version != version
        self._data_version = version
        return changed

    def close(self) -> None:
        if self._helpers is not None:
            self._helpers.shutdown(wait=True, cancel_futures=True)
        self.connection.close()
        if self.on_close is not None:
            self.on_close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- many writes ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Many writes as one transaction: all or nothing, one commit (an annotations
        file, a Kindle clippings file). Writes of the parts inside it join it."""
        with self.connection.write():
            yield

    @contextmanager
    def sync_at_end(self) -> Iterator[None]:
        """Many commits that reach the disk together at the end (imports of many files).

        Each write inside still commits on its own (a file that fails leaves the
        others in), but under WAL ``synchronous = NORMAL`` skips the sync at each
        commit: twice as fast an import. At the end one synced commit makes them all
        durable; until then a power cut (not a crash) can undo some.
        """
        if self.read_only:
            yield
            return
        with self.connection.lock:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            with self.connection.lock:
                self.conn.execute("PRAGMA synchronous = FULL")
            try:
                # a commit under FULL syncs the log, and so every commit before it
                with self.connection.write() as conn:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    conn.execute(f"PRAGMA user_version = {int(version)}")
            except LibraryError:
                if not failed:  # else the first error is the one to tell
                    raise

    # -- search --------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Ranked hits over articles, highlights and notes; see ``reader.core.search``."""
        from reader.core.search import run_search  # 12 ms: the window starts without it

        return run_search(self.connection.reader(), query, limit=limit, aside=self._aside)

    def _aside(self, search: Callable[[sqlite3.Connection], Any]) -> Future:
        """Run ``search(read connection)`` on one of the library's search threads."""
        with self.connection.lock:
            if self._helpers is None:
                # the thread pool (concurrent.futures): 10 ms of the window's start
                from concurrent.futures import ThreadPoolExecutor

                self._helpers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search")
            return self._helpers.submit(lambda: search(self.connection.reader()))

    def interrupt_searches(self) -> None:
        """Stop searches running on other threads (they raise ``sqlite3.OperationalError``)."""
        self.connection.interrupt_readers()

    # -- safety --------------------------------------------------------------

    def backup(self, *, reason: str = "backup", **rotation: int) -> Path:
        """A checked copy beside the library (see ``backups.py``), old ones rotated."""
        # backups: not needed to open a library, so the window starts without it
        from reader.core.storage import backups

        self.connection.refuse_if_read_only()
        return backups.backup(self.path, reason=reason, timeout=self.connection.timeout, **rotation)

    def backup_if_due(self, *, days: float = 1.0) -> Path | None:
        """Back up when the newest backup is older than ``days`` and the library changed."""
        from reader.core.storage import backups  # as in backup(): not needed to open

        if not backups.is_due(self.path, days=days):
            return None
        return self.backup(reason="periodic")
