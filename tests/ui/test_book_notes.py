"""A book's footnotes in the window: a click on a reference goes to its note, a click on
the note's link goes back, in a long book shown a chapter at a time."""

from __future__ import annotations

import pytest
from epub_kit import Chap, Spec, write_epub
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader.core.footnotes import note_offset
from reader.core.importing.ingest import import_sources
from reader.ui.reading.chapters import LONG

pytestmark = pytest.mark.gui


@pytest.fixture
def book_id(seeded, tmp_path):
    paragraph = "The ship sailed on through the grey and patient sea, " * 5
    chapters = [
        Chap(f"Chapter {n}", [f"{n}.{k} {paragraph}" for k in range(20)]) for n in range(1, 41)
    ]
    chapters[2].paragraphs = []
    chapters[2].extra = (
        '<p>Land ahoy<a epub:type="noteref" href="notes.xhtml#n1">1</a>.</p>'
        + "".join(f"<p>3.{k} {paragraph}</p>" for k in range(20))
    )
    notes = Chap("Notes", [], file="text/notes.xhtml")
    notes.extra = '<aside epub:type="endnote" id="n1"><p>The first sight of land.</p></aside>'
    path = write_epub(tmp_path / "noted.epub", Spec(title="Noted", chapters=[*chapters, notes]))
    article_id = import_sources(seeded, [path]).results[0].article_id
    assert len(seeded.articles.get(article_id).text) > LONG
    return article_id


def _click(pane, qtbot, offset: int) -> None:
    assert _shown(pane, offset)
    rect = pane.visible_rect_of(offset, offset + 1)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_note_reference_goes_to_its_note_and_the_note_back(
    seeded, book_id, window_factory, qtbot
):
    text = seeded.articles.get(book_id).text
    ref = text.index("Land ahoy") + len("Land ahoy")
    note = text.index("↩ The first sight of land.")
    window = window_factory(seeded)
    window.open_article(book_id)
    pane = window.reading_pane
    pane.scroll_to_offset(ref)
    qtbot.wait(10)
    assert abs(pane.reading_position() - note) > 2000  # the note is far below, unseen
    _click(pane, qtbot, ref)
    qtbot.waitUntil(lambda: _shown(pane, note))
    assert pane.reading_position() > ref + 2000  # the view went down to it
    assert not pane.textCursor().hasSelection()  # the click left nothing selected
    _click(pane, qtbot, note)  # the "↩"
    qtbot.waitUntil(lambda: _shown(pane, ref))
    assert abs(pane.reading_position() - ref) < 400
    qtbot.wait(50)
    assert _shown(pane, ref)  # and it stays there


def _shown(pane, offset: int) -> bool:
    rect = pane.visible_rect_of(offset, offset + 1)
    return rect is not None and pane.viewport().rect().contains(rect.center())


def test_a_note_link_is_drawn_as_a_link_with_its_own_tooltip(seeded, book_id, window_factory):
    text = seeded.articles.get(book_id).text
    ref = text.index("Land ahoy") + len("Land ahoy")
    window = window_factory(seeded)
    window.open_article(book_id)
    pane = window.reading_pane
    pane.scroll_to_offset(ref)
    cursor = QTextCursor(pane.document())
    cursor.setPosition(pane._u16.to_utf16(ref) + 1)  # the format of the character before
    fmt = cursor.charFormat()
    assert fmt.isAnchor() and note_offset(fmt.anchorHref()) is not None
    assert "note" in fmt.toolTip()
