"""How fast one search box answers over a large library: rare and common terms, prefixes.

Builds a library of generated articles (real-looking words, one rare word in a
few of them, one common word in all), each with a few highlights and a note,
then times ``Library.search`` (top 20 with snippets) in one run and prints the
figures and ratios. Not a timed test.

    python bench/search.py            # 20,000 articles
    python bench/search.py --quick    # 2,000 articles (CI)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.document import Block
from reader.core.library import Library
from reader.core.models import ImportedArticle

WORDS = [
    "reading",
    "attention",
    "memory",
    "margin",
    "note",
    "paper",
    "ink",
    "library",
    "river",
    "city",
    "history",
    "science",
    "policy",
    "market",
    "energy",
    "climate",
    "water",
    "garden",
    "music",
    "letter",
    "friend",
    "winter",
    "evening",
    "morning",
    "country",
    "border",
    "language",
    "school",
    "village",
    "harbour",
    "bridge",
    "market",
]


def article(rng: random.Random, n: int, rare: bool) -> ImportedArticle:
    paragraphs = []
    for _ in range(12):
        words = [rng.choice(WORDS) for _ in range(60)]
        words[rng.randrange(60)] = "everywhere"
        paragraphs.append(" ".join(words).capitalize() + ".")
    if rare:
        paragraphs[5] += " A zeppelin drifted over the harbour."
    blocks = [Block("paragraph", p) for p in paragraphs]
    return ImportedArticle(
        title=f"Article {n} on {rng.choice(WORDS)}",
        blocks=blocks,
        source_kind="text",
        url=f"https://example.org/{n}",
    )


def timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 articles")
    args = parser.parse_args()
    count = 2_000 if args.quick else args.articles
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "b.db") as lib:
        start = time.perf_counter()
        for n in range(count):
            aid = lib.add(article(rng, n, rare=n % 1000 == 0)).article_id
            if n % 10 == 0:
                lib.add_highlight(aid, 0, 40, note="a note about the river")
        build = time.perf_counter() - start
        words = sum(a.word_count for a in lib.articles(limit=50)) // 50
        print(
            f"library: {count:,} articles of ~{words} words, {count // 10:,} highlights; "
            f"built in {build:.1f} s ({build / count * 1000:.2f} ms per article)"
        )
        cases = {
            "rare word (zeppelin)": "zeppelin",
            "word in every article": "everywhere",
            "prefix being typed (zepp)": "zepp",
            "two words": "river harbour",
            "phrase": '"drifted over the harbour"',
            "syntax junk": '"unbalanced AND OR (',
        }
        results = {}
        for label, query in cases.items():
            results[label] = timed(lambda q=query: lib.search(q, limit=20))
            hits = len(lib.search(query, limit=20))
            print(f"{label:28} {results[label] * 1000:8.1f} ms   {hits} hits")
        base = results["rare word (zeppelin)"]
        print(f"ratio common/rare: {results['word in every article'] / base:.0f}x")


if __name__ == "__main__":
    main()
