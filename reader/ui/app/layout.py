"""The three panes' room: the side panes give way to the text first, hide and show, and the
window goes full screen.

On a small screen (1024×600) two side panes of 300 px would leave the reading column
370 px. Whenever the window's width changes, ``fit`` gives the reading pane what its
column asks for (the column, its margins and the scroll bar) before the side panes get
theirs: they shrink, down to ``SIDE_MIN`` each, and grow back to the widths the reader
gave them (by dragging a handle) when there is room again. Hidden panes give all their
room to the text. Which side panes show is remembered (``settings["panes"]``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QSplitter, QWidget

if TYPE_CHECKING:
    from reader.ui.reading.pane import ReadingPane
    from reader.ui.settings import Settings

SIDE_MIN = 200  # px: a side pane narrower than this is no use
SIDE_DEFAULT = 300


def fit(total: int, wanted: int, preferred: list[int]) -> tuple[int, list[int]]:
    """The reading pane's width and the side panes' widths for ``total`` pixels: the text
    gets ``wanted`` first, the sides share the rest up to their ``preferred`` widths and
    never go below ``SIDE_MIN`` (the text gives way only then)."""
    if not preferred:
        return total, []
    room = total - wanted
    if room >= sum(preferred):
        sides = list(preferred)
    else:
        scale = max(0, room) / sum(preferred)
        sides = [max(min(SIDE_MIN, p), round(p * scale)) for p in preferred]
    return total - sum(sides), sides


class Splitter(QSplitter):
    """A splitter that says when it has been resized (after it laid its panes out)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.resized: Callable[[], object] | None = None  # called after each resize

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.resized is not None:
            self.resized()


def side_by_side(parent: QWidget, panes: tuple[QWidget, ...]) -> Splitter:
    """The library, reading and notes panes side by side (the reading page of ``Pages``);
    the reading pane takes what the window gains."""
    splitter = Splitter(parent)
    splitter.setObjectName("splitter")
    for pane in panes:
        splitter.addWidget(pane)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([300, 680, 300])
    return splitter


class PaneLayout(QObject):
    """Keeps the splitter's widths fitted to the window; shows and hides the side panes."""

    changed = Signal()  # a side pane was shown or hidden, or full screen toggled

    def __init__(
        self,
        window: QWidget,
        splitter: Splitter,
        reading_pane: ReadingPane,
        settings: Settings,
        shown: object = None,
    ) -> None:
        super().__init__(window)
        self._window, self._splitter = window, splitter
        self._reading, self._settings = reading_pane, settings
        self._preferred = [SIDE_DEFAULT, SIDE_DEFAULT]  # library, notes: as the reader left them
        shown = shown if isinstance(shown, dict) else {}
        self._shown = [bool(shown.get("library", True)), bool(shown.get("notes", True))]
        self._fitted: tuple[int, list[int]] = (0, [])  # the width and widths fit() set last
        splitter.resized = self.fit
        splitter.splitterMoved.connect(lambda _pos, _i: self._adopt())
        window.installEventFilter(self)

    # -- the side panes ----------------------------------------------------------

    def _side(self, index: int) -> QWidget:
        side = self._splitter.widget(0 if index == 0 else 2)
        assert side is not None  # the window put its three panes in
        return side

    def apply(self) -> None:
        """Show the side panes as remembered, and fit the widths."""
        for i in (0, 1):
            self._side(i).setVisible(self._shown[i])
        self.fit()

    @property
    def library_shown(self) -> bool:
        return self._shown[0]

    @property
    def notes_shown(self) -> bool:
        return self._shown[1]

    def show_pane(self, index: int, on: bool) -> None:
        """Show (``on``) or hide the library (0) or notes (1) pane."""
        if self._shown[index] == on:
            return
        self._shown[index] = on
        pane = self._side(index)
        pane.setVisible(on)
        if not on and pane.isAncestorOf(self._window.focusWidget()):
            self._reading.setFocus()  # the keyboard must not vanish with it
        self._remember()
        self.fit()
        self.changed.emit()

    def reading_only(self) -> None:
        """Hide both side panes; with both hidden, show them again."""
        on = not (self._shown[0] or self._shown[1])
        for i in (0, 1):
            self.show_pane(i, on)
        if not on:
            self._reading.setFocus()

    def toggle_full_screen(self) -> None:
        window = self._window
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()
        self.changed.emit()

    def _remember(self) -> None:
        self._settings["panes"] = {"library": self._shown[0], "notes": self._shown[1]}

    # -- widths --------------------------------------------------------------------

    def restore(self, sizes: list[int]) -> None:
        """Widths saved when the window closed: the side panes' become the preferred ones."""
        if len(sizes) == 3 and all(isinstance(s, int) and s > 0 for s in sizes):
            self._preferred = [sizes[0], sizes[2]]
            self._fitted = (0, [])
        self.fit()

    def sizes(self) -> list[int]:
        """The widths to save: the side panes' as the reader wants them."""
        self._adopt()
        reading = self._splitter.sizes()[1]
        return [self._preferred[0], reading, self._preferred[1]]

    def _adopt(self) -> None:
        """Widths changed since ``fit`` set them, in a splitter as wide as then (a handle
        dragged, the program's own ``setSizes``), are what the reader wants now. After a
        resize the splitter has shared out the change itself: that is no one's wish."""
        splitter = self._splitter
        width, fitted = self._fitted
        sizes = splitter.sizes()
        if not fitted or sizes == fitted or splitter.width() != width:
            return
        for i, at in ((0, 0), (1, 2)):
            if self._shown[i] and sizes[at] > 0:
                self._preferred[i] = sizes[at]

    def fit(self) -> None:
        splitter = self._splitter
        self._adopt()
        shown = [i for i in (0, 1) if self._shown[i]]
        handles = splitter.handleWidth() * len(shown)
        total = splitter.width() - handles
        if total <= 0:
            return
        wanted = self._reading.wanted_width()
        reading, sides = fit(total, wanted, [self._preferred[i] for i in shown])
        widths = [0, reading, 0]
        for i, width in zip(shown, sides, strict=True):
            widths[0 if i == 0 else 2] = width
        splitter.setSizes(widths)
        self._fitted = (splitter.width(), splitter.sizes())

    def eventFilter(self, watched, event) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WindowStateChange:
            self.changed.emit()  # full screen left another way (the window manager)
        return False
