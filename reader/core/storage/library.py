"""The Library: one SQLite file holding articles, highlights, notes, tags and settings.

Open one ``Library`` per process and hand it to whoever needs it. Every public
method is safe to call from any thread (they take one lock around the writer
connection); ``search`` uses a separate read connection per thread, so a slow
search never waits for an import.

    with Library("library.db") as library:
        result = library.add(imported_article)
        library.add_highlight(result.article_id, 10, 42, colour="green")
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.document import blocks_from_json, blocks_to_json, word_count
from reader.core.models import (
    Article,
    ArticleSummary,
    ImportedArticle,
    SearchHit,
    now,
)
from reader.core.storage import schema_version
from reader.core.storage.errors import LibraryError, NotFound, explain
from reader.core.storage.highlights import HighlightStore
from reader.core.storage.tags import TagStore

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from sqlite_utils import Database

BUSY_TIMEOUT_S = 5.0


def content_hash(text: str) -> str:
    import hashlib  # on first use: the window starts without it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class AddResult:
    """What ``Library.add`` did: "added", "updated" or "unchanged"; orphans made by an update."""

    article_id: int
    status: str
    title: str
    orphaned: int = 0


class Library(HighlightStore, TagStore):
    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        """Open (or make) the library; ``read_only`` opens it for reading, refusing writes."""
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._db: sqlite3.Connection | None = None
        self._helpers: ThreadPoolExecutor | None = None  # search threads, made on first use
        self.on_close: Callable[[], None] | None = None  # after the last connection closes
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = self._connect()
        except (OSError, sqlite3.Error) as e:
            raise LibraryError(f"cannot open library {self.path}: {e}") from e
        try:
            self._prepare()
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise LibraryError(explain(self.path, e)) from e
        except BaseException:
            self.conn.close()
            raise

    # -- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # Autocommit at the driver level: _write() opens each transaction itself.
        target, uri = self.path, False
        if self.read_only:
            target, uri = self._read_uri(), True
        conn = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None, uri=uri
        )
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _read_uri(self) -> str:
        return read_uri(self.path)

    @property
    def db(self) -> Database:
        """The writer connection through sqlite-utils, made on first use.

        Importing sqlite-utils costs about 50 ms (it brings click, pluggy and
        dateutil), so opening an up-to-date library goes without it and the
        window shows sooner; migrations and scripts use it.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _prepare(self) -> None:
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
        # kept through a power cut); bulk imports relax this, see bulk().
        conn.execute("PRAGMA synchronous = FULL")
        if applied != known:
            from reader.core.storage import schema

            if applied:  # an existing library: keep a copy before changing its shape
                self.backup(reason="before-migration")
            # Under the write lock, so that two processes opening a new library at
            # once do not both create it; each migration is a savepoint within.
            conn.execute("BEGIN IMMEDIATE")
            try:
                schema.migrations.apply(self.db)
                conn.execute(f"PRAGMA user_version = {schema_version.SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def changed_elsewhere(self) -> bool:
        """Whether another connection (the command line, say) wrote since the last call."""
        with self._lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        changed = getattr(self, "_data_version", version) != version
        self._data_version = version
        return changed

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise LibraryError(
                f"library {self.path} is open read-only (the file or its folder cannot be "
                "written): nothing was changed; make it writable to make changes"
            )

    def close(self) -> None:
        if self._helpers is not None:
            self._helpers.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self.conn.close()
        if self.on_close is not None:
            self.on_close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction on the writer connection; errors become LibraryError.

        ``BEGIN IMMEDIATE`` takes the write lock at the start, so a busy library
        fails before any work is done rather than halfway through it.
        """
        self._refuse_if_read_only()
        with self._lock:
            conn = self.conn
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
            except sqlite3.OperationalError as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise LibraryError(explain(self.path, e)) from e

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many commits that reach the disk together at the end (imports of many files).

        Under WAL, ``synchronous = NORMAL`` keeps every transaction whole but skips the
        sync at each commit: twice as fast an import. At the end one synced commit
        makes them all durable; until then a power cut (not a crash) can undo some.
        """
        if self.read_only:
            yield
            return
        with self._lock:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            with self._lock:
                self.conn.execute("PRAGMA synchronous = FULL")
            try:
                with self._write() as conn:  # a commit under FULL syncs the log, all before it
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    conn.execute(f"PRAGMA user_version = {int(version)}")
            except LibraryError:
                if not failed:  # else the first error is the one to tell
                    raise

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes as one transaction (all or nothing, one commit): bulk imports."""
        with self._write():
            yield

    def _rows(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _reader(self) -> sqlite3.Connection:
        """This thread's read connection, for searches that must not wait on writes."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self._read_uri(),
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                check_same_thread=False,
            )
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return conn

    # -- articles ------------------------------------------------------------

    def add(self, imported: ImportedArticle) -> AddResult:
        """Add an imported article, or update the one with the same URL, source or content."""
        text = imported.text
        digest = content_hash(text)
        fields = {
            "url": imported.url,
            "source": _source_key(imported),
            "title": imported.title.strip() or "Untitled",
            "author": imported.author,
            "site": imported.site,
            "published": imported.published,
            "source_kind": imported.source_kind,
            "content_hash": digest,
            "blocks": blocks_to_json(imported.blocks),
            "text": text,
            "word_count": word_count(text),
        }
        with self._write() as db:
            existing = self._find_same(db, imported.url, fields["source"], digest)
            stamp = now()
            if existing is None:
                cursor = db.execute(
                    "INSERT INTO articles (url, source, title, author, site, published, "
                    "source_kind, content_hash, blocks, text, word_count, added_at, updated_at) "
                    "VALUES (:url, :source, :title, :author, :site, :published, :source_kind, "
                    ":content_hash, :blocks, :text, :word_count, :stamp, :stamp)",
                    {**fields, "stamp": stamp},
                )
                return AddResult(cursor.lastrowid, "added", fields["title"])
            article_id, old_hash, deleted = existing
            if old_hash == digest and not deleted:
                return AddResult(article_id, "unchanged", fields["title"])
            db.execute(
                "UPDATE articles SET url = coalesce(:url, url), "
                "source = coalesce(:source, source), "
                "title = :title, author = :author, site = :site, published = :published, "
                "source_kind = :source_kind, content_hash = :content_hash, blocks = :blocks, "
                "text = :text, word_count = :word_count, updated_at = :stamp, deleted_at = NULL "
                "WHERE id = :id",
                {**fields, "stamp": stamp, "id": article_id},
            )
            orphaned = 0
            if old_hash != digest:
                orphaned = self._reanchor(db, article_id, text, stamp)
                db.execute(
                    "UPDATE articles SET reading_position = min(reading_position, ?) WHERE id = ?",
                    (len(text), article_id),
                )
            return AddResult(article_id, "updated", fields["title"], orphaned)

    def _find_same(
        self, db: sqlite3.Connection, url: str | None, source: str | None, digest: str
    ) -> tuple[int, str, bool] | None:
        for column, value in (("url", url), ("source", source), ("content_hash", digest)):
            if value:
                row = db.execute(
                    f"SELECT id, content_hash, deleted_at IS NOT NULL FROM articles "
                    f"WHERE {column} = ? ORDER BY deleted_at IS NOT NULL, id LIMIT 1",
                    (value,),
                ).fetchone()
                if row:
                    return row[0], row[1], bool(row[2])
        return None

    def article(self, article_id: int) -> Article:
        rows = self._rows(
            "SELECT * FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
        )
        if not rows:
            raise NotFound(f"no article with id {article_id}")
        row = rows[0]
        return Article(
            id=row["id"],
            title=row["title"],
            blocks=blocks_from_json(row["blocks"]),
            text=row["text"],
            url=row["url"],
            author=row["author"],
            site=row["site"],
            published=row["published"],
            added_at=row["added_at"],
            updated_at=row["updated_at"],
            source_kind=row["source_kind"],
            content_hash=row["content_hash"],
            word_count=row["word_count"],
            reading_position=row["reading_position"],
            archived=bool(row["archived"]),
            favorite=bool(row["favorite"]),
            read=row["opened_at"] is not None,
            note=row["note"],
            tags=self.article_tags(article_id),
        )

    def find_by_url(self, url: str) -> int | None:
        """The id of the article (not in the trash) with this URL, if any."""
        rows = self._rows(
            "SELECT id FROM articles WHERE url = ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
            (url,),
        )
        return rows[0]["id"] if rows else None

    def articles(
        self,
        *,
        sort: str = "added",
        tag: str | None = None,
        favorite: bool | None = None,
        archived: bool | None = False,
        trashed: bool = False,
        limit: int | None = None,
        offset: int = 0,
        article_id: int | None = None,
        after: ArticleSummary | None = None,
    ) -> list[ArticleSummary]:
        """Article rows without content. ``archived=None`` lists archived ones too;
        ``trashed=True`` lists the trash instead of the library; ``article_id`` only
        that article's row, if it passes the other filters; ``after`` the rows that
        follow that one in this order (the next page, found through the index where
        ``offset`` would count its way there)."""
        where, params = _filters(tag, favorite, archived, trashed)
        if article_id is not None:
            where += " AND a.id = ?"
            params.append(article_id)
        if after is not None:
            clause, values = _after(sort, trashed, after)
            where += f" AND {clause}"
            params += values
        order = {
            # newest first: in the trash, the most recently deleted
            "added": "a.deleted_at DESC, a.id DESC" if trashed else "a.added_at DESC, a.id DESC",
            "title": "a.title COLLATE NOCASE, a.id",
            "oldest": "a.added_at, a.id",
        }.get(sort)
        if order is None:
            raise ValueError(f"unknown sort {sort!r} (use added, oldest or title)")
        rows = self._rows(
            "SELECT a.id, a.title, a.url, a.author, a.site, a.published, a.added_at, "
            "a.updated_at, a.word_count, a.archived, a.favorite, a.opened_at, "
            "a.reading_position, a.deleted_at, "
            "(SELECT count(*) FROM highlights h WHERE h.article_id = a.id) AS highlights, "
            "(SELECT group_concat(t.name, char(31)) FROM article_tags x "
            " JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id) AS tags "
            f"FROM articles a WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
        return [
            ArticleSummary(
                id=r["id"],
                title=r["title"],
                url=r["url"],
                author=r["author"],
                site=r["site"],
                published=r["published"],
                added_at=r["added_at"],
                updated_at=r["updated_at"],
                word_count=r["word_count"],
                highlights=r["highlights"],
                archived=bool(r["archived"]),
                favorite=bool(r["favorite"]),
                read=r["opened_at"] is not None,
                reading_position=r["reading_position"],
                deleted_at=r["deleted_at"],
                tags=sorted(r["tags"].split("\x1f"), key=str.lower) if r["tags"] else [],
            )
            for r in rows
        ]

    def count_articles(
        self,
        *,
        tag: str | None = None,
        favorite: bool | None = None,
        archived: bool | None = False,
        trashed: bool = False,
    ) -> int:
        where, params = _filters(tag, favorite, archived, trashed)
        return self._rows(f"SELECT count(*) AS n FROM articles a WHERE {where}", params)[0]["n"]

    def _set_article(self, article_id: int, column: str, value: Any) -> None:
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE articles SET {column} = ? WHERE id = ? AND deleted_at IS NULL",
                (value, article_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no article with id {article_id}")

    def note(self, article_id: int) -> str:
        """An article's note, without reading (and parsing) its content."""
        rows = self._rows(
            "SELECT note FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
        )
        if not rows:
            raise NotFound(f"no article with id {article_id}")
        return rows[0]["note"]

    def set_note(self, article_id: int, note: str) -> None:
        self._set_article(article_id, "note", note)

    def set_favorite(self, article_id: int, favorite: bool = True) -> None:
        self._set_article(article_id, "favorite", int(favorite))

    def set_archived(self, article_id: int, archived: bool = True) -> None:
        self._set_article(article_id, "archived", int(archived))

    def set_reading_position(self, article_id: int, position: int) -> None:
        self._set_article(article_id, "reading_position", max(0, int(position)))

    def mark_read(self, article_id: int, read: bool = True) -> None:
        self._set_article(article_id, "opened_at", now() if read else None)

    def delete_article(self, article_id: int) -> None:
        """Move an article to the trash; ``restore_article`` brings it back with everything."""
        self._set_article(article_id, "deleted_at", now())

    def restore_article(self, article_id: int) -> None:
        with self._write() as db:
            db.execute("UPDATE articles SET deleted_at = NULL WHERE id = ?", (article_id,))

    def delete_for_good(self, article_id: int) -> None:
        """Delete an article that is in the trash, with its highlights; no way back."""
        with self._write() as db:
            cursor = db.execute(
                "DELETE FROM articles WHERE id = ? AND deleted_at IS NOT NULL", (article_id,)
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no article with id {article_id} in the trash")

    def purge_deleted(self, older_than_days: float = 30) -> int:
        """Delete for good what has been in the trash longer than the given days."""
        cutoff = datetime.fromtimestamp(
            datetime.now(UTC).timestamp() - older_than_days * 86400, UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._write() as db:
            cursor = db.execute(
                "DELETE FROM articles WHERE deleted_at IS NOT NULL AND deleted_at <= ?", (cutoff,)
            )
            db.execute(
                "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags "
                "UNION SELECT tag_id FROM highlight_tags)"
            )
            return cursor.rowcount

    def _require_article(self, db: sqlite3.Connection, article_id: int) -> None:
        row = db.execute(
            "SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")

    # -- search --------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Ranked hits over articles, highlights and notes; see ``reader.core.search``."""
        from reader.core.search import run_search

        return run_search(self._reader(), query, limit=limit, aside=self._aside)

    def _aside(self, search: Callable[[sqlite3.Connection], Any]) -> Future:
        """Run ``search(read connection)`` on one of the library's search threads."""
        with self._lock:
            if self._helpers is None:
                from concurrent.futures import ThreadPoolExecutor

                self._helpers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search")
            return self._helpers.submit(lambda: search(self._reader()))

    def interrupt_searches(self) -> None:
        """Stop searches running on other threads (they raise ``sqlite3.OperationalError``)."""
        with self._lock:
            for conn in self._readers:
                conn.interrupt()

    # -- settings ------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # -- safety --------------------------------------------------------------

    def backup(self, *, reason: str = "backup", **rotation: int) -> Path:
        """A checked copy beside the library (see ``backups.py``), old ones rotated."""
        from reader.core.storage import (
            backups,  # not needed to open a library: the window starts faster
        )

        self._refuse_if_read_only()
        return backups.backup(self.path, reason=reason, timeout=BUSY_TIMEOUT_S, **rotation)

    def backup_if_due(self, *, days: float = 1.0) -> Path | None:
        """Back up when the newest backup is older than ``days`` and the library changed."""
        from reader.core.storage import backups

        if not backups.is_due(self.path, days=days):
            return None
        return self.backup(reason="periodic")


def read_uri(path: Path) -> str:
    """The URI of a read-only connection to ``path``. In a folder SQLite cannot write, a
    library closed cleanly (no log beside it) opens as immutable: SQLite could not make its
    index of the log there, and no one can change the file meanwhile."""
    uri = path.resolve().as_uri() + "?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if path.parent.exists() and not os.access(path.parent, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return uri


def _filters(
    tag: str | None, favorite: bool | None, archived: bool | None, trashed: bool = False
) -> tuple[str, list]:
    where, params = ["a.deleted_at IS NOT NULL" if trashed else "a.deleted_at IS NULL"], []
    if archived is not None:
        where.append("a.archived = ?")
        params.append(int(archived))
    if favorite is not None:
        where.append("a.favorite = ?")
        params.append(int(favorite))
    if tag:
        where.append(
            "a.id IN (SELECT x.article_id FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE t.name = ? UNION SELECT h.article_id FROM highlights h "
            "JOIN highlight_tags y ON y.highlight_id = h.id JOIN tags t ON t.id = y.tag_id "
            "WHERE t.name = ?)"
        )
        params += [tag, tag]
    return " AND ".join(where), params


def _after(sort: str, trashed: bool, row: ArticleSummary) -> tuple[str, list]:
    """The condition for the rows after ``row`` in a sort order (the ORDER BY's columns)."""
    if sort == "added":
        if trashed:
            return "(a.deleted_at, a.id) < (?, ?)", [row.deleted_at, row.id]
        return "(a.added_at, a.id) < (?, ?)", [row.added_at, row.id]
    if sort == "oldest":
        return "(a.added_at, a.id) > (?, ?)", [row.added_at, row.id]
    if sort == "title":
        return "(a.title COLLATE NOCASE, a.id) > (?, ?)", [row.title, row.id]
    raise ValueError(f"unknown sort {sort!r} (use added, oldest or title)")


def _source_key(imported: ImportedArticle) -> str | None:
    """Files are recognised again by their absolute path; URLs by the url column."""
    if imported.source and imported.source_kind != "url" and "://" not in imported.source:
        return str(Path(imported.source).resolve())
    return None
