"""Help > Keyboard Shortcuts: every shortcut, listed from the action table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..actions import READER, SPECS, shortcut_rows

# Keys that work without an action behind them.
EXTRA = (
    ("Library", "Move from the search field into the results", "Down"),
    ("Library", "Open the chosen search hit", "Enter"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcuts_dialog")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        groups: dict[str, QTreeWidgetItem] = {}
        reader_keys = {
            spec.label.replace("&", "") for spec in SPECS.values() if spec.scope == READER
        }
        for group, label, keys in [*shortcut_rows(), *EXTRA]:
            parent_item = groups.get(group)
            if parent_item is None:
                parent_item = groups[group] = QTreeWidgetItem(self.tree, [group, ""])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
            if label in reader_keys:
                label += "  (in the article)"
            QTreeWidgetItem(parent_item, [label, keys])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Shortcuts marked “in the article” work while the article has the keyboard focus.",
                self,
                wordWrap=True,
            )
        )
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(520, 560)
