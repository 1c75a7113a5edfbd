"""The reading pane: shows one article, paints its highlights, turns selections into highlights.

The document is built from the article's blocks so that its text *is* the
canonical text (``reading_document``); offsets cross into Qt through a
``Utf16Map``. Highlights are character formats (``highlight_paint``); every
change goes through a command in ``undo`` on the window's undo stack.

Keys. The pane itself handles H (highlight the selection), N (note on the
selected highlight, or highlight the selection and note it), Delete/Backspace
(delete the selected highlight) and Escape (clear selection and highlight),
but only when it can act on them: it then accepts the ShortcutOverride event,
so a window QAction with the same shortcut does not fire as well. When the pane
cannot act (no selection, no selected highlight), it leaves the key alone and
the window's action gets it. Either way the same methods run once.

Selections are stored as highlights trimmed of leading and trailing white
space (including the newline between paragraphs); nothing else is snapped.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QUndoStack,
)
from PySide6.QtWidgets import QFrame, QTextBrowser, QTextEdit, QWidget

from reader.core.document import Utf16Map
from reader.core.library import Library, LibraryError
from reader.core.models import COLOURS, STYLES, Article, Highlight

from . import theme as themes
from .dialogs.note_editor import NoteEditor
from .highlight_bar import HighlightBar
from .highlight_paint import HighlightPainter, range_rects
from .pane_menu import build_context_menu
from .reading_decor import paint_block_marks, paint_outline
from .reading_document import Look, build_document
from .undo import AddHighlight, ChangeHighlight, DeleteHighlight, HighlightEvents, ReattachHighlight

POSITION_DEBOUNCE_MS = 500
FLASH_MS = 1400
MIN_POINTS, MAX_POINTS = 8.0, 36.0


class ReadingPane(QTextBrowser):
    """Shows an article from the library; the user reads, selects and highlights."""

    highlightsChanged = Signal(int)  # article id, after any add/edit/delete (also via undo)
    highlightSelected = Signal(object)  # highlight id (str) or None
    selectionRangeChanged = Signal(object)  # (start, end) in code points, or None
    positionChanged = Signal(int)  # code point at the top of the view, debounced

    def __init__(
        self, library: Library, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self._library = library
        self._stack = undo_stack
        self._events = HighlightEvents.of(undo_stack)
        self._events.changed.connect(self._on_highlights_changed)
        self._article: Article | None = None
        self._u16 = Utf16Map("")
        self._painter: HighlightPainter | None = None
        self._highlights: dict[str, Highlight] = {}
        self._selected: str | None = None
        self._last_range: tuple[int, int] | None = None
        self._theme = themes.for_name("light")
        self._points = 13.0
        self._colour, self._style = "yellow", "highlight"
        self._top = 0  # code point at the top of the view
        self._saved_top = 0
        self._scrolling = False  # True while the pane scrolls itself
        self._press: QPoint | None = None
        self._note_editor: NoteEditor | None = None
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl

        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(240)
        self.anchorClicked.connect(self._open_link)
        self.selectionChanged.connect(self._on_selection_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

        self._position_timer = QTimer(self, singleShot=True, interval=POSITION_DEBOUNCE_MS)
        self._position_timer.timeout.connect(self._save_position)
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(lambda: self.setExtraSelections([]))

        self.bar = HighlightBar(self.viewport())
        self.bar.colourChosen.connect(self._bar_colour)
        self.bar.underlineToggled.connect(self._bar_underline)
        self.bar.noteRequested.connect(lambda: self.edit_note())
        self.bar.deleteRequested.connect(self._delete_selected)
        self.set_theme("light")

    # -- the article ---------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self._article.id if self._article else None

    def show_article(self, article_id: int | None, position: int | None = None) -> None:
        """Show an article at ``position`` (its saved reading position when None); None clears."""
        self.flush()
        had_selection = self._selected is not None
        self._selected = None
        self.bar.hide()
        self.setExtraSelections([])
        article = None
        if article_id is not None:
            try:
                article = self._library.article(article_id)
            except LibraryError:
                article = None
        self._article = article
        self._u16 = Utf16Map(article.text if article else "")
        if article is None:
            self._painter = None
            self._highlights = {}
            self._replace_document(QTextDocument(self))
        else:
            self._load_highlights()
            start = article.reading_position if position is None else position
            self._top = self._saved_top = max(0, min(int(start), len(article.text)))
            self._render()
        if had_selection:
            self.highlightSelected.emit(None)

    def _load_highlights(self) -> None:
        assert self._article is not None
        size = len(self._article.text)
        self._highlights = {
            h.id: h
            for h in self._library.highlights(self._article.id)
            if h.orphaned or 0 <= h.start < h.end <= size
        }

    def _render(self) -> None:
        """Build the document for the current article, look and highlights; keep the place."""
        article = self._article
        if article is None:
            return
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        builder = build_document(doc, article.blocks, self._look())
        self._painter = HighlightPainter(doc, article.blocks, builder, self._u16)
        self._painter.paint(self._highlights.values())
        self._replace_document(doc)
        self._scroll_to_top(self._top)

    def _replace_document(self, doc: QTextDocument) -> None:
        old = self.document()
        self._scrolling = True
        try:
            self.setDocument(doc)
            self._apply_margins(force=True)
        finally:
            self._scrolling = False
        if old is not doc and shiboken6.isValid(old) and old.parent() is self:
            old.deleteLater()  # ours; Qt deletes the one it made itself

    def reload_highlights(self) -> None:
        """Repaint the highlights from the library (after changes made elsewhere)."""
        if self._article is None or self._painter is None:
            return
        self._load_highlights()
        self._painter.paint(self._highlights.values())
        if self._selected and self._selected not in self._highlights:
            self.select_highlight(None)
        elif self._selected:
            self._show_bar()
        self.viewport().update()

    def _on_highlights_changed(self, article_id: int) -> None:
        if article_id == self.article_id:
            self.reload_highlights()
        self.highlightsChanged.emit(article_id)

    def document_text_as_canonical(self) -> str:
        """The document's text with U+2029 as newline: equals the canonical text."""
        return self.document().toRawText().replace("\u2029", "\n")

    # -- never fetch, never navigate -----------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Nothing is ever loaded: not from disk, not from the network."""
        return None

    def doSetSource(self, name: QUrl, type: QTextDocument.ResourceType = None) -> None:
        """Links never replace the article."""

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https") and url.isValid():
            self.open_url(url)

    # -- look ----------------------------------------------------------------

    def _look(self) -> Look:
        return Look(self._theme, self._points)

    def set_theme(self, name: str) -> None:
        """Switch to the "light", "sepia" or "dark" theme."""
        self._theme = themes.for_name(name)
        palette = self._theme.palette(self.palette())
        # Qt draws the rule of a "rule" block in the inactive WindowText colour.
        palette.setColor(
            QPalette.ColorGroup.Inactive, QPalette.ColorRole.WindowText, QColor(self._theme.rule)
        )
        self.setPalette(palette)
        self.viewport().setPalette(palette)
        self.bar.set_theme(self._theme)
        self._render()

    @property
    def theme_name(self) -> str:
        return self._theme.name

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

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def _apply_margins(self, force: bool = False) -> None:
        """Centre a column of about 70 characters; narrower windows keep a small margin."""
        look = self._look()
        em = look.em()
        width = self.viewport().width()
        side = max(1.5 * em, (width - look.column_width()) / 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if not force and abs(fmt.leftMargin() - side) < 0.5:
            return
        fmt = QTextFrameFormat(fmt)
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(2.0 * em)
        fmt.setBottomMargin(4.0 * em)
        root.setFrameFormat(fmt)

    def resizeEvent(self, event) -> None:
        self._scrolling = True
        try:
            super().resizeEvent(event)
            self._apply_margins()
        finally:
            self._scrolling = False
        self._scroll_to_top(self._top)
        self._show_bar()

    # -- reading position ----------------------------------------------------

    def reading_position(self) -> int:
        """Code point of the first character in view."""
        return self._top if self._article else 0

    def _offset_at_top(self) -> int:
        doc = self.document()
        y = self.verticalScrollBar().value() + 2
        x = doc.rootFrame().frameFormat().leftMargin() + 1
        pos16 = doc.documentLayout().hitTest(QPointF(x, y), Qt.HitTestAccuracy.FuzzyHit)
        return self._u16.from_utf16(max(0, pos16))

    def _on_scrolled(self, _value: int) -> None:
        if self.bar.isVisible():
            self._show_bar()
        if self._scrolling or self._article is None:
            return
        self._top = self._offset_at_top()
        self._position_timer.start()

    def _save_position(self) -> None:
        self._position_timer.stop()
        if self._article is None or self._top == self._saved_top:
            return
        self._saved_top = self._top
        try:
            self._library.set_reading_position(self._article.id, self._top)
        except LibraryError:
            return
        self.positionChanged.emit(self._top)

    def flush(self) -> None:
        """Save the reading position now if a save is pending (call before closing)."""
        if self._position_timer.isActive():
            self._save_position()

    def _line_top(self, offset: int) -> float | None:
        """Document y of the line holding ``offset`` (lays the document out that far)."""
        doc = self.document()
        pos16 = self._u16.to_utf16(offset)
        block = doc.findBlock(pos16)
        if not block.isValid():
            return None
        rect = doc.documentLayout().blockBoundingRect(block)
        line = block.layout().lineForTextPosition(pos16 - block.position())
        return rect.top() + (line.y() if line.isValid() else 0.0)

    def _scroll_to_y(self, y: float) -> None:
        bar = self.verticalScrollBar()
        self._scrolling = True
        try:
            bar.setValue(round(y))
        finally:
            self._scrolling = False

    def _scroll_to_top(self, offset: int) -> None:
        if self._article is None:
            return
        y = 0.0 if offset <= 0 else self._line_top(offset)
        if y is not None:
            self._scroll_to_y(y)
        self._top = offset

    def scroll_to_offset(self, offset: int, *, flash: bool = False) -> None:
        """Bring ``offset`` into view (a third down the view); ``flash`` marks it briefly."""
        if self._article is None:
            return
        offset = max(0, min(offset, len(self._article.text)))
        y = self._line_top(offset)
        if y is None:
            return
        view = self.viewport().height()
        current = self.verticalScrollBar().value()
        if not current + 0.1 * view <= y <= current + 0.8 * view:
            self._scroll_to_y(max(0.0, y - view / 3))
            self._top = self._offset_at_top()
            self._position_timer.start()
        if flash:
            self._flash(offset)

    def _flash(self, offset: int) -> None:
        hits = [h for h in self._highlights.values() if not h.orphaned and h.start == offset]
        cursor = QTextCursor(self.document())
        if hits:
            h = min(hits, key=lambda h: h.end - h.start)
            cursor.setPosition(self._u16.to_utf16(h.start))
            cursor.setPosition(self._u16.to_utf16(h.end), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.setPosition(self._u16.to_utf16(offset))
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfLine, QTextCursor.MoveMode.KeepAnchor
            )
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        colour = QColor(self._theme.accent)
        colour.setAlpha(110)
        fmt.setBackground(colour)
        selection.format = fmt
        selection.cursor = cursor
        self.setExtraSelections([selection])
        self._flash_timer.start()

    # -- selection -----------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points into the canonical text, trimmed of white space."""
        cursor = self.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        text = self._article.text
        start = self._u16.from_utf16(cursor.selectionStart())
        end = self._u16.from_utf16(cursor.selectionEnd())
        end = min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

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
        if rng is None and self.bar.isVisible() and self._selected is None:
            self.bar.hide()
        if rng != self._last_range:
            self._last_range = rng
            self.selectionRangeChanged.emit(rng)

    # -- highlighting --------------------------------------------------------

    @property
    def current_colour(self) -> str:
        return self._colour

    @current_colour.setter
    def current_colour(self, colour: str) -> None:
        if colour not in COLOURS:
            raise ValueError(f"unknown colour {colour!r} (use one of {', '.join(COLOURS)})")
        self._colour = colour

    @property
    def current_style(self) -> str:
        return self._style

    @current_style.setter
    def current_style(self, style: str) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r} (use one of {', '.join(STYLES)})")
        self._style = style

    def highlight_selection(
        self, colour: str | None = None, style: str | None = None
    ) -> Highlight | None:
        """Highlight the selected text (undoable); None when nothing is selected."""
        rng = self.selected_range()
        if rng is None or self._article is None:
            return None
        command = AddHighlight(
            self._library,
            self._stack,
            self._article.id,
            *rng,
            colour=colour or self._colour,
            style=style or self._style,
        )
        self._stack.push(command)
        highlight = command.highlight
        self._clear_selection()
        self.bar.hide()
        return highlight

    def selected_highlight(self) -> str | None:
        return self._selected

    def highlight(self, highlight_id: str) -> Highlight | None:
        """A highlight of the open article, as last loaded."""
        return self._highlights.get(highlight_id)

    def select_highlight(self, highlight_id: str | None) -> None:
        """Mark a highlight as selected (outlined, with the bar); None clears."""
        if highlight_id is not None and highlight_id not in self._highlights:
            highlight_id = None
        changed = highlight_id != self._selected
        self._selected = highlight_id
        if highlight_id is None:
            self.bar.hide()
        else:
            self._show_bar()
        self.viewport().update()
        if changed:
            self.highlightSelected.emit(highlight_id)

    def set_highlight_colour(self, highlight_id: str, colour: str) -> None:
        self._stack.push(ChangeHighlight(self._library, self._stack, highlight_id, colour=colour))

    def set_highlight_style(self, highlight_id: str, style: str) -> None:
        self._stack.push(ChangeHighlight(self._library, self._stack, highlight_id, style=style))

    def delete_highlight(self, highlight_id: str) -> None:
        if highlight_id == self._selected:
            self.select_highlight(None)
        self._stack.push(DeleteHighlight(self._library, self._stack, highlight_id))

    def _delete_selected(self) -> None:
        if self._selected:
            self.delete_highlight(self._selected)

    def edit_note(self, highlight_id: str | None = None) -> None:
        """Open the note and tags editor for a highlight (the selected one; else highlight
        the selection first). Saving pushes an undoable change."""
        hid = highlight_id or self._selected
        if hid is None:
            made = self.highlight_selection()
            hid = made.id if made else None
        if hid is None:
            return
        try:
            h = self._library.highlight(hid)
            known = [name for name, _ in self._library.tags()]
        except LibraryError:
            return
        if self._note_editor is not None:
            self._note_editor.close()
        editor = NoteEditor(h.exact, h.note, h.tags, known, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._save_note(hid, editor.note(), editor.tags()))
        editor.destroyed.connect(lambda: setattr(self, "_note_editor", None))
        self._note_editor = editor
        editor.open()

    def _save_note(self, highlight_id: str, note: str, tags: list[str]) -> None:
        try:
            h = self._library.highlight(highlight_id)
        except LibraryError:
            return
        if note == h.note and tags == h.tags:
            return
        self._stack.push(
            ChangeHighlight(self._library, self._stack, highlight_id, note=note, tags=tags)
        )

    def attach_orphan(self, highlight_id: str) -> bool:
        """Attach a (usually orphaned) highlight to the selection; False when none."""
        rng = self.selected_range()
        if rng is None:
            return False
        self._stack.push(ReattachHighlight(self._library, self._stack, highlight_id, *rng))
        self._clear_selection()
        return True

    def _bar_colour(self, colour: str) -> None:
        if self._selected:
            self.set_highlight_colour(self._selected, colour)
        else:
            self.current_colour = colour
            self.highlight_selection(colour)

    def _bar_underline(self, on: bool) -> None:
        style = "underline" if on else "highlight"
        if self._selected:
            self.set_highlight_style(self._selected, style)
        else:
            self.current_style = style

    # -- mouse, keys, menu ---------------------------------------------------

    def highlight_at(self, pos: QPoint) -> str | None:
        """The innermost highlight under a viewport position."""
        offset = self._char_at(pos)
        if offset is None or self._painter is None:
            return None
        ids = self._painter.ids_at(offset)
        return ids[0] if ids else None

    def _char_at(self, pos: QPoint) -> int | None:
        doc = self.document()
        point = QPointF(pos) + QPointF(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )
        pos16 = doc.documentLayout().hitTest(point, Qt.HitTestAccuracy.ExactHit)
        if pos16 < 0:
            return None
        cursor = QTextCursor(doc)
        cursor.setPosition(pos16)
        if pos.x() < self.cursorRect(cursor).x() and pos16 > cursor.block().position():
            pos16 -= 1
        return self._u16.from_utf16(pos16)

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self._show_bar()
            return
        if press is None or (pos - press).manhattanLength() > 4 or self.anchorAt(pos):
            return
        ids = self._painter.ids_at(self._char_at(pos) or -1) if self._painter else ()
        if ids and self._selected in ids and len(ids) > 1:  # click again: the next one out
            hid = ids[(ids.index(self._selected) + 1) % len(ids)]
        else:
            hid = ids[0] if ids else None
        self.select_highlight(hid)

    def _key_action(self, event: QKeyEvent) -> Callable[[], object] | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return None
        key = event.key()
        has_selection = self.selected_range() is not None
        if key == Qt.Key.Key_H and has_selection:
            return self.highlight_selection
        if key == Qt.Key.Key_N and (has_selection or self._selected):
            return self.edit_note
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected:
            return self._delete_selected
        if key == Qt.Key.Key_Escape and (has_selection or self._selected or self.bar.isVisible()):
            return self._escape
        return None

    def _escape(self) -> None:
        self._clear_selection()
        self.select_highlight(None)
        self.bar.hide()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._key_action(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action is not None:
            action()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = build_context_menu(self, event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- painting ------------------------------------------------------------

    def _show_bar(self) -> None:
        """Place the bar by the selection, or by the selected highlight."""
        if self._article is None:
            self.bar.hide()
            return
        cursor = self.textCursor()
        h = self._highlights.get(self._selected) if self._selected else None
        if cursor.hasSelection() and self.selected_range():
            rects = range_rects(self.document(), cursor.selectionStart(), cursor.selectionEnd())
        elif h is not None and not h.orphaned:
            rects = range_rects(
                self.document(), self._u16.to_utf16(h.start), self._u16.to_utf16(h.end)
            )
        else:
            self.bar.hide()
            return
        if not rects:
            self.bar.hide()
            return
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        first = rects[0].translated(-offset).toAlignedRect()
        if first.bottom() < 0 or first.top() > self.viewport().height():
            self.bar.hide()
            return
        if h is not None and not cursor.hasSelection():
            self.bar.show_for_highlight(first, h.colour, h.style)
        else:
            self.bar.show_for_selection(first, self._style)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._article is None:
            return
        painter = QPainter(self.viewport())
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        painter.translate(-dx, -dy)
        top = self.cursorForPosition(QPoint(0, 0)).block()
        if top.previous().isValid():
            top = top.previous()
        em = self._look().em()
        paint_block_marks(painter, top, dy + self.viewport().height(), self._theme, em)
        h = self._highlights.get(self._selected) if self._selected else None
        if h is not None and not h.orphaned:
            rects = range_rects(
                self.document(), self._u16.to_utf16(h.start), self._u16.to_utf16(h.end)
            )
            paint_outline(painter, rects, QColor(self._theme.accent))
        painter.end()

    def visible_rect_of(self, start: int, end: int) -> QRect | None:
        """Viewport rectangle of the first line of ``text[start:end]`` (for tests and tips)."""
        rects = range_rects(self.document(), self._u16.to_utf16(start), self._u16.to_utf16(end))
        if not rects:
            return None
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return rects[0].translated(-offset).toAlignedRect()
