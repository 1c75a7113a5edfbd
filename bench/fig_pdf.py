"""PDF import: a 300-page paper in two columns, from the file to stored in a library.

The paper is printed by headless Chromium from HTML (as the tests make theirs: a real
text layer with running heads, a page number in the margin, words broken at lines'
ends), 8 pages, and its pages copied by pypdfium2 into a 300-page PDF. The figure:
``import_sources`` of that file into a new library (read, laid out, stored with its
outline), in seconds, with pages per second in the note. The yardstick, in the same
run: PDFium's plain text of the same pages (open the file, each page's
``get_text_range``), which any PDF import must at least do.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Result, left_out, median

PAGES = 300
sys.path.insert(0, str(ROOT / "tests" / "importing"))


def _make(folder: Path) -> Path | None:
    import pdf_maker  # the tests' maker of real PDFs
    import pypdfium2 as pdfium

    if pdf_maker.CHROMIUM is None:
        return None
    paper = pdf_maker.paper(columns=2, sections=12, paragraphs=5, seed=3)
    printed = pdf_maker.print_pdf(paper.html, folder / "paper.pdf")
    source = pdfium.PdfDocument(printed)
    book = pdfium.PdfDocument.new()
    while len(book) < PAGES:
        book.import_pages(source, pages=list(range(min(len(source), PAGES - len(book)))))
    path = folder / "book.pdf"
    book.save(path)
    book.close()
    source.close()
    return path


def _plain_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    chars = 0
    for page in pdf:
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return chars


def _import(path: Path, library_path: Path) -> int:
    from reader.core.importing.ingest import import_sources
    from reader.core.storage.library import Library

    with Library(library_path) as library:
        report = import_sources(library, [path])
        assert report.count("added") == 1, report.failures
        return len(library.articles.get(report.results[0].article_id).text)


def measure(quick: bool) -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        path = _make(folder)
        if path is None:
            left_out("pdf import: Chromium is not installed (apt-get install chromium)")
            return []
        runs = 1 if quick else 3
        ours, plain = [], []
        for n in range(runs):
            started = time.perf_counter()
            _plain_text(path)
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            _import(path, folder / f"library-{n}.db")
            ours.append(time.perf_counter() - started)
        seconds, yardstick = median(ours), median(plain)
        return [
            Result(
                f"import a {PAGES}-page PDF (2 columns), to stored",
                seconds,
                "s",
                max(ours),
                yardstick,
                seconds / yardstick,
                "< 20 s",
                seconds < 20,
                f"{PAGES / seconds:.0f} pages/s; yardstick: PDFium's plain text of the"
                f" same pages ({PAGES / yardstick:.0f} pages/s)",
            )
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
