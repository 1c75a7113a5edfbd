"""Subscriptions (``library.feeds``): web feeds and IMAP folders, how their last refresh
went, and the entries each has brought (so that none comes twice).

    feed = library.feeds.add("https://example.org/feed.xml", tags=["news"])
    library.feeds.list()            # every subscription, with its unread count
    library.feeds.remove(feed.id)   # its articles stay in the library

Refreshing is ``reader.core.feeds.refresh``'s; this part only stores what it learns.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from reader.core.models import Feed, now
from reader.core.storage.connection import Connection
from reader.core.storage.errors import LibraryError, NotFound

FULL_TEXT = ("auto", "on", "off")
_EDITABLE = frozenset({"title", "site_url", "tags", "full_text", "options"})
_JSON = frozenset({"tags", "options", "state"})


class AlreadySubscribed(LibraryError):
    """A subscription to that address exists: ``feed`` is it."""

    def __init__(self, feed: Feed) -> None:
        self.feed = feed
        super().__init__(f"already subscribed to {feed.url} (feed {feed.id}, {feed.name})")


@dataclass
class KnownEntry:
    """An entry seen before: in which feed, its article (None once deleted for good),
    whether that article is in the trash, and the entry's fingerprint then."""

    feed_id: int | None
    article_id: int | None
    trashed: bool
    fingerprint: str


