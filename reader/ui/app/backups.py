"""The window's backup copies of the library, and the trash purge that follows each one.

A copy is asked for once the window has painted (or the samples are in) and every
hour after, so a window left open for days still backs up daily; the library says
whether one is due (a day old and changed). The copy is made in the background;
only after it succeeds is what has been in the trash longer than ``TRASH_DAYS``
deleted for good.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.storage.library import Library, LibraryError
from reader.ui.jobs import Job, JobRunner
from reader.ui.library.pane import TRASH_DAYS

BACKUP_CHECK_MS = 3600 * 1000


def backup_then_purge(library: Library, days: float = TRASH_DAYS) -> int:
    """A backup copy when one is due, then delete for good what has been in the trash
    longer than ``days``; returns how many. No copy, no purge."""
    try:
        library.backup_if_due()
    except Exception as e:
        raise RuntimeError(f"The backup failed: {e}") from e
    try:
        return library.trash.purge(days)
    except LibraryError as e:
        raise RuntimeError(f"Could not clear old articles from the trash: {e}") from e


class Backups(QObject):
    """Runs ``backup_then_purge`` on the window's runner when asked and on a timer."""

    purged = Signal(object)  # how many articles went for good after the copy (0: none)
    failed = Signal(str)  # what went wrong, for the status bar

    def __init__(self, library: Library, runner: JobRunner, parent: QObject) -> None:
        super().__init__(parent)
        self._library, self._runner = library, runner
        self._stopped = False
        self._timer: QTimer | None = None

    def run(self) -> Job | None:
        """Back up now if a copy is due, then purge the old trash, in the background."""
        if self._stopped:
            return None
        job = self._runner.run(lambda _job: backup_then_purge(self._library), "backup")
        job.succeeded.connect(self.purged)
        job.failed.connect(self._failed)
        return job

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))

    def repeat(self, every_ms: int = BACKUP_CHECK_MS) -> QTimer:
        """Ask again every ``every_ms`` (an hour) while the window is open."""
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.timeout.connect(self.run)
        self._timer.start(every_ms)
        return self._timer

    def stop(self) -> None:
        """No more copies (the window is closing)."""
        self._stopped = True
        if self._timer is not None:
            self._timer.stop()
