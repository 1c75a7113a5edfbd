"""Highlights (``library.highlights``): adding, editing, deleting and placing them again.

Given the library's ``Connection`` and its ``Tags`` (a highlight's tags are
kept through them). ``reanchor`` runs inside the articles' transaction when an
article's text changes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.core.models import ANCHORED, COLOURS, ORPHANED, STYLES, Highlight, HighlightRow, now
from reader.core.storage.connection import Connection
from reader.core.storage.errors import NotFound
from reader.core.storage.tags import Tags


@dataclass(frozen=True)
class HighlightQuery:
    """Which highlights ``across`` lists: every filter given must hold.

    ``since`` is an ISO 8601 time as stored (UTC); ``text`` is searched in the passages
    and notes as the library's search does (words, "phrases", the last word a prefix).
    """

    tag: str | None = None
    colour: str | None = None
    article_id: int | None = None
    since: str | None = None
    text: str | None = None


class Highlights:
    def __init__(self, connection: Connection, tags: Tags) -> None:
        self._connection = connection
        self._tags = tags

    def add(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        colour: str = "yellow",
        style: str = "highlight",
        note: str = "",
        tags: Iterable[str] = (),
        highlight_id: str | None = None,
    ) -> Highlight:
        """Highlight ``text[start:end]`` (code points) of an article."""
        _check_look(colour, style)
        with self._connection.write() as db:
            text = _article_text(db, article_id)
            if not 0 <= start < end <= len(text):
                raise ValueError(
                    f"highlight {start}:{end} is outside the article's text (0:{len(text)})"
                )
            from reader.core import anchoring  # imported when needed: the window starts without it

            sel = anchoring.describe(text, start, end)
            stamp = now()
            hid = highlight_id or _new_id()
            db.execute(
                'INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, '
                "text_hash, colour, style, note, created_at, updated_at, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    hid,
                    article_id,
                    sel.start,
                    sel.end,
                    sel.exact,
                    sel.prefix,
                    sel.suffix,
                    sel.text_hash,
                    colour,
                    style,
                    note,
                    stamp,
                    stamp,
                    ANCHORED,
                ),
            )
            self._set_tags(db, hid, tags)
        return self.get(hid)

    def _set_tags(self, db: sqlite3.Connection, highlight_id: str, tags: Iterable[str]) -> None:
        db.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,))
        for tag_id in self._tags.ids(db, tags):
            db.execute("INSERT INTO highlight_tags VALUES (?, ?)", (highlight_id, tag_id))

    def get(self, highlight_id: str) -> Highlight:
        """One highlight by its id; NotFound if there is none."""
        found = self._select("h.id = ?", (highlight_id,))
        if not found:
            raise NotFound(f"no highlight with id {highlight_id}")
        return found[0]

    def of(self, article_id: int) -> list[Highlight]:
        """An article's highlights: anchored ones in reading order, then the orphans.

        Read each time: the window's highlights model asks once per article shown and
        keeps its rows up to date from then on, so no cache is needed here.
        """
        return self._select("h.article_id = ?", (article_id,))

    def many(self, highlight_ids: Sequence[str]) -> list[Highlight]:
        """The highlights with these ids, in the order given (missing ones left out)."""
        found: dict[str, Highlight] = {}
        for i in range(0, len(highlight_ids), 500):  # SQLite's bound on parameters
            chunk = highlight_ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            found.update((h.id, h) for h in self._select(f"h.id IN ({marks})", chunk))
        return [found[i] for i in highlight_ids if i in found]

    def across(
        self,
        query: HighlightQuery = HighlightQuery(),
        *,
        limit: int | None = None,
        after: Highlight | None = None,
    ) -> list[HighlightRow]:
        """Highlights across the library (not in the trash), newest first, with their
        articles' titles; ``after`` the ones that follow that one (the next page)."""
        where, params = _across_filters(query)
        if after is not None:
            where += " AND (h.created_at, h.id) < (?, ?)"
            params += [after.created_at, after.id]
        # Newest first down the index, unless one article's or a word's few come first:
        # left to itself, SQLite sorted all 100,000 highlights for a page of 50.
        join = "JOIN" if query.article_id is not None or query.text else "CROSS JOIN"
        with self._connection.lock:
            rows = self._connection.writer.execute(
                f"SELECT h.id, a.title FROM highlights h {join} articles a ON a.id = h.article_id "
                f"WHERE {where} ORDER BY h.created_at DESC, h.id DESC LIMIT ?",
                [*params, -1 if limit is None else limit],
            ).fetchall()
        found = {h.id: h for h in self.many([r[0] for r in rows])}
        return [HighlightRow(found[i], title) for i, title in rows if i in found]

    def count_across(self, query: HighlightQuery = HighlightQuery()) -> int:
        """How many highlights ``across`` lists with this query."""
        where, params = _across_filters(query)
        with self._connection.lock:
            return self._connection.writer.execute(
                "SELECT count(*) FROM highlights h JOIN articles a ON a.id = h.article_id "
                f"WHERE {where}",
                params,
            ).fetchone()[0]

    def articles_with_highlights(self) -> list[tuple[int, str, int]]:
        """(id, title, how many highlights) of each article with highlights, by title."""
        with self._connection.lock:
            return self._connection.writer.execute(
                "SELECT a.id, a.title, count(*) FROM highlights h JOIN articles a "
                "ON a.id = h.article_id WHERE a.deleted_at IS NULL GROUP BY a.id "
                "ORDER BY a.title COLLATE NOCASE, a.id"
            ).fetchall()

    def _select(self, where: str, params: Sequence) -> list[Highlight]:
        # Columns in Highlight's field order, built positionally: opening an article
        # with 1,000 highlights through dicts and keywords took twice as long.
        with self._connection.lock:
            rows = self._connection.writer.execute(
                'SELECT h.id, h.article_id, h.start, h."end", h.exact, h.prefix, h.suffix, '
                "h.text_hash, h.colour, h.style, h.note, "
                "(SELECT group_concat(t.name, char(31)) FROM highlight_tags y "
                " JOIN tags t ON t.id = y.tag_id WHERE y.highlight_id = h.id), "
                "h.created_at, h.updated_at, h.state "
                f"FROM highlights h WHERE {where} "
                "ORDER BY h.state = 'orphaned', h.start, h.\"end\", h.created_at",
                params,
            ).fetchall()
        return [
            Highlight(*row[:11], _tag_list(row[11]), *row[12:])  # type: ignore[arg-type]
            for row in rows
        ]

    def update(
        self,
        highlight_id: str,
        *,
        colour: str | None = None,
        style: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Highlight:
        """Change what is given; leave the rest."""
        current = self.get(highlight_id)
        _check_look(colour or current.colour, style or current.style)
        with self._connection.write() as db:
            db.execute(
                "UPDATE highlights SET colour = ?, style = ?, note = ?, updated_at = ? "
                "WHERE id = ?",
                (
                    colour or current.colour,
                    style or current.style,
                    current.note if note is None else note,
                    now(),
                    highlight_id,
                ),
            )
            if tags is not None:
                self._set_tags(db, highlight_id, tags)
        return self.get(highlight_id)

    def delete(self, highlight_id: str) -> Highlight:
        """Move a highlight to the highlights trash and return it, so that ``restore``
        can undo (``library.highlight_trash`` lists and restores it later)."""
        gone = self.get(highlight_id)
        with self._connection.write() as db:
            db.execute(
                'INSERT OR REPLACE INTO highlight_trash (id, article_id, start, "end", exact, '
                "prefix, suffix, text_hash, colour, style, note, created_at, updated_at, "
                'state, tags, deleted_at) SELECT id, article_id, start, "end", exact, prefix, '
                "suffix, text_hash, colour, style, note, created_at, updated_at, state, ?, ? "
                "FROM highlights WHERE id = ?",
                (json.dumps(gone.tags, ensure_ascii=False), now(), highlight_id),
            )
            db.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
        return gone

    def restore(self, highlight: Highlight) -> Highlight:
        """Put back a deleted highlight with its id, selectors, note and tags."""
        h = highlight
        with self._connection.write() as db:
            _require_article(db, h.article_id)
            db.execute("DELETE FROM highlight_trash WHERE id = ?", (h.id,))
            db.execute(
                'INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, '
                "text_hash, colour, style, note, created_at, updated_at, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    h.id,
                    h.article_id,
                    h.start,
                    h.end,
                    h.exact,
                    h.prefix,
                    h.suffix,
                    h.text_hash,
                    h.colour,
                    h.style,
                    h.note,
                    h.created_at,
                    now(),
                    h.state,
                ),
            )
            self._set_tags(db, h.id, h.tags)
        return self.get(h.id)

    def reattach(self, highlight_id: str, start: int, end: int) -> Highlight:
        """Anchor a highlight (usually an orphan) to ``text[start:end]`` of its article."""
        current = self.get(highlight_id)
        with self._connection.write() as db:
            text = _article_text(db, current.article_id)
            if not 0 <= start < end <= len(text):
                raise ValueError(f"range {start}:{end} is outside the article's text")
            self._place(db, highlight_id, text, start, end, now())
        return self.get(highlight_id)

    def reanchor(
        self,
        db: sqlite3.Connection,
        article_id: int,
        text: str,
        stamp: str | None,
        *,
        only: str | None = None,
        table: str = "highlights",
    ) -> int:
        """Locate every highlight of an article in its new text; return how many are orphans.

        ``db`` is the writer connection inside the caller's transaction (the article's
        update), so the new text and its highlights' places are written together.
        ``stamp=None`` keeps each highlight's ``updated_at`` and places each one alone
        (sync: every device must place a highlight the same way, whatever else it holds);
        ``only`` places that one highlight; ``table="highlight_trash"`` places deleted ones
        (a deleted highlight arriving from another device, placed as the live one was).
        """
        assert table in ("highlights", "highlight_trash")
        rows = db.execute(
            'SELECT id, start, "end", exact, prefix, suffix, text_hash, updated_at '
            f"FROM {table} WHERE article_id = ? AND (? IS NULL OR id = ?)",
            (article_id, only, only),
        ).fetchall()
        from reader.core import anchoring  # imported when needed: the window starts without it

        selectors = [anchoring.Selector(*row[1:7]) for row in rows]
        if stamp is None:
            places = [anchoring.locate(s, text) for s in selectors]
        else:
            places = anchoring.reanchor(selectors, text)
        orphans = 0
        for row, place in zip(rows, places, strict=True):
            when = stamp or row[7]
            if place is None:
                orphans += 1
                db.execute(
                    f"UPDATE {table} SET state = ?, updated_at = ? WHERE id = ?",
                    (ORPHANED, when, row[0]),
                )
            else:
                self._place(db, row[0], text, *place, when, table)
        return orphans

    def _place(
        self,
        db: sqlite3.Connection,
        highlight_id: str,
        text: str,
        start: int,
        end: int,
        stamp: str,
        table: str = "highlights",
    ) -> None:
        from reader.core import anchoring  # imported when needed: the window starts without it

        sel = anchoring.describe(text, start, end)
        db.execute(
            f'UPDATE {table} SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
            "text_hash = ?, state = ?, updated_at = ? WHERE id = ?",
            (
                sel.start,
                sel.end,
                sel.exact,
                sel.prefix,
                sel.suffix,
                sel.text_hash,
                ANCHORED,
                stamp,
                highlight_id,
            ),
        )


