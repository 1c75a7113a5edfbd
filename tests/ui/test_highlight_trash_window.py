"""Highlights > Deleted Highlights… in the window: the highlights trash listed with each
highlight's last text and note, restorable; the open article shows it again."""

from __future__ import annotations


def _dialog(window):
    from reader.ui.dialogs.highlight_trash_dialog import HighlightTrashDialog

    found = window.findChildren(HighlightTrashDialog)
    assert found, "Deleted Highlights… opened no dialog"
    return found[-1]


def test_deleted_highlights_are_listed_and_restored(window, qtbot):
    lib = window.library
    aid = window.article_id
    assert aid is not None
    h = lib.highlights.add(aid, 0, 5, note="a note worth keeping")
    other = lib.highlights.add(aid, 6, 12, note="second")
    window.highlights.reload()
    lib.highlights.delete(h.id)
    lib.highlights.delete(other.id)
    window.highlights.reload()
    assert window.highlights.get(h.id) is None

    window.actions["highlight_trash"].trigger()
    dialog = _dialog(window)
    assert dialog.list.topLevelItemCount() == 2
    rows = {dialog.list.topLevelItem(i).data(0, 256): dialog.list.topLevelItem(i) for i in range(2)}
    assert rows[h.id].text(1) == "a note worth keeping"
    assert rows[h.id].text(0) == " ".join(h.exact.split())
    assert not dialog.restore_button.isEnabled()
    rows[h.id].setSelected(True)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.list.topLevelItemCount() == 1
    assert "Restored 1" in dialog.status.text()
    assert window.highlights.get(h.id) is not None  # shown on the open article again
    assert [t.highlight.id for t in lib.highlight_trash.list()] == [other.id]


def test_a_highlight_whose_article_is_in_the_trash_says_why_it_stays(window, qtbot):
    lib = window.library
    aid = window.article_id
    h = lib.highlights.add(aid, 0, 5)
    lib.highlights.delete(h.id)
    lib.trash.delete(aid)
    window.actions["highlight_trash"].trigger()
    dialog = _dialog(window)
    dialog.list.topLevelItem(0).setSelected(True)
    dialog.restore_button.click()
    assert dialog.list.topLevelItemCount() == 1
    assert "restore its article first" in dialog.status.text()
