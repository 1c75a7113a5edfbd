"""The reading pane: the article, and everything the reader does to it with highlights.

``ReadingView`` (``view``) shows the article and paints the highlights of the
window's ``HighlightsModel``; this class turns selections into highlights,
selects highlights by clicking, offers the small highlight bar and the context
menu, and pushes every change as a command from ``highlights.undo`` on the
window's undo stack (so Ctrl+Z works, whoever made the change). It never
repaints after its own commands: the model's events do that, for both panes.

Keys. The pane itself handles H (highlight the selection), N (note on the selected
highlight, or highlight the selection and note it), Delete/Backspace (delete the
selected highlight), Escape (clear the selection and the selected highlight) and
Ctrl+Shift+C (copy the title and address), but only when it can act on them: it then
accepts the ShortcutOverride event, so a window QAction with the same shortcut does
not fire as well. When the pane cannot act (nothing selected), it leaves the key
alone and the window's action gets it. Either way the same method runs once.
The keys 1 to 6 (colour) and U (underline) are the window's actions alone
(``reading_choices``): they call ``choose_colour`` and ``toggle_style``.

A selection made with the mouse is widened to whole words when the button is let go
(``words.snap_to_words``: not inside CJK text, where characters are words), so what is
highlighted is what the reader sees selected; holding Alt while letting go keeps the
selection exactly as dragged. Keyboard selections (Shift+arrows) are kept as made.
Highlights store the selected characters, trimmed of leading and trailing white space
(including the newline between paragraphs). A new highlight becomes the selected one,
so N, 1-6 and Delete act on it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QTextCursor, QUndoStack
from PySide6.QtWidgets import QToolTip, QWidget

from reader.core.models import COLOURS, STYLES, Highlight, PictureUse
from reader.core.storage.library import Library
from reader.core.words import snap_to_words
from reader.ui.highlights.model import HighlightsModel
from reader.ui.highlights.undo import (
    AddHighlight,
    ChangeHighlight,
    DeleteHighlight,
    ReattachHighlight,
)
from reader.ui.reading.bar import HighlightBar
from reader.ui.reading.book_view import BookView
from reader.ui.reading.geometry import first_block_in_view
from reader.ui.reading.links import refusal, refused_href_at
from reader.ui.reading.progress import ProgressBadge

if TYPE_CHECKING:
    from reader.ui.dialogs.note_editor import NoteEditor
    from reader.ui.reading.find import Finder
    from reader.ui.reading.viewer import PictureViewer
    from reader.ui.theme import Theme


class ReadingPane(BookView):
    """Shows an article from the library; the user reads, selects and highlights."""

    highlightSelected = Signal(object)  # highlight id (str) or None
    colourChanged = Signal(str)  # the colour new highlights get
    styleChanged = Signal(str)  # the style new highlights get

    def __init__(
        self,
        library: Library,
        highlights: HighlightsModel,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, highlights, parent)
        self.setObjectName("readingPane")
        self._stack = undo_stack
        self._colour, self._style = "yellow", "highlight"
        self._press: QPoint | None = None
        self._note_editor: NoteEditor | None = None
        self._finder: Finder | None = None  # find in the article: made on first use
        self.viewer: PictureViewer | None = None  # the picture shown at full size, if any
        self.bar = HighlightBar(self.viewport())
        self.bar.set_theme(self._theme)
        self.bar.colourChosen.connect(self._bar_colour)
        self.bar.underlineToggled.connect(self._bar_underline)
        self.bar.noteRequested.connect(lambda: self.edit_note())
        self.bar.deleteRequested.connect(self._delete_selected)
        self.progress_badge = ProgressBadge(self)
        self.progress_badge.set_theme(self._theme)
        self.setViewportMargins(0, 0, 0, self.progress_badge.height_needed())  # its line

    # -- following the view --------------------------------------------------

    def show_article(self, article_id: int | None, position: int | None = None) -> None:
        had_selected = self._selected is not None
        self.bar.hide()
        super().show_article(article_id, position)
        self._show_progress()
        if self._finder is not None:
            self._finder.article_changed()
        if had_selected:
            self.highlightSelected.emit(None)

    def _selection_lost(self) -> None:
        self.bar.hide()
        self.highlightSelected.emit(None)

    def set_theme(self, name: str) -> None:
        super().set_theme(name)
        self.bar.set_theme(self._theme)
        self.progress_badge.set_theme(self._theme)

    def _view_moved(self) -> None:
        bar = getattr(self, "bar", None)  # None while the view sets itself up
        if bar is not None and bar.isVisible():
            self._show_bar()
        finder = getattr(self, "_finder", None)
        if finder is not None and finder.bar.isVisible():
            finder.bar.place()
        self._show_progress()

    def _show_progress(self) -> None:
        badge = getattr(self, "progress_badge", None)  # None while the view sets itself up
        if badge is not None:
            article = self._article
            progress = self.progress() if article is not None and article.text else None
            badge.show_progress(progress, self.word_count(), self.viewport(), self.place())

    # -- finding in the article ------------------------------------------------

    @property
    def finder(self) -> Finder:
        """Find in the article (``find.py``), made on first use."""
        if self._finder is None:
            from reader.ui.reading.find import Finder  # not needed to start

            self._finder = Finder(self)
        return self._finder

    def find_in_article(self) -> None:
        """Ctrl+F: the find bar, on the selected words if any."""
        if self._article is not None:
            self.finder.open_bar()

    def find_next(self) -> None:
        if self._article is not None:
            self.finder.next()

    def find_previous(self) -> None:
        if self._article is not None:
            self.finder.previous()

    def mark_search(self, query: str, position: int | None) -> None:
        """Mark where a library search's words are in the open article (a hit opened it)."""
        if self._article is not None:
            self.finder.mark_search(query, position)

    @property
    def article_text(self) -> str:
        return self._article.text if self._article is not None else ""

    @property
    def theme(self) -> Theme:
        return self._theme

    def offsets_in_view(self) -> tuple[int, int]:
        """Code points at the top and the bottom of the view."""
        doc, bar = self.document(), self.verticalScrollBar()
        x = doc.rootFrame().frameFormat().leftMargin() + 1
        fuzzy = Qt.HitTestAccuracy.FuzzyHit
        top, bottom = (
            doc.documentLayout().hitTest(QPointF(x, y), fuzzy)
            for y in (bar.value(), bar.value() + self.viewport().height())
        )
        return self._u16.from_utf16(max(0, top)), self._u16.from_utf16(max(0, bottom))

    def wanted_width(self) -> int:
        """Pixels the pane needs to show its whole column: the text, its least margins and
        the scroll bar (the window's side panes give way to it first)."""
        look = self._look()
        bar = self.verticalScrollBar().sizeHint().width()
        return round(look.column_width() + 3 * look.em() + bar)

    def rects_of(self, start: int, end: int) -> list:
        """Line rectangles of ``text[start:end]`` in document coordinates."""
        return self._rects(start, end)

    def _selection_changed(self, rng: tuple[int, int] | None) -> None:
        if rng is None and self._selected is None:
            self.bar.hide()

    # -- highlighting --------------------------------------------------------

    @property
    def current_colour(self) -> str:
        return self._colour

    @current_colour.setter
    def current_colour(self, colour: str) -> None:
        if colour not in COLOURS:
            raise ValueError(f"unknown colour {colour!r} (use one of {', '.join(COLOURS)})")
        if colour != self._colour:
            self._colour = colour
            self._current_changed()
            self.colourChanged.emit(colour)

    @property
    def current_style(self) -> str:
        return self._style

    @current_style.setter
    def current_style(self, style: str) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r} (use one of {', '.join(STYLES)})")
        if style != self._style:
            self._style = style
            self._current_changed()
            self.styleChanged.emit(style)

    def _current_changed(self) -> None:
        if self.bar.isVisible():
            self._show_bar()  # the bar marks the current colour and style

    def choose_colour(self, colour: str) -> None:
        """Highlight in ``colour`` from now on; recolour the highlight the bar is for."""
        self.current_colour = colour
        h = self._bar_highlight()
        if h is not None and h.colour != colour:
            self.set_highlight_colour(h.id, colour)

    def choose_style(self, style: str) -> None:
        """Highlight in ``style`` from now on; restyle the highlight the bar is for."""
        self.current_style = style
        h = self._bar_highlight()
        if h is not None and h.style != style:
            self.set_highlight_style(h.id, style)

    def toggle_style(self) -> None:
        """Switch between highlighting and underlining (the selected highlight's style,
        when there is one, else the current one)."""
        h = self._bar_highlight()
        style = h.style if h is not None else self._style
        self.choose_style("highlight" if style == "underline" else "underline")

    def _bar_highlight(self) -> Highlight | None:
        """The selected highlight, unless text is selected (the bar is then for the text)."""
        if self._selected is None or self.selected_range() is not None:
            return None
        return self.highlight(self._selected)

    def highlight_selection(
        self, colour: str | None = None, style: str | None = None
    ) -> Highlight | None:
        """Highlight the selected text (undoable); None when nothing is selected."""
        rng = self.selected_range()
        if rng is None or self._article is None:
            return None
        colour, style = colour or self._colour, style or self._style
        command = AddHighlight(self.highlights, self._article.id, *rng, colour=colour, style=style)
        self._stack.push(command)
        self._clear_selection()
        self.bar.hide()
        if command.highlight is not None:
            self.select_highlight(command.highlight.id)  # N, 1-6, Delete act on it now
        return command.highlight

    def selected_highlight(self) -> str | None:
        return self._selected

    def select_highlight(self, highlight_id: str | None) -> None:
        """Mark a highlight as selected (outlined, with the bar); None clears."""
        h = self.highlight(highlight_id)
        highlight_id = h.id if h is not None else None
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
        self._stack.push(ChangeHighlight(self.highlights, highlight_id, colour=colour))

    def set_highlight_style(self, highlight_id: str, style: str) -> None:
        self._stack.push(ChangeHighlight(self.highlights, highlight_id, style=style))

    def delete_highlight(self, highlight_id: str) -> None:
        if highlight_id == self._selected:
            self.select_highlight(None)
        self._stack.push(DeleteHighlight(self.highlights, highlight_id))

    def _delete_selected(self) -> None:
        if self._selected:
            self.delete_highlight(self._selected)

    def edit_note(self, highlight_id: str | None = None) -> None:
        """Open the note and tags editor for a highlight: the given one, else the selected
        one, else a new highlight of the selected text. Saving is undoable."""
        hid = highlight_id or self._selected
        if hid is None:
            made = self.highlight_selection()
            hid = made.id if made else None
        if hid is None:
            return
        if self._note_editor is not None:
            self._note_editor.close()
        from reader.ui.dialogs.note_editor import edit_highlight_note  # not needed to start

        editor = edit_highlight_note(self, self.highlights, self._stack, hid)
        if editor is not None:
            editor.destroyed.connect(lambda: setattr(self, "_note_editor", None))
        self._note_editor = editor

    def attach_orphan(self, highlight_id: str) -> bool:
        """Attach a (usually orphaned) highlight to the selection; False when none."""
        rng = self.selected_range()
        if rng is None:
            return False
        self._stack.push(ReattachHighlight(self.highlights, highlight_id, *rng))
        self._clear_selection()
        return True

    def _bar_colour(self, colour: str) -> None:
        recolour = self._bar_highlight() is not None
        self.choose_colour(colour)  # the last colour picked is the one H uses
        if not recolour:
            self.highlight_selection(colour)

    def _bar_underline(self, on: bool) -> None:
        self.choose_style("underline" if on else "highlight")

    def _show_bar(self) -> None:
        """Place the bar by the selection, or else by the selected highlight."""
        rng = self.selected_range()
        h = self.highlight(self._selected)
        target = rng or ((h.start, h.end) if h is not None else None)
        rect = self.visible_rect_of(*target) if target else None
        if rect is None or rect.bottom() < 0 or rect.top() > self.viewport().height():
            self.bar.hide()
        elif rng is None and h is not None:
            self.bar.show_for_highlight(rect, h.colour, h.style)
        else:
            self.bar.show_for_selection(rect, self._colour, self._style)

    # -- mouse, keys, menu ---------------------------------------------------

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        event.accept()
        if self.textCursor().hasSelection():
            if not event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.snap_selection()
            self._show_bar()
            return
        if press is None or (pos - press).manhattanLength() > 4 or self.anchorAt(pos):
            return
        picture = self.picture_at(pos)
        if picture is not None:
            self.open_picture(picture)
            return
        offset = self._char_at(pos)
        refused = (
            None if offset is None else refused_href_at(self.document(), self._u16.to_utf16(offset))
        )
        if refused is not None:
            self.linkRefused.emit(refusal(refused))
            return
        ids = self.highlight_ids_at(pos)
        if ids and self._selected in ids and len(ids) > 1:  # clicked again: the next one out
            hid = ids[(ids.index(self._selected) + 1) % len(ids)]
        else:
            hid = ids[0] if ids else None
        self.select_highlight(hid)

    def snap_selection(self) -> None:
        """Widen the selection so that neither end cuts a word (the anchor stays the end
        the drag began at)."""
        cursor = self.textCursor()
        if self._article is None or not cursor.hasSelection():
            return
        anchor, position = (self._u16.from_utf16(p) for p in (cursor.anchor(), cursor.position()))
        start, end = sorted((anchor, position))
        start, end = snap_to_words(self._article.text, start, min(end, len(self._article.text)))
        if anchor <= position:
            anchor, position = start, end
        else:
            anchor, position = end, start
        cursor.setPosition(self._u16.to_utf16(anchor))
        cursor.setPosition(self._u16.to_utf16(position), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def set_dim_pictures(self, on: bool) -> None:
        """Show pictures a little dimmed in the dark theme (or not)."""
        self.pictures.dim = on
        self.viewport().update()

    def picture_at(self, pos: QPoint) -> PictureUse | None:
        """The picture under a viewport position, if any."""
        offset = self._scroll_offset()
        first = first_block_in_view(self.document(), self._u16.to_utf16(self._top), offset.y())
        bottom = offset.y() + self.viewport().height()
        return self.pictures.at(first, QPointF(pos) + offset, bottom)

    def open_picture(self, use: PictureUse) -> PictureViewer | None:
        """Show a picture of the open article at full size (Escape closes it)."""
        from reader.ui.reading.viewer import open_full_size  # not needed to start

        self.viewer = open_full_size(self, use)
        return self.viewer

    def _key_action(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What a key does here now, or None to leave it to the window."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if mods == ctrl_shift and key == Qt.Key.Key_C and self._article is not None:
            return self.copy_title
        if mods != Qt.KeyboardModifier.NoModifier:
            return None
        selection = self.selected_range() is not None
        if key == Qt.Key.Key_H and selection:
            return self.highlight_selection
        if key == Qt.Key.Key_N and (selection or self._selected):
            return self.edit_note
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected:
            return self._delete_selected
        if key == Qt.Key.Key_Escape and (selection or self._selected or self.bar.isVisible()):
            return self._escape
        if key == Qt.Key.Key_Escape and self._finder is not None and self._finder.active:
            return self._finder.close_bar
        return None

    def copy_title(self) -> None:
        """Copy the open article's title and address (they are painted, not selectable)."""
        if self._article is not None:
            from reader.ui.reading.copy_title import copy_title  # not needed to start

            copy_title(self._article)

    def _escape(self) -> None:
        self._clear_selection()
        self.select_highlight(None)
        self.bar.hide()

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._key_action(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def wheelEvent(self, event) -> None:  # Ctrl+wheel: the text larger or smaller
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        # a highlight's note, where there is one
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            h = self.highlight(self.highlight_at(event.pos()))
            if h is not None and (h.note or h.tags):
                tags = "  ".join(f"#{t}" for t in h.tags)
                QToolTip.showText(event.globalPos(), "\n".join(filter(None, [h.note, tags])), self)
                return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action is not None:
            action()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        from reader.ui.reading.menu import build_context_menu  # not needed to start

        menu = build_context_menu(self, event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()
