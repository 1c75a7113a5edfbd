"""Opening what the window is asked to open: deep links to an article or a highlight,
files and web pages to import; and bringing the window to the front for it."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFileOpenEvent

from reader.core.links import is_link, parse_link
from reader.core.storage.errors import NotFound


def open_targets(window, targets: list[str]) -> list[str]:
    """Open links at once and import the rest in the background (the window opens a
    single import when done); the messages for what could not be opened."""
    messages = []
    sources = []
    for target in targets:
        if is_link(target):
            message = open_link(window, target)
            if message:
                messages.append(message)
        else:
            sources.append(target)
    if sources:
        window.import_sources(sources)
    return messages


def open_link(window, url: str) -> str | None:
    """Open the article a link names, scrolled to its highlight, which is selected
    as if clicked. None when all went well, else what went wrong (also shown in the
    window's status bar)."""
    library = window.library
    try:
        link = parse_link(url)
        article = library.articles.get(link.article_id)
    except ValueError as e:
        return _tell(window, f"Cannot open the link: {e}.")
    except NotFound:
        return _tell(
            window,
            f"Cannot open the link: there is no article {link.article_id} in the library "
            f"{library.path} (was it deleted, or is the link from another library?).",
        )
    highlight = None
    if link.highlight_id:
        try:
            highlight = library.highlights.get(link.highlight_id)
        except NotFound:
            highlight = None
        if highlight is not None and highlight.article_id != article.id:
            highlight = None
    if highlight is None or highlight.orphaned:
        window.open_article(article.id)
        if link.highlight_id is None:
            return None
        why = "no longer in its text" if highlight else "not in it any more"
        return _tell(
            window, f"Opened “{article.title}”, but the highlight {link.highlight_id} is {why}."
        )
    window.open_article(article.id, position=highlight.start)
    land_on_highlight(window, highlight.id, highlight.start)
    return None


def land_on_highlight(window, highlight_id: str, start: int) -> None:
    """Select the highlight as a click on it does (outlined, with its own bar: colour,
    note, delete; its row current in the notes pane), not its text as a new selection."""
    pane = window.reading_pane
    pane.scroll_to_offset(start)
    pane.setFocus()  # its keys (N, Delete, 1-5) act on it, as after a click
    pane.select_highlight(highlight_id)
    window.notes_pane.select_highlight(pane.selected_highlight())


def _tell(window, message: str) -> str:
    window.notice.show_text(message)
    return message


def bring_to_front(window, activation_token: str | None = None) -> None:
    """Show the window above the others, unminimised, with the keyboard focus."""
    if activation_token:
        # Wayland only lets a window take the focus with a token from the launch
        # that asked for it; Qt reads it from here.
        os.environ["XDG_ACTIVATION_TOKEN"] = activation_token
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


class FileOpenEvents(QObject):
    """macOS hands files and links opened from Finder or a browser to the running app as
    ``QFileOpenEvent``s rather than as arguments: open them like a second launch's."""

    def __init__(self, window, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url()
            target = url.toLocalFile() if url.isLocalFile() else url.toString()
            bring_to_front(self._window)
            open_targets(self._window, [target or event.file()])
            return True
        return super().eventFilter(watched, event)
