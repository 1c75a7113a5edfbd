"""One window per library, in two real processes (offscreen): a second launch hands its
file or link to the window already open there, which opens it; the second exits at once."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.ui.app.single_instance import server_name

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def query(path: Path, sql: str, *params):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def wait_for(condition, timeout: float = 30.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return
        except sqlite3.OperationalError:
            pass  # the first window is still creating the library
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def last_article(path: Path):
    rows = query(path, "SELECT value FROM settings WHERE key = 'ui.last_article'")
    return json.loads(rows[0][0]) if rows else None


@pytest.fixture
def env(tmp_path, monkeypatch):
    # TMPDIR: Qt puts the local socket there, so a killed window leaves nothing behind
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # for this process's connects too
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(tmp_path),
        "ARTICLE_READER_LIBRARY": str(tmp_path / "library.db"),
    }


def launch(env, *args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def first_window(env, tmp_path):
    """The first launch: a window on a new library, once its samples are in."""
    path = tmp_path / "library.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        socket = tmp_path / server_name(path)
        wait_for(socket.exists, what="the first window's socket")
        wait_for(lambda: last_article(path) is not None, what="the samples to open")
        yield proc
    finally:
        proc.terminate()
        proc.wait(30)
    assert proc.returncode in (0, -9), proc.stderr.read()  # -9: the test killed it


def test_sigterm_closes_the_window_as_quit_does(env, tmp_path, first_window):
    first_window.terminate()  # a logout, or kill
    assert first_window.wait(30) == 0, first_window.stderr.read()
    assert not (tmp_path / server_name(tmp_path / "library.db")).exists()
    ini = tmp_path / "home" / ".config" / "article-reader" / "window.ini"
    assert "geometry" in ini.read_text()  # saved on the way out


def test_a_second_launch_hands_a_file_to_the_running_window(env, tmp_path, first_window):
    path = tmp_path / "library.db"
    note = tmp_path / "reading list.md"
    note.write_text("# Books to read next\n\nA list, with reasons for each.\n", encoding="utf-8")
    started = time.monotonic()
    done = launch(env, "reading list.md", cwd=tmp_path)  # relative: the window is elsewhere
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert took < 10, f"the second launch took {took:.1f} s: did it open a window of its own?"
    assert first_window.poll() is None, "the first window quit"

    def opened():
        rows = query(path, "SELECT id FROM articles WHERE title = 'Books to read next'")
        return rows and last_article(path) == rows[0][0]

    wait_for(opened, what="the window to import and open the file")


def test_a_second_launch_opens_a_deep_link_in_the_running_window(env, tmp_path, first_window):
    from reader.core.links import highlight_link
    from reader.core.storage.library import Library

    path = tmp_path / "library.db"
    with Library(path) as library:
        article = next(a for a in library.articles.list() if a.id != last_article(path))
        highlight = library.highlights.add(article.id, 10, 40)
        link = highlight_link(article.id, highlight.id)

    done = launch(env, link)
    assert done.returncode == 0, done.stderr
    assert last_article(path) == article.id  # opened before the reply was sent

    done = launch(env, "article-reader://open?article=9999")
    assert done.returncode == 1
    assert "no article 9999" in done.stderr and str(path) in done.stderr
    assert first_window.poll() is None


def test_a_launch_after_a_crash_starts_despite_the_stale_socket(env, tmp_path, first_window):
    from reader.ui.app.single_instance import send_to_running

    path = tmp_path / "library.db"
    first_window.kill()  # no chance to remove its socket
    first_window.wait(30)
    assert (tmp_path / server_name(path)).exists()
    assert send_to_running(path, []) is None  # nobody answers on it
    second = subprocess.Popen([sys.executable, "-m", "reader"], env=env)
    try:
        wait_for(lambda: send_to_running(path, []) == [], what="the new window to listen")
    finally:
        second.terminate()
        second.wait(30)


def test_restore_waits_for_the_window_to_close(env, tmp_path, first_window):
    from reader.window_socket import window_is_open

    path = tmp_path / "library.db"
    copy = tmp_path / "copy.db"
    assert launch(env, "backup", "--output", str(copy)).returncode == 0
    assert window_is_open(path)
    refused = launch(env, "restore", str(copy))
    assert refused.returncode != 0
    assert "close it" in refused.stderr and str(path) in refused.stderr
    assert not list(tmp_path.glob("library.db.before-restore-*"))  # nothing was moved

    first_window.terminate()
    assert first_window.wait(30) == 0
    assert not window_is_open(path)
    done = launch(env, "restore", str(copy))
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.glob("library.db.before-restore-*"))


def test_two_launches_at_once_open_one_window_with_both_files(env, tmp_path):
    """Started together on a new library, before either window listens: one opens the
    window, the other waits for it and hands its file over (the library's lock file)."""
    path = tmp_path / "library.db"
    names = ["first.md", "second.md"]
    for name in names:
        text = f"# Sent as {name}\n\nThe file {name}, to open.\n"
        (tmp_path / name).write_text(text, encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reader", name],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    try:

        def one_exited():
            return sum(p.poll() is not None for p in procs) == 1

        wait_for(one_exited, what="one launch to hand over and exit")
        [sender] = [p for p in procs if p.poll() is not None]
        assert sender.returncode == 0, sender.stderr.read()
        assert "sent to the window already open" in sender.stdout.read()

        def both_imported():
            rows = query(path, "SELECT title FROM articles WHERE title LIKE 'Sent as %'")
            return len(rows) == 2

        wait_for(both_imported, what="the window to import both files")
        time.sleep(1)
        assert sum(p.poll() is None for p in procs) == 1, "two windows are open"
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
            p.wait(30)
