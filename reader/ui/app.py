"""Start the desktop app: open the library, show the window, then seed or reopen.

Nothing here (nor anything the window imports at startup) loads the extraction
or Markdown libraries; they load on the first import or export.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..core.library import Library, LibraryError
from .actions import resource_path

APP_NAME = "Article Reader"


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, made once and set up with our name, icon and style."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("article-reader")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("article-reader")
    app.setDesktopFileName("org.articlereader.ArticleReader")
    app.setWindowIcon(QIcon(str(resource_path("article-reader.svg"))))
    app.setStyle("Fusion")  # the same look everywhere, and palettes that theme fully
    return app


def open_library(path: Path) -> Library | None:
    """The library at ``path``, or None after telling the user why it cannot be opened."""
    try:
        return Library(path)
    except LibraryError as e:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Cannot open the library.")
        box.setInformativeText(str(e))
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
        box.exec()
        return None


def run_app(
    library_path: Path,
    *,
    argv: list[str] | None = None,
    on_shown: Callable[[object], object] | None = None,
) -> int:
    """Run the desktop app on the library at ``library_path``; the exit status.

    ``on_shown(window)`` runs once the window is on screen and the first article
    is open (the startup benchmark uses it).
    """
    app = application(argv)
    library = open_library(library_path)
    if library is None:
        return 1
    from .main_window import MainWindow
    from .settings import Settings

    try:
        window = MainWindow(library, Settings(library))
        window.restore_layout()
        window.show()
        QTimer.singleShot(0, window.start)
        if on_shown is not None:
            QTimer.singleShot(0, lambda: on_shown(window))
        status = app.exec()
        window.close()  # when the app quit another way: still save and wait for jobs
        return status
    finally:
        library.close()
