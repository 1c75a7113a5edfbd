"""Background work (import, export, search, backup) off the UI thread.

A ``JobRunner`` belongs to a window and owns a small thread pool. ``run``
calls a function on a worker thread with a ``Job`` it can report progress
through and ask whether it was cancelled; the result or the exception comes
back to the UI thread as a signal, so the window never freezes.

    job = runner.run(lambda job: import_sources(library, paths, cancelled=job.is_cancelled))
    job.succeeded.connect(show_report)
    job.failed.connect(show_error)
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot


class Job(QObject):
    """One piece of background work. Signals arrive on the thread that made the job."""

    progress = Signal(int, int, str)  # done, total, what
    succeeded = Signal(object)  # the function's result
    failed = Signal(object)  # the exception it raised
    finished = Signal()  # after succeeded or failed
    # Emitted on the worker thread and relayed by the job's own slots, so that the public
    # signals are emitted on the job's thread even to plain functions and lambdas.
    _progress = Signal(int, int, str)
    _ended = Signal()

    def __init__(self, fn: Callable[[Job], Any], name: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._fn = fn
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self._progress.connect(self._relay_progress)
        self._ended.connect(self._relay_end)

    def cancel(self) -> None:
        """Ask the function to stop; it sees this through ``is_cancelled``."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        """Called by the function on its worker thread."""
        try:
            self._progress.emit(done, total, what)
        except RuntimeError:  # the job's QObject is gone: the app is exiting
            self.cancel()

    def _run(self) -> None:
        try:
            self.result = self._fn(self)
        except BaseException as e:
            self.error = e
        finally:
            # RuntimeError: the job's QObject is gone (the app is exiting), no one waits
            with contextlib.suppress(RuntimeError):
                self._ended.emit()

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, what: str) -> None:
        self.progress.emit(done, total, what)

    @Slot()
    def _relay_end(self) -> None:
        if self.error is not None:
            self.failed.emit(self.error)
        else:
            self.succeeded.emit(self.result)
        self.finished.emit()


class JobRunner(QObject):
    """Starts jobs on its own thread pool and keeps them alive until they finish."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, threads: int = 3) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._active: set[Job] = set()

    def run(self, fn: Callable[[Job], Any], name: str = "") -> Job:
        """Run ``fn(job)`` on a worker thread; connect to the job's signals before the
        event loop runs again (results are delivered through it)."""
        job = Job(fn, name, self)  # deleted with the runner: no late signals to dead widgets
        was_idle = not self._active
        self._active.add(job)
        job.finished.connect(self._forget)
        self._pool.start(job._run)
        if was_idle:
            self.busyChanged.emit(True)
        return job

    @Slot()
    def _forget(self) -> None:
        job = self.sender()
        self._active.discard(job)
        job.deleteLater()
        if not self._active:
            self.busyChanged.emit(False)

    @property
    def active(self) -> list[Job]:
        return list(self._active)

    def cancel_all(self) -> None:
        for job in self._active:
            job.cancel()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every worker is done (on closing); True when all finished."""
        return self._pool.waitForDone(timeout_ms)
