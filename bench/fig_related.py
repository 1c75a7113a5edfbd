"""Related passages: quality on paraphrase pairs, the model's cost, and speed at 100,000
highlights.

- Quality: ``bench/data/paraphrase_pairs.tsv`` (40 pairs from the MSR Paraphrase Corpus
  that share few words), each sentence a highlight in an article of its own. For each
  query, is its paraphrase ranked first among the 79 other sentences? By the related list
  (``library.related.find``: vectors plus full-text), by the vectors alone, by the
  full-text index alone (bm25 over the highlights) and by word overlap (Jaccard). The same
  for WordLlama truncated to 64 dimensions (the other model size in the same wheel).
- The model: installed size, a cold load in a fresh interpreter, sentences per second.
- Embedding every highlight and passage of a library of 100,000 highlights (10,000 in
  quick mode) as the window does it (``RelatedEmbedding`` on a ``JobRunner``), with the
  event loop's longest block measured by a 5 ms timer while it runs.
- Related passages for one highlight among them (warm: the vectors' matrix cached, as
  after the first search), against the yardstick of one full-text query of the same
  highlight's words; and the first search, which reads the matrix from the library.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synth
from _common import ROOT, Result, median, p95, qt_app, samples_ms

PAIRS = ROOT / "bench" / "data" / "paraphrase_pairs.tsv"


def measure(quick: bool) -> list[Result]:
    return quality() + model_cost() + at_scale(10_000 if quick else 100_000, 7 if quick else 21)


def read_pairs() -> list[tuple[str, str]]:
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    return [tuple(x.split("\t")) for x in lines if x and not x.startswith("#")]  # type: ignore[misc]


def quality() -> list[Result]:
    import numpy as np

    from reader.core import embedding
    from reader.core.document import Block
    from reader.core.models import ImportedArticle
    from reader.core.related import fts_any, word_overlap
    from reader.core.storage.library import Library

    pairs = read_pairs()
    n = len(pairs)
    sentences = [q for q, _ in pairs] + [p for _, p in pairs]  # i's paraphrase is n + i
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "q.db") as library:
        ids, articles = [], []
        for i, text in enumerate(sentences):
            a = library.articles.add(
                ImportedArticle(f"S{i}", [Block("paragraph", text)], source_kind="text")
            ).article_id
            articles.append(a)
            ids.append(library.highlights.add(a, 0, len(text)).id)
        library.related.embed_pending()
        related = [
            library.related.find(ids[i], limit=1)[0].article_id == articles[n + i] for i in range(n)
        ]
        fts = []
        for i in range(n):
            rows = library.conn.execute(
                "SELECT h.id FROM highlights_fts f JOIN highlights h ON h.rowid = f.rowid "
                "WHERE highlights_fts MATCH ? AND h.id != ? ORDER BY f.rank LIMIT 1",
                (fts_any(sentences[i]), ids[i]),
            ).fetchall()
            fts.append(bool(rows) and rows[0][0] == ids[n + i])
    overlap = []
    for i in range(n):
        scores = [word_overlap(sentences[i], s) if j != i else -1 for j, s in enumerate(sentences)]
        overlap.append(int(np.argmax(scores)) == n + i)

    def vectors_first(matrix) -> list[bool]:
        sims = matrix[:n] @ matrix.T
        sims[np.arange(n), np.arange(n)] = -np.inf
        return list(sims.argmax(axis=1) == np.arange(n) + n)

    full = vectors_first(embedding.embed(sentences))
    import wordllama

    small = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True, trunc_dim=64
    )
    truncated = vectors_first(np.asarray(small.embed(sentences, norm=True)))

    def row(name: str, hits: list[bool], target: str = "", holds=None, note="") -> Result:
        share = 100.0 * sum(hits) / len(hits)
        return Result(
            f"related quality: {name}", share, "% first", None, None, None, target, holds, note
        )

    share = 100.0 * sum(related) / n
    best_other = max(sum(fts), sum(overlap)) * 100.0 / n
    return [
        row(
            "related list (vectors + full text)",
            related,
            ">= 90%, and above full text and overlap",
            share >= 90 and share > best_other,
            f"{n} paraphrase pairs (MSRP), true pair ranked first among {2 * n - 1} sentences",
        ),
        row("WordLlama 256 vectors alone", full),
        row("WordLlama truncated to 64 dims", truncated),
        row("plain full text (FTS5 bm25, any word)", fts),
        row("word overlap (Jaccard)", overlap),
    ]


def model_cost() -> list[Result]:
    import wordllama

    folder = Path(wordllama.__file__).parent
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
    weights = sum(f.stat().st_size for f in (folder / "weights").iterdir()) / 1e6
    code = (
        "import time; t = time.perf_counter(); from reader.core import embedding; "
        "embedding.model(); print(time.perf_counter() - t)"
    )
    loads = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
        )
        loads.append(float(done.stdout.strip().splitlines()[-1]) * 1000)
    from reader.core import embedding

    rng = random.Random(7)
    words = " ".join(s for pair in read_pairs() for s in pair).split()
    texts = [" ".join(rng.choices(words, k=rng.randint(10, 40))) for _ in range(5000)]
    embedding.embed(texts[:10])
    start = time.perf_counter()
    embedding.embed(texts)
    per_second = len(texts) / (time.perf_counter() - start)
    return [
        Result(
            "wordllama installed (MB)",
            size,
            "MB",
            note=f"weights {weights:.1f} MB (float16, 256 dims)",
        ),
        Result("model load, fresh interpreter (import + load)", median(loads), "ms", max(loads)),
        Result("embedding speed (10-40 word passages)", per_second, "texts/s"),
    ]


def at_scale(count: int, runs: int) -> list[Result]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from reader.core.related import fts_any
    from reader.core.storage.library import Library
    from reader.ui.app.related_embedding import RelatedEmbedding
    from reader.ui.jobs import JobRunner

    app = qt_app()
    with tempfile.TemporaryDirectory() as tmp:
        path = synth.working_copy(synth.review_library(count), Path(tmp))
        with Library(path) as library:
            total = library.highlights.count_across()
            pending = library.related.pending()
            runner = JobRunner()
            embedder = RelatedEmbedding(library, runner)
            clock, gaps = QElapsedTimer(), []
            ticker = QTimer(interval=5)
            ticker.timeout.connect(lambda: gaps.append(clock.restart()))
            clock.start()
            ticker.start()
            started = time.perf_counter()
            embedder.start()
            while embedder.job is not None:
                app.processEvents()
                time.sleep(0.001)
            embed_s = time.perf_counter() - started
            ticker.stop()
            longest = max(gaps) if gaps else float("nan")
            ids = [r[0] for r in library.conn.execute("SELECT id FROM highlights").fetchall()]
            chosen = random.Random(3).sample(ids, runs)
            first = samples_ms(lambda: library.related.find(chosen[0], limit=10), 1)[0]
            finds = [
                samples_ms(lambda h=h: library.related.find(h, limit=10), 1)[0] for h in chosen
            ]
            texts = [library.highlights.get(h).exact for h in chosen]

            def fts(text: str) -> None:
                library.conn.execute(
                    "SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ? "
                    "ORDER BY rank LIMIT 50",
                    (fts_any(text),),
                ).fetchall()

            yard = median([samples_ms(lambda t=t: fts(t), 1)[0] for t in texts])
            vectors = library.conn.execute("SELECT count(*) FROM related_vectors").fetchone()[0]
    label = f"{total:,} highlights"
    return [
        Result(
            f"related: embedding {label} + passages in the background",
            embed_s,
            "s",
            note=f"{pending:,} highlights and articles, {vectors:,} vectors stored",
        ),
        Result(
            "related: window's longest block while embedding",
            longest,
            "ms",
            target="< 50 ms",
            holds=longest < 50,
            note="a 5 ms timer on the event loop while the job runs",
        ),
        Result(
            f"related: one highlight among {label} (warm)",
            median(finds),
            "ms",
            p95(finds),
            yard,
            median(finds) / yard if yard else None,
            "< 100 ms",
            median(finds) < 100,
            "yardstick: one FTS5 query of the highlight's words (top 50)",
        ),
        Result(f"related: first search, matrix read ({label})", first, "ms"),
    ]
