"""``BookView``: the reading view for long articles with chapters (books).

It shows a window of chapters (``chapters.ChapterWindow``) instead of laying the whole
book out, grows it as the reader scrolls, moves it on a jump, and says which chapter the
reader is in. An article without chapters, or a short one, is shown exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocument

from reader.core.footnotes import note_offset
from reader.ui.reading.chapters import ChapterWindow
from reader.ui.reading.view import ReadingView

if TYPE_CHECKING:  # made by PySide when a link is first clicked, not with the window
    from PySide6.QtCore import QUrl

EDGE_SCREENS = 2  # grow the window when the view is this many screens from its end
PLACE_CHARS = 40  # of a chapter's title in the progress line


class BookView(ReadingView):
    _window: ChapterWindow | None = None

    def chapter_starts(self) -> list[int]:
        """Where the open article's chapters start (code points); empty without any."""
        article = self._article
        return [e.offset for e in article.outline if e.kind == "chapter"] if article else []

    def place(self) -> str:
        """The chapter the reader is in ("" without chapters), for the progress line."""
        from reader.core.outline import locate  # small; for books only

        article = self._article
        if article is None or not article.outline:
            return ""
        label = locate(article.outline, self._top).label
        return label if len(label) <= PLACE_CHARS else label[: PLACE_CHARS - 1] + "…"

    def word_count(self) -> int:
        return self._article.word_count if self._article else 0

    def jump_to(self, offset: int) -> None:
        """Put ``offset`` (a chapter's start) at the top of the view and remember it."""
        if self._article is None:
            return
        self._show_chapter(offset)
        self._scroll_to_top(offset)
        self._position_timer.start()
        self._view_moved()

    def show_contents(self) -> None:
        """Pop up the book's contents over the view; choosing a chapter jumps there."""
        from reader.ui.reading.outline_menu import contents_menu  # made when first asked for

        outline = self._article.outline if self._article else []
        menu = contents_menu(self, outline, self._top, self.jump_to)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.mapToGlobal(self.viewport().geometry().topLeft()))

    def _open_link(self, url: QUrl) -> None:
        """A book's note reference goes to its note, the note back to it; others as ever."""
        offset = note_offset(url.toString())
        if offset is None:
            super()._open_link(url)
        elif self._article is not None and offset <= len(self._article.text):
            # After the click is handled: Qt selects a clicked link, and the selection
            # would pull the view back to it.
            QTimer.singleShot(0, lambda: self._follow_note(offset))

    def _follow_note(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.jump_to(offset)  # its line at the top, as a jump from the contents
        self._flash(offset)

    def _replace_document(self, doc: QTextDocument) -> None:
        article = self._article
        self._window = None
        if article is not None and doc is not self.document():
            self._window = ChapterWindow.for_article(
                doc, self._u16, self.chapter_starts(), len(article.text)
            )
            if self._window is not None:
                self._window.centre_on(self._top)
        super()._replace_document(doc)

    def _scroll_to_top(self, offset: int) -> None:
        self._show_chapter(offset)
        super()._scroll_to_top(offset)

    def scroll_to_offset(self, offset: int, *, flash: bool = False) -> None:
        if self._window is not None and not self._window.shows(offset):
            self._show_chapter(offset)
            self._scroll_to_y(0)  # the old place may be gone: let the jump scroll afresh
        super().scroll_to_offset(offset, flash=flash)

    def _show_chapter(self, offset: int) -> None:
        window = self._window
        if window is not None and not window.shows(offset):
            window.centre_on(offset)

    def _on_scrolled(self, value: int) -> None:
        super()._on_scrolled(value)
        window = self._window
        if window is None or self._scrolling:
            return
        bar, screen = self.verticalScrollBar(), self.viewport().height()
        if bar.maximum() - value < EDGE_SCREENS * screen and window.grow(forward=True):
            return  # what was shown keeps its place: the new chapter is below
        if value < EDGE_SCREENS * screen and window.grow(forward=False):
            super()._scroll_to_top(self._top)  # the new chapter is above: keep the words

    def _offset_at(self, y: float) -> int:
        """As the view's, but found among the blocks shown: Qt's hit test can answer a
        hidden block's position."""
        window = self._window
        if window is None:
            return super()._offset_at(y)
        doc = self.document()
        layout = doc.documentLayout()
        lo, hi = window.block_range()
        while lo < hi:  # the last block shown whose top is at or above y
            mid = (lo + hi + 1) // 2
            if layout.blockBoundingRect(doc.findBlockByNumber(mid)).top() <= y:
                lo = mid
            else:
                hi = mid - 1
        block = doc.findBlockByNumber(lo)
        top, lines = layout.blockBoundingRect(block).top(), block.layout()
        pos16 = block.position()
        for n in range(lines.lineCount()):
            line = lines.lineAt(n)
            if top + line.y() + line.height() > y:
                pos16 += line.textStart()
                break
        return self._u16.from_utf16(pos16)

    def progress(self) -> float:
        window = self._window
        text = self._article.text if self._article else ""
        if window is None or window.shows_end or not text:
            return super().progress()
        bar = self.verticalScrollBar()
        if bar.value() == 0 and window.shows_start:
            return 0.0
        bottom = self._offset_at(bar.value() + self.viewport().height() - 2)
        return min(1.0, bottom / len(text))
