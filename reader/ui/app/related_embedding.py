"""Vectors for related passages, computed in the background: a while after the window
shows, after each import, and after highlights are made (``soon``).

The work is the child process's (``RelatedService``: ``article-reader related-service``),
which writes each batch in a transaction of its own (``library.related.embed_pending``);
the window only reads its progress lines, so neither the model's load nor a batch ever
holds the window's interpreter. Closing the window closes the child's stdin: it stops
between two batches and nothing already done is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.storage.library import Library
from reader.ui.app.related_service import RelatedService

if TYPE_CHECKING:
    from reader.ui.app.outside import OutsideChanges
    from reader.ui.highlights.model import HighlightsModel
    from reader.ui.notes.pane import NotesPane

AFTER_START_MS = 10_000  # leave the first seconds to the window and the article
AFTER_CHANGE_MS = 3_000  # a burst of highlights or an import: once, after it settles


class RelatedEmbedding(QObject):
    """Asks the child for ``embed_pending`` when there may be work."""

    progressed = Signal(int, int)  # done, total
    done = Signal(int)  # how many highlights and articles got vectors
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.service = RelatedService(str(library.path), self)
        self.running: int | None = None  # the embed request under way
        self._again = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.start)

    def soon(self, delay_ms: int = AFTER_CHANGE_MS) -> None:
        """Start after ``delay_ms`` (a later call restarts the wait)."""
        self._timer.start(delay_ms)

    def start(self) -> None:
        """Start now, or once more after the running one when one runs."""
        if self._library.read_only:
            return
        if self.running is not None:
            self._again = True
            return
        self.running = 0  # answered at once (the child cannot run): _answered clears it
        ident = self.service.ask({"op": "embed"}, self._answered)
        if self.running is not None:
            self.running = ident

    def _answered(self, message: dict) -> None:
        if "progress" in message:
            done, total = message["progress"]
            self.progressed.emit(int(done), int(total))
            return
        self.running = None
        if "error" in message:
            self._again = False
            self.failed.emit(str(message["error"]))
            return
        self.done.emit(int(message.get("done", 0)))
        if self._again:
            self._again = False
            self.start()

    def stop(self) -> None:
        """On closing: nothing more started; the child told to stop (it ends itself)."""
        self._timer.stop()
        self._again = False
        self.running = None
        self.service.stop()


class _Window(Protocol):
    related: RelatedEmbedding
    highlights: HighlightsModel
    outside: OutsideChanges

    def open_article(
        self, article_id: int | None, position: int | None = None, highlight_id: str | None = None
    ) -> None: ...


def wire_related(window: _Window, notes: NotesPane) -> None:
    """After the first paint: vectors a while later and after new highlights; the Related
    list asks the same child; a related passage clicked opens its article there; the
    child's writes are not taken for another program's."""
    window.related.soon(AFTER_START_MS)
    window.highlights.rowsInserted.connect(lambda *_: window.related.soon())
    notes.related.attach(window.related.service)
    window.related.done.connect(lambda n: notes.related.refresh() if n else None)
    window.outside.quiet_writer = window.related.service.take_activity
    notes.relatedOpenRequested.connect(
        lambda article_id, offset, hid: window.open_article(article_id, offset, hid or None)
    )
