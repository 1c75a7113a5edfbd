"""Deep links opened in the window: the article, scrolled to the highlight, which is
selected as a click selects it; a clear message when the article or the highlight is
not there; and the window comes to the front for whatever a launch sends it."""

from __future__ import annotations

import pytest

from reader.core.document import Block
from reader.core.links import article_link, highlight_link
from reader.core.models import ImportedArticle
from reader.ui.app.deep_link import bring_to_front, open_link, open_targets

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
    article_id = seeded.articles.add(long_article("A long essay")).article_id
    text = seeded.articles.get(article_id).text
    start = text.index("Paragraph 300 of")
    return seeded.highlights.add(article_id, start, start + 30, note="far down")


def test_a_highlight_link_opens_the_article_scrolled_to_it_and_selected(window, far_highlight):
    h = far_highlight
    assert window.article_id != h.article_id
    assert open_link(window, highlight_link(h.article_id, h.id)) is None
    pane = window.reading_pane
    assert window.article_id == h.article_id
    assert pane.selected_highlight() == h.id
    rect = pane.visible_rect_of(h.start, h.end)
    assert rect is not None and rect.top() >= 0 and rect.bottom() <= pane.viewport().height()
    assert window.notes_pane.isVisible()


def test_a_highlight_link_lands_on_the_highlight_as_a_click_does(window, seeded, far_highlight):
    """Its own bar (its colour marked, Delete offered), not the bar for a new selection;
    its row current in the notes pane; keys act on it."""
    h = seeded.highlights.update(far_highlight.id, colour="blue")
    open_link(window, highlight_link(h.article_id, h.id))
    pane, bar, notes = window.reading_pane, window.reading_pane.bar, window.notes_pane
    assert pane.selected_range() is None  # no text selection offering a new highlight
    assert bar.isVisible() and not bar.delete.isHidden()
    assert bar.current_colour == "blue" and pane.current_colour != "blue"
    assert bar.note.toolTip().startswith("Edit the note")
    current = notes.list.currentIndex()
    assert current.isValid() and notes.list.selectionModel().isSelected(current)
    assert notes._id(current) == h.id
    bar.colour_button("green").click()  # recolours it rather than adding a highlight
    assert [x.colour for x in seeded.highlights.of(h.article_id)] == ["green"]


def test_a_highlight_link_sent_at_startup_shows_the_highlight_bar(seeded, far_highlight, qtbot):
    """As a launch with a link does: the window is shown and the link opened straight after."""
    from reader.ui.app.main_window import MainWindow
    from reader.ui.app.start import _received
    from reader.ui.settings import Settings

    window = MainWindow(seeded, Settings(seeded))
    qtbot.addWidget(window)
    window.show()
    window.start()
    h = far_highlight
    assert _received(window, [highlight_link(h.article_id, h.id)], None) == []
    qtbot.waitUntil(lambda: window.reading_pane.bar.isVisible())
    assert window.reading_pane.selected_highlight() == h.id
    assert not window.reading_pane.bar.delete.isHidden()
    window.close()
    qtbot.waitUntil(lambda: not window.runner.active, timeout=30000)


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
    other = next(a.id for a in seeded.articles.list() if a.id != far_highlight.article_id)
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

    from reader.ui.app.deep_link import FileOpenEvents

    link = highlight_link(far_highlight.article_id, far_highlight.id)
    events = FileOpenEvents(window)
    assert events.eventFilter(window, QFileOpenEvent(QUrl(link)))
    assert window.article_id == far_highlight.article_id
    assert window.reading_pane.selected_highlight() == far_highlight.id
