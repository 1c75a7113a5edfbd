"""Highlights > Deleted Highlights…: the highlights trash in the window (the command
line's ``highlights --trash`` and ``restore-highlight``): each deleted highlight with its
last text and note (a highlight deleted on one computer and edited on another keeps the
edit here), restorable one or several at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.storage.errors import NotFound

if TYPE_CHECKING:
    from reader.core.storage.library import Library

ID_ROLE = Qt.ItemDataRole.UserRole


class HighlightTrashDialog(QDialog):
    """Lists the highlights trash; ``restored(article_id)`` is called after each restore."""

    def __init__(
        self,
        library: Library,
        restored: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Deleted Highlights")
        self.setObjectName("highlight_trash_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.library = library
        self._restored = restored
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["Highlight", "Note", "Article", "Deleted"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _item, _col: self.restore_selected())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.setToolTip("Put the selected highlights back on their articles")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.load()

    def load(self) -> None:
        self.list.clear()
        for trashed in self.library.highlight_trash.list():
            h = trashed.highlight
            deleted = trashed.deleted_at[:16].replace("T", " ")
            item = QTreeWidgetItem([_line(h.exact), _line(h.note), trashed.article_title, deleted])
            item.setToolTip(0, h.exact)
            item.setToolTip(1, h.note)
            item.setData(0, ID_ROLE, h.id)
            self.list.addTopLevelItem(item)
        for column, width in enumerate((230, 200, 150)):
            self.list.setColumnWidth(column, width)
        count = self.list.topLevelItemCount()
        self.status.setText(
            "The highlights trash is empty." if count == 0 else f"{count} deleted highlight(s)."
        )
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))

    def restore_selected(self) -> None:
        ids = [item.data(0, ID_ROLE) for item in self.list.selectedItems()]
        problems = []
        for highlight_id in ids:
            try:
                back = self.library.highlight_trash.restore(highlight_id)
            except NotFound as e:  # its article is in the trash, or another device purged it
                problems.append(str(e))
                continue
            self._restored(back.article_id)
        self.load()
        restored = len(ids) - len(problems)
        text = f"Restored {restored} highlight(s)." if restored else ""
        if problems:
            text += f" Not restored: {problems[0]} (restore its article first)"
        self.status.setText(text.strip())


def _line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:119] + "…"