class Feeds:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # -- subscriptions ---------------------------------------------------------

    def add(
        self,
        url: str,
        *,
        kind: str = "feed",
        title: str = "",
        site_url: str | None = None,
        tags: list[str] | tuple[str, ...] = (),
        full_text: str = "auto",
        options: dict | None = None,
    ) -> Feed:
        """Subscribe; ``AlreadySubscribed`` when that address is already one."""
        if full_text not in FULL_TEXT:
            raise ValueError(f"full text must be one of {', '.join(FULL_TEXT)}, not {full_text!r}")
        with self._connection.write() as db:
            existing = self._find(db, url)
            if existing is not None:
                raise AlreadySubscribed(existing)
            cursor = db.execute(
                "INSERT INTO feeds (kind, url, title, site_url, tags, full_text, options, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    url,
                    title,
                    site_url,
                    json.dumps(_clean_tags(tags)),
                    full_text,
                    json.dumps(options or {}),
                    now(),
                ),
            )
            feed_id = cursor.lastrowid
            assert feed_id is not None  # None only before any INSERT
        return self.get(feed_id)

    def get(self, feed_id: int) -> Feed:
        rows = self._connection.rows(f"{_SELECT} WHERE f.id = ?", (feed_id,))
        if not rows:
            raise NotFound(f"no feed with id {feed_id} (see `article-reader feeds list`)")
        return _feed(rows[0])

    def find(self, url: str) -> Feed | None:
        """The subscription to this address, if any."""
        rows = self._connection.rows(f"{_SELECT} WHERE f.url = ?", (url,))
        return _feed(rows[0]) if rows else None

    def _find(self, db: sqlite3.Connection, url: str) -> Feed | None:
        row = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        return self.get(row[0]) if row else None

    def list(self, *, kind: str | None = None) -> list[Feed]:
        """Every subscription (of one kind), by name, each with its unread count. Read on
        the thread's read connection: the window's counts never wait for a refresh."""
        where, params = ("WHERE f.kind = ?", (kind,)) if kind else ("", ())
        rows = self._connection.read(
            f"{_SELECT} {where} ORDER BY coalesce(nullif(f.title, ''), f.url) COLLATE NOCASE",
            params,
        )
        return [_feed(r) for r in rows]

    def exist(self) -> bool:
        """Whether there is any subscription (cheap: the window asks as it starts)."""
        return bool(self._connection.read("SELECT 1 AS x FROM feeds LIMIT 1"))

    def remove(self, feed_id: int) -> Feed:
        """Unsubscribe. Its articles stay; they no longer say which feed they came from."""
        feed = self.get(feed_id)
        with self._connection.write() as db:
            db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return feed

    def update(self, feed_id: int, **fields: Any) -> Feed:
        """Change what the user chose: ``title``, ``site_url``, ``tags``, ``full_text``,
        ``options``."""
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))} of a feed")
        if "full_text" in fields and fields["full_text"] not in FULL_TEXT:
            raise ValueError(f"full text must be one of {', '.join(FULL_TEXT)}")
        if "tags" in fields:
            fields["tags"] = _clean_tags(fields["tags"])
        self._set(feed_id, fields)
        return self.get(feed_id)

    # -- how refreshes went ------------------------------------------------------

    def record_success(
        self,
        feed_id: int,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
        site_url: str | None = None,
        state: dict | None = None,
    ) -> None:
        """A refresh that worked (or a 304): validators kept, failures forgotten. Inside
        the refresh's transaction, so the validators move only with the entries."""
        stamp = now()
        fields: dict[str, Any] = {
            "etag": etag,
            "last_modified": last_modified,
            "last_attempt_at": stamp,
            "last_success_at": stamp,
            "last_error": None,
            "failures": 0,
            "not_before": None,
        }
        if title:
            fields["title"] = title
        if site_url:
            fields["site_url"] = site_url
        if state is not None:
            fields["state"] = state
        self._set(feed_id, fields, keep_title=True)

    def record_failure(self, feed_id: int, error: str, *, not_before: str | None) -> int:
        """A refresh that failed: the error in plain words, one more failure in a row, and
        when to ask again. Returns the number of failures in a row."""
        with self._connection.write() as db:
            db.execute(
                "UPDATE feeds SET last_attempt_at = ?, last_error = ?, failures = failures + 1, "
                "not_before = ? WHERE id = ?",
                (now(), error, not_before, feed_id),
            )
            row = db.execute("SELECT failures FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return row[0] if row else 0

    def _set(self, feed_id: int, fields: dict[str, Any], *, keep_title: bool = False) -> None:
        if not fields:
            return
        values = {k: json.dumps(v) if k in _JSON else v for k, v in fields.items()}
        columns = ", ".join(
            # a title the user gave wins over the feed's own
            "title = CASE WHEN title = '' THEN :title ELSE title END"
            if k == "title" and keep_title
            else f"{k} = :{k}"
            for k in values
        )
        with self._connection.write() as db:
            cursor = db.execute(
                f"UPDATE feeds SET {columns} WHERE id = :id", {**values, "id": feed_id}
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no feed with id {feed_id}")

    # -- entries -------------------------------------------------------------------

    def entry(self, feed_id: int, key: str) -> KnownEntry | None:
        """What this feed brought under ``key`` before, if anything."""
        rows = self._connection.rows(
            "SELECT e.feed_id, e.article_id, e.fingerprint, a.deleted_at IS NOT NULL AS trashed "
            "FROM feed_entries e LEFT JOIN articles a ON a.id = e.article_id "
            "WHERE e.feed_id = ? AND e.entry_key = ?",
            (feed_id, key),
        )
        return _known(rows[0]) if rows else None

    def known(self, key: str, link: str | None) -> KnownEntry | None:
        """The same entry brought by another feed (same id/guid or link), or an article
        already in the library (or its trash) at that link."""
        rows = self._connection.rows(
            "SELECT e.feed_id, e.article_id, e.fingerprint, a.deleted_at IS NOT NULL AS trashed "
            "FROM feed_entries e LEFT JOIN articles a ON a.id = e.article_id "
            "WHERE e.entry_key = ? OR (? IS NOT NULL AND e.link = ?) "
            "ORDER BY e.article_id IS NULL, e.id LIMIT 1",
            (key, link, link),
        )
        if rows:
            return _known(rows[0])
        # a web address: the article at that link; a Message-ID: the mail imported from a file
        column, value = (
            ("url", link) if link else ("source", key if key.startswith("mid:") else None)
        )
        if value:
            rows = self._connection.rows(
                "SELECT NULL AS feed_id, id AS article_id, '' AS fingerprint, "
                f"deleted_at IS NOT NULL AS trashed FROM articles WHERE {column} = ? "
                "ORDER BY deleted_at IS NOT NULL, id LIMIT 1",
                (value,),
            )
            if rows:
                return _known(rows[0])
        return None

    def remember(
        self,
        feed_id: int,
        key: str,
        *,
        link: str | None,
        fingerprint: str,
        article_id: int | None,
    ) -> None:
        """Record an entry (or its new fingerprint); the article learns its first feed."""
        with self._connection.write() as db:
            db.execute(
                "INSERT INTO feed_entries (feed_id, entry_key, link, fingerprint, article_id, "
                "seen_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, entry_key) DO UPDATE "
                "SET link = excluded.link, fingerprint = excluded.fingerprint, "
                "article_id = coalesce(excluded.article_id, article_id)",
                (feed_id, key, link, fingerprint, article_id, now()),
            )
            if article_id is not None:
                db.execute(
                    "UPDATE articles SET feed_id = ? WHERE id = ? AND feed_id IS NULL",
                    (feed_id, article_id),
                )

    def entry_count(self, feed_id: int) -> int:
        rows = self._connection.rows(
            "SELECT count(*) AS n FROM feed_entries WHERE feed_id = ?", (feed_id,)
        )
        return rows[0]["n"]

    def unread_ids(self, feed_id: int | None = None) -> list[int]:
        """The unread articles of a feed (None: of every feed) in the library."""
        sql = (
            "SELECT a.id FROM articles a WHERE a.opened_at IS NULL AND a.deleted_at IS NULL "
            "AND a.archived = 0 AND "
        )
        if feed_id is None:
            rows = self._connection.rows(sql + "a.feed_id IS NOT NULL")
        else:
            rows = self._connection.rows(
                sql + "a.id IN (SELECT article_id FROM feed_entries WHERE feed_id = ?)",
                (feed_id,),
            )
        return [r["id"] for r in rows]


_SELECT = (
    "SELECT f.*, (SELECT count(DISTINCT a.id) FROM feed_entries e JOIN articles a "
    "ON a.id = e.article_id WHERE e.feed_id = f.id AND a.opened_at IS NULL "
    "AND a.deleted_at IS NULL AND a.archived = 0) AS unread FROM feeds f"
)


def _feed(row: dict) -> Feed:
    values = {k: json.loads(v) if k in _JSON else v for k, v in row.items()}
    return Feed(**values)


def _known(row: dict) -> KnownEntry:
    return KnownEntry(row["feed_id"], row["article_id"], bool(row["trashed"]), row["fingerprint"])


def _clean_tags(tags) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        tag = " ".join(str(tag).replace(",", " ").split()).lstrip("#")
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return list(seen.values())
