"""The trash in the window: restore, delete for good, empty it.

A deleted article waits in the trash (``Library.trash.delete``); the library
pane lists it under the "Trash" filter but does not open it. From there it can
be restored (undoable, on the window's stack) or deleted for good (asked first,
no way back). What has been in the trash for more than ``TRASH_DAYS`` days goes
after each backup copy (``app/backups.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from reader.core.models import ArticleSummary
from reader.core.storage.library import Library, LibraryError, NotFound
from reader.ui.actions import SPECS, describe
from reader.ui.library.pane import TRASH_DAYS, LibraryPane
from reader.ui.library.views import ArticleListModel
from reader.ui.status import Notice


def articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


class RestoreArticleCommand(QUndoCommand):
    """Take an article out of the trash; undo puts it back."""

    def __init__(self, trash: Trash, article_id: int, title: str) -> None:
        super().__init__(f"Restore “{title}”")
        self._trash, self.article_id, self.title = trash, article_id, title

    def redo(self) -> None:
        if self._step(self._restore):
            self._trash.notice.show_text(
                f"Restored “{self.title}” to the library.", "Undo", self._trash.undo_stack.undo
            )

    def undo(self) -> None:
        if self._step(self._trash.library.trash.delete):
            self._trash.articleTrashed.emit(self.article_id)
            self._trash.notice.show_text(f"Moved “{self.title}” back to the trash.")

    def _restore(self, article_id: int) -> None:
        self._trash.library.trash.restore(article_id)
        self._trash.library.articles.get(article_id)  # NotFound: deleted for good meanwhile

    def _step(self, step: Callable[[int], object]) -> bool:
        try:
            step(self.article_id)
        except LibraryError:
            self.setObsolete(True)  # the stack drops it
            self._trash.notice.show_text(f"“{self.title}” is no longer in the library.")
            return False
        finally:
            self._trash.pane.refresh()
        return True


class Trash(QObject):
    """What can be done with the articles in the trash; keeps its actions up to date."""

    articleTrashed = Signal(int)  # back in the trash (a restore undone): close it if open

    def __init__(
        self,
        library: Library,
        pane: LibraryPane,
        undo_stack: QUndoStack,
        actions: dict[str, QAction],
        notice: Notice,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.library, self.pane, self.undo_stack = library, pane, undo_stack
        self.actions, self.notice = actions, notice
        self._window = parent
        self._has_open = False  # an article is open in the window: Delete can act on it
        pane.refreshed.connect(self.update_actions)
        pane.list.selectionModel().currentChanged.connect(lambda *_: self.update_actions())
        pane.list.doubleClicked.connect(self._double_clicked)
        actions["restore_article"].triggered.connect(lambda: self.restore())
        actions["empty_trash"].triggered.connect(lambda: self.empty())

    def count(self) -> int:
        return self.library.articles.count(trashed=True, archived=None)

    def current(self) -> ArticleSummary | None:
        """The article chosen in the trash view, if that is what the list shows."""
        if not self.pane.in_trash:
            return None
        return self.pane.list.currentIndex().data(ArticleListModel.SummaryRole)

    def update_actions(self, has_open: bool | None = None) -> None:
        """Delete means "for good" in the trash view; Restore and Empty Trash need something.
        ``has_open``: whether an article is open (the window says so when it changes)."""
        if has_open is not None:
            self._has_open = has_open
        current = self.current()
        delete = self.actions["delete_article"]
        if self.pane.in_trash:
            describe(
                delete,
                "Delete for &Good…",
                "Delete the chosen article in the trash for good (cannot be undone)",
            )
            delete.setEnabled(current is not None)
        else:
            spec = SPECS["delete_article"]
            describe(delete, spec.label, spec.tooltip)
            delete.setEnabled(self._has_open)
        self.actions["restore_article"].setEnabled(current is not None)
        self.actions["empty_trash"].setEnabled(self.count() > 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        summary = index.data(ArticleListModel.SummaryRole)
        if self.pane.in_trash and summary is not None:
            self.restore(summary)

    def restore(self, summary: ArticleSummary | None = None) -> bool:
        """Take the chosen article out of the trash, through the undo stack."""
        summary = summary or self.current()
        if summary is None or summary.deleted_at is None:
            return False
        self.undo_stack.push(RestoreArticleCommand(self, summary.id, summary.title))
        return True

    def delete_for_good(self) -> bool:
        """Ask, then delete the chosen article in the trash with its highlights and notes."""
        summary = self.current()
        if summary is None or not self._confirm(
            "Delete for Good",
            f"Delete “{summary.title}” for good?",
            "Its highlights and notes go with it. This cannot be undone.",
            "Delete for Good",
        ):
            return False
        try:
            self.library.trash.delete_for_good(summary.id)
        except NotFound:
            self.notice.show_text(f"“{summary.title}” is no longer in the trash.")
            return False
        finally:
            self.pane.refresh()
        self.notice.show_text(f"Deleted “{summary.title}” for good.")
        return True

    def empty(self) -> int:
        """Ask, then delete everything in the trash for good; returns how many went."""
        n = self.count()
        if not n or not self._confirm(
            "Empty Trash",
            f"Delete the {articles(n)} in the trash for good?"
            if n > 1
            else "Delete the one article in the trash for good?",
            "Their highlights and notes go with them. This cannot be undone."
            if n > 1
            else "Its highlights and notes go with it. This cannot be undone.",
            "Empty Trash",
        ):
            return 0
        try:
            gone = self.library.trash.purge(older_than_days=0)
        except LibraryError as e:
            self.notice.show_text(f"Could not empty the trash: {e}")
            return 0
        finally:
            self.pane.refresh()
        self.notice.show_text(f"Emptied the trash: {articles(gone)} deleted for good.")
        return gone

    def purged(self, gone: int) -> None:
        """After the startup purge: show the trash as it is now."""
        if gone:
            self.pane.refresh()
            self.notice.show_text(
                f"Deleted {articles(gone)} that had been in the trash "
                f"for more than {TRASH_DAYS} days."
            )

    def _confirm(self, title: str, text: str, detail: str, yes: str) -> bool:
        from PySide6.QtWidgets import QMessageBox  # loads on first use, not at startup

        from reader.ui.message_box import fit_width

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setInformativeText(detail)
        box.setTextFormat(Qt.TextFormat.PlainText)  # titles are never markup
        fit_width(box)
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()
