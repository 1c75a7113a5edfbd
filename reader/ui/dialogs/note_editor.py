"""Edit a highlight's note and tags.

Opened window-modal with ``open()`` (not ``exec()``), so callers connect
``accepted`` and read :meth:`NoteEditor.note` and :meth:`NoteEditor.tags`.
Ctrl+Enter saves.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.storage.library import Library, LibraryError

QUOTE_CHARS = 320


def split_tags(text: str) -> list[str]:
    """Tags typed as "a, b c, #d": commas separate; a leading # is dropped."""
    return [t.strip().lstrip("#").strip() for t in text.split(",") if t.strip().lstrip("#")]


class NoteEditor(QDialog):
    """A dialog with the highlighted quote, a note field and a tags field."""

    def __init__(
        self,
        quote: str,
        note: str = "",
        tags: Iterable[str] = (),
        known_tags: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setWindowTitle("Note and tags")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(460, 320)
        layout = QVBoxLayout(self)
        shown = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rstrip() + " …"
        self.quote = QLabel(f"“{shown}”")
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setStyleSheet("font-style: italic;")
        layout.addWidget(self.quote)
        form = QFormLayout()
        self.note_edit = QPlainTextEdit(note)
        self.note_edit.setPlaceholderText("Your thoughts on this passage…")
        self.note_edit.setTabChangesFocus(True)
        form.addRow("&Note", self.note_edit)
        self.tags_edit = QLineEdit(", ".join(tags))
        self.tags_edit.setPlaceholderText("tags, separated by commas")
        known = sorted(set(known_tags), key=str.lower)
        if known:
            completer = QCompleter(known, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.tags_edit.setCompleter(completer)
        form.addRow("&Tags", self.tags_edit)
        layout.addLayout(form, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.note_edit.setFocus()
        self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def tags(self) -> list[str]:
        return split_tags(self.tags_edit.text())


def edit_highlight_note(
    parent: QWidget, library: Library, stack: QUndoStack, highlight_id: str
) -> NoteEditor | None:
    """Open the editor on a highlight; saving pushes an undoable change. None if it is gone."""
    from reader.ui.highlights.undo import ChangeHighlight

    try:
        h = library.highlights.get(highlight_id)
        known = [name for name, _ in library.tags.in_use()]
    except LibraryError:
        return None
    editor = NoteEditor(h.exact, h.note, h.tags, known, parent=parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def save() -> None:
        note, tags = editor.note(), editor.tags()
        try:
            now = library.highlights.get(
                highlight_id
            )  # it may have changed while the editor was open
        except LibraryError:
            return
        if note != now.note or tags != now.tags:
            stack.push(ChangeHighlight(library, stack, highlight_id, note=note, tags=tags))

    editor.accepted.connect(save)
    editor.open()
    return editor
