"""Noticing changes made elsewhere, at idle: what the window's once-a-second check
(``PRAGMA data_version``, reader/ui/app/outside.py) costs.

Each check is timed over many calls on a real library file; the yardstick is the
cheapest statement SQLite runs on the same connection (``SELECT 1``), so the ratio
says what the check adds over talking to SQLite at all. The idle CPU share is one
check per interval (1 s). Then how long a write from another connection takes to be
noticed: at most one interval by construction; measured as the wait of a check loop.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import Result, median, p95


def _timed(fn, calls: int) -> list[float]:
    """µs per call, in batches of 100."""
    out = []
    for _ in range(calls // 100):
        started = time.perf_counter()
        for _ in range(100):
            fn()
        out.append((time.perf_counter() - started) / 100 * 1e6)
    return out


def measure(quick: bool) -> list[Result]:
    from reader.core.storage.library import Library
    from reader.ui.app.outside import INTERVAL_MS

    calls = 2_000 if quick else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.sqlite"
        with Library(path) as library:
            check = _timed(library.changed_elsewhere, calls)
            select = _timed(lambda: library.conn.execute("SELECT 1").fetchone(), calls)
            share = median(check) / (INTERVAL_MS * 1000) * 100
            with Library(path) as other:
                other.settings.set("bench_outside", 1)  # a write by another connection
            noticed = library.changed_elsewhere()
    return [
        Result(
            "outside changes: one check (data_version)",
            median(check),
            "µs",
            p95=p95(check),
            yardstick=median(select),
            ratio=median(check) / median(select),
            target="< 1% CPU at idle",
            holds=share < 1.0 and noticed,
            note=f"idle CPU {share:.4f}% at one check per {INTERVAL_MS} ms; "
            f"a write by another connection {'noticed' if noticed else 'MISSED'}",
        )
    ]
