"""The notes pane's Related list in the real window: answered by the related-passages child
process, a click opens the article at the passage; vectors computed by that child; the
window's interpreter never loads the model; the child restarted once, then a clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.ui.app import related_service
from tests.related.conftest import article_with, highlight_paragraph
from tests.related.test_related_storage import BRIDGE, CATS, FELINES, TAXES

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def related_library(seeded, monkeypatch):
    monkeypatch.delenv(related_service.ENV)  # these windows run the child process
    a = article_with(seeded, "Cats at home", CATS, TAXES)
    b = article_with(seeded, "Felines and sleep", BRIDGE, FELINES)
    cats = highlight_paragraph(seeded, a, CATS)
    return seeded, a, b, cats


def child_pid(window) -> int:
    process = window.related.service.process
    return process.processId() if process is not None else 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_related_list_shows_the_paraphrase_and_opens_it(related_library, window_factory, qtbot):
    library, a, b, cats = related_library
    window = window_factory(library)
    window.open_article(a, highlight_id=cats)
    related = window.notes_pane.related
    related.show_for(cats)  # as a click on the highlight does
    qtbot.waitUntil(lambda: related.shown_for == cats, timeout=60000)
    assert related.list.isVisible() and related.list.count() >= 1
    first = related.list.item(0)
    assert "Domestic felines" in first.text() and "Felines and sleep" in first.text()
    assert all(CATS not in related.list.item(i).text() for i in range(related.list.count()))
    rect = related.list.visualItemRect(first)
    qtbot.mouseClick(related.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article_id == b
    window.notes_pane.select_highlight(None)
    assert related.shown_for is None and not related.list.isVisible()


def test_vectors_computed_by_the_child_and_closing_ends_it(related_library, window_factory, qtbot):
    library, *_ = related_library
    window = window_factory(library)
    assert library.related.pending() > 0
    done = []
    window.related.done.connect(done.append)
    window.related.start()
    qtbot.waitUntil(lambda: window.related.running is None, timeout=60000)
    assert library.related.pending() == 0 and done and done[0] > 0
    pid = child_pid(window)
    assert pid and alive(pid)
    window.close()
    qtbot.waitUntil(lambda: not alive(pid), timeout=10000)


def test_a_child_that_dies_is_started_again_once_then_said(related_library, window_factory, qtbot):
    library, a, _, cats = related_library
    window = window_factory(library)
    window.open_article(a, highlight_id=cats)
    related = window.notes_pane.related
    related.show_for(cats)
    qtbot.waitUntil(lambda: related.shown_for == cats, timeout=60000)
    first = child_pid(window)
    os.kill(first, 9)
    qtbot.waitUntil(lambda: window.related.service.process is None, timeout=10000)
    related.refresh()  # asks again: a new child answers
    qtbot.waitUntil(lambda: related.shown_for == cats and related.list.isVisible(), timeout=60000)
    second = child_pid(window)
    assert second and second != first and window.related.service.restarts == 1
    os.kill(second, 9)
    qtbot.waitUntil(lambda: window.related.service.problem != "", timeout=10000)
    related.refresh()
    qtbot.waitUntil(lambda: "not available" in related.hint.text(), timeout=10000)
    assert "related-passages process stopped" in related.hint.text()
    assert related.hint.isVisible() and not related.list.isVisible()


def test_a_child_that_cannot_start_is_said(related_library, window_factory, qtbot, monkeypatch):
    library, a, _, cats = related_library
    monkeypatch.setattr(
        related_service, "service_command", lambda path: ("/nonexistent/python", [path])
    )
    window = window_factory(library)
    window.open_article(a, highlight_id=cats)
    related = window.notes_pane.related
    related.show_for(cats)
    qtbot.waitUntil(lambda: "not available" in related.hint.text(), timeout=10000)
    assert "could not start" in related.hint.text() and "/nonexistent/python" in related.hint.text()
    window.related.start()  # answered at once, and nothing is left waiting
    assert window.related.running is None and related.wait(0)
    related.refresh()
    qtbot.waitUntil(lambda: "could not start" in related.hint.text(), timeout=5000)
    assert related.wait(0)


def test_the_childs_writes_do_not_reload_the_window(related_library, window_factory, qtbot):
    library, a, *_ = related_library
    window = window_factory(library)
    window.outside.stop()  # polled by hand below
    window.related.start()
    highlight_paragraph(library, a, TAXES)  # the window's own write meanwhile: no news
    qtbot.waitUntil(lambda: window.related.running is None, timeout=60000)
    assert library.related.pending() == 0
    assert not window.outside.show()  # vectors only: no reload of the list and the article
    other = type(library)(library.path)  # another program adds an article
    try:
        article_with(other, "From elsewhere", CATS)
    finally:
        other.close()
    assert window.outside.show()


CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from reader.ui.app.start import run_app

MODEL = ("numpy", "wordllama", "tokenizers", "safetensors")

def shown(window):
    def begin():
        window.open_article(int(sys.argv[3]), highlight_id=sys.argv[2])
        window.related.start()
        window.notes_pane.related.show_for(sys.argv[2])
        QTimer.singleShot(100, lambda: finish(window, 1200))
    QTimer.singleShot(0, begin)

def finish(window, tries):
    related = window.notes_pane.related
    if (window.related.running is not None or related.shown_for is None) and tries:
        QTimer.singleShot(50, lambda: finish(window, tries - 1))
        return
    print(json.dumps({"loaded": [m for m in MODEL if m in sys.modules],
                      "items": related.list.count(), "hint": related.hint.text()}))
    window.close()
    QApplication.quit()

sys.exit(run_app(Path(sys.argv[1]), on_shown=shown))
"""


def test_the_window_never_loads_the_model(related_library, tmp_path):
    library, a, _, cats = related_library
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(library.path), cats, str(a)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(next(x for x in done.stdout.splitlines() if x.startswith("{")))
    assert result["items"] >= 1, result  # answered, and vectors computed meanwhile
    assert library.related.pending() == 0
    assert result["loaded"] == []


def test_another_models_vectors_are_made_again_in_the_background(
    related_library, window_factory, qtbot
):
    from reader.core import embedding
    from reader.core.storage.related import MODEL_KEY

    library, *_ = related_library
    library.related.embed_pending()
    old = {r[0] for r in library.conn.execute("SELECT id FROM related_vectors")}
    library.conn.execute("UPDATE related_articles SET model = 'an older model 256'")
    library.settings.set(MODEL_KEY, "an older model 256")
    window = window_factory(library)
    window.related.start()  # as 10 s after the first paint
    qtbot.waitUntil(lambda: window.related.running is None, timeout=60000)
    new = {r[0] for r in library.conn.execute("SELECT id FROM related_vectors")}
    assert new and not new & old  # every vector made again, by the child
    models = {r[0] for r in library.conn.execute("SELECT model FROM related_articles")}
    assert models == {embedding.MODEL} and library.settings.get(MODEL_KEY) == embedding.MODEL
    assert library.related.pending() == 0
