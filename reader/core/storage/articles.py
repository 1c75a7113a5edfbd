"""Articles (``library.articles``): adding and updating, reading, listing, and what the
reader sets on an article (note, favourite, archived, reading position, read).

Given the library's ``Connection``, its ``Tags`` (an article's tags come with it),
its ``Highlights`` (placed again when an article's text changes) and its ``Pictures``
(an imported article's pictures are stored in the same transaction as its blocks).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.document import blocks_from_json, blocks_to_json, word_count
from reader.core.models import Article, ArticleSummary, ImportedArticle, now
from reader.core.storage.connection import Connection
from reader.core.storage.errors import NotFound
from reader.core.storage.highlights import Highlights
from reader.core.storage.outlines import Outlines
from reader.core.storage.pictures import Pictures
from reader.core.storage.synced import article_uid
from reader.core.storage.tags import Tags


def content_hash(text: str) -> str:
    import hashlib  # OpenSSL, 5 ms: on first use, so the window starts without it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class AddResult:
    """What ``articles.add`` did: "added", "updated" or "unchanged"; orphans made by an update."""

    article_id: int
    status: str
    title: str
    orphaned: int = 0


# The orders the article list can be in: newest added first, oldest added first, newest
# published first (undated last), by title, most read first.
SORTS = ("added", "oldest", "published", "title", "progress")


class Articles:
    def __init__(
        self,
        connection: Connection,
        tags: Tags,
        highlights: Highlights,
        pictures: Pictures,
        outlines: Outlines,
    ) -> None:
        self._connection = connection
        self._tags = tags
        self._highlights = highlights
        self._pictures = pictures
        self._outlines = outlines

    def add(
        self, imported: ImportedArticle, *, into: int | None = None, same_content: bool = True
    ) -> AddResult:
        """Add an imported article, or update the one with the same URL, source or content
        (``into``: update that article, as when a feed entry it came from changed;
        ``same_content=False``: two entries of a feed with the same words stay two).

        Its pictures (``imported.pictures``) are stored with it. The same text with other
        pictures (a picture that failed last time came this time) is an update that
        leaves the highlights where they are.
        """
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
        with self._connection.write() as db:
            blocks = self._pictures.usable(db, imported.blocks, imported.pictures)
            fields["blocks"] = blocks_to_json(blocks)
            existing = (
                _find_same(db, imported.url, fields["source"], digest if same_content else "")
                if into is None
                else _find_id(db, into)
            )
            stamp = now()
            if existing is None:
                cursor = db.execute(
                    "INSERT INTO articles (uid, url, source, title, author, site, published, "
                    "source_kind, content_hash, blocks, text, word_count, added_at, updated_at) "
                    "VALUES (:uid, :url, :source, :title, :author, :site, :published, "
                    ":source_kind, :content_hash, :blocks, :text, :word_count, :stamp, :stamp)",
                    {**fields, "stamp": stamp, "uid": _new_uid(db, imported.url, digest)},
                )
                assert cursor.lastrowid is not None  # None only before any INSERT
                article_id = cursor.lastrowid
                self._pictures.attach(db, article_id, blocks, imported.pictures)
                self._outlines.replace(db, article_id, imported.outline)
                return AddResult(article_id, "added", fields["title"])
            article_id, old_hash, deleted = existing
            self._outlines.replace(db, article_id, imported.outline)
            if old_hash == digest and not deleted:
                if not self._pictures.attach(db, article_id, blocks, imported.pictures):
                    return AddResult(article_id, "unchanged", fields["title"])
                db.execute(
                    "UPDATE articles SET blocks = ?, updated_at = ? WHERE id = ?",
                    (fields["blocks"], stamp, article_id),
                )
                return AddResult(article_id, "updated", fields["title"])
            db.execute(
                "UPDATE articles SET url = coalesce(:url, url), "
                "source = coalesce(:source, source), "
                "title = :title, author = :author, site = :site, published = :published, "
                "source_kind = :source_kind, content_hash = :content_hash, blocks = :blocks, "
                "text = :text, word_count = :word_count, updated_at = :stamp, deleted_at = NULL "
                "WHERE id = :id",
                {**fields, "stamp": stamp, "id": article_id},
            )
            self._pictures.attach(db, article_id, blocks, imported.pictures)
            orphaned = 0
            if old_hash != digest:
                orphaned = self._highlights.reanchor(db, article_id, text, stamp)
                # deleted ones too, each alone as sync places them: restored, they fit
                self._highlights.reanchor(db, article_id, text, None, table="highlight_trash")
                db.execute(
                    "UPDATE articles SET reading_position = min(reading_position, ?) WHERE id = ?",
                    (len(text), article_id),
                )
            return AddResult(article_id, "updated", fields["title"], orphaned)

    def get(self, article_id: int) -> Article:
        """An article with its content and tags; NotFound if it is missing or in the trash."""
        rows = self._connection.rows(
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
            progress=row["progress"],
            archived=bool(row["archived"]),
            favorite=bool(row["favorite"]),
            read=row["opened_at"] is not None,
            note=row["note"],
            tags=self._tags.of(article_id),
            outline=self._outlines.of(article_id),
        )

    def find_by_url(self, url: str) -> int | None:
        """The id of the article (not in the trash) with this URL, if any."""
        rows = self._connection.rows(
            "SELECT id FROM articles WHERE url = ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
            (url,),
        )
        return rows[0]["id"] if rows else None

    def list(
        self,
        *,
        sort: str = "added",
        tag: str | None = None,
        favorite: bool | None = None,
        archived: bool | None = False,
        trashed: bool = False,
        feed: int | None = None,
        new: bool = False,
        read: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
        article_id: int | None = None,
        after: ArticleSummary | None = None,
    ) -> list[ArticleSummary]:
        """Article rows without content. ``archived=None`` lists archived ones too;
        ``trashed=True`` lists the trash instead of the library; ``read=False`` only
        articles never opened (True: only opened ones); ``article_id`` only
        that article's row, if it passes the other filters; ``after`` the rows that
        follow that one in this order (the next page, found through the index where
        ``offset`` would count its way there); ``feed`` the articles a feed brought;
        ``new`` the unread ones that feeds and mailboxes brought. ``sort`` is one of
        ``SORTS``."""
        where, params = _filters(tag, favorite, archived, trashed, feed, new, read)
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
            "oldest": "a.added_at, a.id",
            # SQLite puts NULL below every value: descending, articles without a date go last
            "published": "a.published DESC, a.id DESC",
            "title": "a.title COLLATE NOCASE, a.id",
            "progress": "a.progress DESC, a.id DESC",
        }.get(sort)
        if order is None:
            raise ValueError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        rows = self._connection.rows(
            "SELECT a.id, a.title, a.url, a.author, a.site, a.published, a.added_at, "
            "a.updated_at, a.word_count, a.archived, a.favorite, a.opened_at, "
            "a.reading_position, a.progress, a.deleted_at, "
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
                progress=r["progress"],
                deleted_at=r["deleted_at"],
                tags=sorted(r["tags"].split("\x1f"), key=str.lower) if r["tags"] else [],
            )
            for r in rows
        ]

    def count(
        self,
        *,
        tag: str | None = None,
        favorite: bool | None = None,
        archived: bool | None = False,
        trashed: bool = False,
        feed: int | None = None,
        new: bool = False,
        read: bool | None = None,
    ) -> int:
        """How many rows ``list`` would give with these filters."""
        where, params = _filters(tag, favorite, archived, trashed, feed, new, read)
        rows = self._connection.rows(f"SELECT count(*) AS n FROM articles a WHERE {where}", params)
        return rows[0]["n"]

    def note(self, article_id: int) -> str:
        """An article's note, without reading (and parsing) its content."""
        rows = self._connection.rows(
            "SELECT note FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
        )
        if not rows:
            raise NotFound(f"no article with id {article_id}")
        return rows[0]["note"]

    def set_note(self, article_id: int, note: str) -> None:
        self._set(article_id, "note", note)

    def set_favorite(self, article_id: int, favorite: bool = True) -> None:
        self._set(article_id, "favorite", int(favorite))

    def set_archived(self, article_id: int, archived: bool = True) -> None:
        self._set(article_id, "archived", int(archived))

    def set_reading_position(
        self, article_id: int, position: int, progress: float | None = None
    ) -> None:
        """Where the reader is: ``position`` the code point at the top of the view,
        ``progress`` how much has been read (0 to 1, at the bottom of the view; when not
        given, the share of the text above ``position``)."""
        position = max(0, int(position))
        if progress is None:
            share = "progress = min(1.0, ? * 1.0 / max(1, length(text)))"
            self._update(article_id, f"reading_position = ?, {share}", position, position)
        else:
            progress = max(0.0, min(1.0, float(progress)))
            self._update(article_id, "reading_position = ?, progress = ?", position, progress)

    def mark_read(self, article_id: int, read: bool = True) -> None:
        """Mark an article read (as opening it does) or unread (listed as new again;
        its reading position is kept)."""
        self._set(article_id, "opened_at", now() if read else None)

    def mark_many_read(self, article_ids: list[int], read: bool = True) -> int:
        """Mark these articles read (or unread) in one transaction; how many changed."""
        stamp = now() if read else None
        with self._connection.write() as db:
            changed = 0
            for article_id in article_ids:
                changed += db.execute(
                    "UPDATE articles SET opened_at = ? WHERE id = ? AND deleted_at IS NULL "
                    "AND (opened_at IS NULL) = ?",
                    (stamp, article_id, int(read)),
                ).rowcount
            return changed

    def _set(self, article_id: int, column: str, value: Any) -> None:
        self._update(article_id, f"{column} = ?", value)

    def _update(self, article_id: int, assignments: str, *values: Any) -> None:
        with self._connection.write() as db:
            cursor = db.execute(
                f"UPDATE articles SET {assignments} WHERE id = ? AND deleted_at IS NULL",
                (*values, article_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no article with id {article_id}")


def _find_id(db: sqlite3.Connection, article_id: int) -> tuple[int, str, bool]:
    row = db.execute(
        "SELECT id, content_hash, deleted_at IS NOT NULL FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return row[0], row[1], bool(row[2])


def _new_uid(db: sqlite3.Connection, url: str | None, digest: str) -> str:
    """The new article's key on every device (see ``synced.article_uid``); random when
    that key is taken (an article deleted and imported again keeps them apart)."""
    uid = article_uid(url, digest)
    if db.execute("SELECT 1 FROM articles WHERE uid = ?", (uid,)).fetchone():
        uid = article_uid(None, None)
    return uid


def _find_same(
    db: sqlite3.Connection, url: str | None, source: str | None, digest: str
) -> tuple[int, str, bool] | None:
    """The article an import updates: same URL, else same file, else same content."""
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


def _filters(
    tag: str | None,
    favorite: bool | None,
    archived: bool | None,
    trashed: bool = False,
    feed: int | None = None,
    new: bool = False,
    read: bool | None = None,
) -> tuple[str, list]:
    where, params = ["a.deleted_at IS NOT NULL" if trashed else "a.deleted_at IS NULL"], []
    if new:  # arrived by itself (from a feed or a mailbox) and not read yet
        where.append("a.feed_id IS NOT NULL AND a.opened_at IS NULL")
    if feed is not None:
        where.append("a.id IN (SELECT e.article_id FROM feed_entries e WHERE e.feed_id = ?)")
        params.append(feed)
    if read is not None:
        where.append("a.opened_at IS NOT NULL" if read else "a.opened_at IS NULL")
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
    if sort == "published":  # NULLs last: a row value with a NULL compares to nothing
        if row.published is None:
            return "(a.published IS NULL AND a.id < ?)", [row.id]
        return "((a.published, a.id) < (?, ?) OR a.published IS NULL)", [row.published, row.id]
    if sort == "progress":
        return "(a.progress, a.id) < (?, ?)", [row.progress, row.id]
    raise ValueError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")


def _source_key(imported: ImportedArticle) -> str | None:
    """Files are recognised again by their absolute path; URLs by the url column; mail by
    its Message-ID (``mid:`` as RFC 2392 writes it)."""
    if imported.source_kind == "email":
        return imported.source
    if imported.source_kind == "feed":
        return None  # an entry is found again by its link, or by the feed's record of it
    if imported.source and imported.source_kind != "url" and "://" not in imported.source:
        return str(Path(imported.source).resolve())
    return None
