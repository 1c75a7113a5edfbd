"""The notes pane's column in the window: a place in the theme's colour for the first
frame, the notes pane itself just after it.

The notes pane (its note field, its two lists with their delegates, and the Qt
classes they bring) is not needed to show the window: the window asks for it just
after its first paint, or as soon as anything needs it (``made``). It then shows the
open article and takes the place's room in the splitter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSplitter, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from reader.core.storage.library import Library
    from reader.ui.highlights.model import HighlightsModel
    from reader.ui.notes.pane import NotesPane
    from reader.ui.reading.pane import ReadingPane
    from reader.ui.theme import Theme


class NotesSlot:
    """Holds the notes pane's place until ``made`` puts the pane there."""

    def __init__(
        self,
        library: Library,
        highlights: HighlightsModel,
        undo_stack: QUndoStack,
        reading_pane: ReadingPane,
        on_attach: Callable[[str], object],
        parent: QWidget,
    ) -> None:
        self._library, self._stack, self._reading = library, undo_stack, reading_pane
        self._highlights = highlights
        self._on_attach = on_attach
        self.place = QWidget(parent)  # deleted once the pane stands in its stead
        self.place.setObjectName("notesPlace")
        self.pane: NotesPane | None = None

    def made(self, splitter: QSplitter, article_id: int | None) -> NotesPane:
        """The notes pane, showing ``article_id`` and wired to the reading pane (made now,
        in the place's stead, the first time)."""
        if self.pane is not None:
            return self.pane
        from reader.ui.notes.pane import NotesPane

        rp = self._reading
        notes = self.pane = NotesPane(
            self._library, self._highlights, self._stack, splitter.parentWidget()
        )
        notes.set_theme(rp.theme_name)
        notes.show_article(article_id)
        notes.select_highlight(rp.selected_highlight())
        notes.jumpRequested.connect(lambda offset: rp.scroll_to_offset(offset, flash=True))
        notes.highlightActivated.connect(rp.select_highlight)
        notes.attachOrphanRequested.connect(self._on_attach)
        rp.highlightSelected.connect(notes.select_highlight)
        sizes = splitter.sizes()
        splitter.replaceWidget(splitter.indexOf(self.place), notes)
        splitter.setSizes(sizes)
        self.place.deleteLater()
        return notes

    def set_theme(self, theme: Theme) -> None:
        """The pane's theme, or the place's background as the pane's will be."""
        if self.pane is not None:
            self.pane.set_theme(theme.name)
        else:
            self.place.setPalette(theme.palette(self.place.palette()))
            self.place.setAutoFillBackground(True)
