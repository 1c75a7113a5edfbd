"""The notes pane's "Related" list: for the selected highlight, the highlights and passages
across the library that say something similar.

The search is the window's related-passages child process's (``RelatedService``, given by
``attach``): the model and numpy never load into the window. A newer selection makes an
older answer stale, and it is dropped. A click opens the article at the passage
(``openRequested``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from reader.core.related import RelatedItem
from reader.core.storage.library import Library

LIMIT = 8
DELAY_MS = 300
PREVIEW_CHARS = 220
HINT = "Select a highlight to see related passages from your library."
SEARCHING = "Looking for related passages…"
NOTHING = "Nothing related yet: the more you read and highlight, the more turns up here."
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class RelatedService(Protocol):
    """What the list needs of ``reader.ui.app.related_service.RelatedService``."""

    def ask(self, request: dict, answer: Callable[[dict], None]) -> int: ...
    def forget(self, ident: int) -> None: ...


class RelatedList(QWidget):
    """A heading, a hint line and the related items of one highlight, best first."""

    openRequested = Signal(int, int, str)  # article id, offset, highlight id ("" for none)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedList")
        self._library = library
        self._service: RelatedService | None = None  # given by attach, after the first paint
        self._asked: int | None = None  # the request under way
        self.answered_in_ms: float | None = None  # the last answer's time, asked to shown
        self._asked_at = 0.0
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

    def attach(self, service: RelatedService) -> None:
        """The child process that finds related passages; a search waiting for it starts."""
        self._service = service
        if self._wanted is not None and self._asked is None:
            self._timer.start()

    def _search(self) -> None:
        highlight_id = self._wanted
        if highlight_id is None or self._service is None:
            return
        if not self.isVisible():  # asked again when shown
            self._pending = True
            return
        if self._asked is not None:
            self._service.forget(self._asked)
        self._asked_at = time.perf_counter()
        request = {"op": "find", "highlight": highlight_id, "limit": LIMIT}
        self._asked = 0  # answered at once (the child cannot run): _answered clears it
        ident = self._service.ask(
            request, lambda message, hid=highlight_id: self._answered(hid, message)
        )
        if self._asked is not None:
            self._asked = ident

    def _answered(self, highlight_id: str, message: dict) -> None:
        self._asked = None
        if "error" in message:
            self._failed(highlight_id, message["error"])
        else:
            self._found(highlight_id, [RelatedItem.from_json(i) for i in message["items"]])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending:
            self._pending = False
            self._timer.start()

    def refresh(self) -> None:
        """Ask again for the highlight shown (more vectors were computed meanwhile)."""
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.show_for(wanted)

    def _found(self, highlight_id: str, items: list[RelatedItem]) -> None:
        if highlight_id != self._wanted:
            return  # a newer selection asked since
        self.shown_for = highlight_id
        self.answered_in_ms = (time.perf_counter() - self._asked_at) * 1000
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
        """Until no search is under way (tests): True when none is left."""
        end = time.monotonic() + timeout_ms / 1000
        while self._asked is not None and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        return self._asked is None

    def stop(self) -> None:
        """On closing: no new search, the one under way forgotten (the child stops with
        the window's ``RelatedEmbedding``)."""
        self._timer.stop()
        self._wanted = None
        if self._asked is not None and self._service is not None:
            self._service.forget(self._asked)
        self._asked = None


def _row(item: RelatedItem) -> QListWidgetItem:
    text = " ".join(item.text.split())
    if len(text) > PREVIEW_CHARS:
        text = text[:PREVIEW_CHARS].rsplit(" ", 1)[0] + "…"
    kind = "Highlight" if item.kind == "highlight" else "Passage"
    row = QListWidgetItem(f"“{text}”\n{kind} in {item.article_title} · {item.score:.2f}")
    row.setData(ITEM_ROLE, item)
    row.setToolTip(f"Open “{item.article_title}” at this {kind.lower()}")
    return row
