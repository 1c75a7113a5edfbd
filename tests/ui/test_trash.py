"""The trash in the window: listing it, restoring, deleting for good, emptying, the purge."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from reader.ui.dates import display_date as nice_date
from reader.ui.library.views import meta_line

pytestmark = pytest.mark.gui

YES, CANCEL = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel


def answer_next_message_box(qtbot, button=YES) -> list[tuple[str, bool]]:
    """Click ``button`` on the next message box; returns its text and whether Cancel was
    its default button."""
    seen: list[tuple[str, bool]] = []

    def poll():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen.append((widget.text(), widget.defaultButton() is widget.button(CANCEL)))
                widget.button(button).click()
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def show_filter(window, key: str) -> None:
    combo = window.library_pane.filter
    combo.setCurrentIndex(combo.findData(key))
    combo.activated.emit(combo.currentIndex())  # as the user choosing it does


def focus_list(window, qtbot):
    view = window.library_pane.list
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view


def trash_ids(library) -> list[int]:
    return [a.id for a in library.articles.list(trashed=True, archived=None)]


def set_deleted_at(library, article_id: int, when: datetime) -> None:
    with sqlite3.connect(library.path) as db:
        db.execute(
            "UPDATE articles SET deleted_at = ? WHERE id = ?",
            (when.strftime("%Y-%m-%dT%H:%M:%SZ"), article_id),
        )
    db.close()


def test_the_trash_lists_deleted_articles_with_the_date_and_does_not_open_them(
    window, seeded, qtbot
):
    pane, opened = window.library_pane, window.article_id
    gone = seeded.articles.list()[1]
    seeded.trash.delete(gone.id)
    show_filter(window, "trash")
    assert pane.filter.itemText(pane.filter.currentIndex()) == "Trash"
    assert pane.model.rowCount() == 1
    summary = pane.model.summary(0)
    assert summary.id == gone.id and summary.title == gone.title
    assert f"deleted {nice_date(summary.deleted_at)}" in meta_line(summary)
    assert nice_date(gone.added_at) not in meta_line(summary).replace(
        nice_date(summary.deleted_at), ""
    )
    assert pane.trash_hint.isVisible() and "30 days" in pane.trash_hint.text()
    chosen = []
    pane.articleChosen.connect(lambda *args: chosen.append(args))
    pane.list.setCurrentIndex(pane.model.index(0))
    assert chosen == [] and window.article_id == opened  # not opened
    assert window.actions["restore_article"].isEnabled()
    assert window.actions["empty_trash"].isEnabled()
    assert window.actions["delete_article"].text() == "Delete for &Good…"
    pane.list.grab()  # paints through the delegate
    dialog = window.export()  # the open article, though the list does not show it
    assert dialog.this_article.isEnabled() and window.windowTitle().startswith(
        seeded.articles.get(opened).title
    )
    dialog.reject()
    show_filter(window, "all")
    assert not pane.trash_hint.isVisible()
    assert window.actions["delete_article"].text() == "&Delete Article…"
    assert pane.summary(gone.id) is None


def test_an_empty_trash_says_so(window, qtbot):
    show_filter(window, "trash")
    assert window.library_pane.model.rowCount() == 0
    assert window.library_pane.list.placeholder == "The trash is empty."
    assert not window.actions["empty_trash"].isEnabled()
    assert not window.actions["restore_article"].isEnabled()
    assert not window.actions["delete_article"].isEnabled()
    window.library_pane.list.grab()


def test_enter_restores_to_the_list_and_undo_puts_it_back(window, seeded, qtbot):
    pane = window.library_pane
    gone = seeded.articles.list()[2]
    seeded.trash.delete(gone.id)
    show_filter(window, "trash")
    view = focus_list(window, qtbot)
    view.setCurrentIndex(pane.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert trash_ids(seeded) == [] and pane.model.rowCount() == 0
    assert seeded.articles.get(gone.id).title == gone.title
    assert "Restored" in window.notice.text() and window.notice.button.text() == "Undo"
    window.notice.button.click()  # undo
    assert trash_ids(seeded) == [gone.id] and pane.model.rowCount() == 1
    window.actions["redo"].trigger()
    show_filter(window, "all")
    assert pane.summary(gone.id) is not None


def test_double_click_and_the_context_menu_restore(window, seeded, qtbot):
    pane = window.library_pane
    first, second = (a.id for a in seeded.articles.list()[1:3])
    seeded.trash.delete(first)
    seeded.trash.delete(second)
    show_filter(window, "trash")
    view = pane.list
    rect = view.visualRect(pane.model.index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(trash_ids(seeded)) == 2  # a click only chooses
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(trash_ids(seeded)) == 1
    from tests.ui.conftest import right_click

    right_click(view, view.visualRect(pane.model.index(0)).center())
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["&Restore from Trash", "Delete for &Good…"]
    next(a for a in menu.actions() if a.text() == "&Restore from Trash").trigger()
    menu.close()
    assert trash_ids(seeded) == []
    assert window.undo_stack.undoText().startswith("Restore “")


def test_delete_in_the_trash_asks_then_deletes_for_good(window, seeded, qtbot):
    pane = window.library_pane
    gone = seeded.articles.list()[1]
    seeded.highlights.add(gone.id, 0, 5)
    seeded.trash.delete(gone.id)
    show_filter(window, "trash")
    view = focus_list(window, qtbot)
    view.setCurrentIndex(pane.model.index(0))
    seen = answer_next_message_box(qtbot, CANCEL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert seen and gone.title in seen[0][0] and seen[0][1]  # named; Cancel is the default
    assert trash_ids(seeded) == [gone.id]
    seen = answer_next_message_box(qtbot)
    view = focus_list(window, qtbot)  # (offscreen, the box does not give it back)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert seen and trash_ids(seeded) == [] and pane.model.rowCount() == 0
    assert gone.id not in [a.id for a in seeded.articles.list(archived=None)]
    assert "for good" in window.notice.text()
    assert not window.undo_stack.canUndo()  # nothing to undo: it is gone


def test_undoing_a_delete_of_an_article_deleted_for_good_says_so(window, seeded, qtbot):
    aid = window.article_id
    title = seeded.articles.get(aid).title
    focus_list(window, qtbot)
    answer_next_message_box(qtbot)
    window.delete_article()
    assert window.notice.text() == f"Moved “{title}” to the trash."
    show_filter(window, "trash")
    window.library_pane.list.setCurrentIndex(window.library_pane.model.index(0))
    answer_next_message_box(qtbot)
    window.actions["delete_article"].trigger()  # Delete for Good in this view
    assert trash_ids(seeded) == []
    window.actions["undo"].trigger()
    assert "deleted for good" in window.notice.text()
    assert window.article_id != aid and not window.undo_stack.canUndo()


def test_undoing_a_restore_closes_the_article_if_it_was_opened(window, seeded, qtbot):
    gone = seeded.articles.list()[1].id
    seeded.trash.delete(gone)
    show_filter(window, "trash")
    window.library_pane.list.setCurrentIndex(window.library_pane.model.index(0))
    window.actions["restore_article"].trigger()
    window.open_article(gone)
    assert window.article_id == gone
    window.undo_stack.undo()
    assert trash_ids(seeded) == [gone] and window.article_id != gone
    assert "back to the trash" in window.notice.text()


def test_empty_trash_asks_with_the_count_then_empties(window, seeded, qtbot):
    ids = [a.id for a in seeded.articles.list()[1:3]]
    for aid in ids:
        seeded.trash.delete(aid)
    show_filter(window, "trash")
    assert window.actions["empty_trash"].isEnabled()
    seen = answer_next_message_box(qtbot, CANCEL)
    window.actions["empty_trash"].trigger()
    assert seen and "2 articles" in seen[0][0] and seen[0][1]
    assert sorted(trash_ids(seeded)) == sorted(ids)
    seen = answer_next_message_box(qtbot)
    window.actions["empty_trash"].trigger()
    assert seen and trash_ids(seeded) == [] and window.library_pane.model.rowCount() == 0
    assert "2 articles deleted for good" in window.notice.text()
    assert not window.actions["empty_trash"].isEnabled()
    assert seeded.articles.count() == 1  # the library itself is untouched


def test_search_does_not_list_what_is_in_the_trash(window, seeded, qtbot):
    gone = seeded.articles.list()[0]
    seeded.trash.delete(gone.id)
    pane = window.library_pane
    with qtbot.waitSignal(pane.searchFinished, timeout=5000):
        pane.search.setText(gone.title)
    assert gone.id not in {pane.hits.hit(r).article_id for r in range(pane.hits.rowCount())}


def test_startup_purges_what_was_deleted_over_30_days_ago_after_the_backup(
    seeded, window_factory, qtbot
):
    old, recent = (a.id for a in seeded.articles.list()[:2])
    seeded.trash.delete(old)
    seeded.trash.delete(recent)
    now = datetime.now(UTC)
    set_deleted_at(seeded, old, now - timedelta(days=31))
    set_deleted_at(seeded, recent, now - timedelta(days=1))
    window = window_factory(seeded)
    qtbot.waitUntil(lambda: trash_ids(seeded) == [recent], timeout=10000)
    backups = list(seeded.path.with_name(seeded.path.name + ".backups").glob("*.db"))
    assert len(backups) == 1  # the copy was made first: it still has the old one
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM articles WHERE id = ?", (old,)).fetchone()[0] == 1
    copy.close()
    qtbot.waitUntil(lambda: "1 article that had been" in window.notice.text(), timeout=5000)
