"""Work that waits until the window has painted once, so that the first frame comes first.

The backup check, the single-instance socket and the like are not needed to show the
window; ``FirstPaint(window).then(fn)`` runs ``fn`` on the event loop just after the
window's first paint (at once when that has happened), or after ``FALLBACK_MS`` for a
window that is never painted (started minimised, or hidden).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

FALLBACK_MS = 3000


class FirstPaint(QObject):
    """Watches ``window`` until it paints; ``then(fn)`` queues work for after that."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._window = window
        self.painted = False
        self._waiting: list[Callable[[], object]] = []
        window.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def then(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` once the window has painted (queued, never from inside the paint)."""
        if self.painted:
            QTimer.singleShot(0, self, fn)
        else:
            self._waiting.append(fn)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after this paint has finished
        return False

    def _run(self) -> None:
        if self.painted:
            return
        self.painted = True
        self._window.removeEventFilter(self)
        waiting, self._waiting = self._waiting, []
        for fn in waiting:
            fn()
