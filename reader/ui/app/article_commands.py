"""What the Article menu does beyond favourite, archive and delete: mark as read or unread,
tags, the original web page in the browser. Made with the window's chrome.

Each acts on the open article (the list's chosen row when none is open), as the list's
right-click menu does after choosing its row.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

from reader.core.storage.library import LibraryError, NotFound

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QWidget

    from reader.core.storage.library import Library
    from reader.ui.library.pane import LibraryPane
    from reader.ui.reading.pane import ReadingPane
    from reader.ui.status import Notice


class ArticleHost(Protocol):
    """The window, as these commands see it (the window makes them: no import of it)."""

    library: Library
    library_pane: LibraryPane
    reading_pane: ReadingPane
    undo_stack: QUndoStack
    article_id: int | None

    def window(self) -> QWidget: ...
    def update_article_actions(self) -> None: ...


class TagArticle(QUndoCommand):
    """Set an article's tags; undo puts the old ones back."""

    def __init__(
        self, window: ArticleHost, notice: Notice, article_id: int, tags: list[str], old: list[str]
    ):
        super().__init__("Tag article")
        self._window, self._notice = window, notice
        self._id, self._tags, self._old = article_id, tags, old

    def redo(self) -> None:
        self._set(self._tags)

    def undo(self) -> None:
        self._set(self._old)

    def _set(self, tags: list[str]) -> None:
        window = self._window
        try:
            window.library.tags.set(self._id, tags)
        except LibraryError as e:
            self.setObsolete(True)
            self._notice.show_text(f"Could not tag the article: {e}")
            return
        window.library_pane.refresh(keep=self._id)  # the filter lists the tags in use


class ArticleCommands:
    """Mark read or unread, tag, open the original: for the window's actions."""

    def __init__(self, window: ArticleHost, notice: Notice) -> None:
        self._window, self.notice = window, notice

    def target(self) -> int | None:
        window = self._window
        return window.article_id or window.library_pane.current_article_id()

    def is_read(self, article_id: int | None) -> bool:
        summary = self._window.library_pane.summary(article_id) if article_id else None
        return bool(summary and summary.read)

    def toggle_read(self) -> None:
        """Mark the article unread (listed as new, with the Unread filter) or read again."""
        window, article_id = self._window, self.target()
        if article_id is None:
            return
        read = not self.is_read(article_id)
        try:
            window.library.articles.mark_read(article_id, read)
        except NotFound:
            return
        window.library_pane.update_article(article_id, read=read)
        if window.library_pane.filter_key == "unread":
            window.library_pane.refresh(keep=article_id)
        self.notice.show_text("Marked as read." if read else "Marked as unread.")
        window.update_article_actions()

    def edit_tags(self):
        """Ask for the article's tags (comma-separated, the tags in use offered); returns
        the dialog, which saves through the undo stack."""
        from reader.ui.dialogs.tags_dialog import TagsDialog  # not needed to start

        window, article_id = self._window, self.target()
        if article_id is None:
            return None
        with contextlib.suppress(NotFound):
            old = window.library.tags.of(article_id)
            title = window.library.articles.get(article_id).title
            known = [name for name, _n in window.library.tags.in_use()]
            dialog = TagsDialog(title, old, known, window.window())

            def save() -> None:
                tags = dialog.tags()
                if tags != old:
                    window.undo_stack.push(TagArticle(window, self.notice, article_id, tags, old))

            dialog.accepted.connect(save)
            dialog.open()
            return dialog
        return None

    def open_original(self) -> bool:
        """Open the article's web address in the browser; False (and why, in the status
        bar) when it has none that opens."""
        from PySide6.QtCore import QUrl

        from reader.ui.reading.links import may_open

        window, article_id = self._window, self.target()
        if article_id is None:
            return False
        summary = window.library_pane.summary(article_id)
        url = summary.url if summary else None
        if url is None:
            with contextlib.suppress(NotFound):
                url = window.library.articles.get(article_id).url
        if not url:
            self.notice.show_text("This article has no web address: it came from a file.")
            return False
        qurl = QUrl(url)
        if not may_open(qurl):
            self.notice.show_text(f"Not opened: {url} is not a web address.")
            return False
        window.reading_pane.open_url(qurl)
        return True
