"""SIGTERM (a logout, ``kill``) and SIGINT (Ctrl+C in the terminal) close the window the
way its Quit does: the reading position and layout are saved, the local socket removed.

Python runs signal handlers only when Python code runs, which a waiting Qt event loop
does not do; the signal's wake-up byte on a pipe that Qt watches gives it the chance.
"""

from __future__ import annotations

import os
import signal

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication


def quit_on_signals(app: QApplication) -> QObject | None:
    """Quit ``app`` on SIGTERM and SIGINT; the watcher (keep it alive), or None where
    signals cannot be watched this way (Windows)."""
    if os.name != "posix":
        return None
    read_end, write_end = os.pipe()
    for fd in (read_end, write_end):
        os.set_blocking(fd, False)
    signal.set_wakeup_fd(write_end)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)  # the quitting happens below, in Qt's loop
    notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read, app)

    def woken() -> None:
        try:
            os.read(read_end, 512)
        except BlockingIOError:
            return
        app.quit()

    notifier.activated.connect(woken)
    return notifier
