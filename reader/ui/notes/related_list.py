"""The notes pane's "Related" list: for the selected highlight, the highlights and passages
across the library that say something similar (``library.related.find``).

The search runs on a worker thread (the first one loads the embedding model, about a
second); a newer selection makes an older answer stale, and it is dropped. A click opens
the article at the passage (``openRequested``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from reader.core.related import RelatedItem
from reader.core.storage.library import Library
from reader.ui.jobs import JobRunner

LIMIT = 8
DELAY_MS = 300
ON_THE_SPOT = 2000  # missing vectors computed before a search (about 3 s at most)
PREVIEW_CHARS = 220
HINT = "Select a highlight to see related passages from your library."
SEARCHING = "Looking for related passages…"
NOTHING = "Nothing related yet: the more you read and highlight, the more turns up here."
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class RelatedList(QWidget):
    """A heading, a hint line and the related items of one highlight, best first."""

    openRequested = Signal(int, int, str)  # article id, offset, highlight id ("" for none)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedList")
        self._library = library
        self._runner = JobRunner(self, threads=1)
        self._wanted: str | None = None  # the highlight whose answer is awaited
        self.shown_for: str | None = None  # the highlight whose answer is shown
        self._pending = False
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        self.heading = QLabel("Related")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self.heading.setFont(font)
        self.heading.setToolTip(
            "Highlights and passages across your library that say something similar to the "
            "selected highlight, even in other words (found offline)"
        )
        layout.addWidget(self.heading)
        self.hint = QLabel(HINT)
        self.hint.setObjectName("relatedHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.hint, 1)  # the room the list takes when it shows
        self.list = QListWidget()
        self.list.setObjectName("relatedItems")
        self.list.setAccessibleName("Related passages")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setFrameShape(QListWidget.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        self.list.hide()
        layout.addWidget(self.list, 1)

    def show_for(self, highlight_id: str | None) -> None:
        """Find (in the background) and show what relates to this highlight; None clears."""
        if highlight_id == self._wanted:
            return
        self._wanted = highlight_id
        self.list.clear()
        self.list.hide()
        if highlight_id is None:
            self.shown_for = None
            self.hint.setText(HINT)
            self.hint.show()
            return
        self.hint.setText(SEARCHING)
        self.hint.show()
        self._timer.start()  # a burst of selections asks once, and never before the pane shows

    def _search(self) -> None:
        highlight_id = self._wanted
        if highlight_id is None:
            return
        if not self.isVisible():  # asked again when shown
            self._pending = True
            return
        job = self._runner.run(lambda j: self._find(highlight_id, j.is_cancelled), "related")
        job.succeeded.connect(lambda items, hid=highlight_id: self._found(hid, items))
        job.failed.connect(lambda error, hid=highlight_id: self._failed(hid, error))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending:
            self._pending = False
            self._timer.start()

    def _find(self, highlight_id: str, cancelled: Callable[[], bool]) -> list[RelatedItem]:
        related = self._library.related
        if not self._library.read_only and related.pending() <= ON_THE_SPOT:
            # A few seconds at most (more is the background's); stops when the window closes.
            related.embed_pending(cancelled=cancelled)
        return [] if cancelled() else related.find(highlight_id, limit=LIMIT)

    def refresh(self) -> None:
        """Ask again for the highlight shown (more vectors were computed meanwhile)."""
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.show_for(wanted)

    def _found(self, highlight_id: str, items: list[RelatedItem]) -> None:
        if highlight_id != self._wanted:
            return  # a newer selection asked since
        self.shown_for = highlight_id
        self.list.clear()
        for item in items:
            self.list.addItem(_row(item))
        self.hint.setText(NOTHING)
        self.hint.setVisible(not items)
        self.list.setVisible(bool(items))

    def _failed(self, highlight_id: str, error: object) -> None:
        if highlight_id != self._wanted:
            return
        self.shown_for = highlight_id
        self.hint.setText(f"Related passages are not available: {error}")
        self.hint.show()

    def _open(self, row: QListWidgetItem) -> None:
        item: RelatedItem = row.data(ITEM_ROLE)
        self.openRequested.emit(item.article_id, item.start, item.highlight_id or "")

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until a running search is done (tests, closing)."""
        return self._runner.wait(timeout_ms)

    def stop(self, timeout_ms: int = 30000) -> bool:
        """On closing: no new search, the running one asked to stop and waited for, so
        that nothing reads the library after it closes. True when it finished in time."""
        self._timer.stop()
        self._wanted = None
        self._runner.cancel_all()
        return self._runner.wait(timeout_ms)


def _row(item: RelatedItem) -> QListWidgetItem:
    text = " ".join(item.text.split())
    if len(text) > PREVIEW_CHARS:
        text = text[:PREVIEW_CHARS].rsplit(" ", 1)[0] + "…"
    kind = "Highlight" if item.kind == "highlight" else "Passage"
    row = QListWidgetItem(f"“{text}”\n{kind} in {item.article_title} · {item.score:.2f}")
    row.setData(ITEM_ROLE, item)
    row.setToolTip(f"Open “{item.article_title}” at this {kind.lower()}")
    return row
