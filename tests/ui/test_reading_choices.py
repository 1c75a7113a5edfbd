"""The reader's standing choices in the window: typeface, highlight colour and style."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.ui.reading_document import SANS, SERIF
from reader.ui.settings import Settings

pytestmark = pytest.mark.gui


def body_family(pane) -> str:
    """The family of the font the first paragraph is actually drawn in."""
    block = pane.document().firstBlock().next()  # the first block is the title
    runs = block.layout().glyphRuns(0, block.length() - 1)
    assert runs, "the paragraph is laid out"
    return runs[0].rawFont().familyName()


def test_sans_changes_the_body_text_and_survives_a_restart(seeded, window_factory):
    win = window_factory(seeded)
    pane = win.reading_pane
    text = seeded.article(win.article_id).text
    assert win.actions["typeface_serif"].isChecked()
    assert pane.document().defaultFont().families() == SERIF
    serif = body_family(pane)
    win.actions["typeface_sans"].trigger()
    assert pane.typeface == "sans" and win.actions["typeface_sans"].isChecked()
    assert pane.document().defaultFont().families() == SANS
    assert body_family(pane) != serif
    assert pane.document_text_as_canonical() == text
    assert Settings(seeded)["typeface"] == "sans"
    win.close()

    again = window_factory(seeded)
    assert again.actions["typeface_sans"].isChecked()
    assert again.reading_pane.typeface == "sans"
    assert again.reading_pane.document().defaultFont().families() == SANS
    assert again.reading_pane.document_text_as_canonical() == text
    again.actions["typeface_serif"].trigger()
    assert body_family(again.reading_pane) == serif


def test_changing_the_typeface_keeps_the_reading_position(seeded, window_factory):
    blocks = [
        Block("paragraph", f"Paragraph {i}: " + "words that fill a line " * 6) for i in range(300)
    ]
    target = seeded.add(ImportedArticle("A long one", blocks, "text")).article_id
    win = window_factory(seeded)
    win.open_article(target)
    pane = win.reading_pane
    pane.scroll_to_offset(20000)
    before = pane.reading_position()
    assert before > 0
    win.actions["typeface_sans"].trigger()
    assert pane.reading_position() == before
    top = pane.cursorForPosition(QPoint(pane.viewport().width() // 2, 5)).position()
    assert abs(top - before) < 300  # the same line is at the top, laid out anew


def test_a_stored_typeface_that_is_not_known_falls_back_to_serif(seeded, window_factory):
    Settings(seeded)["typeface"] = "comic"
    win = window_factory(seeded)
    assert win.reading_pane.typeface == "serif"
    assert win.actions["typeface_serif"].isChecked()
