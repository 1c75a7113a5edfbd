"""Tag an article: its tags as one comma-separated line, the tags in use completed as you
type each one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class LastWordCompleter(QCompleter):
    """Completes the tag after the last comma, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:
        field = self.widget()
        done = field.text().rsplit(",", 1) if isinstance(field, QLineEdit) else [""]
        before = done[0] + ", " if len(done) == 2 else ""
        return before + str(index.data())


def split_tags(text: str) -> list[str]:
    """Tags from what was typed: separated by commas, trimmed, each once (as first typed)."""
    seen, tags = set(), []
    for part in text.split(","):
        tag = " ".join(part.split()).lstrip("#")
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


class TagsDialog(QDialog):
    def __init__(self, title: str, tags: list[str], known: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tagsDialog")
        self.setWindowTitle("Tags")
        self.setMinimumWidth(420)
        label = QLabel(f"Tags of “{title}”, separated by commas:", self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a title is never markup
        label.setWordWrap(True)
        self.field = QLineEdit(", ".join(tags), self)
        self.field.setObjectName("tagsField")
        self.field.setPlaceholderText("e.g. essays, to reread")
        completer = LastWordCompleter(QStringListModel(sorted(known, key=str.casefold)), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.field.setCompleter(completer)  # it asks splitPath and pathFromIndex
        self.completer = completer
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(buttons)

    def tags(self) -> list[str]:
        return split_tags(self.field.text())
