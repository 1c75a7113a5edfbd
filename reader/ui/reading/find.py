"""Find in the article: the find bar (Ctrl+F), every match marked, F3 and Shift+F3 to step.

The matches are code-point spans of the canonical text (``words.find_phrase`` for what is
typed in the bar; ``search.match_spans`` for the words of a library search whose hit
opened the article). They are drawn over the text as outlines, the current one filled, by
an overlay of the reading pane that paints only the matches in view: an article with
thousands of matches costs no more to scroll than one with none, and the highlights'
colours and the selection stay as they are underneath.

Made on first use (Ctrl+F, a search hit): the window starts without this module.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.core.words import find_phrase

if TYPE_CHECKING:
    from reader.ui.theme import Theme


class FindHost(Protocol):
    """The reading pane, as finding sees it (the pane makes the finder: no import of it)."""

    overlays: list[Callable[[QPainter], object]]

    @property
    def article_text(self) -> str: ...
    @property
    def theme(self) -> Theme: ...
    def viewport(self) -> QWidget: ...
    def selected_range(self) -> tuple[int, int] | None: ...
    def reading_position(self) -> int: ...
    def scroll_to_offset(self, offset: int, *, flash: bool = False) -> None: ...
    def offsets_in_view(self) -> tuple[int, int]: ...
    def rects_of(self, start: int, end: int) -> list: ...


MAX_MATCHES = 5000  # marked and counted; a longer list helps nobody
TYPING_DELAY_MS = 120


class FindBar(QFrame):
    """A small bar at the top right of the reading pane: the words, "3 of 12", ↑ ↓ ×."""

    def __init__(self, finder: Finder, pane: QWidget, viewport: QWidget) -> None:
        super().__init__(pane)
        self._viewport = viewport
        self.setObjectName("findBar")
        self._finder = finder
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.field = QLineEdit(self)
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(180)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(70)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        for text, tip, slot in (
            ("↑", "Previous match (Shift+F3, Shift+Enter)", finder.previous),
            ("↓", "Next match (F3, Enter)", finder.next),
            ("✕", "Close (Escape)", finder.close_bar),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            layout.addWidget(button)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_DELAY_MS)
        self._typing.timeout.connect(lambda: finder.find(self.field.text()))
        self.field.textChanged.connect(lambda _t: self._typing.start())
        self.field.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._typing.isActive():  # Enter before the pause: find first
                    self._typing.stop()
                    self._finder.find(self.field.text())
                elif shift:
                    self._finder.previous()
                else:
                    self._finder.next()
                return True
            if key == Qt.Key.Key_Escape:
                self._finder.close_bar()
                return True
        return super().eventFilter(watched, event)

    def place(self) -> None:
        """Top right of the pane's viewport, clear of the scroll bar."""
        viewport = self._viewport
        self.adjustSize()
        width = min(max(self.sizeHint().width(), 340), viewport.width() - 16)
        self.resize(width, self.sizeHint().height())
        self.move(viewport.x() + viewport.width() - width - 10, viewport.y() + 8)

    def say(self, text: str) -> None:
        self.count.setText(text)


class Finder(QObject):
    """The matches in the open article and the current one; the bar that finds them."""

    def __init__(self, pane: FindHost) -> None:
        widget = pane.viewport().parentWidget()  # the pane itself, as a widget
        assert widget is not None
        super().__init__(widget)
        self._pane, self._widget = pane, widget
        self.spans: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self.current = -1
        self.query = ""
        self.bar = FindBar(self, widget, pane.viewport())
        pane.overlays.append(self.paint)

    # -- finding -------------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with its words selected (the selection's words when text is
        selected), and find them."""
        pane = self._pane
        rng = pane.selected_range()
        if rng is not None and pane.article_text and "\n" not in pane.article_text[slice(*rng)]:
            self.bar.field.setText(pane.article_text[slice(*rng)])
        self.bar.place()
        self.bar.show()
        self.bar.raise_()
        self.bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.bar.field.selectAll()
        self.find(self.bar.field.text())

    def find(self, query: str, near: int | None = None) -> None:
        """Mark every place ``query`` occurs; the current match is the first at or after
        ``near`` (default: the top of the view)."""
        self.query = query
        text = self._pane.article_text
        self._set(find_phrase(text, query, MAX_MATCHES) if text else [], near)

    def mark_search(self, query: str, near: int | None) -> None:
        """Mark the words of a library search (as it matched them) in the open article,
        the current match at the hit's ``near`` position; F3 steps through them."""
        from reader.core.search import match_spans  # loaded with the search itself

        self.query = query
        text = self._pane.article_text
        self._set(match_spans(text, query, MAX_MATCHES) if text and query.strip() else [], near)

    def _set(self, spans: list[tuple[int, int]], near: int | None) -> None:
        self.spans = spans
        self._starts = [s for s, _e in spans]
        start = self._pane.reading_position() if near is None else near
        self.current = -1
        if spans:
            self.current = min(bisect_left(self._starts, start), len(spans) - 1)
        self._show_current()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, by: int) -> None:
        if not self.spans:
            if self.bar.isHidden():
                self.open_bar()
            return
        self.current = (self.current + by) % len(self.spans)
        self._show_current()

    def _show_current(self) -> None:
        if self.current >= 0:
            self._pane.scroll_to_offset(self.spans[self.current][0])
        self._say()
        self._pane.viewport().update()

    def _say(self) -> None:
        n = len(self.spans)
        if not self.query.strip():
            text = ""
        elif not n:
            text = "No matches"
        else:
            more = "+" if n >= MAX_MATCHES else ""
            text = f"{self.current + 1} of {n}{more}"
        self.bar.say(text)

    def clear(self) -> None:
        """Mark nothing (the bar, if open, stays with its words)."""
        self.spans, self._starts, self.current = [], [], -1
        self._pane.viewport().update()

    def close_bar(self) -> None:
        self.bar.hide()
        self.clear()
        self.query = ""
        self._widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def article_changed(self) -> None:
        """Another article is shown: find the bar's words in it, else mark nothing."""
        if self.bar.isVisible() and self.bar.field.text():
            self.find(self.bar.field.text(), near=0)
        else:
            self.clear()
            self.query = ""

    @property
    def active(self) -> bool:
        return bool(self.spans) or self.bar.isVisible()

    # -- drawing -------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        """Outline the matches in view (``painter`` in document coordinates)."""
        if not self.spans:
            return
        pane = self._pane
        first, last = pane.offsets_in_view()
        lo = max(0, bisect_left(self._starts, first) - 1)
        hi = bisect_right(self._starts, last)
        colour = QColor(pane.theme.find)
        fill = QColor(colour)
        fill.setAlpha(90)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i in range(lo, hi):
            start, end = self.spans[i]
            path = QPainterPath()
            for rect in pane.rects_of(start, end):
                path.addRoundedRect(QRectF(rect).adjusted(-1.5, 0, 1.5, 0), 3, 3)
            current = i == self.current
            painter.setPen(QPen(colour, 2.2 if current else 1.3))
            painter.setBrush(fill if current else Qt.BrushStyle.NoBrush)
            painter.drawPath(path.simplified())
        painter.restore()
