"""``--quit-after-show``: start, show the window with an article open, say so, quit.

For smoke tests of an install or a bundle (tests/packaging/test_bundle.py; README, "For
packagers"): the exit status is 0 only when the window showed an article, after the
first launch's sample articles were added.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

TIMEOUT_S = 60


def quit_when_ready(window, *, started: float | None = None) -> None:
    """Once no background job runs and an article is open: print one line, close, quit."""
    started = time.monotonic() if started is None else started
    busy = window.runner.active or window.article_id is None
    if busy and time.monotonic() - started < TIMEOUT_S:
        QTimer.singleShot(50, lambda: quit_when_ready(window, started=started))
        return
    count = window.library.articles.count(archived=None)
    if busy:
        print(f"article-reader: no article open after {TIMEOUT_S} s", file=sys.stderr, flush=True)
    else:
        print(f"shown: {window.windowTitle()} ({count} articles)", flush=True)
    window.close()
    QApplication.exit(1 if busy else 0)
