"""The library list over a large library: to first paint, then scrolling to the end.

The real ``LibraryPane`` (offscreen): from making it to the end of a forced
paint of its list. Then the list is scrolled to the end the way a dragged
scroll bar does it, one jump to the bottom at a time (each jump fetches the
next page), and by page steps; each step is timed to the end of its paint.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import synth
from _common import Result, median, p95, qt_app, settle


def measure(quick: bool) -> list[Result]:
    count, runs = (2_000, 3) if quick else (100_000, 7)
    app = qt_app()
    from PySide6.QtGui import QUndoStack

    from reader.core.library import Library
    from reader.ui.jobs import JobRunner
    from reader.ui.library_pane import LibraryPane

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
        pages = []
        for _ in range(60 if quick else 200):
            started = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            app.processEvents()
            view.viewport().grab()
            pages.append((time.perf_counter() - started) * 1000)
        jumps = []
        while True:
            started = time.perf_counter()
            bar.setValue(bar.maximum())
            app.processEvents()
            view.viewport().grab()
            jumps.append((time.perf_counter() - started) * 1000)
            if not model.canFetchMore() and bar.value() == bar.maximum():
                break
        rows = model.rowCount()
        pane.close()
        runner.wait()
        library.close()
    steps = pages + jumps
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
            "library list: each scroll step to paint",
            median(steps),
            "ms",
            p95(steps),
            target="< 16 ms each (p95)",
            holds=p95(steps) < 16 and rows == count,
            note=f"{len(pages)} page steps (median {median(pages):.1f} ms), then "
            f"{len(jumps)} jumps to the end fetching a page each (median {median(jumps):.1f}, "
            f"p95 {p95(jumps):.1f}, worst {max(jumps):.1f} ms); {rows:,} rows at the end",
        ),
    ]
