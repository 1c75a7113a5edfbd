"""Highlighting as the welcome article says: H, then N, 1-6 or Delete on the new highlight;
drags snapped to whole words (Alt keeps them exact); no caret; a deleted highlight says how
to get it back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF, QTextCursor

from reader.core.document import Block
from reader.core.models import ImportedArticle
from tests.ui.conftest import close_window

pytestmark = pytest.mark.gui

TEXT = "There is nothing in the Sky. Another day and a night, 茶和时间的故事。"


@pytest.fixture
def reading(seeded, window_factory):
    """A window showing an article with ``TEXT`` as its one paragraph."""
    imported = ImportedArticle(
        "Words", [Block("paragraph", TEXT)], "text", source="/nowhere/words.txt"
    )
    article_id = seeded.articles.add(imported).article_id
    window = window_factory(seeded)
    window.open_article(article_id)
    window.reading_pane.setFocus()
    return window


def point_at(pane, offset: int, after: bool = False) -> QPoint:
    """A viewport point on the character at ``offset`` (its left half; ``after``: right).
    Measured from the character's own left edge and width: at a line's end the next
    position's rectangle is already on the next line."""
    cursor = QTextCursor(pane.document())
    cursor.setPosition(offset)
    left = pane.cursorRect(cursor)
    cursor.setPosition(offset + 1)
    width = QFontMetricsF(cursor.charFormat().font()).horizontalAdvance(TEXT[offset])
    x = left.x() + width * (0.7 if after else 0.3)
    return QPoint(round(x), left.center().y())


def drag(qtbot, pane, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press on the character at ``start`` and let go on the one before ``end``."""
    viewport = pane.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, point_at(pane, start))
    qtbot.mouseMove(viewport, point_at(pane, end - 1, after=True))
    qtbot.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, modifier, point_at(pane, end - 1, after=True)
    )


def test_after_h_the_new_highlight_is_current_for_n_colours_and_delete(reading, qtbot):
    rp = reading.reading_pane
    start = TEXT.index("nothing")
    rp.select_range(start, start + len("nothing"))
    qtbot.keyClick(rp, Qt.Key.Key_H)
    [made] = list(reading.highlights)
    assert rp.selected_highlight() == made.id and rp.bar.isVisible()
    notes = reading.notes_pane
    assert notes.list.currentIndex().row() == notes.model.row_of(made.id)
    qtbot.keyClick(rp, Qt.Key.Key_2)  # the window's action: green
    assert reading.highlights.get(made.id).colour == "green"
    qtbot.keyClick(rp, Qt.Key.Key_N)
    editor = rp._note_editor
    assert editor is not None and editor.isVisible()
    editor.close()
    qtbot.keyClick(rp, Qt.Key.Key_Delete)
    assert len(reading.highlights) == 0
    assert reading.notice.text() == "Deleted — Ctrl+Z to undo"
    assert reading.notice.button.isVisible() and reading.notice.button.text() == "Undo"
    reading.notice.button.click()
    assert [h.id for h in reading.highlights] == [made.id]


def test_undoing_an_add_says_nothing_about_deleting(reading, qtbot):
    rp = reading.reading_pane
    rp.select_range(0, 5)
    rp.highlight_selection()
    reading.undo_stack.undo()  # the add undone: a delete, but not the reader's
    assert len(reading.highlights) == 0 and "Deleted" not in reading.notice.text()


def test_a_drag_that_cuts_words_highlights_whole_words(reading, qtbot):
    rp = reading.reading_pane
    drag(qtbot, rp, TEXT.index("ere is"), TEXT.index("nothing") + 3)  # "ere is not"
    assert TEXT[slice(*rp.selected_range())] == "There is nothing"
    qtbot.keyClick(rp, Qt.Key.Key_H)
    assert [h.exact for h in reading.highlights] == ["There is nothing"]
    drag(qtbot, rp, TEXT.index("Sky"), TEXT.index("Another") + 2)  # "Sky. An"
    assert TEXT[slice(*rp.selected_range())] == "Sky. Another"


def test_backwards_drags_snap_too_and_alt_keeps_the_drag_exact(reading, qtbot):
    rp = reading.reading_pane
    viewport = rp.viewport()
    start, end = TEXT.index("night") + 2, TEXT.index("day") + 1  # right to left
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_at(rp, start, after=True))
    qtbot.mouseMove(viewport, point_at(rp, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_at(rp, end))
    assert TEXT[slice(*rp.selected_range())] == "day and a night"
    drag(qtbot, rp, TEXT.index("ere"), TEXT.index("nothing") + 3, Qt.KeyboardModifier.AltModifier)
    assert TEXT[slice(*rp.selected_range())] == "ere is not"


def test_cjk_selections_are_not_widened(reading, qtbot):
    rp = reading.reading_pane
    at = TEXT.index("时间")
    drag(qtbot, rp, at, at + 2)
    assert TEXT[slice(*rp.selected_range())] == "时间"


def test_the_pane_shows_no_caret_but_selects_from_the_keyboard(reading, qtbot):
    rp = reading.reading_pane
    assert rp.cursorWidth() == 0
    cursor = rp.textCursor()
    cursor.setPosition(TEXT.index("Sky"))
    rp.setTextCursor(cursor)
    for _ in range(3):
        qtbot.keyClick(rp, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert TEXT[slice(*rp.selected_range())] == "Sky"
    close_window(reading, qtbot)
