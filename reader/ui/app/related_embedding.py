"""Vectors for related passages, computed in the background: a while after the window
shows, after each import, and after highlights are made (``soon``).

One job at a time on the window's runner, in batches that each commit on their own
(``library.related.embed_pending``), so closing the window stops it between two batches
and loses nothing already done. The model loads on that worker, never at startup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.storage.library import Library
from reader.ui.jobs import Job, JobRunner

if TYPE_CHECKING:
    from reader.ui.highlights.model import HighlightsModel
    from reader.ui.notes.pane import NotesPane

AFTER_START_MS = 10_000  # leave the first seconds to the window and the article
AFTER_CHANGE_MS = 3_000  # a burst of highlights or an import: once, after it settles


class RelatedEmbedding(QObject):
    """Starts ``library.related.embed_pending`` on the runner when there may be work."""

    progressed = Signal(int, int)  # done, total
    done = Signal(int)  # how many highlights and articles got vectors

    def __init__(self, library: Library, runner: JobRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._library = library
        self._runner = runner
        self.job: Job | None = None
        self._again = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.start)

    def soon(self, delay_ms: int = AFTER_CHANGE_MS) -> None:
        """Start after ``delay_ms`` (a later call restarts the wait)."""
        self._timer.start(delay_ms)

    def start(self) -> None:
        """Start now, or once more after the running job when one runs."""
        if self._library.read_only:
            return
        if self.job is not None:
            self._again = True
            return
        related = self._library.related
        job = self.job = self._runner.run(
            lambda j: related.embed_pending(progress=j.report, cancelled=j.is_cancelled),
            "related vectors",
        )
        job.progress.connect(lambda d, t, _w: self.progressed.emit(d, t))
        job.succeeded.connect(lambda n: self.done.emit(n))
        job.finished.connect(self._finished)

    def _finished(self) -> None:
        self.job = None
        if self._again:
            self._again = False
            self.start()

    def stop(self) -> None:
        self._timer.stop()
        self._again = False
        if self.job is not None:
            self.job.cancel()


class _Window(Protocol):
    related: RelatedEmbedding
    highlights: HighlightsModel

    def open_article(
        self, article_id: int | None, position: int | None = None, highlight_id: str | None = None
    ) -> None: ...


def wire_related(window: _Window, notes: NotesPane) -> None:
    """After the first paint: vectors a while later and after new highlights; a related
    passage clicked in the notes pane opens its article there."""
    window.related.soon(AFTER_START_MS)
    window.highlights.rowsInserted.connect(lambda *_: window.related.soon())
    window.related.done.connect(lambda n: notes.related.refresh() if n else None)
    notes.relatedOpenRequested.connect(
        lambda article_id, offset, hid: window.open_article(article_id, offset, hid or None)
    )
