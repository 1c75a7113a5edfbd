"""The notes pane: the article note saved as you type, highlights in order, orphans."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.core.storage.library import Library
from reader.ui.dialogs.note_editor import NoteEditor
from reader.ui.notes.pane import EMPTY_HINT, NotesPane
from reader.ui.reading.pane import ReadingPane

pytestmark = pytest.mark.gui

BLOCKS = [
    Block("heading", "Notes test", level=1),
    Block("paragraph", "The first paragraph has a sentence worth keeping."),
    Block("paragraph", "The second paragraph has another one, and a third thought."),
]


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def article_id(library: Library) -> int:
    return library.articles.add(
        ImportedArticle("Notes test", BLOCKS, "text", source="/n.txt")
    ).article_id


@pytest.fixture
def notes(library, stack, qtbot, article_id) -> NotesPane:
    pane = NotesPane(library, stack)
    qtbot.addWidget(pane)
    pane.resize(360, 640)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_article(article_id)
    return pane


def test_article_note_is_saved_after_a_pause(notes, library, article_id, qtbot):
    notes.note_edit.setFocus()
    qtbot.keyClicks(notes.note_edit, "Worth reading twice")
    assert library.articles.get(article_id).note == ""  # not on every key
    qtbot.waitUntil(
        lambda: library.articles.get(article_id).note == "Worth reading twice", timeout=2000
    )


def test_flush_saves_at_once_and_switching_articles_keeps_the_note(
    notes, library, article_id, qtbot
):
    qtbot.keyClicks(notes.note_edit, "Closing right away")
    notes.flush()
    assert library.articles.get(article_id).note == "Closing right away"
    qtbot.keyClicks(notes.note_edit, "!")
    other = library.articles.add(
        ImportedArticle("Other", [Block("paragraph", "x")], "text", source="/o.txt")
    ).article_id
    notes.show_article(other)
    assert library.articles.get(article_id).note == "Closing right away!"
    assert notes.note_edit.toPlainText() == ""
    notes.show_article(article_id)
    assert notes.note_edit.toPlainText() == "Closing right away!"


def test_highlights_are_listed_in_reading_order(notes, library, article_id):
    text = library.articles.get(article_id).text
    late = library.highlights.add(article_id, text.index("third"), text.index("third") + 5)
    early = library.highlights.add(
        article_id, text.index("first"), text.index("first") + 5, note="early note", tags=["a"]
    )
    middle = library.highlights.add(article_id, text.index("another"), text.index("another") + 7)
    notes.refresh()
    assert [h.id for h in notes.model.highlights()] == [early.id, middle.id, late.id]
    assert notes.highlights_label.text() == "Highlights (3)"
    assert notes.stack.currentWidget() is notes.list
    notes.grab()  # the delegate paints without complaint


def test_empty_state_has_a_hint(notes, library):
    assert notes.stack.currentWidget() is notes.empty
    assert notes.empty.text() == EMPTY_HINT
    assert "press H" in EMPTY_HINT
    notes.show_article(None)
    assert not notes.note_edit.isEnabled()


def test_click_asks_to_jump_and_activates(notes, library, article_id, qtbot):
    text = library.articles.get(article_id).text
    h = library.highlights.add(article_id, text.index("second"), text.index("second") + 6)
    notes.refresh()
    index = notes.model.index(0)
    rect = notes.list.visualRect(index)
    seen = []
    notes.jumpRequested.connect(lambda offset: seen.append(("jump", offset)))
    notes.highlightActivated.connect(lambda hid: seen.append(("activated", hid)))
    qtbot.mouseClick(notes.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == [("jump", h.start), ("activated", h.id)]


def test_orphans_are_listed_separately_and_attach_to_the_selection(
    library, stack, qtbot, article_id, notes
):
    text = library.articles.get(article_id).text
    kept = library.highlights.add(article_id, text.index("first"), text.index("first") + 5)
    lost = library.highlights.add(
        article_id, text.index("third thought"), text.index("third thought") + 13, note="keep me"
    )
    changed = [BLOCKS[0], BLOCKS[1], Block("paragraph", "The second paragraph was rewritten.")]
    library.articles.add(ImportedArticle("Notes test", changed, "text", source="/n.txt"))
    assert library.highlights.get(lost.id).orphaned
    notes.refresh()
    assert [h.id for h in notes.model.highlights()] == [kept.id]
    assert [h.id for h in notes.orphan_model.highlights()] == [lost.id]
    assert notes.orphan_list.isVisible() and notes.orphans_label.isVisible()

    reading = ReadingPane(library, stack)
    qtbot.addWidget(reading)
    reading.resize(700, 500)
    reading.show()
    reading.show_article(article_id)
    notes.attachOrphanRequested.connect(reading.attach_orphan)
    new_text = library.articles.get(article_id).text
    reading.select_range(new_text.index("rewritten"), new_text.index("rewritten") + 9)
    rect = notes.orphan_list.visualRect(notes.orphan_model.index(0))
    button = notes.orphan_delegate.button_rect(rect, notes.orphan_list.font())
    with qtbot.waitSignal(notes.attachOrphanRequested) as signal:
        qtbot.mouseClick(
            notes.orphan_list.viewport(), Qt.MouseButton.LeftButton, pos=button.center()
        )
    assert signal.args == [lost.id]
    now = library.highlights.get(lost.id)
    assert (now.orphaned, now.exact, now.note) == (False, "rewritten", "keep me")
    assert not notes.orphan_list.isVisible()  # refreshed through the undo events
    assert len(notes.model.highlights()) == 2
    stack.undo()
    assert library.highlights.get(lost.id).orphaned
    assert [h.id for h in notes.orphan_model.highlights()] == [lost.id]


def test_editing_a_note_in_the_list_is_undoable_and_repaints(
    notes, library, article_id, stack, qtbot
):
    h = library.highlights.add(article_id, 4, 9)
    notes.refresh()
    notes.edit_note(h.id)
    editor = notes.findChild(NoteEditor)
    editor.note_edit.setPlainText("Changed my mind")
    editor.tags_edit.setText("#later, ideas")
    editor.accept()
    assert library.highlights.get(h.id).note == "Changed my mind"
    assert library.highlights.get(h.id).tags == ["ideas", "later"]
    assert notes.model.highlights()[0].note == "Changed my mind"
    stack.undo()
    assert library.highlights.get(h.id).note == ""
    assert notes.model.highlights()[0].note == ""


def test_a_thousand_highlights_list_quickly(library, stack, qtbot):
    words = [Block("paragraph", "lorem ipsum dolor sit amet " * 8) for _ in range(500)]
    article_id = library.articles.add(
        ImportedArticle("Big", words, "text", source="/b.txt")
    ).article_id
    text = library.articles.get(article_id).text
    for i in range(1000):
        library.highlights.add(article_id, i * 100, i * 100 + 20 + i % 50, note="n" * (i % 90))
    assert len(text) > 100_000
    pane = NotesPane(library, stack)
    qtbot.addWidget(pane)
    pane.resize(360, 700)
    pane.show()
    started = time.perf_counter()
    pane.show_article(article_id)
    pane.grab()
    elapsed = time.perf_counter() - started
    assert pane.model.rowCount() == 1000
    print(f"notes pane with 1000 highlights: {elapsed:.3f} s")
    assert elapsed < 5  # generous: about 0.1 s here; a row-by-row widget list takes far longer


def test_delete_key_in_the_list_deletes_undoably(notes, library, article_id, stack, qtbot):
    h = library.highlights.add(article_id, 4, 9)
    notes.refresh()
    notes.list.setCurrentIndex(notes.model.index(0))
    notes.list.setFocus()
    qtbot.keyClick(notes.list, Qt.Key.Key_Delete)
    assert library.highlights.of(article_id) == []
    assert notes.stack.currentWidget() is notes.empty
    stack.undo()
    assert [x.id for x in notes.model.highlights()] == [h.id]
