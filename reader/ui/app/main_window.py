"""The main window: the library, reading and notes panes in a splitter, menus, status bar.

It assembles and wires; the panes, the importer and the export dialog do the work. The
first paint needs only the library and reading panes and the menu titles: the notes pane
(``notes_slot.py``) and the chrome (``chrome.py``: actions, the menus' contents, the
notice, the trash) are made just after it, or as soon as something asks for them.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from reader.core.storage.library import Library, NotFound
from reader.ui import theme as themes
from reader.ui.app.backups import Backups
from reader.ui.app.browser_endpoint import BrowserEndpoint
from reader.ui.app.drops import DropImports
from reader.ui.app.first_paint import FirstPaint
from reader.ui.app.layout import PaneLayout
from reader.ui.app.menus import add_menus
from reader.ui.app.notes_slot import NotesSlot
from reader.ui.app.outside import OutsideChanges
from reader.ui.app.pages import Pages
from reader.ui.app.related_embedding import RelatedEmbedding, wire_related
from reader.ui.highlights.model import HighlightsModel
from reader.ui.jobs import JobRunner
from reader.ui.library.pane import LibraryPane
from reader.ui.reading.choices import restore_choices
from reader.ui.reading.pane import ReadingPane
from reader.ui.settings import Settings
from reader.ui.status import chrome_palette
from reader.ui.syncing import WindowSync

if TYPE_CHECKING:
    from reader.ui.app.chrome import Chrome
    from reader.ui.library.trash import Trash
    from reader.ui.notes.pane import NotesPane
    from reader.ui.status import Notice

APP_NAME = "Article Reader"


class MainWindow(QMainWindow):
    _chrome: Chrome | None = None  # events arrive before __init__ is through

    def __init__(self, library: Library, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.article_id: int | None = None
        self._closed = False
        self._theme = "system"
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        DropImports(self, self.import_sources)  # files, folders and links dropped on it
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
        self.highlights = HighlightsModel(library, self)  # the open article's, for both panes
        self.reading_pane = ReadingPane(library, self.highlights, self.undo_stack, self)
        for pane in (self.reading_pane, self.reading_pane.viewport()):
            pane.setAcceptDrops(False)  # drops land on the window: they import
        self.notes = NotesSlot(
            library, self.highlights, self.undo_stack, self.reading_pane, self._attach_orphan, self
        )
        panes = (self.library_pane, self.reading_pane, self.notes.place)
        self.pages = Pages(panes, self)  # reading; all highlights, review on first use
        self.splitter = self.pages.splitter
        self.setCentralWidget(self.pages)
        self.panes = PaneLayout(self, self.splitter, self.reading_pane, settings, settings["panes"])
        self.outside = OutsideChanges(self, self)  # writes by others show within a second
        self._default_font_size = self.reading_pane.font_size

        self.menus = add_menus(self.menuBar())  # the titles; the chrome fills them
        for menu in self.menus.values():
            menu.aboutToShow.connect(self._made_chrome)  # opened before it was made
        self.statusBar().setSizeGripEnabled(True)
        self._remembered = settings["last_article"]  # not written again when it is the same
        self._importer = self._exporter = None  # made on first use: not needed to start
        self.first_paint = FirstPaint(self)  # what can wait until the window shows
        self.first_paint.then(self._after_first_paint)
        self.backups = Backups(library, self.runner, self)
        self.backups.purged.connect(lambda gone: self.trash.purged(gone))
        self.backups.failed.connect(self._say)
        self.syncing = WindowSync(library, self.runner, self)  # started after the first paint
        self.browser = BrowserEndpoint(self, self)  # served after the first paint
        self.related = RelatedEmbedding(library, self)  # vectors, by a child process
        self._connect()
        self.apply_theme(settings["theme"])
        if settings["font_size"]:
            self.reading_pane.set_font_size(settings["font_size"])
        restore_choices(self.reading_pane, settings)
        self.panes.apply()
        self._update_title()

    # -- made after the first paint ------------------------------------------------

    def _after_first_paint(self) -> None:
        self.notes_pane  # noqa: B018 - made now, in view
        self._made_chrome()
        self.syncing.start()
        self.browser.said.connect(self._say)
        self.browser.start()
        wire_related(self, self.notes_pane)
        # Followed from now on: the window has just read the library and the desktop's
        # colours; being made active as it shows is no news to reload.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # always, with a window: not a QCoreApplication
            app.applicationStateChanged.connect(self._application_state)
        self.outside.start()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _s: self._follow_system())

    @property
    def notes_pane(self) -> NotesPane:
        """The notes pane; made just after the first paint, or now when asked first."""
        made = self.notes.pane is None
        pane = self.notes.made(self.splitter, self.article_id)
        if made:
            pane.setVisible(self.panes.notes_shown)
        return pane

    def event(self, event: QEvent) -> bool:
        if self._chrome is None and event.type() == QEvent.Type.ShortcutOverride:
            self._made_chrome()  # a key pressed before then: its shortcut exists in time
        return super().event(event)

    def _made_chrome(self) -> Chrome:
        if self._chrome is None:
            from reader.ui.app.chrome import Chrome

            self._chrome = Chrome(self)
            self.update_article_actions()
        return self._chrome

    @property
    def actions(self) -> dict:
        """Every action of the window by id (``actions.py``)."""
        return self._made_chrome().actions

    @property
    def notice(self) -> Notice:
        """The status bar's message."""
        return self._made_chrome().notice

    @property
    def trash(self) -> Trash:
        return self._made_chrome().trash

    # -- wiring --------------------------------------------------------------------

    def _connect(self) -> None:
        rp, lib = self.reading_pane, self.library_pane
        lib.articleChosen.connect(self.open_article)
        lib.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lib.list.customContextMenuRequested.connect(lambda p: self._made_chrome().list_menu(p))
        lib.articleDeleted.connect(self._article_deleted)
        lib.articleRestored.connect(self._article_restored)
        for counted in (self.highlights.added, self.highlights.deleted, self.highlights.restored):
            counted.connect(self._highlights_counted)
        for said in (self.highlights.failed, lib.failed, rp.linkRefused):  # refused: javascript:..
            said.connect(self._say)
        lib.hitOpened.connect(rp.mark_search)  # the search's words marked in the article
        rp.positionChanged.connect(lambda _top: self._progressed())

    def _say(self, text: str) -> None:
        self.notice.show_text(text)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and not self._closed:
            self.show_outside_changes()

    def show_outside_changes(self) -> bool:
        """Reload what another process (the command line) changed; True if it had."""
        return self.outside.show()

    # -- starting ------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Geometry and pane widths as they were when the window last closed."""
        geometry = self.settings["geometry"]
        if not (geometry and self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))):
            room = self.screen().availableGeometry()  # a 1024×600 screen: no bigger than it
            self.resize(min(1240, room.width()), min(780, room.height()))
        sizes = self.settings["splitter"]
        if sizes and len(sizes) == 3 and all(isinstance(s, int) for s in sizes):
            self.panes.restore(sizes)

    def start(self) -> None:
        """After the window shows: seed a new library in the background, or reopen the
        article that was open last, where it was."""
        from reader.core.importing.samples import SEEDED_KEY

        library = self.library
        if not library.settings.get(SEEDED_KEY) and not library.articles.count(archived=None):
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
        last = self._remembered
        if isinstance(last, int) and self.has_article(last):
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
        if article_id is not None and not self.has_article(article_id):
            article_id = None
        self.article_id = article_id
        self._show(article_id, position)
        if highlight_id:
            self.reading_pane.select_highlight(highlight_id)
        if article_id is not None:
            self._progressed()  # the list says what the pane says
            self.library_pane.follow_article(article_id)
            summary = self.library_pane.summary(article_id)
            if summary is None or not summary.read:
                self.library.articles.mark_read(article_id)
                self.library_pane.update_article(article_id, read=True)
        if article_id != self._remembered:
            self.settings["last_article"] = self._remembered = article_id
        self._update_title()
        self.update_article_actions()

    def has_article(self, article_id: int) -> bool:
        if self.library_pane.summary(article_id) is not None:
            return True
        try:
            self.library.articles.get(article_id)
        except NotFound:
            return False
        return True

    def save_position(self) -> None:
        """Store where the reader is in the open article (the pane also saves as it scrolls)."""
        if self.article_id is None:
            return
        with contextlib.suppress(NotFound):
            self.library.articles.set_reading_position(
                self.article_id, self.reading_pane.reading_position()
            )

    def _open_title(self) -> str | None:
        """The open article's title (from its row when the list shows it)."""
        summary = self.library_pane.summary(self.article_id) if self.article_id else None
        if summary is not None or self.article_id is None:
            return summary.title if summary else None
        with contextlib.suppress(NotFound):
            return self.library.articles.get(self.article_id).title
        return None

    def _update_title(self) -> None:
        title = self._open_title()
        self.setWindowTitle(f"{title} — {APP_NAME}" if title else APP_NAME)

    def _show(self, article_id: int | None, position: int | None = None) -> None:
        self.highlights.clear()  # each showing reads the highlights once, afresh, for both panes
        self.reading_pane.show_article(article_id, position)
        if self.notes.pane is not None:  # else it shows this article when it is made
            self.notes.pane.show_article(article_id)

    def show_again(self) -> None:
        """The open article afresh, where the reader is: it changed under us."""
        self._show(self.article_id, self.reading_pane.reading_position())

    def update_article_actions(self) -> None:
        if self._chrome is None:
            return  # made later, in step with the window
        summary = self.library_pane.summary(self.article_id) if self.article_id else None
        favorite, archived = bool(summary and summary.favorite), bool(summary and summary.archived)
        read = bool(summary and summary.read)
        self._chrome.show_state(self._theme, self.article_id is not None, favorite, archived, read)

    def _progressed(self) -> None:
        if self.article_id is not None:
            self.library_pane.update_article(self.article_id, progress=self.reading_pane.progress())

    def _highlights_counted(self, _highlight) -> None:  # the model's are the open article's
        if self.article_id is not None:
            self.library_pane.update_article(self.article_id, highlights=len(self.highlights))

    def _attach_orphan(self, highlight_id: str) -> None:
        if not self.reading_pane.attach_orphan(highlight_id):
            self.notice.show_text(
                "Select the passage in the article first, then choose Attach again."
            )

    def delete_selected_highlight(self) -> None:
        highlight_id = self.reading_pane.selected_highlight()
        if highlight_id:
            self.reading_pane.delete_highlight(highlight_id)

    def set_favorite(self, on: bool) -> None:
        if self.article_id is not None:
            self.library.articles.set_favorite(self.article_id, on)
            self.library_pane.update_article(self.article_id, favorite=on)

    def set_archived(self, on: bool) -> None:
        if self.article_id is not None:
            self.library.articles.set_archived(self.article_id, on)
            self.library_pane.refresh(keep=self.article_id)
            self.notice.show_text("Moved to the archive." if on else "Moved out of the archive.")

    def delete_article(self) -> None:
        """Move the chosen (or open) article to the trash; in the trash, delete for good."""
        if self.library_pane.in_trash:
            self.trash.delete_for_good()
            return
        target = self.library_pane.current_article_id() or self.article_id
        if target is not None:
            self.library_pane.delete_article(target)

    def _article_deleted(self, article_id: int, title: str) -> None:
        self.close_if_open(article_id)
        self.notice.show_text(f"Moved “{title}” to the trash.", "Undo", self.undo_stack.undo)

    def close_if_open(self, article_id: int) -> None:
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
        self.related.soon()
        if len(report.results) == 1 and not report.failures:
            self.open_article(report.results[0].article_id)
        elif len(done) == 1:
            self.open_article(done[0].article_id)
        elif self.article_id in {r.article_id for r in done} or report.annotations:
            self.show_again()  # changed under us

    def export(self):
        """Ask what to export (without blocking), export in the background; the dialog."""
        if self._exporter is None:
            from reader.ui.dialogs.export_dialog import Exporter

            self._exporter = Exporter(self.library, self.runner, self.settings, self.notice, self)
            self._exporter.vaultChanged.connect(self.pages.reload_articles)
        return self._exporter.ask(self.article_id, self._open_title())

    # -- view ------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.settings["theme"] = name
        self.apply_theme(name)

    def apply_theme(self, name: str) -> None:
        if name not in ("system", *themes.THEMES):
            name = "system"
        system = "dark" if name == "system" and themes.system_prefers_dark() else "light"
        resolved = name if name != "system" else system
        self._theme = name
        theme = themes.for_name(resolved)
        QApplication.setPalette(chrome_palette(theme))
        self.reading_pane.set_theme(resolved)
        self.notes.set_theme(theme)
        self.pages.set_theme(theme)
        self.update_article_actions()  # the theme's tick

    def _follow_system(self) -> None:
        if self._theme == "system":
            self.apply_theme("system")

    def zoom(self, steps: int) -> None:
        """Text ``steps`` points larger (negative: smaller); 0: the normal size."""
        if steps:
            self.reading_pane.zoom(steps)
        else:
            self.reading_pane.set_font_size(self._default_font_size)
        size = self.reading_pane.font_size
        self.settings["font_size"] = 0 if size == self._default_font_size else size
        self.panes.fit()  # a larger column asks the side panes for room

    # -- closing -------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if self._closed:
            return super().closeEvent(event)
        self._closed = True
        self.backups.stop()
        if self._chrome is not None:
            self._chrome.feeds.stop()
        self.outside.stop()
        self.syncing.stop()
        self.browser.stop()
        self.related.stop()
        if self.notes.pane is not None:
            self.notes.pane.flush()
        self.save_position()
        self.settings["geometry"] = self.saveGeometry().toBase64().toStdString()
        self.settings["splitter"] = self.panes.sizes()
        self.settings["sort"] = self.library_pane.sort_key
        self.settings["filter"] = self.library_pane.filter_key
        self.runner.cancel_all()
        self.library.interrupt_searches()
        self.notes_pane.related.stop()  # no answer shown after closing (the child is ended)
        self.runner.wait(30000)
        super().closeEvent(event)
