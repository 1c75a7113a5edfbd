"""Importing: the web pages of the development corpus, and many small Markdown files.

Pages: ``ingest.import_sources`` (read, decode, extract, blocks, store) on
every page of ``../shared/corpus/dev`` into a fresh library, against the bare
extraction call (``trafilatura.extract`` of the same bytes), alternating, after
one uncounted round that loads the libraries. Markdown: ``import_sources`` on a
folder of small generated files (cached) into a fresh library.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import synth
from _common import CORPUS, Result, left_out, median


def corpus_pages() -> list[Path]:
    """The corpus pages; none (and a message) when ../shared is not beside the project."""
    pages = sorted(CORPUS.glob("*.html")) + sorted(CORPUS.glob("readability/*/source.html"))
    if not pages:
        left_out(f"page import: no pages in {CORPUS} (put the shared corpus beside the project)")
    return pages


def markdown_folder(count: int) -> Path:
    """``count`` small Markdown articles (a title, a few paragraphs, a list), cached."""
    folder = synth.cache_dir() / f"markdown-{count}-v{synth.GENERATOR_VERSION}"
    if folder.exists():
        return folder
    partial = folder.with_suffix(".building")
    partial.mkdir(exist_ok=True)
    for i in range(count):
        rng = random.Random(f"md:{i}")
        title = synth.paragraph(rng, rng.randint(3, 8)).rstrip(".?!")
        parts = [f"# {title}", ""]
        for _ in range(rng.randint(2, 5)):
            parts += [synth.paragraph(rng, rng.randint(30, 90)), ""]
        parts += [f"- {synth.paragraph(rng, rng.randint(3, 9))}" for _ in range(3)]
        (partial / f"note-{i:05d}.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    partial.rename(folder)
    return folder


def measure(quick: bool) -> list[Result]:
    pages = corpus_pages()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure_pages(pages, quick, Path(tmp))] if pages else []
        results.append(measure_markdown(quick, Path(tmp)))
    return results


def measure_pages(pages: list[Path], quick: bool, tmp: Path) -> Result:
    import trafilatura

    from reader.core.importing.ingest import import_sources
    from reader.core.storage.library import Library

    rounds = 1 if quick else 5
    ours, bare = [], []
    for n in range(rounds + 1):  # the first round loads the libraries: not counted
        with Library(tmp / f"pages-{n}.db") as library:
            started = time.perf_counter()
            report = import_sources(library, pages)
            took = time.perf_counter() - started
        started = time.perf_counter()
        for page in pages:
            trafilatura.extract(page.read_bytes())
        took_bare = time.perf_counter() - started
        if n:
            ours.append(len(pages) / took)
            bare.append(len(pages) / took_bare)
    ratio = median(bare) / median(ours)  # time per page, ours over the bare call's
    return Result(
        f"import the {len(pages)} pages of corpus/dev",
        median(ours),
        "pages/s",
        yardstick=median(bare),
        ratio=ratio,
        target=">= 20 pages/s, ratio <= 1.3",
        holds=median(ours) >= 20 and ratio <= 1.3,
        note=f"ratio is time per page over trafilatura.extract's; {len(report.failures)} "
        f"failed; {rounds} rounds",
    )


def measure_markdown(quick: bool, tmp: Path) -> Result:
    from reader.core.importing.ingest import import_sources
    from reader.core.storage.library import Library

    files, runs = (1_000, 1) if quick else (10_000, 3)
    folder = markdown_folder(files)
    rates = []
    for n in range(runs):
        with Library(tmp / f"md-{n}.db") as library:
            started = time.perf_counter()
            md = import_sources(library, [folder])
            rates.append(md.count("added") / (time.perf_counter() - started))
    return Result(
        f"bulk import {files:,} small Markdown files",
        median(rates),
        "articles/s",
        target=">= 500 articles/s",
        holds=median(rates) >= 500 and md.count("added") == files,
        note=f"{md.count('added'):,} added; {runs} runs into a fresh library",
    )
