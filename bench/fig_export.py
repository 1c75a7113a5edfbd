"""Exporting 10,000 highlights across 1,000 articles to one Markdown file per article.

What ``article-reader export --all --format md --output DIR`` does: read
each article and its highlights, summarise, render, write the files (into an
empty folder each run). The library is cached like the others.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import synth
from _common import Result, median, p95

PER_ARTICLE = 10


def ten_each(index: int, text_length: int) -> list[tuple[int, int, str, str]]:
    """Ten highlights in every article, a third of them with a note."""
    rng = random.Random(f"export:{index}")
    plan = []
    for i in range(PER_ARTICLE):
        start = rng.randrange(0, max(1, text_length - 300))
        note = f"Note {i} on this passage." if i % 3 == 0 else ""
        plan.append((start, start + rng.randint(30, 280), "yellow", note))
    return plan


def export_library(count: int) -> Path:
    path = synth.cache_dir() / f"export-{count}x{PER_ARTICLE}-v{synth.GENERATOR_VERSION}.db"
    path = path.with_name(path.stem + f"-s{synth.SCHEMA_VERSION}.db")
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        synth.build(partial, count, highlights=ten_each)
        partial.rename(path)
    return path


def measure(quick: bool) -> list[Result]:
    from reader.core import exporting
    from reader.core.exporting.summary import summarize
    from reader.core.storage.library import Library

    count, runs = (200, 2) if quick else (1_000, 5)
    times, written = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(synth.working_copy(export_library(count), Path(tmp)))
        highlights = sum(
            len(library.highlights.of(a.id)) for a in library.articles.list(archived=None)
        )
        for n in range(runs):
            started = time.perf_counter()
            ids = [a.id for a in library.articles.list(archived=None)]
            summaries = [summarize(library.articles.get(i), library.highlights.of(i)) for i in ids]
            paths = exporting.write_files(summaries, "md", Path(tmp) / f"out-{n}")
            times.append((time.perf_counter() - started) * 1000)
            written = len(paths)
        library.close()
    return [
        Result(
            f"export {highlights:,} highlights across {count:,} articles to Markdown files",
            median(times),
            "ms",
            p95(times),
            target="< 2 s",
            holds=median(times) < 2000 and written == count,
            note=f"{written:,} files written; {runs} runs into empty folders",
        )
    ]
