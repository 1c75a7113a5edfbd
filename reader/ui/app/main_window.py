"""The main window: the library, reading and notes panes in a splitter, menus, status bar.

It assembles and wires; the panes, the importer and the export dialog do the work.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSplitter, QWidget

from reader.core.storage.library import Library, NotFound
from reader.ui import theme as themes
from reader.ui.app.actions import (
    LIBRARY,
    READER,
    attach_scoped,
    create_actions,
    fill_menus,
    follow_undo_stack,
    set_icons,
    window_shortcuts,
)
from reader.ui.app.backups import Backups
from reader.ui.app.first_paint import FirstPaint
from reader.ui.highlights.undo import HighlightEvents
from reader.ui.jobs import JobRunner
from reader.ui.library.pane import LibraryPane
from reader.ui.library.trash import Trash
from reader.ui.notes.pane import NotesPane
from reader.ui.reading.choices import follow_choices
from reader.ui.reading.pane import ReadingPane
from reader.ui.settings import Settings
from reader.ui.status import Notice, chrome_palette

APP_NAME = "Article Reader"


class MainWindow(QMainWindow):
    def __init__(self, library: Library, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.article_id: int | None = None
        self._closed = False
        self._theme = "system"
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)
        self.runner = JobRunner(self)

        self.library_pane = LibraryPane(
            library,
            self.runner,
            self.undo_stack,
            self,
            sort=settings["sort"],
            filter=settings["filter"],
        )
        self.reading_pane = ReadingPane(library, self.undo_stack, self)
        self.notes_pane = NotesPane(library, self.undo_stack, self)
        for pane in (self.reading_pane, self.reading_pane.viewport()):
            pane.setAcceptDrops(False)  # drops land on the window: they import
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="splitter")
        for pane in (self.library_pane, self.reading_pane, self.notes_pane):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 680, 300])
        self.setCentralWidget(self.splitter)
        self._default_font_size = self.reading_pane.font_size

        self.actions = create_actions(self, icons=False)  # set after the first paint
        self.menus = fill_menus(self.menuBar(), self.actions)
        attach_scoped(self.actions, READER, self.reading_pane)
        attach_scoped(self.actions, LIBRARY, self.library_pane.list)
        self.library_pane.let_through(window_shortcuts(but=("undo", "redo")))
        self.notice = Notice(self)
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().setSizeGripEnabled(True)
        pane = self.library_pane
        self.trash = Trash(library, pane, self.undo_stack, self.actions, self.notice, self)
        self._importer = self._exporter = None  # made on first use: not needed to start
        self.first_paint = FirstPaint(self)  # what can wait until the window shows
        self.first_paint.then(lambda: set_icons(self.actions))
        self.backups = Backups(library, self.runner, self)
        self.backups.purged.connect(self.trash.purged)
        self.backups.failed.connect(self.notice.show_text)
        self._connect()
        self.apply_theme(settings["theme"])
        if settings["font_size"]:
            self.reading_pane.set_font_size(settings["font_size"])
        follow_choices(self.actions, self.reading_pane, settings, self.menus["edit"])
        self._update_title()
        self._update_article_actions()

    # -- wiring --------------------------------------------------------------------

    def _connect(self) -> None:
        a, rp, notes, lib = self.actions, self.reading_pane, self.notes_pane, self.library_pane
        lib.articleChosen.connect(self.open_article)
        lib.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lib.list.customContextMenuRequested.connect(self._list_menu)
        lib.articleDeleted.connect(self._article_deleted)
        lib.articleRestored.connect(self._article_restored)
        self.trash.articleTrashed.connect(self._close_if_open)
        notes.jumpRequested.connect(lambda offset: rp.scroll_to_offset(offset, flash=True))
        notes.highlightActivated.connect(rp.select_highlight)
        notes.attachOrphanRequested.connect(self._attach_orphan)
        rp.highlightsChanged.connect(self._highlights_changed)
        rp.highlightSelected.connect(notes.select_highlight)
        HighlightEvents.of(self.undo_stack).failed.connect(self.notice.show_text)
        rp.linkRefused.connect(self.notice.show_text)  # javascript:, file:, ... links
        a["import_files"].triggered.connect(self.import_files)
        a["import_folder"].triggered.connect(self.import_folder)
        a["import_url"].triggered.connect(self.import_url)
        a["export"].triggered.connect(self.export)
        a["quit"].triggered.connect(self.close)
        follow_undo_stack(a, self.undo_stack)
        a["find"].triggered.connect(lib.focus_search)
        a["highlight"].triggered.connect(lambda: rp.highlight_selection())
        a["note"].triggered.connect(lambda: rp.edit_note())
        a["delete_highlight"].triggered.connect(self._delete_highlight)
        a["toggle_favorite"].triggered.connect(self._set_favorite)
        a["toggle_archived"].triggered.connect(self._set_archived)
        a["delete_article"].triggered.connect(self.delete_article)
        for name in ("system", "light", "sepia", "dark"):
            a[f"theme_{name}"].triggered.connect(lambda _c=False, n=name: self.set_theme(n))
        a["zoom_in"].triggered.connect(lambda: self._zoom(1))
        a["zoom_out"].triggered.connect(lambda: self._zoom(-1))
        a["zoom_reset"].triggered.connect(lambda: self._zoom(0))
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["about"].triggered.connect(self.show_about)
        app = QGuiApplication.instance()
        app.applicationStateChanged.connect(self._application_state)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _s: self._follow_system())

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and not self._closed:
            self.show_outside_changes()

    def show_outside_changes(self) -> bool:
        """Reload what another process (the command line) changed while we were away."""
        if not self.library.changed_elsewhere():
            return False
        self.notes_pane.flush()
        self.library_pane.refresh()
        if self.article_id is not None and self._exists(self.article_id):
            self.reading_pane.show_article(self.article_id, self.reading_pane.reading_position())
            self.notes_pane.show_article(self.article_id)
        else:
            self.article_id = None
            self.open_article(self.library_pane.first_article_id())
        return True

    # -- starting ------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Geometry and pane widths as they were when the window last closed."""
        geometry = self.settings["geometry"]
        if not (geometry and self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))):
            self.resize(1240, 780)
        sizes = self.settings["splitter"]
        if sizes and len(sizes) == 3 and all(isinstance(s, int) for s in sizes):
            self.splitter.setSizes(sizes)

    def start(self) -> None:
        """After the window shows: seed a new library in the background, or reopen the
        article that was open last, where it was."""
        from reader.core.importing.samples import SEEDED_KEY

        library = self.library
        if not library.setting(SEEDED_KEY) and not library.count_articles(archived=None):
            self.library_pane.list.placeholder = "Adding the sample articles…"
            job = self.runner.run(self._seed, "samples")
            job.succeeded.connect(lambda _r: self._seeded())
            job.failed.connect(self._seed_failed)
            job.finished.connect(self.backups.run)
        else:
            self._open_initial()
            self.first_paint.then(self.backups.run)
        self.library.changed_elsewhere()  # from now on, notice what other processes write
        self.reading_pane.setFocus()  # reading first: arrows and space scroll the article

    def _seed(self, _job) -> object:
        from reader.core.importing.samples import seed_samples

        return seed_samples(self.library)

    def _seeded(self) -> None:
        self.library_pane.list.placeholder = LibraryPane.EMPTY
        self.library_pane.refresh()
        first = self.library_pane.first_article_id()
        if first is not None and self.article_id is None:
            self.open_article(first)

    def _seed_failed(self, error: BaseException) -> None:
        self.library_pane.list.placeholder = LibraryPane.EMPTY
        self.library_pane.list.viewport().update()
        self.notice.show_text(f"Could not add the sample articles: {error}")

    def _open_initial(self) -> None:
        last = self.settings["last_article"]
        if isinstance(last, int):
            try:
                self.library.article(last)
            except NotFound:
                pass
            else:
                self.open_article(last)  # the pane restores its reading position
                return
        first = self.library_pane.first_article_id()
        if first is not None:
            self.open_article(first)

    # -- the open article ----------------------------------------------------------

    def open_article(
        self,
        article_id: int | None,
        position: int | None = None,
        highlight_id: str | None = None,
    ) -> None:
        """Show an article (at a position, with a highlight selected) in the panes."""
        if article_id != self.article_id:
            self.save_position()
        if article_id is not None and not self._exists(article_id):
            article_id = None
        self.article_id = article_id
        self.reading_pane.show_article(article_id, position)
        self.notes_pane.show_article(article_id)
        if highlight_id:
            self.reading_pane.select_highlight(highlight_id)
        if article_id is not None:
            self.library_pane.follow_article(article_id)
            summary = self.library_pane.summary(article_id)
            if summary is None or not summary.read:
                self.library.mark_read(article_id)
                self.library_pane.update_article(article_id, read=True)
        self.settings["last_article"] = article_id
        self._update_title()
        self._update_article_actions()

    def _exists(self, article_id: int) -> bool:
        if self.library_pane.summary(article_id) is not None:
            return True
        try:
            self.library.article(article_id)
        except NotFound:
            return False
        return True

    def save_position(self) -> None:
        """Store where the reader is in the open article (the pane also saves as it scrolls)."""
        if self.article_id is None:
            return
        with contextlib.suppress(NotFound):
            self.library.set_reading_position(self.article_id, self.reading_pane.reading_position())

    def _open_title(self) -> str | None:
        """The open article's title (from its row when the list shows it)."""
        summary = self.library_pane.summary(self.article_id) if self.article_id else None
        if summary is not None or self.article_id is None:
            return summary.title if summary else None
        with contextlib.suppress(NotFound):
            return self.library.article(self.article_id).title
        return None

    def _update_title(self) -> None:
        title = self._open_title()
        self.setWindowTitle(f"{title} — {APP_NAME}" if title else APP_NAME)

    def _update_article_actions(self) -> None:
        summary = self.library_pane.summary(self.article_id) if self.article_id else None
        has = self.article_id is not None
        for name in ("toggle_favorite", "toggle_archived"):
            self.actions[name].setEnabled(has)
        self.actions["toggle_favorite"].setChecked(bool(summary and summary.favorite))
        self.actions["toggle_archived"].setChecked(bool(summary and summary.archived))
        self.trash.update_actions(has)  # Delete and the trash's actions

    def _highlights_changed(self, *_args) -> None:
        # The notes pane hears the same change itself; the reading pane has just counted.
        if self.article_id is not None:
            count = self.reading_pane.highlight_count()
            self.library_pane.update_article(self.article_id, highlights=count)

    def _attach_orphan(self, highlight_id: str) -> None:
        if not self.reading_pane.attach_orphan(highlight_id):
            self.notice.show_text(
                "Select the passage in the article first, then choose Attach again."
            )

    def _delete_highlight(self) -> None:
        highlight_id = self.reading_pane.selected_highlight()
        if highlight_id:
            self.reading_pane.delete_highlight(highlight_id)

    def _set_favorite(self, on: bool) -> None:
        if self.article_id is not None:
            self.library.set_favorite(self.article_id, on)
            self.library_pane.update_article(self.article_id, favorite=on)

    def _set_archived(self, on: bool) -> None:
        if self.article_id is not None:
            self.library.set_archived(self.article_id, on)
            self.library_pane.refresh(keep=self.article_id)
            self.notice.show_text("Moved to the archive." if on else "Moved out of the archive.")

    def _list_menu(self, pos) -> None:
        """Right-click on a row: open that article (choose it, in the trash), then offer
        what can be done with it."""
        index = self.library_pane.list.indexAt(pos)
        if not index.isValid():
            return
        self.library_pane.list.setCurrentIndex(index)  # opens it: the actions act on it
        menu = QMenu(self)
        names = ("toggle_favorite", "toggle_archived", "export", None, "delete_article")
        if self.library_pane.in_trash:
            names = ("restore_article", None, "delete_article")
        for name in names:
            if name:
                menu.addAction(self.actions[name])
            else:
                menu.addSeparator()
        menu.popup(self.library_pane.list.viewport().mapToGlobal(pos))

    def delete_article(self) -> None:
        """Move the chosen (or open) article to the trash; in the trash, delete for good."""
        if self.library_pane.in_trash:
            self.trash.delete_for_good()
            return
        target = self.library_pane.current_article_id() or self.article_id
        if target is not None:
            self.library_pane.delete_article(target)

    def _article_deleted(self, article_id: int, title: str) -> None:
        self._close_if_open(article_id)
        self.notice.show_text(f"Moved “{title}” to the trash.", "Undo", self.undo_stack.undo)

    def _close_if_open(self, article_id: int) -> None:
        if article_id == self.article_id:
            self.article_id = None  # its position is saved with it; nothing more to save
            self.open_article(self.library_pane.first_article_id())

    def _article_restored(self, article_id: int, _title: str) -> None:
        self.open_article(article_id)
        self.notice.show_text("The article is back.")

    # -- importing and exporting ------------------------------------------------

    @property
    def importer(self):
        """Runs imports in the background and reports on them."""
        if self._importer is None:
            from reader.ui.dialogs.import_dialog import Importer

            self._importer = Importer(self.library, self.runner, self)
            self._importer.finished.connect(self._imported)
            self._importer.failed.connect(self.notice.show_text)
        return self._importer

    def import_files(self) -> None:
        from reader.ui.dialogs.import_dialog import choose_files

        paths = choose_files(self, self.settings["import_dir"])
        if paths:
            self.settings["import_dir"] = str(Path(paths[0]).parent)
            self.import_sources(paths)

    def import_folder(self) -> None:
        from reader.ui.dialogs.import_dialog import choose_folder

        folder = choose_folder(self, self.settings["import_dir"])
        if folder:
            self.settings["import_dir"] = folder
            self.import_sources([folder])

    def import_url(self) -> None:
        from reader.ui.dialogs.import_dialog import UrlDialog

        dialog = UrlDialog(self)
        if dialog.exec() == UrlDialog.DialogCode.Accepted:
            self.import_sources([dialog.url()])

    def import_sources(self, sources: list[str]):
        self.notice.show_text("Importing…", timeout=0)
        return self.importer.start(sources)

    def _imported(self, report) -> None:
        done = [r for r in report.results if r.status in ("added", "updated")]
        self.library_pane.refresh()
        self.library_pane.list.scrollToTop()  # the new articles are at the top
        self.notice.show_text(f"Import: {report.summary()}.")
        if len(report.results) == 1 and not report.failures:
            self.open_article(report.results[0].article_id)
        elif len(done) == 1:
            self.open_article(done[0].article_id)
        elif self.article_id in {r.article_id for r in done} or report.annotations:
            # the open article's text or highlights changed under the reader: show them
            self.reading_pane.show_article(self.article_id, self.reading_pane.reading_position())
            self.notes_pane.show_article(self.article_id)

    def export(self):
        """Ask what to export (the dialog opens without blocking), then export in the
        background; returns the dialog."""
        if self._exporter is None:
            from reader.ui.dialogs.export_dialog import Exporter

            self._exporter = Exporter(self.library, self.runner, self.settings, self.notice, self)
        return self._exporter.ask(self.article_id, self._open_title())

    # -- drag and drop -------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if self._dropped(event):
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, event) -> None:
        sources = self._dropped(event)
        if sources:
            event.acceptProposedAction()
            self.import_sources(sources)

    def _dropped(self, event) -> list[str]:
        """What a drag carries that can be imported: files, folders, web links."""
        from reader.ui.dialogs.import_dialog import sources_from_mime

        return sources_from_mime(event.mimeData())

    # -- view ------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.settings["theme"] = name
        self.apply_theme(name)

    def apply_theme(self, name: str) -> None:
        if name not in ("system", *themes.THEMES):
            name = "system"
        resolved = (
            name if name != "system" else ("dark" if themes.system_prefers_dark() else "light")
        )
        self._theme = name
        self.actions[f"theme_{name}"].setChecked(True)
        QApplication.setPalette(chrome_palette(themes.for_name(resolved)))
        self.reading_pane.set_theme(resolved)
        self.notes_pane.set_theme(resolved)

    def _follow_system(self) -> None:
        if self._theme == "system":
            self.apply_theme("system")

    def _zoom(self, steps: int) -> None:
        if steps:
            self.reading_pane.zoom(steps)
        else:
            self.reading_pane.set_font_size(self._default_font_size)
        size = self.reading_pane.font_size
        self.settings["font_size"] = 0 if size == self._default_font_size else size

    def show_shortcuts(self):
        from reader.ui.dialogs.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        from reader.ui.dialogs.about import show_about

        show_about(self, self.library.path)

    # -- closing -------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if self._closed:
            return super().closeEvent(event)
        self._closed = True
        self.backups.stop()
        self.notes_pane.flush()
        self.save_position()
        self.settings["geometry"] = self.saveGeometry().toBase64().data().decode()
        self.settings["splitter"] = self.splitter.sizes()
        self.settings["sort"] = self.library_pane.sort_key
        self.settings["filter"] = self.library_pane.filter_key
        self.runner.cancel_all()
        self.library.interrupt_searches()
        self.runner.wait(30000)
        super().closeEvent(event)
