"""The daily review, all highlights and the watched vault folder, in the real window."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.core.exporting import summarize_articles, write_files
from tests.ui.conftest import add_articles

pytestmark = pytest.mark.gui


@pytest.fixture
def marked(seeded):
    """The seeded library with highlights in two articles, one with a note and a tag."""
    ids = [a.id for a in seeded.articles.list()]
    extra = add_articles(seeded, 2, prefix="Essay")
    made = []
    for n, aid in enumerate([*ids, *extra]):
        text = seeded.articles.get(aid).text
        for k, words in enumerate(("plain first paragraph", "reading slowly and well")):
            start = text.index(words)
            colour = "green" if (n + k) % 2 else "yellow"
            made.append(seeded.highlights.add(aid, start, start + len(words), colour=colour))
    seeded.highlights.update(made[0].id, note="why it matters", tags=["idea"])
    return seeded


@pytest.fixture
def win(marked, window_factory):
    return window_factory(marked)


def key(qtbot, widget, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, name, modifier)


def test_the_review_shows_big_cards_and_keys_1_to_4_rate_them(win, marked, qtbot):
    key(
        qtbot,
        win,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    review = win.pages.review
    assert win.pages.current == "review" and win.actions["daily_review"].isChecked()
    assert review.isVisible() and len(review.items) == 10
    assert review.passage.font().pointSizeF() >= 20 and review.passage.isVisible()
    first = review.current.highlight
    assert review.passage.text() == first.exact
    assert "1 of 10" in review.progress.text()
    assert "day" in review.rate_buttons["good"].text()  # when "good" brings it back
    qtbot.keyClick(review, Qt.Key.Key_3)
    assert [e.rating for e in marked.review.logs(first.id)] == ["good"]
    assert "2 of 10" in review.progress.text() and review.current.highlight.id != first.id
    assert "Rated good" in win.notice.text()
    qtbot.keyClick(review, Qt.Key.Key_1)
    assert marked.review.done_today() == 2
    articles = [i.highlight.article_id for i in review.items]
    assert all(a != b for a, b in itertools.pairwise(articles))
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert win.pages.current == "reading" and not win.actions["daily_review"].isChecked()
    key(
        qtbot,
        win,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(review.items) == 8  # the day's review, less the two rated


def test_a_question_card_hides_words_until_space(win, marked, qtbot):
    win.actions["daily_review"].trigger()
    review = win.pages.review
    h = review.current.highlight
    qtbot.keyClick(review, Qt.Key.Key_Q)  # no selection: the longest word
    assert marked.review.state(h.id).cloze is not None
    assert "[…]" in review.passage.text() and review.hint.isVisible()
    assert not review.rate_buttons["good"].isVisible()
    qtbot.keyClick(review, Qt.Key.Key_3)  # not yet: the answer is hidden
    assert marked.review.logs(h.id) == []
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.passage.text() == h.exact and review.rate_buttons["good"].isVisible()
    qtbot.keyClick(review, Qt.Key.Key_4)
    assert [e.rating for e in marked.review.logs(h.id)] == ["easy"]


def test_discard_is_undone_from_the_status_bar_and_favourite_sticks(win, marked, qtbot):
    win.actions["daily_review"].trigger()
    review = win.pages.review
    h = review.current.highlight
    qtbot.keyClick(review, Qt.Key.Key_F)
    assert (
        marked.review.state(h.id).favorite
        and "Unfavourite" in review.tool_buttons["favourite"].text()
    )
    qtbot.keyClick(review, Qt.Key.Key_D)
    assert marked.review.state(h.id).discarded and review.current.highlight.id != h.id
    assert "Discarded" in win.notice.text() and win.notice.button.text() == "Undo"
    win.notice.button.click()
    assert not marked.review.state(h.id).discarded and review.current.highlight.id == h.id


def test_edit_note_and_open_in_article_from_a_card(win, marked, qtbot):
    win.actions["daily_review"].trigger()
    review = win.pages.review
    h = review.current.highlight
    editor = review.edit_note()
    editor.note_edit.setPlainText("written during the review")
    editor.accept()
    assert marked.highlights.get(h.id).note == "written during the review"
    assert review.note.text() == "written during the review" and review.note.isVisible()
    qtbot.keyClick(review, Qt.Key.Key_O)
    assert win.pages.current == "reading" and win.article_id == h.article_id
    assert win.reading_pane.selected_highlight() == h.id
    assert win.highlights.highlight(h.id).note == "written during the review"


def test_the_review_says_when_the_day_is_done(win, marked, qtbot):
    marked.review.set_per_day(1)
    win.actions["daily_review"].trigger()
    review = win.pages.review
    qtbot.keyClick(review, Qt.Key.Key_2)
    assert review.current is None and review.done.isVisible()
    assert "Done for today: 1 highlight reviewed" in review.done.text()
    assert not review.card.isVisible()


def test_all_highlights_filter_and_open_at_the_highlight(win, marked, qtbot):
    key(
        qtbot,
        win,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    view = win.pages.highlights
    assert win.pages.current == "highlights" and view.model.rowCount() == 10
    assert view.count.text() == "10 highlights"
    view.colour.setCurrentIndex(view.colour.findData("green"))
    assert view.model.rowCount() == 5
    assert all(view.model.row(r).highlight.colour == "green" for r in range(5))
    view.colour.setCurrentIndex(0)
    qtbot.keyClicks(view.search, "matters")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    view.search.clear()
    view.tag.setCurrentIndex(view.tag.findData("idea"))
    assert view.model.rowCount() == 1
    view.tag.setCurrentIndex(0)
    essay = next(
        i for i in range(view.article.count()) if view.article.itemText(i).startswith("Essay 001")
    )
    view.article.setCurrentIndex(essay)
    assert view.model.rowCount() == 2
    view.since.setCurrentIndex(1)  # today
    assert view.model.rowCount() == 2
    row = view.model.row(1)
    rect = view.list.visualRect(view.model.index(1))
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.pages.current == "reading" and win.article_id == row.highlight.article_id
    assert win.reading_pane.selected_highlight() == row.highlight.id
    win.actions["all_highlights"].trigger()  # back: the filters as they were
    assert win.pages.current == "highlights" and view.model.rowCount() == 2
    qtbot.keyClick(view.list, Qt.Key.Key_Escape)
    assert win.pages.current == "reading"


def test_a_watched_vault_folder_brings_notes_back_as_files_change(
    win, marked, qtbot, tmp_path, monkeypatch
):
    from reader.ui.app import vault_watch

    monkeypatch.setattr(vault_watch, "SETTLE_MS", 50)
    folder = tmp_path / "vault"
    aid = win.article_id
    h = marked.highlights.of(aid)[0]
    [path] = write_files(summarize_articles(marked, [aid]), "md", folder)
    win._made_chrome().vault.start(folder)
    assert win.actions["watch_vault"].isChecked()
    text = path.read_text(encoding="utf-8")
    marker = f"^{'h-' + h.id}\n\n"
    at = text.index(marker) + len(marker)
    line_end = text.index("\n", at) + 1
    path.write_text(text[:line_end] + "\nEdited in Obsidian.\n" + text[line_end:], encoding="utf-8")
    qtbot.waitUntil(
        lambda: marked.highlights.get(h.id).note == "Edited in Obsidian.", timeout=10000
    )
    qtbot.waitUntil(lambda: "1 note taken from the vault" in win.notice.text(), timeout=5000)
    assert win.highlights.highlight(h.id).note == "Edited in Obsidian."  # the open article
    win._made_chrome().vault.stop()
    assert not win.actions["watch_vault"].isChecked()


def test_the_pages_follow_the_theme(win, qtbot):
    win.actions["daily_review"].trigger()
    win.set_theme("dark")
    assert "#1c1e21" in win.pages.review.card.styleSheet()
    win.set_theme("light")
    assert QApplication.instance() is not None
