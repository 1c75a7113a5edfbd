"""Search over a large library: top 20 with snippets, five kinds of query.

``Library.search`` (what the window and the command line call) against the
yardstick: the same FTS5 MATCH over the article index through a plain
``sqlite3`` connection, top 20 by rank with a snippet. Runs alternate, after
one uncounted run of each to warm the page cache. Also the library's size on
disk per MB of article text.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

import synth
from _common import Result, median, p95

PLAIN = (
    "SELECT rowid, snippet(articles_fts, 1, '[', ']', '…', 14) FROM articles_fts "
    "WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20"
)


def disk_per_text_mb(path: Path) -> tuple[float, float, float]:
    """(file MB, text MB, file MB per text MB) of a library."""
    with sqlite3.connect(path) as conn:
        text = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM articles").fetchone()[0]
    size = path.stat().st_size / 1e6
    return size, text / 1e6, size / (text / 1e6)


def measure(quick: bool) -> list[Result]:
    from reader.core.search import fts_expression
    from reader.core.storage.library import Library

    count, runs = (2_000, 5) if quick else (100_000, 21)
    cached = synth.library(count)
    terms = synth.query_terms()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = synth.working_copy(cached, Path(tmp))
        library = Library(path)
        plain = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        worst = 0.0
        for kind in ("rare", "medium", "common", "prefix", "phrase"):
            query = terms[kind]
            expression = f"{{title text}} : ({fts_expression(query)})"
            hits = len(library.search(query, limit=20))  # warm up; not counted
            plain.execute(PLAIN, (expression,)).fetchall()
            ours, bare = [], []
            for _ in range(runs):
                started = time.perf_counter()
                library.search(query, limit=20)
                ours.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                plain.execute(PLAIN, (expression,)).fetchall()
                bare.append((time.perf_counter() - started) * 1000)
            worst = max(worst, max(ours))
            ratio = median(ours) / median(bare)
            if kind in ("rare", "medium"):
                target, holds = "ratio <= 1.2, p95 < 100 ms", ratio <= 1.2 and p95(ours) < 100
            else:
                target, holds = "ratio <= 1.2, worst < 300 ms", ratio <= 1.2 and max(ours) < 300
            results.append(
                Result(
                    f"search {count:,} articles, {kind} ({query})",
                    median(ours),
                    "ms",
                    p95(ours),
                    median(bare),
                    ratio,
                    target,
                    holds,
                    f"{hits} hits; worst {max(ours):.0f} ms; {runs} runs",
                )
            )
        plain.close()
        library.close()
    size, text, per = disk_per_text_mb(cached)
    results.append(
        Result(
            f"library on disk per MB of article text ({count:,} articles)",
            per,
            "MB",
            note=f"{size:,.0f} MB file for {text:,.0f} MB of text (UTF-8), FTS included",
        )
    )
    return results
