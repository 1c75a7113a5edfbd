"""The reading pane's context menu: Qt's own (copy, select all, link) plus highlighting,
and copying the title and address.

The pane builds it on a right click; what the menu needs of the pane is ``MenuHost``,
so this module does not import the pane that imports it.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QMenu, QWidget

from reader.core.models import COLOURS, Highlight
from reader.ui import theme as themes
from reader.ui.reading.bar import swatch_icon


class MenuHost(Protocol):
    """What the menu reads of the reading pane and what its entries call."""

    @property
    def article_id(self) -> int | None: ...
    @property
    def theme_name(self) -> str: ...
    def viewport(self) -> QWidget: ...
    def createStandardContextMenu(self, position: QPoint, /) -> QMenu: ...
    def highlight_at(self, pos: QPoint) -> str | None: ...
    def highlight(self, highlight_id: str | None) -> Highlight | None: ...
    def selected_range(self) -> tuple[int, int] | None: ...
    def highlight_selection(
        self, colour: str | None = None, style: str | None = None
    ) -> Highlight | None: ...
    def set_highlight_colour(self, highlight_id: str, colour: str) -> None: ...
    def set_highlight_style(self, highlight_id: str, style: str) -> None: ...
    def delete_highlight(self, highlight_id: str) -> None: ...
    def edit_note(self, highlight_id: str | None = None) -> None: ...
    def copy_title(self) -> None: ...


def build_context_menu(pane: MenuHost, pos: QPoint) -> QMenu:
    """The menu for a right click at ``pos`` (viewport coordinates)."""
    menu = pane.createStandardContextMenu(pane.viewport().mapToGlobal(pos))
    first = menu.actions()[0] if menu.actions() else None
    theme = themes.for_name(pane.theme_name)
    ring, mark = QColor(theme.muted), QColor(theme.text)
    hid = pane.highlight_at(pos)
    highlight = pane.highlight(hid) if hid else None
    added: list[QAction] = []

    def action(text: str, slot, parent: QMenu = menu, shortcut: str = "") -> QAction:
        act = QAction(text, parent)
        if shortcut:
            act.setShortcut(shortcut)  # shown as a hint; the pane handles the key
        act.triggered.connect(slot)
        return act

    if pane.selected_range() is not None:
        added.append(action("Highlight", lambda: pane.highlight_selection(), shortcut="H"))
        colours = QMenu("Highlight in", menu)
        for colour in COLOURS:
            act = action(
                colour.capitalize(), lambda _=False, c=colour: pane.highlight_selection(c), colours
            )
            act.setIcon(swatch_icon(theme.highlight_colour(colour), ring))
            colours.addAction(act)
        added.append(colours.menuAction())
        added.append(action("Underline", lambda: pane.highlight_selection(style="underline")))
        added.append(action("Add note…", lambda: pane.edit_note(), shortcut="N"))
    elif highlight is not None:
        hid = highlight.id
        colours = QMenu("Colour", menu)
        for colour in COLOURS:
            act = action(
                colour.capitalize(),
                lambda _=False, c=colour: pane.set_highlight_colour(hid, c),
                colours,
            )
            current = colour == highlight.colour
            fill = theme.highlight_colour(colour)
            act.setIcon(swatch_icon(fill, ring, checked=current, mark=mark))
            act.setCheckable(True)
            act.setChecked(colour == highlight.colour)
            colours.addAction(act)
        added.append(colours.menuAction())
        other = "highlight" if highlight.style == "underline" else "underline"
        added.append(
            action(
                "Highlight instead" if other == "highlight" else "Underline instead",
                lambda: pane.set_highlight_style(hid, other),
            )
        )
        added.append(action("Edit note and tags…", lambda: pane.edit_note(hid), shortcut="N"))
        added.append(action("Delete highlight", lambda: pane.delete_highlight(hid), shortcut="Del"))
    if added and first is None:
        menu.addActions(added)
    elif added and first is not None:  # before Qt's own, set apart
        menu.insertActions(first, added)
        menu.insertSeparator(first)
    if pane.article_id is not None:  # the title is painted, not text that can be selected
        from reader.ui.reading.copy_title import SHORTCUT

        menu.addSeparator()
        menu.addAction(action("Copy title and address", pane.copy_title, shortcut=SHORTCUT))
    return menu
