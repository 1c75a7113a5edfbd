"""File > Sync… in the window: set up through the dialog, then background sync both ways:
another device's article shows up in the list, and the window's own highlight reaches it."""

from __future__ import annotations

from reader.core.storage.library import Library
from reader.core.sync.service import SyncService
from tests.sync.devices import article


def other_device(tmp_path, folder):
    lib = Library(tmp_path / "other.db")
    service = SyncService(lib)
    service.configure(folder)
    return lib, service


def test_the_sync_dialog_sets_up_a_folder_and_sync_runs_both_ways(tmp_path, window, qtbot):
    folder = tmp_path / "Sync"
    window.actions["sync"].trigger()
    dialog = _dialog(window)
    assert dialog.status_text() == "Not syncing."
    assert not dialog.apply.isEnabled()
    dialog.folder.setText(str(folder))
    assert dialog.apply.isEnabled()
    dialog.apply.click()
    qtbot.waitUntil(lambda: window.syncing.running, timeout=20000)
    qtbot.waitUntil(lambda: window.syncing.last is not None, timeout=20000)
    assert "Synced with" in dialog.status_text()

    other, service = other_device(tmp_path, folder)
    try:
        service.sync()  # receives the window's three articles
        assert other.articles.count(archived=None) == 3
        added = other.articles.add(article("From the laptop", "Written on the other device."))
        service.sync()
        window.syncing.sync_now()  # (the folder's watcher would wake it too)
        # written by the sync's own connection, then shown in the list
        qtbot.waitUntil(lambda: _id(window) is not None, timeout=20000)
        qtbot.waitUntil(lambda: window.library_pane.summary(_id(window)) is not None)

        # the window's own change is noticed (no button pressed) and reaches the other
        aid = _id(window)
        h = window.library.highlights.add(aid, 0, 4, note="made in the window")

        def arrived() -> bool:
            service.sync()
            return any(x.id == h.id for x in other.highlights.of(added.article_id))

        qtbot.waitUntil(arrived, timeout=20000)
    finally:
        other.close()


def test_sync_failures_are_said_and_stop_turns_it_off(tmp_path, window, qtbot):
    window.actions["sync"].trigger()
    dialog = _dialog(window)
    inside = window.library.path.parent  # the library's own folder: refused
    dialog.folder.setText(str(inside))
    dialog.apply.click()
    qtbot.waitUntil(lambda: not window.syncing.busy, timeout=20000)
    assert "never put in the sync folder" in dialog.status_text()
    assert not window.syncing.running
    dialog.folder.setText(str(tmp_path / "elsewhere" / "Sync"))
    dialog.apply.click()
    qtbot.waitUntil(lambda: window.syncing.running, timeout=20000)
    dialog.off.click()
    assert not window.syncing.running
    assert window.syncing.folder is None
    assert dialog.status_text() == "Not syncing."


def _dialog(window):
    from reader.ui.dialogs.sync_dialog import SyncDialog

    found = window.findChildren(SyncDialog)
    assert found, "File > Sync… opened no dialog"
    return found[-1]


def _id(window) -> int | None:
    row = window.library.conn.execute(
        "SELECT id FROM articles WHERE title = 'From the laptop'"
    ).fetchone()
    return row[0] if row else None


def test_the_dialog_shows_the_last_change_beside_an_up_to_date_sync(tmp_path, window, qtbot):
    from reader.core.sync.result import SyncResult

    window.syncing._relay(SyncResult(written=3, sent=2))
    window.syncing._relay(SyncResult(nothing_new=True))
    window.actions["sync"].trigger()
    dialog = _dialog(window)
    window.library.sync_state.set("folder", str(tmp_path))  # as if set up
    text = dialog.status_text()
    assert "up to date" in text
    assert "Last change, at" in text and "3 change(s) applied, 2 sent" in text
