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

from reader.ui.actions import (
    ACTIONS,
    LIBRARY,
    MENUS,
    READER,
    SPECS,
    ActionSpec,
    help_label,
    key_text,
)

SCOPES = {READER: "in the article", LIBRARY: "in the list"}

# Keys that work without an action behind them.
EXTRA = (
    ("Library", "Move from the search field into the results", "Down"),
    ("Library", "Open the chosen search hit", "Enter"),
    ("Article", "Copy the title and address  (in the article)", "Ctrl+Shift+C"),
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
        where = {
            help_label(spec): SCOPES[spec.scope] for spec in SPECS.values() if spec.scope in SCOPES
        }
        for group, label, keys in [*shortcut_rows(), *EXTRA]:
            parent_item = groups.get(group)
            if parent_item is None:
                parent_item = groups[group] = QTreeWidgetItem(self.tree, [group, ""])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
            if label in where:
                label += f"  ({where[label]})"
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
                "Keys marked “in the article” or “in the list” work while that pane has the "
                "keyboard focus.",
                self,
                wordWrap=True,
            )
        )
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.tree.setSizeAdjustPolicy(QTreeWidget.SizeAdjustPolicy.AdjustToContents)
        self.resize(540, self.sizeHint().height())


def shortcut_rows(specs: tuple[ActionSpec, ...] = ACTIONS) -> list[tuple[str, str, str]]:
    """(menu title, action label, keys) for every action that has a shortcut."""
    titles = dict(MENUS)
    rows = []
    for spec in specs:
        if spec.shortcuts:
            keys = "  or  ".join(key_text(s) for s in spec.shortcuts)
            rows.append((titles[spec.menu].replace("&", ""), help_label(spec), keys))
    return rows
