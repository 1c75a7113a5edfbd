"""Opening a long article with many highlights, and making one more highlight.

In the real window (offscreen): a click on the article's row in the list, to
the end of the reading pane's paint (``Painted.process``: the click's queued
work, with a paint forced if it held none). The yardstick, in the same process and window size:
``QTextBrowser.setPlainText`` of the same text, to the end of its first paint.
Then a highlight: select a passage, press H, until it is stored and painted.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import synth
from _common import Painted, Result, median, p95, qt_app, settle


def _click_row(view, row: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    rect = view.visualRect(view.model().index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def measure(quick: bool) -> list[Result]:
    words, count, runs = (20_000, 200, 3) if quick else (100_000, 1_000, 9)
    app = qt_app()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMainWindow, QTextBrowser

    from reader.core.storage.library import Library
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        cached, long_id = synth.long_article_library(words, count)
        path = synth.working_copy(cached, Path(tmp))
        library = Library(path)
        window = MainWindow(library, Settings(library))
        window.resize(1240, 780)
        window.show()
        window.start()
        settle(100)
        view = window.library_pane.list
        model = window.library_pane.model
        long_row = model.row_of(long_id)
        other_row = 1 - long_row
        text = library.articles.get(long_id).text
        pane = window.reading_pane
        painted = Painted(pane.viewport())

        opens = []
        for _ in range(runs):
            _click_row(view, other_row)
            settle(50)
            started = time.perf_counter()
            _click_row(view, long_row)
            painted.process()
            opens.append((time.perf_counter() - started) * 1000)
            assert window.article_id == long_id, "the click did not open the long article"
        settle(50)

        marks = []
        stored_before = len(library.highlights.of(long_id))
        for i in range(runs * 2):
            pane.select_range(300 + i * 500, 360 + i * 500)
            app.processEvents()
            started = time.perf_counter()
            QTest.keyClick(pane, Qt.Key.Key_H)
            painted.process()
            marks.append((time.perf_counter() - started) * 1000)
        stored = len(library.highlights.of(long_id)) - stored_before
        window.close()
        library.close()

        bare = QMainWindow()
        browser = QTextBrowser()
        bare.setCentralWidget(browser)
        bare.resize(pane.width(), pane.height())
        bare.show()
        settle(50)
        browser_painted = Painted(browser.viewport())
        plain = []
        for _ in range(runs):
            browser.clear()
            settle(20)
            started = time.perf_counter()
            browser.setPlainText(text)
            browser_painted.process()
            plain.append((time.perf_counter() - started) * 1000)
        bare.close()

    ratio = median(opens) / median(plain)
    return [
        Result(
            f"open a {words // 1000}k-word article with {count:,} highlights: click to paint",
            median(opens),
            "ms",
            p95(opens),
            median(plain),
            ratio,
            "ratio <= 3 and < 300 ms",
            ratio <= 3 and median(opens) < 300,
            f"yardstick QTextBrowser.setPlainText to paint; {runs} runs",
        ),
        Result(
            "make a highlight: H to stored and painted",
            median(marks),
            "ms",
            p95(marks),
            target="< 20 ms median",
            holds=median(marks) < 20 and stored == len(marks),
            note=f"{stored} of {len(marks)} stored, in the {words // 1000}k-word article",
        ),
    ]
