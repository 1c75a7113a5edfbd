"""The notes pane's Related list in the real window: found in the background, a click
opens the article at the passage; vectors computed by a background job."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.related.conftest import article_with, highlight_paragraph
from tests.related.test_related_storage import BRIDGE, CATS, FELINES, TAXES

pytestmark = pytest.mark.gui


@pytest.fixture
def related_library(seeded):
    a = article_with(seeded, "Cats at home", CATS, TAXES)
    b = article_with(seeded, "Felines and sleep", BRIDGE, FELINES)
    cats = highlight_paragraph(seeded, a, CATS)
    return seeded, a, b, cats


def test_related_list_shows_the_paraphrase_and_opens_it(related_library, window_factory, qtbot):
    library, a, b, cats = related_library
    window = window_factory(library)
    window.open_article(a, highlight_id=cats)
    related = window.notes_pane.related
    related.show_for(cats)  # as a click on the highlight does
    qtbot.waitUntil(lambda: related.shown_for == cats, timeout=60000)
    assert related.list.isVisible() and related.list.count() >= 1
    first = related.list.item(0)
    assert "Domestic felines" in first.text() and "Felines and sleep" in first.text()
    assert all(CATS not in related.list.item(i).text() for i in range(related.list.count()))
    rect = related.list.visualItemRect(first)
    qtbot.mouseClick(related.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article_id == b
    related.wait()


def test_selecting_a_highlight_in_the_pane_asks_for_related(related_library, window_factory, qtbot):
    library, a, _, cats = related_library
    window = window_factory(library)
    window.open_article(a)
    window.notes_pane.select_highlight(cats)
    related = window.notes_pane.related
    qtbot.waitUntil(lambda: related.shown_for == cats, timeout=60000)
    window.notes_pane.select_highlight(None)
    assert related.shown_for is None and not related.list.isVisible()
    related.wait()


def test_vectors_are_computed_in_the_background(related_library, window_factory, qtbot):
    library, *_ = related_library
    window = window_factory(library)
    assert library.related.pending() > 0
    window.related.start()
    qtbot.waitUntil(lambda: window.related.job is None, timeout=60000)
    assert library.related.pending() == 0


def test_closing_the_window_stops_a_running_related_search(related_library, window_factory, qtbot):
    library, a, _, cats = related_library
    lines = [f"Note {i} on the weather and the sea, written on day {i}." for i in range(600)]
    notes = article_with(library, "Many notes", *lines)
    text = library.articles.get(notes).text
    for line in lines:  # missing vectors that the search computes on the spot, in batches
        start = text.index(line)
        library.highlights.add(notes, start, start + len(line))
    window = window_factory(library)
    window.open_article(a, highlight_id=cats)
    related = window.notes_pane.related
    related.show_for(cats)
    qtbot.waitUntil(lambda: not related.wait(0), timeout=5000)  # the search is running
    window.close()
    assert related.wait(0)  # waited for at closing: nothing reads the library after it
    assert related.shown_for is None
    assert library.related.pending() > 0  # asked to stop between two batches, and did
