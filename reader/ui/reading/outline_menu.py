"""The book's contents as a menu: each chapter of the open article's outline, indented by
its level, the reader's chapter checked; choosing one jumps there.

View > Contents (Ctrl+Shift+T) pops it up over the reading pane; an article without
chapters gets a menu that says so. Long outlines scroll (Qt menus do), and the menu is
made afresh each time, so it always shows the open article's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from reader.core.models import OutlineEntry
from reader.core.outline import locate

MAX_LABEL = 70  # characters of a chapter's title shown in the menu
INDENT = "    "


def chapters(outline: Sequence[OutlineEntry]) -> list[OutlineEntry]:
    return [e for e in outline if e.kind == "chapter"]


def label_of(entry: OutlineEntry) -> str:
    text = entry.label if len(entry.label) <= MAX_LABEL else entry.label[: MAX_LABEL - 1] + "…"
    # "&" marks a mnemonic in a menu: double it to show it.
    return INDENT * max(0, entry.level - 1) + text.replace("&", "&&")


def contents_menu(
    parent: QWidget, outline: Sequence[OutlineEntry], at: int, jump: Callable[[int], object]
) -> QMenu:
    """A menu of ``outline``'s chapters; the one holding offset ``at`` is checked."""
    menu = QMenu(parent)
    menu.setObjectName("contentsMenu")
    entries = chapters(outline)
    if not entries:
        empty = menu.addAction("This article has no chapters")
        empty.setEnabled(False)
        return menu
    here = locate(entries, at).chapter
    for entry in entries:
        action = QAction(label_of(entry), menu)
        action.setCheckable(True)
        action.setChecked(entry == here)
        action.setToolTip(f"Go to “{entry.label}”")
        action.triggered.connect(lambda _c=False, offset=entry.offset: jump(offset))
        menu.addAction(action)
    current = next((a for a in menu.actions() if a.isChecked()), None)
    if current is not None:
        menu.setActiveAction(current)
    return menu
