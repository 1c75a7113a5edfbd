"""The window's central area: the reading panes, or all highlights, or the daily review.

The library, reading and notes panes (the splitter) are the first page and all the first
paint needs; the other two are made the first time they are shown. A highlight opened
from either goes back to the reading panes, scrolled to it; the view it came from keeps
its place for the way back (its action, or Escape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStackedWidget, QWidget

from reader.ui.app.layout import side_by_side

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from reader.core.storage.library import Library
    from reader.ui.notes.pane import NotesPane
    from reader.ui.reading.pane import ReadingPane
    from reader.ui.review.all_highlights import AllHighlightsView
    from reader.ui.review.view import ReviewView
    from reader.ui.status import Notice
    from reader.ui.theme import Theme

READING, HIGHLIGHTS, REVIEW = "reading", "highlights", "review"


class PagesHost(Protocol):
    """The window, as its pages see it (the window makes the pages: no import of it)."""

    library: Library
    reading_pane: ReadingPane
    article_id: int | None

    @property
    def actions(self) -> dict[str, QAction]: ...
    @property
    def notice(self) -> Notice: ...
    @property
    def notes_pane(self) -> NotesPane: ...
    def window(self) -> QWidget: ...  # the main window itself: the pages' parent
    def open_article(self, article_id: int, position: int | None = None) -> object: ...


class Pages(QStackedWidget):
    def __init__(self, panes: tuple[QWidget, ...], window: PagesHost) -> None:
        """``panes``: library, reading and notes, side by side in the first page."""
        super().__init__(window.window())
        self.setObjectName("pages")
        self.splitter = reading = side_by_side(self, panes)
        self._window = window
        self._theme: Theme | None = None
        self._pages: dict[str, QWidget] = {READING: reading}
        self.addWidget(reading)

    @property
    def current(self) -> str:
        widget = self.currentWidget()
        return next(name for name, page in self._pages.items() if page is widget)

    def show_page(self, name: str) -> QWidget:
        """Show a page (made now if it was not yet) and give it the keyboard."""
        page = self.page(name)
        if name == HIGHLIGHTS:
            self.highlights.refresh()
        elif name == REVIEW:
            self.review.start()
        self.setCurrentWidget(page)
        (self._window.reading_pane if name == READING else page).setFocus()
        actions = self._window.actions
        for action, shown in (("all_highlights", HIGHLIGHTS), ("daily_review", REVIEW)):
            actions[action].setChecked(name == shown)
        return page

    def toggle(self, name: str) -> None:
        """Show the page, or go back to reading when it is the one shown."""
        self.show_page(READING if self.current == name else name)

    def page(self, name: str) -> QWidget:
        if name not in self._pages:
            from reader.ui.actions import attach_scoped

            page = self._pages[name] = self._make(name)
            self.addWidget(page)
            attach_scoped(self._window.actions, name, page)  # the scopes are the pages' names
        return self._pages[name]

    @property
    def highlights(self) -> AllHighlightsView:
        return self.page(HIGHLIGHTS)  # type: ignore[return-value]

    @property
    def review(self) -> ReviewView:
        return self.page(REVIEW)  # type: ignore[return-value]

    def made(self, name: str) -> QWidget | None:
        return self._pages.get(name)

    def _make(self, name: str) -> QWidget:
        from reader.ui import theme as themes

        window = self._window
        theme = self._theme or themes.for_name("light")
        if name == HIGHLIGHTS:
            from reader.ui.review.all_highlights import AllHighlightsView

            view = AllHighlightsView(window.library, theme, self)
            view.opened.connect(self.open_highlight)
            return view
        if name == REVIEW:
            from reader.ui.review.view import ReviewView

            review = ReviewView(
                window.library, theme, lambda *a, **k: window.notice.show_text(*a, **k), self
            )
            review.opened.connect(self.open_highlight)
            review.edited.connect(self._edited)
            return review
        raise ValueError(f"no page {name!r}")

    def open_highlight(self, article_id: int, highlight_id: str) -> None:
        """Back to the reading panes, the highlight's article open and scrolled to it."""
        from reader.core.links import highlight_link
        from reader.ui.app.deep_link import open_link

        self.show_page(READING)
        open_link(self._window, highlight_link(article_id, highlight_id))

    def _edited(self, article_id: int) -> None:
        self.reload_articles([article_id])

    def reload_articles(self, article_ids: list[int]) -> None:
        """Show again, as the library has them now, the open article if it is one of these
        (notes and tags changed outside its panes: the review, the vault)."""
        window = self._window
        if window.article_id in article_ids:
            window.notes_pane.flush()
            window.open_article(window.article_id, window.reading_pane.reading_position())

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for page in self._pages.values():
            set_theme = getattr(page, "set_theme", None)
            if set_theme is not None and page is not self._pages[READING]:
                set_theme(theme)