def _across_filters(query: HighlightQuery) -> tuple[str, list]:
    where, params = ["a.deleted_at IS NULL"], []
    if query.colour:
        where.append("h.colour = ?")
        params.append(query.colour)
    if query.article_id is not None:
        where.append("h.article_id = ?")
        params.append(query.article_id)
    if query.since:
        where.append("h.created_at >= ?")
        params.append(query.since)
    if query.tag:
        where.append(  # its own tags, or its article's
            "(h.id IN (SELECT y.highlight_id FROM highlight_tags y JOIN tags t "
            "ON t.id = y.tag_id WHERE t.name = ?) OR h.article_id IN (SELECT x.article_id "
            "FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name = ?))"
        )
        params += [query.tag.strip().lstrip("#")] * 2
    text = (query.text or "").encode("utf-8", "ignore").decode("utf-8").strip()
    if text:
        from reader.core import search  # 12 ms: the window starts without it

        if search.has_cjk(text):  # no word breaks for FTS5: by substring
            where.append("(instr(h.exact, ?) OR instr(h.note, ?))")
            params += [text, text]
        else:
            expression = search.fts_expression(text)
            if expression is None:
                where.append("0")
            else:
                where.append(
                    "h.rowid IN (SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ?)"
                )
                params.append(expression)
    return " AND ".join(where), params


def _article_text(db: sqlite3.Connection, article_id: int) -> str:
    """The text of an article that is not in the trash; NotFound otherwise."""
    row = db.execute(
        "SELECT text FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return row[0]


def _require_article(db: sqlite3.Connection, article_id: int) -> None:
    """NotFound unless the article exists and is not in the trash (its text left unread)."""
    row = db.execute(
        "SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")


def _check_look(colour: str, style: str) -> None:
    if colour not in COLOURS:
        raise ValueError(f"unknown colour {colour!r} (use one of {', '.join(COLOURS)})")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r} (use one of {', '.join(STYLES)})")


def _new_id() -> str:
    """A random UUID."""
    import uuid  # it brings platform: 10 ms of the window's start

    return str(uuid.uuid4())


def _tag_list(joined: str | None) -> list[str]:
    return sorted(joined.split("\x1f"), key=str.lower) if joined else []
