"""The window on a damaged or read-only library: plain words, the newest backup offered."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.storage.integrity import DamagedLibrary, check
from reader.core.storage.library import Library
from reader.ui.app.damaged import damaged_box, open_for_window

pytestmark = pytest.mark.gui


def _damage(path):
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek(page * 3)
        f.write(b"\x5a" * page * 4)


@pytest.fixture
def damaged_with_backup(tmp_path):
    from tests.ui.conftest import add_articles

    path = tmp_path / "library.db"
    with Library(path) as lib:
        add_articles(lib, 40)
        lib.backup(reason="periodic")
    _damage(path)
    return path


def _click_when_shown(qtbot, label: str, seen: list[str]) -> None:
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        (button,) = [b for b in box.buttons() if b.text() == label]
        button.click()

    QTimer.singleShot(0, click)


def test_a_damaged_library_offers_the_newest_backup_and_restores_it(damaged_with_backup, qtbot):
    path = damaged_with_backup
    seen: list[str] = []
    _click_when_shown(qtbot, "Restore newest backup", seen)
    library = open_for_window(path)
    assert library is not None
    try:
        assert library.articles.count() == 40
    finally:
        library.close()
    assert "Your library is damaged." in seen[0] and "was not opened" in seen[0]
    assert "damaged-" in seen[0]  # where the damaged copy is kept
    assert check(path).ok
    assert list(path.parent.glob("library.db.damaged-*"))
    assert list(path.parent.glob("library.db.before-restore-*"))


def test_quit_leaves_everything_as_it_was(damaged_with_backup, qtbot):
    path = damaged_with_backup
    original = path.read_bytes()
    seen: list[str] = []
    _click_when_shown(qtbot, "Quit", seen)
    assert open_for_window(path) is None
    assert path.read_bytes() == original
    assert not list(path.parent.glob("library.db.before-restore-*"))


def test_without_a_backup_only_quit_is_offered(tmp_path, qtbot):
    error = DamagedLibrary(tmp_path / "library.db", "malformed", None, None)
    box, restore_button = damaged_box(error)
    assert restore_button is None
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["Quit"]
    assert "no good backup" in box.informativeText()


def test_a_read_only_library_is_refused_in_plain_words(tmp_path, qtbot):
    """On a filesystem remounted read-only (as an ordinary user: a folder without write
    permission), the window says so and points to the command line."""
    import os

    from tests.reliability.test_hostile import _mount, _umount

    folder = tmp_path / "ro"
    mounted = _mount(folder, "size=2m")
    if not mounted and os.geteuid() == 0:
        pytest.skip("running as root where mounting is not allowed: permissions bind no one")
    path = folder / "library.db"
    Library(path).close()
    if mounted:
        remount = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
        assert remount.returncode == 0, remount.stderr
    else:
        path.chmod(0o444)
        folder.chmod(0o555)
    try:
        seen: list[str] = []
        _click_when_shown(qtbot, "OK", seen)
        assert open_for_window(path) is None
        assert "read-only" in seen[0] and "command line" in seen[0]
    finally:
        if mounted:
            _umount(folder)
        else:
            folder.chmod(0o755)


def test_a_window_left_open_keeps_asking_for_its_daily_backup(seeded, qtbot, monkeypatch):
    from tests.ui.conftest import make_window

    window = make_window(seeded, qtbot)
    asked = []
    monkeypatch.setattr(seeded, "backup_if_due", lambda: asked.append(1))
    timer = window.backups.repeat(every_ms=30)
    qtbot.waitUntil(lambda: len(asked) >= 2, timeout=5000)
    timer.stop()
    window.runner.wait()
