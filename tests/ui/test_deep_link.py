"""Deep links opened in the window: the article, scrolled to the highlight, its text
selected; a clear message when the article or the highlight is not there; and the
window comes to the front for whatever a launch sends it."""

from __future__ import annotations

import pytest

from reader.core.document import Block
from reader.core.links import article_link, highlight_link
from reader.core.models import ImportedArticle
from reader.ui.deep_link import bring_to_front, open_link, open_targets

pytestmark = pytest.mark.gui


def long_article(title: str) -> ImportedArticle:
    blocks = [Block("heading", title, level=1)] + [
        Block("paragraph", f"Paragraph {i} of {title}: " + "words that fill a line " * 6)
        for i in range(400)
    ]
    return ImportedArticle(title, blocks, "text", source=f"/nowhere/{title}.txt")


@pytest.fixture
def window(seeded, window_factory):
    return window_factory(seeded)


@pytest.fixture
def far_highlight(seeded):
    """A highlight far down a long article (not the one open)."""
    article_id = seeded.add(long_article("A long essay")).article_id
    text = seeded.article(article_id).text
    start = text.index("Paragraph 300 of")
    return seeded.add_highlight(article_id, start, start + 30, note="far down")


def test_a_highlight_link_opens_the_article_scrolled_to_it_and_selected(window, far_highlight):
    h = far_highlight
    assert window.article_id != h.article_id
    assert open_link(window, highlight_link(h.article_id, h.id)) is None
    pane = window.reading_pane
    assert window.article_id == h.article_id
    assert pane.selected_highlight() == h.id
    assert pane.selected_range() == (h.start, h.end)
    rect = pane.visible_rect_of(h.start, h.end)
    assert rect is not None and rect.top() >= 0 and rect.bottom() <= pane.viewport().height()
    assert window.notes_pane.isVisible()


def test_an_article_link_opens_the_article(window, far_highlight):
    assert open_link(window, article_link(far_highlight.article_id)) is None
    assert window.article_id == far_highlight.article_id


def test_an_unknown_article_says_so_and_leaves_the_window_as_it_was(window):
    before = window.article_id
    message = open_link(window, "article-reader://open?article=4242&highlight=abc")
    assert "no article 4242" in message and str(window.library.path) in message
    assert window.notice.text() == message
    assert window.article_id == before


def test_an_unknown_highlight_opens_the_article_and_says_so(window, far_highlight):
    link = highlight_link(far_highlight.article_id, "no-such-highlight")
    message = open_link(window, link)
    assert window.article_id == far_highlight.article_id
    assert "no-such-highlight" in message and "A long essay" in message
    assert window.reading_pane.selected_highlight() is None


def test_a_highlight_of_another_article_is_not_claimed(window, seeded, far_highlight):
    other = next(a.id for a in seeded.articles() if a.id != far_highlight.article_id)
    message = open_link(window, highlight_link(other, far_highlight.id))
    assert window.article_id == other and far_highlight.id in message


def test_a_malformed_link_is_explained(window):
    message = open_link(window, "article-reader://open?article=x")
    assert message.startswith("Cannot open the link") and "article=<number>" in message


def test_files_are_imported_and_opened(window, tmp_path, qtbot):
    path = tmp_path / "sent.md"
    path.write_text("# Sent from a second launch\n\nIt arrived by the local socket.\n")
    with qtbot.waitSignal(window.importer.finished, timeout=20000):
        assert open_targets(window, [str(path)]) == []
    assert window.windowTitle().startswith("Sent from a second launch")


def test_the_window_comes_back_from_minimised(window, qtbot):
    window.showMinimized()
    qtbot.waitUntil(lambda: window.isMinimized())
    bring_to_front(window)
    qtbot.waitUntil(lambda: not window.isMinimized())
    assert window.isVisible()


def test_a_file_open_event_opens_a_link_as_on_macos(window, far_highlight):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent

    from reader.ui.deep_link import FileOpenEvents

    link = highlight_link(far_highlight.article_id, far_highlight.id)
    events = FileOpenEvents(window)
    assert events.eventFilter(window, QFileOpenEvent(QUrl(link)))
    assert window.article_id == far_highlight.article_id
    assert window.reading_pane.selected_highlight() == far_highlight.id
