"""A 300,000-word EPUB: importing it, opening it at its last chapter, jumping to another.

The book is made here (60 chapters of 5,000 words, written by ``tests/epub_kit``, as a
publisher's tool writes one). Import: ``import_sources`` into a fresh library, against
the yardstick of the same chapters imported as one HTML file. Opening and jumping are
timed in the real window (offscreen), to the end of the reading pane's paint; their
yardstick is the same book shown whole, as before books were shown a few chapters at a
time (``ui/reading/chapters.py``), in the same process and window.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Painted, Result, median, p95, qt_app, settle

WORDS = 300_000
CHAPTERS = 60
_TEXT = (
    "the a of and to in that it was he for on are with as his they be at one have this "
    "from or had by word but what some we can out other were all there when up use your "
    "how said an each she which do their time if will way about many then them write "
    "would like so these her long make thing see him two has look more day could go come"
)
_VOCAB = _TEXT.split()


def make_book(folder: Path) -> tuple[Path, Path]:
    """The book as an EPUB, and the same chapters as one HTML page (the yardstick)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from epub_kit import Chap, Spec, write_epub  # the tests' EPUB writer

    rng = random.Random(15)
    per_chapter, per_paragraph = WORDS // CHAPTERS, 100
    chapters = []
    for n in range(1, CHAPTERS + 1):
        paragraphs = [
            " ".join(rng.choice(_VOCAB) for _ in range(per_paragraph)).capitalize() + "."
            for _ in range(per_chapter // per_paragraph)
        ]
        chapters.append(Chap(f"Chapter {n}", paragraphs))
    epub = write_epub(folder / "long.epub", Spec(title="A Long Book", chapters=chapters))
    body = "".join(
        f"<h1>{c.title}</h1>" + "".join(f"<p>{p}</p>" for p in c.paragraphs) for c in chapters
    )
    html = folder / "long.html"
    html.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    return epub, html


def measure(quick: bool) -> list[Result]:
    from reader.core.importing.ingest import import_sources
    from reader.core.storage.library import Library

    runs = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        epub, html = make_book(folder)
        ours, bare = [], []
        for n in range(runs):
            with Library(folder / f"book-{n}.db") as library:
                started = time.perf_counter()
                report = import_sources(library, [epub])
                ours.append(time.perf_counter() - started)
                assert report.count("added") == 1, report.failures
                words = library.articles.get(report.results[0].article_id).word_count
            with Library(folder / f"page-{n}.db") as library:
                started = time.perf_counter()
                import_sources(library, [html])
                bare.append(time.perf_counter() - started)
        imported = Result(
            f"import a {words:,}-word EPUB ({CHAPTERS} chapters)",
            median(ours),
            "s",
            yardstick=median(bare),
            ratio=median(ours) / median(bare),
            target="< 10 s",
            holds=median(ours) < 10,
            note=f"yardstick: the same chapters as one HTML file; {runs} runs",
        )
        return [imported, *_window(folder / "book-0.db", quick)]


def _window(path: Path, quick: bool) -> list[Result]:
    qt_app()
    from reader.core.storage.library import Library
    from reader.ui.app.main_window import MainWindow
    from reader.ui.reading import chapters
    from reader.ui.settings import Settings

    runs = 3 if quick else 9
    library = Library(path)
    [summary] = library.articles.list()
    book_id = summary.id
    starts = [e.offset for e in library.articles.get(book_id).outline]
    other = library.articles.add(_short()).article_id
    window = MainWindow(library, Settings(library))
    window.resize(1240, 780)
    window.show()
    window.start()
    settle(100)
    pane = window.reading_pane
    painted = Painted(pane.viewport())
    figures: dict[str, list[float]] = {}
    for mode, long in (("window", chapters.LONG), ("whole", 1 << 40)):
        chapters.LONG = long
        opens, jumps, cpu_opens, cpu_jumps = [], [], [], []
        for n in range(runs):
            library.articles.set_reading_position(book_id, starts[-1] + 100)
            window.open_article(other)
            settle(30)
            started, cpu = time.perf_counter(), time.process_time()
            window.open_article(book_id)
            painted.process()
            opens.append((time.perf_counter() - started) * 1000)
            cpu_opens.append((time.process_time() - cpu) * 1000)
            assert window.article_id == book_id
            settle(30)
            target = starts[(7 + 13 * n) % (len(starts) - 2)]
            started, cpu = time.perf_counter(), time.process_time()
            pane.jump_to(target)
            painted.process()
            jumps.append((time.perf_counter() - started) * 1000)
            cpu_jumps.append((time.process_time() - cpu) * 1000)
            assert abs(pane.reading_position() - target) < 50
            pane.flush()
        figures[f"open {mode}"], figures[f"jump {mode}"] = opens, jumps
        figures[f"open {mode} cpu"], figures[f"jump {mode} cpu"] = cpu_opens, cpu_jumps
    chapters.LONG = 200_000
    window.close()
    library.close()
    results = []
    for what, target_ms in (("open", 300), ("jump", 150)):
        ours, whole = figures[f"{what} window"], figures[f"{what} whole"]
        label = (
            "open the 300,000-word book at its last chapter: to first paint"
            if what == "open"
            else "jump to another chapter of the book (View > Contents): to paint"
        )
        results.append(
            Result(
                label,
                median(ours),
                "ms",
                p95=p95(ours),
                yardstick=median(whole),
                ratio=median(ours) / median(whole),
                target=f"< {target_ms} ms",
                holds=median(ours) < target_ms,
                note=f"yardstick: the same book laid out whole (before chapters); {runs} runs; "
                f"CPU time (less moved by load) {median(figures[what + ' window cpu']):.0f} ms "
                f"against {median(figures[what + ' whole cpu']):.0f} ms",
            )
        )
    return results


def _short():
    from reader.core.document import Block
    from reader.core.models import ImportedArticle

    return ImportedArticle("A short page", [Block("paragraph", "A few words.")], "text")
