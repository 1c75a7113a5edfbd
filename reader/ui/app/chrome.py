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

import gc
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar, QWidget

from reader.ui.actions import (
    LIBRARY,
    READER,
    SPECS,
    attach_scoped,
    create_actions,
    describe,
    follow_undo_stack,
    key_text,
    set_icons,
    window_shortcuts,
)
from reader.ui.app.article_commands import ArticleCommands
from reader.ui.app.feeds import FeedsController
from reader.ui.app.menus import fill_menus
from reader.ui.library.trash import Trash
from reader.ui.reading.choices import follow_choices
from reader.ui.status import Notice
from reader.ui.style import install as install_style

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QUndoStack

    from reader.core.storage.library import Library
    from reader.ui.app.browser_endpoint import BrowserEndpoint
    from reader.ui.app.first_paint import FirstPaint
    from reader.ui.app.layout import PaneLayout
    from reader.ui.app.pages import Pages
    from reader.ui.highlights.model import HighlightsModel
    from reader.ui.jobs import JobRunner
    from reader.ui.library.pane import LibraryPane
    from reader.ui.reading.pane import ReadingPane
    from reader.ui.settings import Settings
    from reader.ui.syncing import WindowSync


class ChromeHost(Protocol):
    """The window, as the chrome sees it: its parts, and the slots its actions call."""

    library: Library
    settings: Settings
    undo_stack: QUndoStack
    library_pane: LibraryPane
    reading_pane: ReadingPane
    menus: dict[str, QMenu]
    first_paint: FirstPaint
    runner: JobRunner
    pages: Pages
    panes: PaneLayout
    highlights: HighlightsModel
    article_id: int | None
    syncing: WindowSync
    browser: BrowserEndpoint

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
    def update_article_actions(self) -> None: ...
    def show_outside_changes(self) -> bool: ...


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
        find = " or ".join(key_text(k) for k in SPECS["find"].shortcuts)
        lib.search.setToolTip(f"Search the library ({find})")
        self.notice = Notice(window)
        self.article = ArticleCommands(host, self.notice)
        host.statusBar().addWidget(self.notice, 1)
        self.trash = Trash(host.library, lib, host.undo_stack, a, self.notice, window)
        self.trash.articleTrashed.connect(host.close_if_open)
        self.feeds = FeedsController(host, self.notice, a)  # the Feeds section, the refresher
        self.feeds.start()
        follow_undo_stack(a, host.undo_stack)
        follow_choices(a, rp, host.settings, host.panes.fit)
        undo = key_text(SPECS["undo"].shortcuts[0])
        host.highlights.removed.connect(
            lambda _h: self.notice.show_text(
                f"Deleted — {undo} to undo", "Undo", host.undo_stack.undo
            )
        )
        self._connect(host)
        host.first_paint.then(lambda: set_icons(a))
        host.first_paint.then(install_style)  # outlines that show on the dark theme
        # What the window has made by now lives as long as it: kept out of the collector's
        # full passes, which otherwise walk it all and stop every thread for ~80 ms (felt
        # when a refresh's garbage triggers one).
        gc.freeze()

    def _connect(self, window: ChromeHost) -> None:
        a, rp = self.actions, window.reading_pane
        a["import_files"].triggered.connect(window.import_files)
        a["import_folder"].triggered.connect(window.import_folder)
        a["import_url"].triggered.connect(window.import_url)
        a["export"].triggered.connect(window.export)
        a["quit"].triggered.connect(window.close)
        a["find"].triggered.connect(self._search_library)
        a["find_in_article"].triggered.connect(rp.find_in_article)
        a["find_next"].triggered.connect(rp.find_next)
        a["find_previous"].triggered.connect(rp.find_previous)
        a["contents"].triggered.connect(rp.show_contents)
        a["toggle_read"].triggered.connect(self.article.toggle_read)
        a["tags"].triggered.connect(self.article.edit_tags)
        a["open_original"].triggered.connect(self.article.open_original)
        panes = window.panes
        a["show_library"].triggered.connect(lambda on: panes.show_pane(0, on))
        a["show_notes"].triggered.connect(lambda on: panes.show_pane(1, on))
        a["reading_only"].triggered.connect(panes.reading_only)
        a["full_screen"].triggered.connect(panes.toggle_full_screen)
        panes.changed.connect(self._show_panes)
        self._show_panes()
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
        f = self.feeds
        a["toggle_read"].triggered.connect(lambda _c=False: f.reload())  # the unread counts
        a["subscribe"].triggered.connect(f.ask_subscribe)
        a["refresh_feeds"].triggered.connect(lambda: f.refresh_now())
        a["refresh_feed"].triggered.connect(lambda: self._with_feed(lambda i: f.refresh_now([i])))
        a["mark_feed_read"].triggered.connect(lambda: f.mark_read(self._feed_id()))
        a["unsubscribe"].triggered.connect(lambda: self._with_feed(f.unsubscribe))
        a["import_opml"].triggered.connect(lambda: f.import_opml())
        a["export_opml"].triggered.connect(lambda: f.export_opml())
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["about"].triggered.connect(self._show_about)
        self._connect_highlights(window)
        a["sync"].triggered.connect(self.show_sync)
        a["browser_extension"].triggered.connect(self.show_browser)
        a["highlight_trash"].triggered.connect(self.show_highlight_trash)
        window.syncing.synced.connect(self._synced)
        window.syncing.failed.connect(lambda text: self.notice.show_text(f"Sync: {text}"))

    def _connect_highlights(self, window: ChromeHost) -> None:
        """All highlights, the daily review (their keys work once their page is made)
        and the vault folder watched."""
        from reader.ui.app.pages import HIGHLIGHTS as ALL
        from reader.ui.app.pages import READING
        from reader.ui.app.pages import REVIEW as DAILY
        from reader.ui.app.vault_watch import VaultWatch

        a, pages = self.actions, window.pages
        a["all_highlights"].triggered.connect(lambda _c=False: pages.toggle(ALL))
        a["daily_review"].triggered.connect(lambda _c=False: pages.toggle(DAILY))
        for name in ("review_back", "highlights_back"):
            a[name].triggered.connect(lambda _c=False: pages.show_page(READING))

        def on_review(method: str):
            return lambda _c=False: getattr(pages.review, method)()

        for rating in ("again", "hard", "good", "easy"):
            a[f"review_{rating}"].triggered.connect(lambda _c=False, r=rating: pages.review.rate(r))
        for name, method in (
            ("reveal", "reveal"),
            ("note", "edit_note"),
            ("open", "open_in_article"),
            ("favourite", "toggle_favourite"),
            ("question", "toggle_question"),
            ("discard", "discard"),
        ):
            a[f"review_{name}"].triggered.connect(on_review(method))
        self.vault = VaultWatch(
            window.library,
            window.settings,
            window.runner,
            a["watch_vault"],
            self.notice.show_text,
            pages.reload_articles,
            window.first_paint,
            self._window,
        )
        a["watch_vault"].triggered.connect(self.vault.choose)

    def _feed_id(self) -> int | None:
        feed = self.feeds.current_feed()
        return feed.id if feed else None

    def _with_feed(self, act) -> None:
        feed_id = self._feed_id()
        if feed_id is None:
            self.notice.show_text("Choose a feed in the Feeds section first.")
        else:
            act(feed_id)

    def show_shortcuts(self):
        """The keyboard shortcuts, grouped as the menus are; returns the dialog."""
        from reader.ui.dialogs.shortcuts_dialog import ShortcutsDialog  # not needed to start

        dialog = ShortcutsDialog(self._window)
        dialog.open()
        return dialog

    def _show_about(self) -> None:
        from reader.ui.dialogs.about import show_about

        show_about(self._window, self._host.library.path)

    def _search_library(self) -> None:
        """The library search: its pane shown first if it was hidden."""
        host = self._host
        if not host.panes.library_shown:
            host.panes.show_pane(0, True)
        host.library_pane.focus_search()

    def _show_panes(self) -> None:
        a, panes = self.actions, self._host.panes
        a["show_library"].setChecked(panes.library_shown)
        a["show_notes"].setChecked(panes.notes_shown)
        a["full_screen"].setChecked(self._window.isFullScreen())

    def show_sync(self):
        """File > Sync…: the folder, the passphrase, the last sync (opens without blocking)."""
        from reader.ui.dialogs.sync_dialog import SyncDialog  # on first use

        dialog = SyncDialog(self._host.syncing, self._window)
        dialog.open()
        return dialog

    def show_browser(self):
        """File > Browser Extension…: the port and the pairings; returns the dialog."""
        from reader.ui.dialogs.browser_dialog import BrowserDialog  # on first use

        host = self._host
        dialog = BrowserDialog(host.library, host.browser, self._window)
        dialog.changed.connect(self.notice.show_text)
        host.browser.started.connect(dialog.show_state)  # it was starting when opened
        host.browser.said.connect(dialog.show_state)
        dialog.open()
        return dialog

    def show_highlight_trash(self):
        """Highlights > Deleted Highlights…: the highlights trash, restorable."""
        from reader.ui.dialogs.highlight_trash_dialog import HighlightTrashDialog  # on use

        host = self._host

        def restored(article_id: int) -> None:
            if article_id == host.highlights.article_id:
                host.highlights.reload()

        dialog = HighlightTrashDialog(host.library, restored, self._window)
        dialog.open()
        return dialog

    def _synced(self, result) -> None:
        """What another device changed, shown; what could not be applied, said."""
        if result.written:
            self._host.show_outside_changes()
        if result.messages:
            self.notice.show_text(f"Sync: {result.messages[0]}")

    def list_menu(self, pos: QPoint) -> QMenu | None:
        """Right-click on a row of the article list: open that article (choose it, in the
        trash), then offer what can be done with it."""
        view = self._host.library_pane.list
        index = view.indexAt(pos)
        if not index.isValid():
            return None
        view.setCurrentIndex(index)  # opens it: the actions act on it
        menu = QMenu(self._window)
        names = (
            "toggle_favorite",
            "toggle_archived",
            "toggle_read",
            "tags",
            "open_original",
            "export",
            None,
            "delete_article",
        )
        if self._host.library_pane.in_trash:
            names = ("restore_article", None, "delete_article")
        for name in names:
            if name:
                menu.addAction(self.actions[name])
            else:
                menu.addSeparator()
        menu.popup(view.viewport().mapToGlobal(pos))
        return menu

    def show_state(
        self, theme: str, has_article: bool, favorite: bool, archived: bool, read: bool
    ) -> None:
        """Check and enable the actions as the window is: its theme, the open article."""
        a = self.actions
        a[f"theme_{theme}"].setChecked(True)
        for name in (
            "toggle_favorite",
            "toggle_archived",
            "toggle_read",
            "tags",
            "open_original",
            "find_in_article",
        ):
            a[name].setEnabled(has_article)
        spec = SPECS["toggle_read"]
        label = spec.label if read else "Mark as &Read"
        tip = spec.tooltip if read else "Mark the article as read: the Unread filter leaves it out"
        describe(a["toggle_read"], label, tip)
        a["toggle_favorite"].setChecked(favorite)
        a["toggle_archived"].setChecked(archived)
        self.trash.update_actions(has_article)  # Delete and the trash's actions
