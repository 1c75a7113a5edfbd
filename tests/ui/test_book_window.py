"""A long book in the window: a few chapters laid out at a time, the contents menu, the
chapter in the progress line, highlights exact anywhere, the place kept across restarts."""

from __future__ import annotations

import pytest
from epub_kit import Chap, Spec, write_epub
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from reader.core.importing.ingest import import_sources
from reader.ui.reading.chapters import LONG

pytestmark = pytest.mark.gui
CHAPTERS = 40


@pytest.fixture
def book_id(seeded, tmp_path):
    # 40 chapters of about 6,000 characters: long enough to be shown a window at a time.
    paragraph = "The ship sailed on through the grey and patient sea, " * 5
    spec = Spec(
        title="The Long Voyage",
        chapters=[
            Chap(f"Chapter {n}", [f"{n}.{k} {paragraph}" for k in range(20)])
            for n in range(1, CHAPTERS + 1)
        ],
    )
    path = write_epub(tmp_path / "voyage.epub", spec)
    article_id = import_sources(seeded, [path]).results[0].article_id
    assert len(seeded.articles.get(article_id).text) > LONG
    return article_id


def _starts(library, article_id) -> list[int]:
    return [e.offset for e in library.articles.get(article_id).outline]


def test_a_long_book_opens_at_its_last_chapter_with_only_that_chapter_laid_out(
    seeded, book_id, window_factory
):
    starts = _starts(seeded, book_id)
    article = seeded.articles.get(book_id)
    seeded.articles.set_reading_position(book_id, starts[-1] + 10)
    window = window_factory(seeded)
    window.open_article(book_id)
    pane = window.reading_pane
    assert pane._window is not None
    assert (pane._window.first, pane._window.last) == (CHAPTERS - 1, CHAPTERS - 1)
    assert not pane.document().findBlock(0).isVisible()  # chapter 1 is not laid out
    assert pane.document_text_as_canonical() == article.text  # offsets stay exact
    assert abs(pane.reading_position() - (starts[-1] + 10)) < 200
    assert pane.progress_badge.text().startswith(f"Chapter {CHAPTERS} · ")


def test_the_contents_menu_jumps_to_a_chapter_and_the_place_is_kept(
    seeded, book_id, window_factory, qtbot
):
    starts = _starts(seeded, book_id)
    window = window_factory(seeded)
    window.open_article(book_id)
    pane = window.reading_pane
    pane.show_contents()
    menu = pane.findChild(QMenu, "contentsMenu")
    assert menu is not None
    labels = [a.text().strip() for a in menu.actions()]
    assert labels == [f"Chapter {n}" for n in range(1, CHAPTERS + 1)]
    assert menu.actions()[0].isChecked()
    menu.actions()[24].trigger()
    menu.close()
    assert pane.reading_position() == starts[24]
    assert pane._window.shows(starts[24]) and not pane._window.shows(starts[0])
    qtbot.waitUntil(lambda: pane.progress_badge.text().startswith("Chapter 25 · "))
    # A highlight made in the jumped-to chapter stores exactly the selected characters.
    start = starts[24] + len("Chapter 25") + 1
    pane.select_range(start, start + 20)
    qtbot.keyClick(pane, Qt.Key.Key_H)
    article = seeded.articles.get(book_id)
    [h] = seeded.highlights.of(book_id)
    assert (h.start, h.end, h.exact) == (start, start + 20, article.text[start : start + 20])
    pane.flush()
    assert seeded.articles.get(book_id).reading_position == starts[24]
    window.close()
    again = window_factory(seeded)
    again.open_article(book_id)
    assert abs(again.reading_pane.reading_position() - starts[24]) < 100


def test_scrolling_down_shows_the_next_chapter(seeded, book_id, window_factory, qtbot):
    window = window_factory(seeded)
    window.open_article(book_id)
    pane = window.reading_pane
    bar = pane.verticalScrollBar()
    shown = pane._window.last
    for _ in range(200):
        if pane._window.last > shown:
            break
        bar.setValue(bar.value() + pane.viewport().height())
        qtbot.wait(1)
    assert pane._window.last > shown
    assert 0 < pane.progress() < 0.5  # far from the end, though the window's end is near


def test_a_short_article_is_shown_whole(window):
    window.open_article(window.library.articles.list()[0].id)
    assert window.reading_pane._window is None
    window.reading_pane.show_contents()
    menu = window.reading_pane.findChild(QMenu, "contentsMenu")
    assert [a.text() for a in menu.actions()] == ["This article has no chapters"]
    menu.close()
