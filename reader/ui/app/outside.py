"""Changes made elsewhere: an import or a highlight from the command line, or another
program writing the library, show in the window within a second or two, without a click.

A timer asks SQLite's ``PRAGMA data_version`` once a second (``Library.changed_elsewhere``):
it changes only when another connection has committed, and reading it is a few
microseconds (bench/fig_outside.py measures it). A ``QFileSystemWatcher`` on the database
and its WAL was the other choice; it also fires for the window's own writes (every saved
reading position touches the WAL), so each event would still need the same question,
and inotify watches are a per-user limit. The check waits while a mouse button is down
(a selection being dragged) or a job of the window's own runs (its writes are its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from reader.core.storage.library import Library
    from reader.ui.jobs import JobRunner
    from reader.ui.library.pane import LibraryPane
    from reader.ui.notes.pane import NotesPane
    from reader.ui.reading.pane import ReadingPane

INTERVAL_MS = 1000  # the issue asks for 2 s at most


class OutsideHost(Protocol):
    """The window, as this module sees it (the window makes it: no import of it)."""

    library: Library
    runner: JobRunner
    library_pane: LibraryPane
    reading_pane: ReadingPane
    article_id: int | None

    @property
    def notes_pane(self) -> NotesPane: ...
    def open_article(self, article_id: int | None) -> None: ...
    def show_again(self) -> None: ...
    def has_article(self, article_id: int) -> bool: ...


class OutsideChanges(QObject):
    """Polls the library for other connections' writes and reloads what shows."""

    def __init__(self, host: OutsideHost, parent: QObject) -> None:
        super().__init__(parent)
        self._host = host
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)  # a wake-up shared with others
        self.timer.timeout.connect(self.poll)
        # Whether a child of the window's own wrote meanwhile (the related passages'
        # vectors): then only a change to what the user made (``change_count``) is news.
        self.quiet_writer: Callable[[], bool] | None = None
        self._count: int | None = None
        self._own = 0  # the window's commits when the count was read

    def start(self) -> None:
        self._host.library.changed_elsewhere()  # the version now: later ones are news
        if self.quiet_writer is not None:
            self._counted()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> bool:
        """Reload if another connection wrote, unless the reader is mid-gesture or the
        window's own job is writing; True when it reloaded."""
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton or self._host.runner.active:
            return False
        return self.show()

    def show(self) -> bool:
        """Reload the list, the open article and its notes if another connection wrote
        since the last look; True when it did."""
        host = self._host
        if not host.library.changed_elsewhere():
            return False
        if self.quiet_writer is not None and self.quiet_writer() and not self._counted():
            return False
        host.notes_pane.flush()
        host.library_pane.refresh()
        if host.article_id is not None and host.has_article(host.article_id):
            host.show_again()
        else:
            host.article_id = None
            host.open_article(host.library_pane.first_article_id())
        return True

    def _counted(self) -> bool:
        """Whether the library's count of changes to what the user made moved."""
        from reader.core.storage.backups import change_count  # small: sqlite3 only

        own = self._host.library.connection.commits
        before, self._count = self._count, change_count(self._host.library.path)
        mine, self._own = self._own != own, own
        # The window's own writes move the count too: a change by another program in the
        # same second as one of the window's shows with the next one.
        return self._count is None or (self._count != before and not mine)
