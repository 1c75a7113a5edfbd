"""Start the desktop app: open the library, show the window, then seed or reopen.

Nothing here (nor anything the window imports at startup) loads the extraction
or Markdown libraries; they load on the first import or export.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.core.storage.library import Library
from reader.ui.actions import resource_path

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

APP_NAME = "Article Reader"


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, made once and set up with our name and style (``run_app`` gives
    it the icon after the window's first paint)."""
    existing = QApplication.instance()
    if existing is not None and not isinstance(existing, QApplication):
        raise RuntimeError("a QCoreApplication is running: the window needs a QApplication")
    app = existing
    if app is None:
        # Fusion (the same look everywhere, and palettes that theme fully), named on the
        # command line Qt reads: setStyle("Fusion") would hand Python the QStyle it made,
        # and PySide makes QStyle's eleven enums for it (7 ms).
        args = argv if argv is not None else sys.argv[:1]
        app = QApplication([*args, "-style", "Fusion"])
    else:
        app.setStyle("Fusion")  # an application made before this (the tests')
    app.setApplicationName("article-reader")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("article-reader")
    app.setDesktopFileName("org.articlereader.ArticleReader")
    return app


def app_icon() -> QIcon:
    """The app's icon at the sizes made from its SVG (packaging/make_icons.py)."""
    from PySide6.QtGui import QIcon  # deferred: its enums are made when first touched

    icon = QIcon()
    for png in sorted(resource_path("icons").glob("article-reader-*.png")):
        icon.addFile(str(png))
    return icon if not icon.isNull() else QIcon(str(resource_path("article-reader.svg")))


def open_library(path: Path) -> Library | None:
    """The library at ``path``, or None after telling the user why it cannot be opened
    (damaged: offered the newest backup; read-only; newer): see ``damaged.py``."""
    from reader.ui.app.damaged import open_for_window

    return open_for_window(path)


def run_app(
    library_path: Path,
    *,
    argv: list[str] | None = None,
    on_shown: Callable[[object], object] | None = None,
    targets: list[str] | None = None,
) -> int:
    """Run the desktop app on the library at ``library_path``; the exit status.

    ``on_shown(window)`` runs once the window is on screen and the first article
    is open (the startup benchmark uses it). ``targets`` (files, URLs, deep links)
    are opened once it is; later launches on the same library send theirs here.
    """
    app = application(argv)
    quiet_platform_noise()
    library = open_library(library_path)
    if library is None:
        return 1
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    server = None
    try:
        window = MainWindow(library, Settings(library))
        window.restore_layout()
        window.show()
        if sys.platform == "darwin":
            from reader.ui.app.deep_link import FileOpenEvents

            app.installEventFilter(FileOpenEvents(window, app))
        QTimer.singleShot(0, window.start)

        def listen() -> None:
            # Later launches on this library hand their files and links to this window.
            # Listening waits for the first paint (QtNetwork is not needed to show the
            # window); a launch in between finds no window and starts one of its own.
            nonlocal server
            from reader.ui.app.single_instance import InstanceServer

            if window.isVisible():
                server = InstanceServer(library_path, lambda s, t: _received(window, s, t), app)

        window.first_paint.then(listen)
        # The icon waits for the first paint: finding it (importlib.resources, a glob) and
        # QIcon's enums cost 4 ms, and the window manager takes a later icon as readily.
        window.first_paint.then(lambda: app.setWindowIcon(app_icon()))
        # Quit on SIGTERM and Ctrl+C as Quit does (before the first paint there is nothing
        # to save); the watcher is kept alive by the app it is parented to.
        window.first_paint.then(lambda: _watch_signals(app))
        window.backups.repeat()  # a window left open for days still backs up daily
        if targets:
            QTimer.singleShot(0, lambda: _received(window, list(targets), None))
        if on_shown is not None:
            QTimer.singleShot(0, lambda: on_shown(window))
        status = app.exec()
        window.close()  # when the app quit another way: still save and wait for jobs
        return status
    finally:
        if server is not None:
            server.close()
        library.close()


# What Qt's platform plugins say about features they lack (the offscreen and some Wayland
# plugins: propagateSizeHints, raise, keyboard grabs): nothing a user can act on.
PLATFORM_NOISE = "This plugin does not support "


def quiet_platform_noise() -> None:
    """Leave out Qt's messages that name a platform plugin's missing features; pass every
    other message on as Qt would print it."""
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if message.startswith(PLATFORM_NOISE):
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    previous = qInstallMessageHandler(handler)


def _watch_signals(app) -> None:
    from reader.ui.app.signals import quit_on_signals

    app._signal_watcher = quit_on_signals(app)


def _received(window, targets: list[str], activation_token: str | None) -> list[str]:
    """Open what a launch asked for and come to the front; what could not be opened."""
    from reader.ui.app.deep_link import bring_to_front, open_targets

    bring_to_front(window, activation_token)
    return open_targets(window, targets)
