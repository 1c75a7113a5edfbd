"""Memory: the app on a large library with a long, much-highlighted article open.

A fresh process starts the app on a copy of the large library to which the long
article (and its highlights) was added, reopening it as the last article read;
half a second after the window shows, the article is scrolled through and the
resident set size read from ``/proc/self/status``. The yardstick is a bare
``QMainWindow`` with a ``QTextBrowser`` holding the same text.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import synth
from _common import ROOT, Result, child_env

RSS = r"""
def rss():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
"""

YARDSTICK = (
    RSS
    + r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser
app = QApplication(sys.argv[:1])
window = QMainWindow()
browser = QTextBrowser()
browser.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(browser)
window.resize(1240, 780)
window.show()
def done():
    bar = browser.verticalScrollBar()
    for i in range(11):
        bar.setValue(bar.maximum() * i // 10)
        browser.viewport().grab()
    print("RSS", *rss(), "-", flush=True)
    app.quit()
QTimer.singleShot(500, done)
app.exec()
"""
)

APP = (
    RSS
    + r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from reader.ui.app.start import run_app

def shown(window):
    def done():
        pane = window.reading_pane
        bar = pane.verticalScrollBar()
        for i in range(11):
            bar.setValue(bar.maximum() * i // 10)
            pane.viewport().grab()
        print("RSS", *rss(), window.article_id, flush=True)
        window.close()
        QApplication.quit()
    QTimer.singleShot(500, done)

sys.exit(run_app(Path(sys.argv[1]), on_shown=shown))
"""
)


def prepare(folder: Path, count: int, words: int, highlights: int) -> tuple[Path, Path, int]:
    """A copy of the large library with the long article and its highlights added."""
    from reader.core.storage.library import Library

    path = synth.working_copy(synth.library(count), folder)
    with Library(path) as library:
        library.conn.execute("PRAGMA synchronous = OFF")  # setting up only
        blocks = synth.make_blocks(words)
        imported = synth.ImportedArticle("A long read", blocks, "text", url="https://x.example/l")
        long_id = library.articles.add(imported).article_id
        text = library.articles.get(long_id).text
        with library.transaction():
            synth.add_highlights(library, long_id, text, highlights)
        library.settings.set("samples_seeded", True)
        library.settings.set("ui.last_article", long_id)
        library.backup()  # as on most days: today's backup is done, none starts now
    text_path = folder / "long.txt"
    text_path.write_text(text, encoding="utf-8")
    return path, text_path, long_id


def run(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RSS")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the measured process failed:\n{done.stdout}\n{done.stderr}")
    _, rss, peak, article = lines[0].split()
    return float(rss), float(peak), article


def measure(quick: bool) -> list[Result]:
    count, words, highlights = (2_000, 20_000, 200) if quick else (100_000, 100_000, 1_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library, text, long_id = prepare(folder, count, words, highlights)
        env = child_env(folder)
        bare, bare_peak, _ = run(YARDSTICK, [str(text)], env)
        rss, peak, article = run(APP, [str(library)], env)
    return [
        Result(
            f"memory: {count:,} articles, a {words // 1000}k-word article with "
            f"{highlights:,} highlights open",
            rss,
            "MB",
            yardstick=bare,
            ratio=rss / bare,
            target="< 250 MB RSS",
            holds=rss < 250 and article == str(long_id),
            note=f"RSS after scrolling through it; peak {peak:.0f} MB (bare window "
            f"{bare:.0f} MB, peak {bare_peak:.0f}); article open: {article}",
        )
    ]
