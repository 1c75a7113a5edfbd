"""The library pane: a search field, filters, and the article list (or the search hits).

The article list is a model over the Library that loads pages as the view
scrolls (``canFetchMore``/``fetchMore``); searching runs on a worker thread,
debounced, and a new query interrupts the one still running. The "Trash" filter
lists deleted articles: choosing one there does not open it (``trash.py`` says
what can be done with it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import ArticleSummary, SearchHit
from reader.core.storage.library import Library, LibraryError, NotFound
from reader.ui.jobs import Job, JobRunner
from reader.ui.library.views import (
    ArticleDelegate,
    ArticleListModel,
    HitDelegate,
    ListView,
    SearchModel,
)

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 50
TRASH_DAYS = 30  # what has been in the trash longer is deleted for good at startup


class DeleteArticleCommand(QUndoCommand):
    """Move an article to the trash; undo restores it with its highlights and notes."""

    def __init__(self, pane: LibraryPane, article_id: int, title: str) -> None:
        super().__init__(f"Delete “{title}”")
        self._pane, self.article_id, self.title = pane, article_id, title

    def redo(self) -> None:
        if self._step(self._pane.library.trash.delete):
            self._pane.articleDeleted.emit(self.article_id, self.title)

    def undo(self) -> None:
        if self._step(self._restore):
            self._pane.articleRestored.emit(self.article_id, self.title)

    def _restore(self, article_id: int) -> None:
        self._pane.library.trash.restore(article_id)
        self._pane.library.articles.get(article_id)  # NotFound: deleted for good meanwhile

    def _step(self, step) -> bool:
        try:
            step(self.article_id)
        except LibraryError:
            self.setObsolete(True)  # the stack drops it
            self._pane.failed.emit(f"“{self.title}” was deleted for good: it cannot come back.")
            return False
        finally:
            self._pane.refresh()
        return True


class LibraryPane(QWidget):
    """Lists and searches the library; tells the window which article to open."""

    articleChosen = Signal(int, object, object)  # article id, position or None, highlight id
    articleDeleted = Signal(int, str)  # moved to the trash: id, title
    articleRestored = Signal(int, str)  # back from the trash (a delete undone)
    failed = Signal(str)  # a delete could not be undone: a message for the user
    searchFinished = Signal(str, int)  # query, number of hits
    refreshed = Signal()  # the list was loaded again (a change, another filter)
    EMPTY = (
        "No articles here yet.\n\nImport files with Ctrl+O, or drop files, folders or links here."
    )
    TRASH_EMPTY = "The trash is empty."
    TRASH_HINT = f"Articles in the trash are deleted for good after {TRASH_DAYS} days."

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        sort: str = "added",
        filter: str = "all",
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._runner = runner
        self.undo_stack = undo_stack
        self._listing_trash = False
        self._generation = 0
        self._let_through: set[str] = set()
        self._following: int | None = None  # the article the list should show as current

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search titles, text, highlights, notes")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox(self)
        self.filter.setObjectName("filter")
        self.filter.setToolTip("Which articles to list")
        self.sort = QComboBox(self)
        self.sort.setObjectName("sort")
        self.sort.setToolTip("Order of the list")
        self.sort.addItem("Newest first", "added")
        self.sort.addItem("By title", "title")
        self.sort.setCurrentIndex(max(0, self.sort.findData(sort)))

        self.model = ArticleListModel(library, self)
        self.list = ListView(self)
        self.list.setObjectName("articles")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ArticleDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.placeholder = self.EMPTY
        self.hits = SearchModel(self)
        self.results = ListView(self)
        self.results.setObjectName("results")
        self.results.setModel(self.hits)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        for view in (self.list, self.results):
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.results)
        self.trash_hint = QLabel(self.TRASH_HINT, self)
        self.trash_hint.setObjectName("trash_hint")
        self.trash_hint.setWordWrap(True)
        self.trash_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.trash_hint.setContentsMargins(4, 2, 4, 2)
        self.trash_hint.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.filter, 1)
        row.addWidget(self.sort, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addLayout(row)
        layout.addWidget(self.trash_hint)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._start_search)
        self.search.textChanged.connect(self._query_changed)
        self.search.returnPressed.connect(self._choose_first_hit)
        self.filter.activated.connect(lambda _i: self.refresh())
        self.sort.activated.connect(lambda _i: self.refresh())
        self.list.selectionModel().currentChanged.connect(self._article_current)
        self.results.activated.connect(self._hit_chosen)
        self.results.clicked.connect(self._hit_chosen)
        self.stack.currentChanged.connect(lambda _i: self._show_hint())
        self._fill_filters(filter)
        self.refresh()

    # -- the article list ------------------------------------------------------

    @property
    def sort_key(self) -> str:
        return self.sort.currentData() or "added"

    @property
    def filter_key(self) -> str:
        return self.filter.currentData() or "all"

    @property
    def in_trash(self) -> bool:
        """The list shows the trash (whether or not search hits cover it now)."""
        return self.filter_key == "trash"

    def _fill_filters(self, wanted: str | None = None) -> None:
        wanted = wanted or self.filter_key
        with QSignalBlocker(self.filter):
            self.filter.clear()
            self.filter.addItem("All articles", "all")
            self.filter.addItem("Favourites", "favorites")
            self.filter.addItem("Archived", "archived")
            self.filter.addItem("Trash", "trash")
            tags = self.library.tags.in_use()
            if tags:
                self.filter.insertSeparator(self.filter.count())
            for name, count in tags:
                self.filter.addItem(f"#{name} ({count})", f"tag:{name}")
            self.filter.setCurrentIndex(max(0, self.filter.findData(wanted)))

    def refresh(self, *, keep: int | None = None) -> None:
        """Reload the list (after an import, a delete, a new filter); keep the current
        article selected when it is still listed (in the trash: else the row that took
        its place, so one can go on restoring or deleting)."""
        keep = keep if keep is not None else self.current_article_id()
        row = self.list.currentIndex().row() if self._listing_trash else -1
        self._fill_filters()
        key = self.filter_key
        query: dict = {"archived": False}
        if key == "trash":
            query = {"trashed": True, "archived": None}
        elif key == "favorites":
            query["favorite"] = True
        elif key == "archived":
            query["archived"] = True
        elif key.startswith("tag:"):
            query["tag"] = key[4:]
        self.model.load(sort=self.sort_key, **query)
        if self._listing_trash != self.in_trash:
            self._listing_trash = self.in_trash
            self.list.placeholder = self.TRASH_EMPTY if self.in_trash else self.EMPTY
        kept = keep is not None and self.select_article(keep)
        if not kept and row >= 0 and self.in_trash and self.model.rowCount():
            self.select_article(self.model.summary(min(row, self.model.rowCount() - 1)).id)
        self._show_hint()
        self.list.viewport().update()
        self.refreshed.emit()

    def _show_hint(self) -> None:
        self.trash_hint.setVisible(self.in_trash and self.stack.currentWidget() is self.list)

    def current_article_id(self) -> int | None:
        summary = self.list.currentIndex().data(ArticleListModel.SummaryRole)
        return summary.id if summary else None

    def select_article(self, article_id: int) -> bool:
        """Make the article current in the list without asking to open it again."""
        row = self.model.row_of(article_id)
        if row is None:
            return False
        with QSignalBlocker(self.list.selectionModel()):
            index = self.model.index(row)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        self.list.viewport().update()
        return True

    def follow_article(self, article_id: int) -> None:
        """Make the open article current in the list: now when its row is loaded, else
        just after the window has painted (its page may be thousands of rows down)."""
        self._following = article_id
        if self.model.loaded_row(article_id) is not None:
            self.select_article(article_id)
            return

        def later() -> None:
            if self._following == article_id:
                self.select_article(article_id)

        QTimer.singleShot(0, self, later)

    def first_article_id(self) -> int | None:
        """The article at the top of the list, to open (in the trash view: the library's)."""
        if self.in_trash:
            top = self.library.articles.list(sort=self.sort_key, limit=1)
            return top[0].id if top else None
        return self.model.summary(0).id if self.model.rowCount() else None

    def summary(self, article_id: int) -> ArticleSummary | None:
        """The listed row of an article in the library (not in the trash); read from the
        library when its page is not loaded yet, rather than loading every page before it."""
        return None if self.in_trash else self.model.listed(article_id)

    def update_article(self, article_id: int, **changes) -> None:
        """Change fields of a listed article's row (read, favorite, highlights, ...); a row
        not loaded yet will be read with the change when it is."""
        row = None if self.in_trash else self.model.loaded_row(article_id)
        if row is not None:
            self.model.set_summary(row, replace(self.model.summary(row), **changes))

    def _article_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = current.data(ArticleListModel.SummaryRole)
        if summary is not None and summary.deleted_at is None:  # the trash's do not open
            self.articleChosen.emit(summary.id, None, None)

    def delete_article(self, article_id: int, *, confirm: bool = True) -> bool:
        """Ask, then move the article to the trash through the undo stack."""
        try:
            title = self.library.articles.get(article_id).title
        except NotFound:
            return False
        if confirm:
            from PySide6.QtWidgets import QMessageBox  # loads on first use, not at startup

            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Delete article",
                f"Move “{title}” to the trash?\n\nIts highlights and notes go with it. "
                "You can undo this with Ctrl+Z.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)  # a title is never markup
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            try:
                if box.exec() != QMessageBox.StandardButton.Yes:
                    return False
            finally:
                box.deleteLater()
        self.undo_stack.push(DeleteArticleCommand(self, article_id, title))
        return True

    # -- search ----------------------------------------------------------------

    def let_through(self, shortcuts: list[str]) -> None:
        """Let these window shortcuts fire while the search field has focus (a line edit
        takes Ctrl+E, Ctrl+D and others for itself on Linux)."""
        from PySide6.QtGui import QKeySequence  # with the window's actions, after the first paint

        self._let_through = {QKeySequence(s).toString() for s in shortcuts}
        self.search.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.Type.ShortcutOverride:
            from PySide6.QtGui import QKeySequence

            if QKeySequence(event.keyCombination()).toString() in self._let_through:
                event.ignore()  # not overridden: the window's shortcut fires
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _query_changed(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
            return
        self._debounce.stop()
        self._generation += 1
        self.library.interrupt_searches()
        self.hits.set_hits([])
        self.stack.setCurrentWidget(self.list)

    def _start_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        self._generation += 1
        generation = self._generation
        self.library.interrupt_searches()  # a stale query must not hold the worker
        library = self.library

        def search(_job: Job) -> list[SearchHit] | None:
            try:
                return library.search(query, limit=SEARCH_LIMIT)
            except sqlite3.OperationalError as e:
                if "interrupt" in str(e):
                    return None
                raise

        job = self._runner.run(search, "search")
        job.setProperty("query", query)
        job.setProperty("generation", generation)
        # bound methods, not lambdas: Qt drops the connection if the pane goes first
        job.succeeded.connect(self._search_done)
        job.failed.connect(self._search_error)

    def _search_done(self, hits: list[SearchHit] | None) -> None:
        job = self.sender()
        self._show_hits(job.property("generation"), job.property("query"), hits)

    def _search_error(self, error: BaseException) -> None:
        job = self.sender()
        self._search_failed(job.property("generation"), job.property("query"), error)

    def _show_hits(self, generation: int, query: str, hits: list[SearchHit] | None) -> None:
        if generation != self._generation or hits is None:
            return  # a newer query is on its way
        self.hits.set_hits(hits)
        self.results.placeholder = f"Nothing found for “{query}”."
        self.stack.setCurrentWidget(self.results)
        if hits:
            with QSignalBlocker(self.results.selectionModel()):
                self.results.setCurrentIndex(self.hits.index(0))
        self.searchFinished.emit(query, len(hits))

    def _search_failed(self, generation: int, query: str, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.hits.set_hits([])
        self.results.placeholder = f"Search for “{query}” failed: {error}"
        self.stack.setCurrentWidget(self.results)
        self.searchFinished.emit(query, 0)

    def _hit_chosen(self, index: QModelIndex) -> None:
        hit = index.data(SearchModel.HitRole)
        if hit is not None:
            self.articleChosen.emit(hit.article_id, hit.position, hit.highlight_id)

    def _choose_first_hit(self) -> None:
        if self.stack.currentWidget() is self.results and self.hits.rowCount():
            index = self.results.currentIndex()
            self._hit_chosen(index if index.isValid() else self.hits.index(0))

    def choose_hit(self, row: int) -> None:
        """Open the article of the hit in ``row`` (as a click on it does)."""
        index = self.hits.index(row)
        self.results.setCurrentIndex(index)
        self._hit_chosen(index)

    def keyPressEvent(self, event) -> None:
        # Down from the search field walks into the list it filters.
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            view = self.results if self.stack.currentWidget() is self.results else self.list
            view.setFocus()
            if not view.currentIndex().isValid() and view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 0))
            return
        super().keyPressEvent(event)
