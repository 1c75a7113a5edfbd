"""The notes pane: the open article's note, its highlights in reading order, and its orphans.

The article note is saved as you type (after a short pause), when the field
loses focus, and on :meth:`NotesPane.flush` (the window calls it on close).
The two lists show the window's ``HighlightsModel`` (shared with the reading
pane) through filters, so each change to a highlight moves one row. Highlight
edits go through the undo commands in ``highlights.undo``, so both panes follow
and Ctrl+Z works whichever pane made the change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import Highlight
from reader.core.storage.library import Library, LibraryError
from reader.ui import theme as themes
from reader.ui.highlights.model import HIGHLIGHT_ROLE, HighlightsModel
from reader.ui.highlights.undo import DeleteHighlight
from reader.ui.notes.highlight_list import HighlightDelegate, HighlightFilter
from reader.ui.notes.related_list import RelatedList
from reader.ui.viewports import own_viewport

NOTE_DEBOUNCE_MS = 400
EMPTY_HINT = "No highlights yet.\nSelect text and press H to highlight."
NO_ARTICLE_HINT = "Open an article to see its notes and highlights."


class NotesPane(QWidget):
    """Notes and highlights of the article open in the reading pane."""

    jumpRequested = Signal(int)  # offset to scroll the reading pane to
    highlightActivated = Signal(str)  # a highlight clicked in the list
    attachOrphanRequested = Signal(str)  # "attach to selection" on an orphan
    noteSaved = Signal(int)  # article id whose note was written to the library
    relatedOpenRequested = Signal(int, int, str)  # a related passage clicked: article, offset

    def __init__(
        self,
        library: Library,
        highlights: HighlightsModel,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notesPane")
        self._library = library
        self.highlights = highlights
        self._stack = undo_stack
        self._article_id: int | None = None
        self._dirty = False
        self._theme = themes.for_name("light")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        self.note_label = self._heading("Article note")
        layout.addWidget(self.note_label)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("articleNote")
        self.note_edit.setPlaceholderText("Your notes on the whole article…")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(96)
        self.note_edit.setAccessibleName("Article note")
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.installEventFilter(self)
        layout.addWidget(self.note_edit)

        self.highlights_label = self._heading("Highlights")
        layout.addWidget(self.highlights_label)
        self.model = HighlightFilter(highlights, orphans=False, parent=self)
        self.delegate = HighlightDelegate(self._theme, parent=self)
        self.list = self._list_view(self.model, self.delegate, "highlightList")
        self.empty = QLabel(EMPTY_HINT)
        self.empty.setObjectName("notesEmptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 3)

        self.orphans_label = self._heading("Orphaned highlights")
        self.orphans_label.setToolTip(
            "The article's text changed and these passages were not found again. "
            "Select where one belongs in the article and attach it."
        )
        layout.addWidget(self.orphans_label)
        self.orphan_model = HighlightFilter(highlights, orphans=True, parent=self)
        self.orphan_delegate = HighlightDelegate(self._theme, orphans=True, parent=self)
        self.orphan_delegate.attachClicked.connect(self.attachOrphanRequested)
        self.orphan_list = self._list_view(self.orphan_model, self.orphan_delegate, "orphanList")
        layout.addWidget(self.orphan_list)
        self.related = RelatedList(library)
        self.related.openRequested.connect(self.relatedOpenRequested)
        layout.addWidget(self.related, 2)

        self._save_timer = QTimer(self, singleShot=True, interval=NOTE_DEBOUNCE_MS)
        self._save_timer.timeout.connect(self.flush)
        # Rows come and go one at a time (an orphan attached changes lists: dataChanged).
        # Counted from the shared model's signals, not the filters': these slots run after
        # the filters' own (connected when they were made above), so both lists have
        # followed the change when they are counted.
        for signal in (
            highlights.rowsInserted,
            highlights.rowsRemoved,
            highlights.dataChanged,
            highlights.modelReset,
        ):
            signal.connect(self._counted)
        self.set_theme("light")
        self.note_edit.setEnabled(False)  # no article yet; the model may hold one already
        self._counted()

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.92)
        label.setFont(font)
        return label

    def _list_view(
        self, model: HighlightFilter, delegate: HighlightDelegate, name: str
    ) -> QListView:
        view = QListView()
        own_viewport(view)
        view.setObjectName(name)
        view.setModel(model)
        view.setItemDelegate(delegate)
        view.setFrameShape(QListView.Shape.NoFrame)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        # Rows of different heights are laid out 50 at a time between other events, so
        # a change to an article with 1,000 highlights does not hold up the reading
        # pane's paint (10 ms of a new highlight's 35).
        view.setLayoutMode(QListView.LayoutMode.Batched)
        view.setBatchSize(50)
        view.setMouseTracking(True)
        view.setWordWrap(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: self._menu(v, pos))
        view.clicked.connect(self._clicked)
        view.activated.connect(self._clicked)
        view.doubleClicked.connect(lambda index: self.edit_note(self._id(index)))
        view.installEventFilter(self)
        return view

    # -- content -------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self._article_id

    def show_article(self, article_id: int | None) -> None:
        """Show the note and highlights of an article; None empties the pane."""
        self.flush()
        self._article_id = article_id
        note = ""
        if article_id is not None:
            try:
                note = self._library.articles.note(article_id)
            except LibraryError:
                self._article_id = None
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(note)
        self.note_edit.blockSignals(False)
        self._dirty = False
        self.note_edit.setEnabled(self._article_id is not None)
        self.highlights.open(self._article_id)  # read unless already held
        self._counted()

    def _counted(self) -> None:
        """Rows came or went: the headings' counts, the hint, the orphans' room."""
        anchored, orphans = self.model.rowCount(), self.orphan_model.rowCount()
        self.empty.setText(NO_ARTICLE_HINT if self._article_id is None else EMPTY_HINT)
        self.stack.setCurrentWidget(self.list if anchored else self.empty)
        count = f" ({anchored})" if anchored else ""
        self.highlights_label.setText(f"Highlights{count}")
        self.orphans_label.setVisible(bool(orphans))
        self.orphan_list.setVisible(bool(orphans))
        self._fit_orphans()
        self.orphans_label.setText(f"Orphaned highlights ({orphans})")

    def _fit_orphans(self) -> None:
        """Orphans take the room their rows need, up to two fifths of the pane."""
        view, rows = self.orphan_list, self.orphan_model.rowCount()
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = QRect(0, 0, max(120, view.viewport().width()), 0)
        needed = sum(
            self.orphan_delegate.sizeHint(option, self.orphan_model.index(row)).height()
            for row in range(min(rows, 20))
        )
        view.setFixedHeight(max(40, min(needed + 4, int(self.height() * 0.4))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.orphan_model.rowCount():
            self._fit_orphans()

    def select_highlight(self, highlight_id: str | None) -> None:
        """Select (and scroll to) a highlight's row; None clears the selection."""
        self.related.show_for(highlight_id)
        for view, model in ((self.list, self.model), (self.orphan_list, self.orphan_model)):
            row = model.row_of(highlight_id) if highlight_id else -1
            if row >= 0:
                view.setCurrentIndex(model.index(row))
                view.scrollTo(model.index(row))
            else:
                view.clearSelection()

    def set_theme(self, name: str) -> None:
        self._theme = themes.for_name(name)
        palette = self._theme.palette(self.palette())
        self.setPalette(palette)
        for widget in (self.note_edit, self.list, self.orphan_list, self.empty, self.related):
            widget.setPalette(palette)
        self.empty.setStyleSheet(f"color: {self._theme.muted};")
        self.related.hint.setStyleSheet(f"color: {self._theme.muted};")
        self.setAutoFillBackground(True)
        for delegate in (self.delegate, self.orphan_delegate):
            delegate.set_theme(self._theme)
        self.list.viewport().update()
        self.orphan_list.viewport().update()

    # -- the article note ----------------------------------------------------

    def _note_typed(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def flush(self) -> None:
        """Write a pending article note to the library now."""
        self._save_timer.stop()
        if not self._dirty or self._article_id is None:
            return
        self._dirty = False
        try:
            self._library.articles.set_note(self._article_id, self.note_edit.toPlainText())
        except LibraryError:
            return
        self.noteSaved.emit(self._article_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        elif (
            isinstance(watched, QListView)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            hid = self._id(watched.currentIndex())
            if hid and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_highlight(hid)
                return True
            if hid and event.key() == Qt.Key.Key_N:
                self.edit_note(hid)
                return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)

    # -- highlights ----------------------------------------------------------

    @staticmethod
    def _id(index: QModelIndex) -> str | None:
        h = index.data(HIGHLIGHT_ROLE) if index.isValid() else None
        return h.id if h else None

    def _clicked(self, index: QModelIndex) -> None:
        h: Highlight | None = index.data(HIGHLIGHT_ROLE)
        if h is None:
            return
        if not h.orphaned:
            self.jumpRequested.emit(h.start)
        self.highlightActivated.emit(h.id)

    def edit_note(self, highlight_id: str | None) -> None:
        """Open the note and tags editor for a highlight; saving is undoable."""
        if highlight_id is not None:
            from reader.ui.dialogs.note_editor import edit_highlight_note  # not needed to start

            edit_highlight_note(self, self.highlights, self._stack, highlight_id)

    def delete_highlight(self, highlight_id: str) -> None:
        self._stack.push(DeleteHighlight(self.highlights, highlight_id))

    def _menu(self, view: QListView, pos: QPoint) -> None:
        hid = self._id(view.indexAt(pos))
        if hid is None:
            return
        menu = QMenu(self)
        for text, slot in self._menu_entries(hid, view is self.orphan_list):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _menu_entries(self, hid: str, orphan: bool) -> list[tuple[str, Callable[[], None]]]:
        entries = [("Edit note and tags…", lambda: self.edit_note(hid))]
        if orphan:
            entries.insert(0, ("Attach to selection", lambda: self.attachOrphanRequested.emit(hid)))
        entries.append(("Delete highlight", lambda: self.delete_highlight(hid)))
        return entries
