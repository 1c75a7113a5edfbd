"""The library list over a large library: to first paint, then scrolling to the end.

The real ``LibraryPane`` (offscreen): from making it to the end of a forced
paint of its list. Then the list is scrolled down a page at a time, and then
to the end the way a scroll bar dragged to the bottom again and again does it
(each jump loads the next page); each step is timed to the end of its paint.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import synth
from _common import Painted, Result, median, p95, qt_app, settle


def measure(quick: bool) -> list[Result]:
    count, runs = (2_000, 3) if quick else (100_000, 7)
    qt_app()
    from PySide6.QtGui import QUndoStack

    from reader.core.storage.library import Library
    from reader.ui.jobs import JobRunner
    from reader.ui.library.pane import LibraryPane

    with tempfile.TemporaryDirectory() as tmp:
        path = synth.working_copy(synth.library(count), Path(tmp))
        library = Library(path)
        runner, stack = JobRunner(), QUndoStack()
        firsts, pane = [], None
        for _ in range(runs):
            if pane is not None:
                pane.close()
                pane.deleteLater()
                settle(20)
            started = time.perf_counter()
            pane = LibraryPane(library, runner, stack)
            pane.resize(340, 780)
            pane.show()
            pane.list.viewport().grab()
            firsts.append((time.perf_counter() - started) * 1000)
        settle(50)
        view, model = pane.list, pane.model
        bar = view.verticalScrollBar()
        painted = Painted(view.viewport())
        pages = []
        for _ in range(60 if quick else 200):
            started = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            painted.process()
            pages.append((time.perf_counter() - started) * 1000)
        jumps = []
        while True:
            started = time.perf_counter()
            bar.setValue(bar.maximum())
            painted.process()
            jumps.append((time.perf_counter() - started) * 1000)
            if not model.canFetchMore() and bar.value() == bar.maximum():
                break
        rows = model.rowCount()
        pane.close()
        runner.wait()
        library.close()
    return [
        Result(
            f"library list, {count:,} articles: to first paint",
            median(firsts),
            "ms",
            p95(firsts),
            target="< 200 ms",
            holds=median(firsts) < 200,
            note=f"{runs} runs, a new pane each",
        ),
        Result(
            "library list: scroll a page, to paint",
            median(pages),
            "ms",
            p95(pages),
            target="< 16 ms each (p95)",
            holds=p95(pages) < 16,
            note=f"{len(pages)} page steps from the top; worst {max(pages):.1f} ms",
        ),
        Result(
            "library list: jump to the end, a page loaded each time, to paint",
            median(jumps),
            "ms",
            p95(jumps),
            target="< 16 ms each (p95)",
            holds=p95(jumps) < 16 and rows == count,
            note=f"{len(jumps)} jumps until all {rows:,} rows were loaded; worst "
            f"{max(jumps):.1f} ms",
        ),
    ]
