"""The reader's standing choices in the window: typeface, highlight colour and style."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from reader.core.document import Block
from reader.core.models import COLOURS, ImportedArticle
from reader.ui.dialogs.note_editor import NoteEditor
from reader.ui.reading.document import SANS, SERIF
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
    text = seeded.articles.get(win.article_id).text
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
    target = seeded.articles.add(ImportedArticle("A long one", blocks, "text")).article_id
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


# -- highlight colour and style from the keyboard ------------------------------------


@pytest.fixture
def reader(window, qtbot):
    """The window with the keyboard focus in the reading pane."""
    window.activateWindow()
    window.reading_pane.setFocus()
    qtbot.waitUntil(window.reading_pane.hasFocus)
    return window


def test_pressing_3_then_h_highlights_in_the_third_colour(reader, seeded, qtbot):
    rp, aid = reader.reading_pane, reader.article_id
    rp.select_range(0, 5)
    qtbot.keyClick(rp, Qt.Key.Key_3)
    assert rp.current_colour == COLOURS[2]
    assert reader.actions[f"colour_{COLOURS[2]}"].isChecked()
    assert rp.selected_range() == (0, 5)  # the selection is still there for H
    qtbot.keyClick(rp, Qt.Key.Key_H)
    [h] = seeded.highlights.of(aid)
    assert (h.start, h.end, h.colour, h.style) == (0, 5, COLOURS[2], "highlight")


def test_a_number_recolours_the_selected_highlight_and_undo_restores_it(reader, seeded, qtbot):
    rp, aid = reader.reading_pane, reader.article_id
    h = seeded.highlights.add(aid, 0, 5, colour="purple")
    reader.highlights.reload()  # made outside the commands
    rp.select_highlight(h.id)
    assert rp.bar.isVisible() and rp.bar.current_colour == "purple"
    qtbot.keyClick(rp, Qt.Key.Key_2)
    assert seeded.highlights.get(h.id).colour == COLOURS[1]
    assert rp.current_colour == COLOURS[1]  # and the next highlight will be green too
    assert rp.bar.current_colour == COLOURS[1]
    qtbot.keyClick(rp, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert seeded.highlights.get(h.id).colour == "purple"


def test_u_switches_to_underlining_and_restyles_the_selected_highlight(reader, seeded, qtbot):
    rp, aid = reader.reading_pane, reader.article_id
    rp.select_range(0, 5)
    rp._show_bar()
    qtbot.keyClick(rp, Qt.Key.Key_U)
    assert rp.current_style == "underline" and reader.actions["underline_style"].isChecked()
    assert rp.bar.underline.isChecked()  # the bar follows
    qtbot.keyClick(rp, Qt.Key.Key_4)
    assert rp.bar.current_colour == COLOURS[3]
    qtbot.keyClick(rp, Qt.Key.Key_H)
    [h] = seeded.highlights.of(aid)
    assert (h.colour, h.style) == (COLOURS[3], "underline")
    rp.select_highlight(h.id)
    qtbot.keyClick(rp, Qt.Key.Key_U)  # the selected highlight flips, and the choice with it
    assert seeded.highlights.get(h.id).style == "highlight"
    assert rp.current_style == "highlight" and not reader.actions["underline_style"].isChecked()
    reader.undo_stack.undo()
    assert seeded.highlights.get(h.id).style == "underline"


def test_typing_a_number_elsewhere_does_not_change_the_colour(reader, seeded, qtbot):
    rp = reader.reading_pane
    reader.actions["find"].trigger()
    search = reader.library_pane.search
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, "3u")
    assert search.text() == "3u"
    assert (rp.current_colour, rp.current_style) == ("yellow", "highlight")
    articles = reader.library_pane.list
    articles.setFocus()
    qtbot.waitUntil(articles.hasFocus)
    qtbot.keyClick(articles, Qt.Key.Key_3)  # a list takes no text: only the scope stops it
    assert rp.current_colour == "yellow"

    h = seeded.highlights.add(reader.article_id, 0, 5)
    reader.highlights.reload()  # made outside the commands
    rp.edit_note(h.id)
    editor = rp.findChild(NoteEditor)
    editor.activateWindow()
    editor.note_edit.setFocus()
    qtbot.waitUntil(editor.note_edit.hasFocus)
    qtbot.keyClicks(editor.note_edit, "2 u")
    assert editor.note_edit.toPlainText() == "2 u"
    assert (rp.current_colour, rp.current_style) == ("yellow", "highlight")
    assert seeded.highlights.get(h.id).colour == "yellow"
    editor.reject()


def test_the_colour_and_style_survive_a_restart(seeded, window_factory):
    win = window_factory(seeded)
    win.actions["colour_orange"].trigger()  # Edit > Highlight Colour > Orange
    win.actions["underline_style"].trigger()
    assert (win.reading_pane.current_colour, win.reading_pane.current_style) == (
        "orange",
        "underline",
    )
    win.close()
    again = window_factory(seeded)
    assert again.reading_pane.current_colour == "orange"
    assert again.reading_pane.current_style == "underline"
    assert again.actions["colour_orange"].isChecked()
    assert again.actions["underline_style"].isChecked()


def test_the_bar_sets_the_colour_the_menu_shows(window, seeded, qtbot):
    rp = window.reading_pane
    rp.select_range(0, 5)
    rp._show_bar()
    assert rp.bar.current_colour == "yellow"
    qtbot.mouseClick(rp.bar.colour_button("green"), Qt.MouseButton.LeftButton)
    assert window.actions["colour_green"].isChecked()
    assert Settings(seeded)["highlight_colour"] == "green"
    [h] = seeded.highlights.of(window.article_id)
    assert h.colour == "green"


def test_the_colour_menu_shows_swatches_when_it_opens(window):
    colour = window.actions["colour_green"]
    assert colour.icon().isNull()  # nothing is painted before it is needed
    window.menus["edit"].aboutToShow.emit()
    assert colour.icon().isNull()  # the swatches are in the submenu
    [submenu] = [m for m in colour.associatedObjects() if isinstance(m, QMenu)]
    assert submenu.menuAction() in window.menus["edit"].actions()
    submenu.aboutToShow.emit()
    assert not colour.icon().isNull()


def test_the_shortcuts_help_names_the_colour_keys(window):
    dialog = window._made_chrome().show_shortcuts()
    rows = {}
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            rows[group.child(j).text(0)] = group.child(j).text(1)
    assert rows["Highlight Colour: Yellow  (in the article)"] == "1"
    assert rows["Highlight Colour: Orange  (in the article)"] == "6"
    assert rows["Underline Style  (in the article)"] == "U"
    dialog.close()
