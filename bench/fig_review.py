"""The daily review and the list of all highlights over a library of 100,000 highlights.

- Today's review chosen afresh (``library.review.today(count=10)``: the candidates scored
  in SQL, the day's order made, the ten highlights read), against the yardstick of one
  plain pass over the same highlights (counting those whose article is not in the trash).
- Today's review once chosen (what the window and ``review`` do after the first time in
  a day: the kept plan read back).
- The first page (50) of all highlights, newest first, and the same filtered by words.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import synth
from _common import Result, median, p95, samples_ms


def measure(quick: bool) -> list[Result]:
    from reader.core.storage.highlights import HighlightQuery
    from reader.core.storage.library import Library

    count, runs = (10_000, 7) if quick else (100_000, 15)
    with tempfile.TemporaryDirectory() as tmp:
        path = synth.working_copy(synth.review_library(count), Path(tmp))
        with Library(path) as library:
            total = library.highlights.count_across()
            conn = library.conn

            def scan() -> None:
                conn.execute(
                    "SELECT count(*) FROM highlights h JOIN articles a ON a.id = h.article_id "
                    "WHERE a.deleted_at IS NULL"
                ).fetchone()

            library.review.today(count=10)  # warm: the page cache, fsrs not needed
            fresh = samples_ms(lambda: library.review.today(count=10), runs)
            yardstick = median(samples_ms(scan, runs))
            library.review.today()  # the day's plan, kept
            kept = samples_ms(library.review.today, runs)
            page = samples_ms(lambda: library.highlights.across(limit=50), runs)
            query = HighlightQuery(text="the")
            words = samples_ms(lambda: library.highlights.across(query, limit=50), runs)
    label = f"{total:,} highlights"
    return [
        Result(
            f"review: today's 10 chosen from {label}",
            median(fresh),
            "ms",
            p95(fresh),
            yardstick,
            median(fresh) / yardstick,
            "< 100 ms",
            median(fresh) < 100,
            "yardstick: one pass counting the same highlights",
        ),
        Result(f"review: today's, once chosen ({label})", median(kept), "ms", p95(kept)),
        Result(f"all highlights: first 50 of {label}", median(page), "ms", p95(page)),
        Result(f"all highlights: first 50 with a word, {label}", median(words), "ms", p95(words)),
    ]
