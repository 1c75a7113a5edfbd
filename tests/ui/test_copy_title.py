"""Copying the open article's title and address (the painted title cannot be selected):
Ctrl+Shift+C in the reading pane and the pane's context menu, in the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.ui.reading.menu import build_context_menu

pytestmark = pytest.mark.gui

TITLE = 'Tea & <img src="file:///etc/passwd"> Biscuits'


def add(library, url: str | None) -> int:
    article = ImportedArticle(
        TITLE,
        [Block("paragraph", "A paragraph about tea, and another about biscuits.")],
        "url" if url else "text",
        url=url,
        source=url or "/nowhere/tea.txt",
    )
    return library.articles.add(article).article_id


@pytest.fixture
def window(seeded, window_factory):
    return window_factory(seeded)


def test_ctrl_shift_c_copies_the_title_and_web_address(window, seeded, qtbot):
    article_id = add(seeded, "https://example.org/tea?x=1&y=2")
    window.open_article(article_id)
    pane = window.reading_pane
    QGuiApplication.clipboard().clear()
    pane.setFocus()
    qtbot.keyClick(
        pane, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == f"{TITLE}\nhttps://example.org/tea?x=1&y=2"
    assert data.html() == (
        '<a href="https://example.org/tea?x=1&amp;y=2">'
        'Tea &amp; &lt;img src="file:///etc/passwd"&gt; Biscuits</a>'
    )
    assert not pane.textCursor().hasSelection()  # nothing else happened to the text


def test_the_context_menu_copies_a_file_article_with_its_own_link(window, seeded):
    article_id = add(seeded, None)
    window.open_article(article_id)
    QGuiApplication.clipboard().clear()
    menu = build_context_menu(window.reading_pane, QPoint(5, 5))
    [copy] = [a for a in menu.actions() if a.text() == "Copy title and address"]
    assert copy.shortcut().toString() == "Ctrl+Shift+C"
    copy.trigger()
    text = QGuiApplication.clipboard().text()
    assert text == f"{TITLE}\narticle-reader://open?article={article_id}"
    menu.deleteLater()


def test_without_an_article_there_is_nothing_to_copy(window):
    window.open_article(None)
    menu = build_context_menu(window.reading_pane, QPoint(5, 5))
    assert "Copy title and address" not in [a.text() for a in menu.actions()]
    menu.deleteLater()


def test_the_shortcut_help_lists_it(qtbot):
    from reader.ui.dialogs.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    tree = dialog.tree
    rows = [
        (tree.topLevelItem(i).text(0), item.text(0), item.text(1))
        for i in range(tree.topLevelItemCount())
        for item in (
            tree.topLevelItem(i).child(j) for j in range(tree.topLevelItem(i).childCount())
        )
    ]
    assert ("Article", "Copy the title and address  (in the article)", "Ctrl+Shift+C") in rows
