"""The display half of the reading pane: the document, its look, the reading position.

``ReadingView`` shows one article from the library: it builds the document
(``document``) so that its text *is* the canonical text, paints the highlights
of the window's ``HighlightsModel`` as character formats (``paint``) and, after
each of the model's events, repaints that highlight's text alone; it keeps a
centred column of about 70 characters, remembers where the reader is, and converts
selections to code points. It shows only the open article's pictures, from the library
(``pictures``), fetches nothing else and never follows a link inside itself
(``links.SafeBrowser``). ``ReadingPane`` adds everything that changes highlights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QFrame, QWidget

from reader.core.document import Utf16Map
from reader.core.models import Article, Highlight
from reader.core.storage.library import Library, LibraryError
from reader.ui import theme as themes
from reader.ui.highlights.model import HighlightsModel
from reader.ui.reading import decor
from reader.ui.reading.document import TYPEFACES, Look, SafeDocument, build_document, check_column
from reader.ui.reading.geometry import (
    char16_at,
    first_block_in_view,
    line_top,
    position_at_y,
    range_rects,
    trimmed,
)
from reader.ui.reading.links import SafeBrowser
from reader.ui.reading.paint import HighlightPainter
from reader.ui.reading.pictures import PictureLayer
from reader.ui.viewports import own_viewport

if TYPE_CHECKING:  # made by PySide when a link is first clicked, not with the window
    from PySide6.QtCore import QUrl

POSITION_DEBOUNCE_MS = 500
FLASH_MS = 1400
MIN_POINTS, MAX_POINTS = 8.0, 36.0
DEFAULT_POINTS = 13.0


class ReadingView(SafeBrowser):
    """Shows an article with its highlights; tracks and saves the reading position."""

    selectionRangeChanged = Signal(object)  # (start, end) in code points, or None
    positionChanged = Signal(int)  # code point at the top of the view, debounced

    def __init__(
        self, library: Library, highlights: HighlightsModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        own_viewport(self)
        self._library = library
        self.highlights = highlights
        self._article: Article | None = None
        self._header: decor.Header | None = None
        self._u16 = Utf16Map("")
        self._painter: HighlightPainter | None = None
        self._selected: str | None = None  # the highlight drawn with an outline
        self._last_range: tuple[int, int] | None = None
        self._theme = themes.for_name("light")
        self._points = DEFAULT_POINTS
        self._typeface = "serif"
        self._column = ("medium", "normal")  # width and line spacing (document.Look)
        self.overlays: list[Callable[[QPainter], object]] = []  # painted last, find marks
        self._top = 0  # code point at the top of the view
        self._saved_top = 0
        self._scrolling = False  # True while the view scrolls itself
        self.pictures = PictureLayer(library, self)
        self.pictures.changed.connect(lambda: self.viewport().update())

        self.setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(240)
        # Shift+arrows select too: highlighting must not need a mouse.
        self.setTextInteractionFlags(
            self.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.selectionChanged.connect(self._on_selection_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._position_timer = QTimer(self, singleShot=True, interval=POSITION_DEBOUNCE_MS)
        self._position_timer.timeout.connect(self._save_position)
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(lambda: self.setExtraSelections([]))
        self._apply_palette()
        self._replace_document(SafeDocument(self))
        highlights.modelReset.connect(self._highlights_reset)
        for changed in (
            highlights.added,
            highlights.restored,
            highlights.edited,
            highlights.deleted,
        ):
            changed.connect(self._highlight_changed)

    def _view_moved(self) -> None:
        """Called after scrolling, resizing and repainting highlights (for floating widgets)."""

    def _selection_changed(self, rng: tuple[int, int] | None) -> None:
        """Called when the selection changes, with its range in code points."""

    # -- the article ---------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self._article.id if self._article else None

    def show_article(self, article_id: int | None, position: int | None = None) -> None:
        """Show an article at ``position`` (its saved reading position when None); None clears."""
        self.flush()
        self._selected = None
        self.setExtraSelections([])
        article = None
        if article_id is not None:
            try:
                article = self._library.articles.get(article_id)
            except LibraryError:
                article = None
        self._article = article
        self._header = decor.Header.of(article) if article else None
        self._u16 = Utf16Map(article.text if article else "")
        self._last_range = None
        self._painter = None  # the old document's: its article's highlights are leaving
        self.pictures.open(article)
        self.highlights.open(article.id if article else None)  # read unless already held
        if article is None:
            self._replace_document(SafeDocument(self))
            return
        start = article.reading_position if position is None else position
        self._top = self._saved_top = max(0, min(int(start), len(article.text)))
        self._render()

    def _fits(self, h: Highlight) -> bool:
        """Whether a highlight can be painted here: anchored, inside the text."""
        size = len(self._article.text) if self._article else 0
        return not h.orphaned and 0 <= h.start < h.end <= size

    def _paintable(self) -> list[Highlight]:
        return [h for h in self.highlights if self._fits(h)]

    def _render(self) -> None:
        """Build the document for the current article, look and highlights; keep the place."""
        article = self._article
        if article is None:
            return
        doc = SafeDocument(self)
        look = self._look()
        column = min(look.column_width(), self.viewport().width() - 3.0 * look.em())  # px
        builder = build_document(doc, article.blocks, look, self.pictures.uses, column)
        self.pictures.column = column
        self._painter = HighlightPainter(doc, article.blocks, builder, self._u16)
        self._painter.paint(self._paintable())
        self._replace_document(doc)
        self._scroll_to_top(self._top)

    def _replace_document(self, doc: QTextDocument) -> None:
        old = self.document()
        self._scrolling = True
        try:
            self._apply_margins(force=True, doc=doc)  # before it is laid out: once, not twice
            self.setDocument(doc)
            self.setCursorWidth(0)  # kept by the document's layout: read-only, no caret
        finally:
            self._scrolling = False
        if old is not doc and shiboken6.isValid(old) and old.parent() is self:
            old.deleteLater()  # ours; Qt deletes the one it made itself

    def _shown_painter(self) -> HighlightPainter | None:
        """The painter of the document shown, when the model holds its highlights."""
        shown = self.highlights.article_id == self.article_id
        return self._painter if shown else None

    def _highlights_reset(self) -> None:
        """The model read the open article's highlights again: paint what differs."""
        painter = self._shown_painter()
        if painter is not None:
            painter.paint(self._paintable())
            self._highlights_moved()

    def _highlight_changed(self, now: Highlight, before: Highlight | None = None) -> None:
        """One highlight was added, edited, deleted or restored: repaint its text only
        (``before`` is where an edited one was)."""
        painter = self._shown_painter()
        if painter is None:
            return
        ranges = [(h.start, h.end) for h in (now, before) if h is not None and self._fits(h)]
        painter.repaint(self._paintable(), ranges)
        self._highlights_moved()

    def _highlights_moved(self) -> None:
        if self._selected is not None and self.highlight(self._selected) is None:
            self._selected = None
            self._selection_lost()
        self.viewport().update()
        self._view_moved()

    def _selection_lost(self) -> None:
        """Called when the selected highlight was deleted or orphaned."""

    def highlight(self, highlight_id: str | None) -> Highlight | None:
        """A highlight painted in the open article (not an orphan), or None."""
        h = self.highlights.get(highlight_id)
        return h if h is not None and self._fits(h) else None

    def document_text_as_canonical(self) -> str:
        """The document's text with U+2029 as newline: equals the canonical text."""
        return self.document().toRawText().replace("\u2029", "\n")

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Nothing is loaded from disk or the network: only the open article's pictures,
        from the library, by digest (``picture:<sha256>``)."""
        if type == QTextDocument.ResourceType.ImageResource.value:
            return self.pictures.resource(name)
        return None

    # -- look ----------------------------------------------------------------

    def _look(self) -> Look:
        return Look(self._theme, self._points, self._typeface, *self._column)

    def _apply_palette(self) -> None:
        palette = self._theme.palette(self.palette(), rule=True)
        self.setPalette(palette)
        self.viewport().setPalette(palette)

    def set_theme(self, name: str) -> None:
        """Switch to the "light", "sepia" or "dark" theme."""
        self._theme = themes.for_name(name)
        self._apply_palette()
        self._render()

    @property
    def theme_name(self) -> str:
        return self._theme.name

    @property
    def typeface(self) -> str:
        return self._typeface

    def set_typeface(self, name: str) -> None:
        """Set the body text in "serif" or "sans"; the same words stay at the top."""
        if name not in TYPEFACES:
            raise ValueError(f"unknown typeface {name!r} (use one of {', '.join(TYPEFACES)})")
        if name != self._typeface:
            self._typeface = name
            self._render()

    @property
    def column(self) -> tuple[str, str]:
        """Width ("narrow", "medium", "wide") and line spacing ("tight", "normal", "loose")."""
        return self._column

    def set_column(self, width: str | None = None, spacing: str | None = None) -> None:
        """Set the column's width or line spacing; the same words stay at the top."""
        column = (width or self._column[0], spacing or self._column[1])
        if check_column(*column) != self._column:
            self._column = column
            self._render()

    @property
    def font_size(self) -> float:
        return self._points

    def set_font_size(self, points: float) -> None:
        points = max(MIN_POINTS, min(MAX_POINTS, float(points)))
        if points != self._points:
            self._points = points
            self._render()

    def zoom(self, steps: int) -> None:
        """Make the text ``steps`` points larger (negative: smaller)."""
        self.set_font_size(self._points + steps)

    def _apply_margins(self, force: bool = False, doc: QTextDocument | None = None) -> None:
        """Centre a column of about 70 characters; narrower windows keep a small margin."""
        look = self._look()
        em = look.em()
        side = max(1.5 * em, (self.viewport().width() - look.column_width()) / 2)
        self.pictures.relayout(doc or self.document(), self.viewport().width() - 2 * side, em)
        top = 2.0 * em
        if self._header is not None:
            top += self._header.height(look, self.viewport().width() - 2 * side)
        root = (doc or self.document()).rootFrame()
        fmt = root.frameFormat()
        if not force and abs(fmt.leftMargin() - side) < 0.5 and abs(fmt.topMargin() - top) < 0.5:
            return
        fmt = QTextFrameFormat(fmt)
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(top)
        fmt.setBottomMargin(4.0 * em)
        root.setFrameFormat(fmt)

    def resizeEvent(self, event) -> None:
        self._scrolling = True
        try:
            super().resizeEvent(event)
            self._apply_margins()
        finally:
            self._scrolling = False
        self._scroll_to_top(self._top)  # the same words stay at the top
        self._view_moved()

    # -- reading position ----------------------------------------------------

    def reading_position(self) -> int:
        """Code point of the first character in view."""
        return self._top if self._article else 0

    def progress(self) -> float:
        """Share of the article above the view's bottom, 0 to 1 (1 at the end or if it fits)."""
        bar, text = self.verticalScrollBar(), self._article.text if self._article else ""
        if not text or bar.value() == 0 < bar.maximum():
            return 0.0  # not started: the first screen is not read yet
        if bar.value() >= bar.maximum():
            return 1.0
        return min(1.0, self._offset_at(bar.value() + self.viewport().height() - 2) / len(text))

    def _offset_at(self, y: float) -> int:
        return self._u16.from_utf16(position_at_y(self.document(), y))

    def _on_scrolled(self, _value: int) -> None:
        self._view_moved()
        if self._scrolling or self._article is None:
            return
        self._top = self._offset_at(self.verticalScrollBar().value() + 2)
        self._position_timer.start()

    def _save_position(self) -> None:
        self._position_timer.stop()
        if self._article is None or self._top == self._saved_top:
            return
        self._saved_top = self._top
        try:
            self._library.articles.set_reading_position(
                self._article.id, self._top, self.progress()
            )
        except LibraryError:
            return
        self.positionChanged.emit(self._top)

    def flush(self) -> None:
        """Save the reading position now if a save is pending (call before closing)."""
        if self._position_timer.isActive():
            self._save_position()

    def hideEvent(self, event) -> None:
        self.flush()  # a closing window takes its reading position with it
        super().hideEvent(event)

    def _scroll_to_y(self, y: float) -> None:
        self._scrolling = True
        try:
            self.verticalScrollBar().setValue(round(y))
        finally:
            self._scrolling = False

    def _scroll_to_top(self, offset: int) -> None:
        if self._article is None:
            return
        y = 0.0 if offset <= 0 else line_top(self.document(), self._u16.to_utf16(offset))
        if y is not None:
            self._scroll_to_y(y)
        self._top = offset

    def scroll_to_offset(self, offset: int, *, flash: bool = False) -> None:
        """Bring ``offset`` into view (a third down the view); ``flash`` marks it briefly."""
        if self._article is None:
            return
        offset = max(0, min(offset, len(self._article.text)))
        y = line_top(self.document(), self._u16.to_utf16(offset))
        if y is None:
            return
        view = self.viewport().height()
        current = self.verticalScrollBar().value()
        if not current + 0.1 * view <= y <= current + 0.8 * view:
            self._scroll_to_y(max(0.0, y - view / 3))
            self._top = self._offset_at(self.verticalScrollBar().value() + 2)
            self._position_timer.start()
        if flash:
            self._flash(offset)

    def _flash(self, offset: int) -> None:
        """Mark the highlight starting at ``offset`` (else the rest of its line) for a moment."""
        hits = [h for h in self._paintable() if h.start == offset]
        end = min((h.end for h in hits), default=None)  # the shortest starting there
        end16 = None if end is None else self._u16.to_utf16(end)
        doc, accent = self.document(), self._theme.accent
        self.setExtraSelections([decor.flash_mark(doc, self._u16.to_utf16(offset), end16, accent)])
        self._flash_timer.start()

    # -- selection -----------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points into the canonical text, trimmed of white space."""
        cursor = self.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        start = self._u16.from_utf16(cursor.selectionStart())
        return trimmed(self._article.text, start, self._u16.from_utf16(cursor.selectionEnd()))

    def select_range(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` (code points)."""
        if self._article is None:
            return
        size = len(self._article.text)
        start, end = max(0, min(start, size)), max(0, min(end, size))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._u16.to_utf16(start))
        cursor.setPosition(self._u16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def _on_selection_changed(self) -> None:
        rng = self.selected_range()
        self._selection_changed(rng)
        if rng != self._last_range:
            self._last_range = rng
            self.selectionRangeChanged.emit(rng)

    # -- geometry ------------------------------------------------------------

    def highlight_ids_at(self, pos: QPoint) -> tuple[str, ...]:
        """Ids of the highlights under a viewport position, innermost first."""
        offset = self._char_at(pos)
        if offset is None or self._painter is None:
            return ()
        return self._painter.ids_at(offset)

    def highlight_at(self, pos: QPoint) -> str | None:
        """The innermost highlight under a viewport position."""
        return next(iter(self.highlight_ids_at(pos)), None)

    def _char_at(self, pos: QPoint) -> int | None:
        """Code point of the character under a viewport position, or None off the text."""
        pos16 = char16_at(self.document(), QPointF(pos) + self._scroll_offset())
        return None if pos16 is None else self._u16.from_utf16(pos16)

    def _scroll_offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _rects(self, start: int, end: int) -> list[QRectF]:
        """Line rectangles of ``text[start:end]`` in document coordinates."""
        return range_rects(self.document(), self._u16.to_utf16(start), self._u16.to_utf16(end))

    def visible_rect_of(self, start: int, end: int) -> QRect | None:
        """Viewport rectangle of the first line of ``text[start:end]``."""
        rects = self._rects(start, end)
        return rects[0].translated(-self._scroll_offset()).toAlignedRect() if rects else None

    def paintEvent(self, event) -> None:
        if self._article is None:
            super().paintEvent(event)
            return
        offset = self._scroll_offset()
        top = first_block_in_view(self.document(), self._u16.to_utf16(self._top), offset.y())
        bottom = offset.y() + self.viewport().height()
        look, em = self._look(), self._look().em()
        frame = self.document().rootFrame().frameFormat()
        width = self.document().textWidth() - frame.leftMargin() - frame.rightMargin()
        under = QPainter(self.viewport())
        under.translate(-offset)
        decor.paint_underlays(under, top, bottom, self._theme, em, width)
        ratio = self.viewport().devicePixelRatioF()
        self.pictures.paint(under, top, offset.y(), bottom, self._theme, ratio)
        under.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.translate(-offset)
        decor.paint_block_marks(painter, top, bottom, self._theme, em)
        if self._header is not None and offset.y() < frame.topMargin():
            self._header.paint(painter, look, frame.leftMargin(), 2.0 * em, width)
        h = self.highlight(self._selected)
        if h is not None:
            decor.paint_outline(painter, self._rects(h.start, h.end), QColor(self._theme.accent))
        for overlay in self.overlays:
            overlay(painter)
        painter.end()
