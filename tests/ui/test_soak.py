"""A hundred thousand calls of Qt methods that return nothing, as the reading pane makes them.

PySide6 6.12.0 on Python 3.11 drops a reference to None on each such call and
aborts the interpreter after a few thousand (DESIGN.md, "Known hazards"). The
calls run in a child process, so a broken binding fails this test with the
child's message instead of taking the test run (or a reader's session) down.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

CALLS = 100_000

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtGui import QTextCharFormat, QTextCursor, QUndoStack, QColor
    from PySide6.QtWidgets import QApplication
    from reader.core.document import Block
    from reader.core.storage.library import Library
    from reader.core.models import ImportedArticle
    from reader.ui.reading.pane import ReadingPane

    app = QApplication([])
    calls = int(sys.argv[2])
    with Library(sys.argv[1]) as library:
        blocks = [Block("paragraph", "Soak 🍵 test words go here " * 12) for _ in range(40)]
        article_id = library.articles.add(ImportedArticle("Soak", blocks, "text")).article_id
        pane = ReadingPane(library, QUndoStack())
        pane.resize(600, 400)
        pane.show_article(article_id)
        doc = pane.document()
        size = doc.characterCount() - 1
        cursor = QTextCursor(doc)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fbe68c"))
        started = time.perf_counter()
        made = 0
        cursor.beginEditBlock()
        while made < calls * 9 // 10:
            a = made % (size - 10)
            cursor.setPosition(a)                                         # returns None
            cursor.setPosition(a + 5, QTextCursor.MoveMode.KeepAnchor)    # returns None
            cursor.mergeCharFormat(fmt)                                   # returns None
            cursor.clearSelection()                                       # returns None
            made += 4
        cursor.endEditBlock()
        while made < calls:
            a = made % 2000
            pane.select_range(a, a + 7)     # setPosition x2, setTextCursor
            pane.select_highlight(None)     # update(), no signal
            made += 4
        print(f"{made} calls in {time.perf_counter() - started:.2f} s")
    """
)


def test_a_hundred_thousand_void_calls_do_not_crash(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "soak.db"), str(CALLS)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=root,
    )
    assert result.returncode == 0, (
        f"the Qt binding crashed after many calls of methods returning nothing "
        f"(PySide6 6.12.0 on Python 3.11 does this; pin PySide6-Essentials<6.12):\n"
        f"{result.stderr[-3000:]}"
    )
    assert f"{CALLS} calls" in result.stdout
