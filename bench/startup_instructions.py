"""Startup counted in instructions: the app and the bare window, each to its first paint.

On a shared machine the startup figure's milliseconds move with whatever else runs (the
yardstick varied from 155 to 250 ms within an hour here); the number of instructions a
start executes does not (0.1% between runs). This runs the startup figure's two child
programs under valgrind's callgrind, each ending at its first paint (no shutdown counted),
with a fresh copy of the library and a fresh home folder every time, and prints the
counts and their ratio. The ratio follows the timed one closely (1.89 against 1.86-1.97
at the start of the startup work), so it says whether a change helps before a long timed
run does.

    python bench/startup_instructions.py [--quick] [--runs N]

Needs valgrind (``apt-get install valgrind``); about 30 s a run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, child_env
from fig_startup import APP, YARDSTICK, prepare

CALLGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
QUIT = "    window.close()\n    QApplication.quit()"
EXIT = "    import os\n    os._exit(0)  # the first paint is done: count nothing after it"


def settled_copy(library: Path, folder: Path) -> Path:
    """A copy of the library as a clean close left it (with its ``.verified`` mark, times
    kept), so the counted start skips the quick check as a timed one does."""
    target = Path(tempfile.mkdtemp(dir=folder)) / library.name
    for name in (library.name, library.name + ".verified"):
        if (library.parent / name).exists():
            shutil.copy2(library.parent / name, target.parent / name)
    return target


def count(code: str, arg: Path, folder: Path) -> int:
    """Instructions the program executes, run once under callgrind."""
    home = Path(tempfile.mkdtemp(dir=folder))
    done = subprocess.run(
        [*CALLGRIND, sys.executable, "-c", code, str(arg)],
        capture_output=True,
        text=True,
        env=child_env(home),
        cwd=ROOT,
        timeout=600,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if "SHOWN" not in done.stdout or found is None:
        raise RuntimeError(f"the counted program failed:\n{done.stdout}\n{done.stderr}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles (10,000: default)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (default 1)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    app, bare = APP.replace(QUIT, EXIT), YARDSTICK.replace("    app.quit()", EXIT)
    assert app != APP and bare != YARDSTICK, "fig_startup's programs changed: update this"
    articles = 2_000 if args.quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library, text, _last = prepare(folder, articles)
        subprocess.run(  # compile and cache bytecode, as the timed figure does
            [sys.executable, "-c", APP, str(library)],
            env=child_env(folder),
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        apps, bares = [], []
        for _ in range(args.runs):
            apps.append(count(app, settled_copy(library, folder), folder))
            bares.append(count(bare, text, folder))
    a, b = statistics.median(apps), statistics.median(bares)
    print(f"app {a / 1e6:,.1f} M instructions, bare window {b / 1e6:,.1f} M: ratio {a / b:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
