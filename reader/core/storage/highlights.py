"""The highlight half of the Library: adding, editing, deleting and placing highlights again.

A mixin so that ``Library`` stays one object for its callers while each module
stays small; it relies on the Library's ``_write``, ``_rows``, ``_tag_ids``,
``_require_article``, and its writer connection ``conn`` with its ``_lock``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from reader.core.models import ANCHORED, COLOURS, ORPHANED, STYLES, Highlight, now
from reader.core.storage.errors import NotFound


class HighlightStore:
    def add_highlight(
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
        with self._write() as db:
            row = db.execute(
                "SELECT text FROM articles WHERE id = ? AND deleted_at IS NULL", (article_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            text = row[0]
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
            self._set_highlight_tags(db, hid, tags)
        return self.highlight(hid)

    def _set_highlight_tags(
        self, db: sqlite3.Connection, highlight_id: str, tags: Iterable[str]
    ) -> None:
        db.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,))
        for tag_id in self._tag_ids(db, tags):
            db.execute("INSERT INTO highlight_tags VALUES (?, ?)", (highlight_id, tag_id))

    def highlight(self, highlight_id: str) -> Highlight:
        found = self._highlights("h.id = ?", (highlight_id,))
        if not found:
            raise NotFound(f"no highlight with id {highlight_id}")
        return found[0]

    def highlights(self, article_id: int) -> list[Highlight]:
        """An article's highlights: anchored ones in reading order, then the orphans.

        The last answer is kept until a row is written, by this connection
        (``total_changes``) or another one (``PRAGMA data_version``): after a change,
        the reading pane and the notes pane both ask for the same 1,000 highlights.
        """
        with self._lock:
            if self.conn.in_transaction:  # in the middle of a write: always read
                return self._highlights("h.article_id = ?", (article_id,))
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            stamp = (article_id, self.conn.total_changes, version)
            last = getattr(self, "_last_highlights", None)
            if last is None or last[0] != stamp:
                last = self._last_highlights = (
                    stamp,
                    self._highlights("h.article_id = ?", (article_id,)),
                )
            return list(last[1])

    def _highlights(self, where: str, params: Sequence) -> list[Highlight]:
        # Columns in Highlight's field order, built positionally: a window reloads an
        # article's highlights after every change, and 1,000 of them through dicts and
        # keywords took twice as long.
        with self._lock:
            rows = self.conn.execute(
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

    def update_highlight(
        self,
        highlight_id: str,
        *,
        colour: str | None = None,
        style: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Highlight:
        """Change what is given; leave the rest."""
        current = self.highlight(highlight_id)
        _check_look(colour or current.colour, style or current.style)
        with self._write() as db:
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
                self._set_highlight_tags(db, highlight_id, tags)
        return self.highlight(highlight_id)

    def delete_highlight(self, highlight_id: str) -> Highlight:
        """Delete a highlight and return it, so that ``restore_highlight`` can undo."""
        gone = self.highlight(highlight_id)
        with self._write() as db:
            db.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
        return gone

    def restore_highlight(self, highlight: Highlight) -> Highlight:
        """Put back a deleted highlight with its id, selectors, note and tags."""
        h = highlight
        with self._write() as db:
            self._require_article(db, h.article_id)
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
            self._set_highlight_tags(db, h.id, h.tags)
        return self.highlight(h.id)

    def reattach_highlight(self, highlight_id: str, start: int, end: int) -> Highlight:
        """Anchor a highlight (usually an orphan) to ``text[start:end]`` of its article."""
        current = self.highlight(highlight_id)
        text = self.article(current.article_id).text
        if not 0 <= start < end <= len(text):
            raise ValueError(f"range {start}:{end} is outside the article's text")
        with self._write() as db:
            self._place(db, highlight_id, text, start, end, now())
        return self.highlight(highlight_id)

    def _reanchor(self, db: sqlite3.Connection, article_id: int, text: str, stamp: str) -> int:
        """Locate every highlight of an article in its new text; return how many are orphans."""
        rows = db.execute(
            'SELECT id, start, "end", exact, prefix, suffix, text_hash FROM highlights '
            "WHERE article_id = ?",
            (article_id,),
        ).fetchall()
        from reader.core import anchoring

        selectors = [anchoring.Selector(*row[1:]) for row in rows]
        places = anchoring.reanchor(selectors, text)
        orphans = 0
        for row, place in zip(rows, places, strict=True):
            if place is None:
                orphans += 1
                db.execute(
                    "UPDATE highlights SET state = ?, updated_at = ? WHERE id = ?",
                    (ORPHANED, stamp, row[0]),
                )
            else:
                self._place(db, row[0], text, *place, stamp)
        return orphans

    def _place(
        self, db: sqlite3.Connection, highlight_id: str, text: str, start: int, end: int, stamp: str
    ) -> None:
        from reader.core import anchoring

        sel = anchoring.describe(text, start, end)
        db.execute(
            'UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
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


def _check_look(colour: str, style: str) -> None:
    if colour not in COLOURS:
        raise ValueError(f"unknown colour {colour!r} (use one of {', '.join(COLOURS)})")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r} (use one of {', '.join(STYLES)})")


def _new_id() -> str:
    """A random UUID. uuid is imported here: it brings platform, 10 ms of the window's start."""
    import uuid

    return str(uuid.uuid4())


def _tag_list(joined: str | None) -> list[str]:
    return sorted(joined.split("\x1f"), key=str.lower) if joined else []
