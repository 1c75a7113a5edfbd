"""The window's actions, what its menus hold, the status bar's notice and the trash's
actions: made just after the first paint, or as soon as something needs them.

The first frame shows the menu bar's five titles and an empty status bar. The forty
actions behind the titles (shortcuts, groups, tooltips, the undo stack's labels), the
notice and the trash are not part of it, nor are the modules and Qt classes they bring.
``Chrome`` makes them in one go and sets them from what the window shows (theme,
typeface, colour, the open article), so nothing looks different. Asked for earlier (a
menu opened, a key pressed, a handler or test reading ``window.actions``, ``notice`` or
``trash``), it is made at once.

What the chrome needs of the window is ``ChromeHost``: the window makes the chrome, so
this module does not import the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar, QWidget

from reader.ui.actions import (
    LIBRARY,
    READER,
    SPECS,
    attach_scoped,
    create_actions,
    fill_menus,
    follow_undo_stack,
    key_text,
    set_icons,
    window_shortcuts,
)
from reader.ui.library.trash import Trash
from reader.ui.reading.choices import follow_choices
from reader.ui.status import Notice

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QUndoStack

    from reader.core.storage.library import Library
    from reader.ui.app.first_paint import FirstPaint
    from reader.ui.library.pane import LibraryPane
    from reader.ui.reading.pane import ReadingPane
    from reader.ui.settings import Settings


class ChromeHost(Protocol):
    """The window, as the chrome sees it: its parts, and the slots its actions call."""

    library: Library
    settings: Settings
    undo_stack: QUndoStack
    library_pane: LibraryPane
    reading_pane: ReadingPane
    menus: dict[str, QMenu]
    first_paint: FirstPaint

    def window(self) -> QWidget: ...  # the main window itself: the parent of what it makes
    def menuBar(self) -> QMenuBar: ...
    def statusBar(self) -> QStatusBar: ...
    def close(self) -> object: ...
    def close_if_open(self, article_id: int) -> None: ...
    def import_files(self) -> None: ...
    def import_folder(self) -> None: ...
    def import_url(self) -> None: ...
    def export(self) -> object: ...
    def delete_selected_highlight(self) -> None: ...
    def set_favorite(self, on: bool) -> None: ...
    def set_archived(self, on: bool) -> None: ...
    def delete_article(self) -> None: ...
    def set_theme(self, name: str) -> None: ...
    def zoom(self, steps: int) -> None: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> None: ...


class Chrome:
    """The window's actions (by id), its notice and its trash, wired to the window."""

    def __init__(self, host: ChromeHost) -> None:
        self._window = window = host.window()
        self._host = host
        rp, lib = host.reading_pane, host.library_pane
        self.actions = a = create_actions(window, icons=False)  # icons: after the first paint
        fill_menus(host.menuBar(), a, host.menus)
        attach_scoped(a, READER, rp)
        attach_scoped(a, LIBRARY, lib.list)
        lib.let_through(window_shortcuts(but=("undo", "redo")))
        find = key_text(SPECS["find"].shortcuts[0])
        lib.search.setToolTip(f"Search the library ({find})")
        self.notice = Notice(window)
        host.statusBar().addWidget(self.notice, 1)
        self.trash = Trash(host.library, lib, host.undo_stack, a, self.notice, window)
        self.trash.articleTrashed.connect(host.close_if_open)
        follow_undo_stack(a, host.undo_stack)
        follow_choices(a, rp, host.settings)
        self._connect(host)
        host.first_paint.then(lambda: set_icons(a))

    def _connect(self, window: ChromeHost) -> None:
        a, rp = self.actions, window.reading_pane
        a["import_files"].triggered.connect(window.import_files)
        a["import_folder"].triggered.connect(window.import_folder)
        a["import_url"].triggered.connect(window.import_url)
        a["export"].triggered.connect(window.export)
        a["quit"].triggered.connect(window.close)
        a["find"].triggered.connect(window.library_pane.focus_search)
        a["highlight"].triggered.connect(lambda: rp.highlight_selection())
        a["note"].triggered.connect(lambda: rp.edit_note())
        a["delete_highlight"].triggered.connect(window.delete_selected_highlight)
        a["toggle_favorite"].triggered.connect(window.set_favorite)
        a["toggle_archived"].triggered.connect(window.set_archived)
        a["delete_article"].triggered.connect(window.delete_article)
        for name in ("system", "light", "sepia", "dark"):
            a[f"theme_{name}"].triggered.connect(lambda _c=False, n=name: window.set_theme(n))
        a["zoom_in"].triggered.connect(lambda: window.zoom(1))
        a["zoom_out"].triggered.connect(lambda: window.zoom(-1))
        a["zoom_reset"].triggered.connect(lambda: window.zoom(0))
        a["shortcuts"].triggered.connect(window.show_shortcuts)
        a["about"].triggered.connect(window.show_about)

    def list_menu(self, pos: QPoint) -> QMenu | None:
        """Right-click on a row of the article list: open that article (choose it, in the
        trash), then offer what can be done with it."""
        view = self._host.library_pane.list
        index = view.indexAt(pos)
        if not index.isValid():
            return None
        view.setCurrentIndex(index)  # opens it: the actions act on it
        menu = QMenu(self._window)
        names = ("toggle_favorite", "toggle_archived", "export", None, "delete_article")
        if self._host.library_pane.in_trash:
            names = ("restore_article", None, "delete_article")
        for name in names:
            if name:
                menu.addAction(self.actions[name])
            else:
                menu.addSeparator()
        menu.popup(view.viewport().mapToGlobal(pos))
        return menu

    def show_state(self, theme: str, has_article: bool, favorite: bool, archived: bool) -> None:
        """Check and enable the actions as the window is: its theme, the open article."""
        a = self.actions
        a[f"theme_{theme}"].setChecked(True)
        for name in ("toggle_favorite", "toggle_archived"):
            a[name].setEnabled(has_article)
        a["toggle_favorite"].setChecked(favorite)
        a["toggle_archived"].setChecked(archived)
        self.trash.update_actions(has_article)  # Delete and the trash's actions
