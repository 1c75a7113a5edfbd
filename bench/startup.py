"""How fast the window shows: the app against a bare Qt window (the yardstick).

Each measurement is a fresh process, timed from just before it starts to the
moment a zero-delay timer fires after ``show()`` (the window is on screen and,
for the app, the last article is open). Runs both several times, prints the
medians and their ratio.

    python bench/startup.py              # 5 runs each, a library of 50 articles
    python bench/startup.py --runs 3 --articles 200
    python bench/startup.py --quick      # one run each (CI)
    python bench/startup.py --bytecode   # with compiled modules cached, as an install has

By default the processes inherit the environment: with PYTHONDONTWRITEBYTECODE
set, every run compiles the app's modules from source, which the yardstick
does not have to (the first line of the output says which it was).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YARDSTICK = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTextBrowser())
window.resize(1240, 780)
window.show()
QTimer.singleShot(0, lambda: (print("SHOWN", time.time(), flush=True), app.quit()))
app.exec()
"""

APP = r"""
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from reader.ui.app import run_app

HEAVY = ("trafilatura", "markdown", "lxml", "sqlite_utils")

def shown(window):
    heavy = ",".join(m for m in HEAVY if m in sys.modules)
    print("SHOWN", time.time(), window.article_id, heavy or "-", flush=True)
    window.close()
    QApplication.quit()

sys.exit(run_app(Path(sys.argv[1]), on_shown=shown))
"""


def make_library(path: Path, articles: int) -> None:
    """A library past its first launch with ``articles`` articles of ~1,500 words."""
    from reader.core.document import Block
    from reader.core.library import Library
    from reader.core.models import ImportedArticle
    from reader.core.samples import SEEDED_KEY

    sentence = "Reading slowly is a way of paying attention to what a text actually says. "
    with Library(path) as library:
        library.set_setting(SEEDED_KEY, True)
        for i in range(articles):
            blocks = [Block("heading", f"Article number {i}", level=1)] + [
                Block("paragraph", f"Paragraph {p}. " + sentence * 8) for p in range(14)
            ]
            result = library.add(ImportedArticle(f"Article number {i}", blocks, "text"))
            if i % 3 == 0:
                library.add_highlight(result.article_id, 20, 60, note="a note")
        library.set_setting("ui.last_article", result.article_id)


def measure(code: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.time()
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
        raise SystemExit(f"the measured process failed:\n{done.stdout}\n{done.stderr}")
    parts = lines[0].split()
    return float(parts[1]) - start, " ".join(parts[2:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="one run each")
    parser.add_argument(
        "--bytecode", action="store_true", help="cache compiled modules (compiled once, uncounted)"
    )
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    bytecode = "compiled in every run" if env.get("PYTHONDONTWRITEBYTECODE") else "cached"
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "bench.db"
        make_library(library, args.articles)
        env["HOME"] = tmp  # no user settings or caches leak into the measurement
        if args.bytecode:
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            measure(APP, [str(library)], env)  # compile once; not counted
        measure(YARDSTICK, [], env)  # warm the file cache once; not counted
        bare, app, notes = [], [], ""
        for _ in range(runs):  # interleaved, so drift hits both alike
            bare.append(measure(YARDSTICK, [], env)[0])
            seconds, notes = measure(APP, [str(library)], env)
            app.append(seconds)
    b, a = statistics.median(bare), statistics.median(app)
    article, heavy = ([*notes.split(), "?", "?"])[:2]
    print(
        f"platform: {env.get('QT_QPA_PLATFORM') or 'default'}; runs: {runs}; "
        f"library: {args.articles} articles; the app's bytecode: {bytecode}"
    )
    print(f"bare QMainWindow + QTextBrowser: {b:.3f} s  (runs: {_list(bare)})")
    print(f"Article Reader, last article open: {a:.3f} s  (runs: {_list(app)})")
    print(f"ratio: {a / b:.2f}x")
    print(f"article open when shown: {article}; heavy modules loaded: {heavy}")
    return 0 if heavy == "-" else 1


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
