"""The open article's highlights: one model, shared by the reading pane and the notes pane.

The window makes one :class:`HighlightsModel` and hands it to both panes. It loads an
article's highlights once, when the article opens (:meth:`~HighlightsModel.open`);
after that it changes only through the undo commands (``highlights.undo``), which call
its ``add``, ``update``, ``reattach``, ``put_back``, ``delete`` and ``restore``. Each of
those writes through the ``Library`` and then says exactly what changed, twice over:

- as a list model, one row at a time (``rowsInserted``, ``dataChanged``,
  ``rowsRemoved``): the notes pane's two lists follow through filter proxies;
- as events carrying the highlight: ``added(h)``, ``edited(new, old)``, ``deleted(h)``,
  ``restored(h)``: the reading pane repaints that highlight's text and nothing else.

Nobody reloads every highlight after a change. Rows are in the library's order:
anchored highlights by position, then the orphans. A command may still change an
article that is no longer open (an undo after switching articles): the library is
written, and the model, which holds another article, stays as it is.

    highlights = HighlightsModel(library)
    highlights.open(article_id)
    stack.push(AddHighlight(highlights, article_id, 10, 42))  # one row inserted, one range painted
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from reader.core.models import Highlight
from reader.core.storage.library import Library, LibraryError
from reader.ui.plain_text import tooltip

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1

_Key = tuple[bool, int, int, str]


def _key(h: Highlight) -> _Key:
    """Where a highlight goes in the list: ``library.highlights.of`` orders rows the same way."""
    return (h.orphaned, h.start, h.end, h.created_at)


class HighlightsModel(QAbstractListModel):
    """The highlights of the open article, one row each, and the events of their changes."""

    added = Signal(object)  # Highlight: a new one (an add, or an add redone)
    edited = Signal(object, object)  # Highlight as it is now, as it was: look, note or place
    deleted = Signal(object)  # Highlight as it was
    restored = Signal(object)  # Highlight: back after its delete was undone
    removed = Signal(object)  # Highlight: deleted by the reader (not an add undone): say so
    failed = Signal(str)  # a change could not be made: a message for the user

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._article_id: int | None = None
        self._rows: list[Highlight] = []
        self._keys: list[_Key] = []  # _key of each row, for bisecting
        self._by_id: dict[str, Highlight] = {}

    # -- which article ---------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        """The article whose highlights the model holds (None: none)."""
        return self._article_id

    def open(self, article_id: int | None) -> None:
        """Hold ``article_id``'s highlights; nothing is read when it is already held, so
        both panes can ask for the article they show."""
        if article_id != self._article_id:
            self._load(article_id)

    def reload(self) -> None:
        """Read the open article's highlights again: after changes the commands did not
        make (another process, an import)."""
        self._load(self._article_id)

    def clear(self) -> None:
        """Hold nothing: the next :meth:`open` reads from the library again."""
        self._load(None)

    def _load(self, article_id: int | None) -> None:
        rows: list[Highlight] = []
        if article_id is not None:
            try:
                rows = self.library.highlights.of(article_id)
            except LibraryError:
                rows = []
        self.beginResetModel()
        self._article_id = article_id
        self._rows = rows
        self._keys = [_key(h) for h in rows]
        self._by_id = {h.id: h for h in rows}
        self.endResetModel()

    # -- reading -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Highlight]:
        return iter(self._rows)

    def highlights(self) -> list[Highlight]:
        """Every highlight of the open article, in the list's order."""
        return list(self._rows)

    def get(self, highlight_id: str | None) -> Highlight | None:
        """A highlight of the open article, or None."""
        return self._by_id.get(highlight_id) if highlight_id else None

    def highlight(self, highlight_id: str) -> Highlight:
        """A highlight, held or (of another article) from the library; raises ``NotFound``."""
        held = self._by_id.get(highlight_id)
        return held if held is not None else self.library.highlights.get(highlight_id)

    def row_of(self, highlight_id: str) -> int:
        """The row of a highlight, or -1."""
        h = self._by_id.get(highlight_id)
        if h is None:
            return -1
        row = bisect_left(self._keys, _key(h))
        while self._rows[row].id != highlight_id:  # highlights with equal keys: a few at most
            row += 1
        return row

    def row_highlight(self, row: int) -> Highlight | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        h = self.row_highlight(index.row()) if index.isValid() else None
        if h is None:
            return None
        if role == HIGHLIGHT_ROLE:
            return h
        if role == Qt.ItemDataRole.DisplayRole:
            return h.exact
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(h.note)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            extra = f" Note: {h.note}" if h.note else ""
            return f"{h.colour} highlight: {h.exact}.{extra}"
        return None

    # -- changing (the undo commands call these) -------------------------------------

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
    ) -> Highlight:
        """Highlight ``text[start:end]`` of an article; ``added`` when it is the open one."""
        made = self.library.highlights.add(
            article_id, start, end, colour=colour, style=style, note=note, tags=tags
        )
        if made.article_id == self._article_id:
            self._insert(made)
            self.added.emit(made)
        return made

    def restore(self, highlight: Highlight) -> Highlight:
        """Put back a deleted highlight as it was; ``restored``."""
        back = self.library.highlights.restore(highlight)
        if back.article_id == self._article_id:
            self._insert(back)
            self.restored.emit(back)
        return back

    def delete(self, highlight_id: str) -> Highlight:
        """Delete a highlight and return it (for ``restore``); ``deleted``."""
        gone = self.library.highlights.delete(highlight_id)
        held = self._by_id.get(highlight_id)
        if held is not None:
            self._remove(held)
            self.deleted.emit(held)
        return gone

    def update(
        self,
        highlight_id: str,
        *,
        colour: str | None = None,
        style: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Highlight:
        """Change what is given of a highlight's look, note and tags; ``edited``."""
        now = self.library.highlights.update(
            highlight_id, colour=colour, style=style, note=note, tags=tags
        )
        return self._replaced(now)

    def reattach(self, highlight_id: str, start: int, end: int) -> Highlight:
        """Anchor a highlight (an orphan, usually) to ``text[start:end]``; ``edited``."""
        return self._replaced(self.library.highlights.reattach(highlight_id, start, end))

    def put_back(self, before: Highlight) -> Highlight:
        """Make a highlight exactly as ``before`` again, place and state too (undoing a
        reattach: the library has no "make orphan again", so the row is swapped)."""
        current = self.library.highlights.delete(before.id)
        try:
            back = self.library.highlights.restore(before)
        except LibraryError:
            self.library.highlights.restore(current)
            raise
        return self._replaced(back)

    # -- rows ------------------------------------------------------------------------

    def _insert(self, h: Highlight) -> None:
        key = _key(h)
        row = bisect_right(self._keys, key)  # after its equals, as the newest
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, h)
        self._keys.insert(row, key)
        self._by_id[h.id] = h
        self.endInsertRows()

    def _remove(self, h: Highlight) -> None:
        row = self.row_of(h.id)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        del self._by_id[h.id]
        self.endRemoveRows()

    def _replaced(self, now: Highlight) -> Highlight:
        old = self._by_id.get(now.id)
        if old is None:
            return now  # another article's
        row = self.row_of(now.id)
        key = _key(now)
        in_order = (row == 0 or self._keys[row - 1] <= key) and (
            row + 1 == len(self._keys) or key <= self._keys[row + 1]
        )
        if in_order:  # the usual edit: look, note or tags, in place
            self._rows[row], self._keys[row] = now, key
            self._by_id[now.id] = now
            index = self.index(row)
            self.dataChanged.emit(index, index)
        else:  # its place moved (a reattach): out of one row, into another
            self._remove(old)
            self._insert(now)
        self.edited.emit(now, old)
        return now
