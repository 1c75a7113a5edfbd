"""What the benchmark figures share: a result row, timing, statistics, Qt set-up.

A figure module has ``measure(quick: bool) -> list[Result]``; ``run.py`` runs
each module in a process of its own and prints the rows as one table.

A paint is timed as one paint: ``Painted.process()`` runs the queued events
and, when they did not paint the widget (the offscreen platform paints only
windows it has exposed), forces one with ``grab()``.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


@dataclass
class Result:
    """One row of the table. ``holds`` is None where there is nothing to judge."""

    figure: str
    median: float
    unit: str
    p95: float | None = None
    yardstick: float | None = None
    ratio: float | None = None
    target: str = ""
    holds: bool | None = None
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


LEFT_OUT = "LEFT OUT "


def left_out(reason: str) -> None:
    """Say (to run.py, which prints it) why a figure is not in the table."""
    print(LEFT_OUT + reason, flush=True)


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank (the largest value of fewer than 20)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed_ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def samples_ms(fn: Callable[[], object], runs: int) -> list[float]:
    return [timed_ms(fn) for _ in range(runs)]


def rss_mb() -> float:
    """This process's resident set size now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def qt_app():
    """The QApplication for in-process Qt figures, offscreen unless a display is set."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def settle(ms: int = 0) -> None:
    """Let queued events (timers at zero, posted calls) run, for ``ms`` at least."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    app = QCoreApplication.instance()
    deadline = time.perf_counter() + ms / 1000
    while True:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, QDeadlineTimer(5))
        if time.perf_counter() >= deadline:
            break
        time.sleep(0.001)
    app.processEvents()


class Painted:
    """Counts a widget's paint events, to time work up to exactly one paint of it."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class Counter(QObject):
            count = 0

            def eventFilter(self, _watched, event) -> bool:
                if event.type() == paint:
                    self.count += 1
                return False

        self.widget = widget
        self._counter = Counter(widget)
        widget.installEventFilter(self._counter)

    def process(self) -> None:
        """Run the queued events; paint the widget if they did not."""
        from PySide6.QtCore import QCoreApplication

        before = self._counter.count
        QCoreApplication.instance().processEvents()
        if self._counter.count == before:
            self.widget.grab()


def child_env(tmp: Path) -> dict[str, str]:
    """The environment for measured child processes: bytecode written and reused, offscreen.

    PYTHONDONTWRITEBYTECODE is dropped, so an uncounted first run compiles the
    modules into ``__pycache__`` as an installed app has them (compiling costs
    about 55 ms a start on this machine, which the yardstick does not pay).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env
