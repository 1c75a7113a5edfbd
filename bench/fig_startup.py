"""Startup: process start to the first painted main window, the last article reopened.

Each start is a fresh process, timed from just before it is spawned to the end
of a forced paint (``grab()``) in a zero-delay timer after ``show()``: for
the app that is after ``MainWindow.start`` reopened the last article. The
yardstick is a bare ``QMainWindow`` holding a ``QTextBrowser`` with the same
article's text. Runs alternate, so drift on the shared machine hits both alike. The library
has today's backup, as on most starts (the first start of a day copies the
library in the background).
Bytecode is written and reused (an uncounted first run compiles), as an
installed app has it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synth
from _common import ROOT, Result, child_env, median, p95

YARDSTICK = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser
app = QApplication(sys.argv[:1])
window = QMainWindow()
browser = QTextBrowser()
browser.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(browser)
window.resize(1240, 780)
window.show()
def shown():
    window.grab()
    print("SHOWN", time.time(), "-", "-", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

APP = r"""
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from reader.ui.app.start import run_app

HEAVY = ("trafilatura", "markdown", "lxml", "sqlite_utils")

def shown(window):
    window.grab()
    heavy = ",".join(m for m in HEAVY if m in sys.modules)
    print("SHOWN", time.time(), window.article_id, heavy or "-", flush=True)
    window.close()
    QApplication.quit()

sys.exit(run_app(Path(sys.argv[1]), on_shown=shown))
"""


def prepare(folder: Path, count: int) -> tuple[Path, Path, int]:
    """A working copy of the cached library with a typical article as the last one open."""
    from reader.core.storage.library import Library

    library_path = synth.working_copy(synth.library(count), folder)
    last = count // 2
    with Library(library_path) as library:
        library.settings.set("samples_seeded", True)
        library.settings.set("ui.last_article", last)
        text = library.articles.get(last).text
        library.backup()  # as on most days: today's backup is done, none starts now
    text_path = folder / "article.txt"
    text_path.write_text(text, encoding="utf-8")
    return library_path, text_path, last


def start(code: str, args: list[str], env: dict[str, str]) -> tuple[float, list[str]]:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("SHOWN")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the measured process failed:\n{done.stdout}\n{done.stderr}")
    parts = lines[0].split()
    return (float(parts[1]) - started) * 1000, parts[2:]


def measure(quick: bool) -> list[Result]:
    count, runs = (2_000, 3) if quick else (10_000, 15)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library, text, last = prepare(folder, count)
        env = child_env(folder)
        start(APP, [str(library)], env)  # compiles and caches bytecode; not counted
        start(YARDSTICK, [str(text)], env)
        bare, app, notes = [], [], ["?", "?"]
        for _ in range(runs):
            bare.append(start(YARDSTICK, [str(text)], env)[0])
            seconds, notes = start(APP, [str(library)], env)
            app.append(seconds)
    ratio = median(app) / median(bare)
    article, heavy = notes
    return [
        Result(
            f"startup to first paint, {count:,} articles, last one reopened",
            median(app),
            "ms",
            p95(app),
            median(bare),
            ratio,
            "ratio <= 1.5",
            ratio <= 1.5 and article == str(last),
            f"bare window {median(bare):.0f} ms; article open: {article}; "
            f"heavy modules loaded: {heavy}; {runs} runs each, bytecode cached",
        )
    ]
