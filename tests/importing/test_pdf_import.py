"""PDF import end to end, on real PDFs the tests make: papers printed by Chromium (one
column and two), a scan, an encrypted copy, a PDF of 10,000 empty pages."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pdf_maker
import pytest
from pdf_maker import CHROMIUM, QPDF, Paper

from reader.cli import run
from reader.core.importing.failure import ImportFailure
from reader.core.importing.ingest import import_sources
from reader.core.importing.sources import import_source
from reader.core.storage.library import Library

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Paper, Path]]:
    """The two papers, printed once for the module (Chromium takes a few seconds)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")
    folder = tmp_path_factory.mktemp("pdfs")
    made = {}
    for name, columns in (("single", 1), ("columns", 2)):
        paper = pdf_maker.paper(columns=columns, seed=columns)
        made[name] = (paper, pdf_maker.print_pdf(paper.html, folder / f"{name}.pdf"))
    return made


def page_texts(path: Path) -> list[str]:
    """Each page's text as PDFium gives it, less the margins (running heads, numbers)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    texts = []
    for page in pdf:
        width, height = page.get_size()
        textpage = page.get_textpage()
        texts.append(textpage.get_text_bounded(0, height * 0.05, width, height * 0.95))
    pdf.close()
    return texts


@needs_chromium
@pytest.mark.parametrize("name", ["single", "columns"])
def test_a_printed_paper_reads_as_its_words_in_order(printed, name):
    """Every word of the paper, in order, and nothing else: the running header (date,
    title), the footer (address, "2/3") and the page numbers are dropped, the two
    columns read one after the other, words broken at a line's end joined again while
    "well-known" keeps its hyphen."""
    paper, path = printed[name]
    article = import_source(path)
    assert article.title == paper.title
    assert article.source_kind == "pdf"
    assert article.text.split() == paper.words
    assert "well-known" in article.text and "long-term" in article.text
    # the hyphens were really there to undo: some line of the PDF ends in a broken word
    raw = "".join(page_texts(path))
    assert "\ufffe" in raw or "\u2010\r\n" in raw or "-\r\n" in raw


@needs_chromium
@pytest.mark.parametrize("name", ["single", "columns"])
def test_headings_and_paragraphs(printed, name):
    paper, path = printed[name]
    blocks = import_source(path).blocks
    headings = [(b.level, b.text) for b in blocks if b.kind == "heading"]
    assert headings == [(1, paper.title)] + [
        (2, f"Section {n}: Results and Methods") for n in range(1, 5)
    ]
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    # 16 paragraphs in the HTML; where one ends at a column's foot the next may look
    # like its continuation or vice versa, but never more than one in a few
    assert 15 <= len(paragraphs) <= 18
    assert all(b.text[:1].isupper() for b in paragraphs)


@needs_chromium
@pytest.mark.parametrize("name", ["single", "columns"])
def test_each_page_of_the_outline_starts_where_its_text_does(printed, name):
    """Property: every page's text appears in the article, in page order, and the
    page's outline entry points at its first words."""
    paper, path = printed[name]
    article = import_source(path)
    pages = [e for e in article.outline if e.kind == "page"]
    texts = page_texts(path)
    assert len(texts) >= 2
    assert [e.locator for e in pages] == [str(n) for n in range(1, len(texts) + 1)]
    assert [e.label for e in pages] == [str(n) for n in range(1, len(texts) + 1)]
    offsets = [e.offset for e in pages]
    assert offsets == sorted(offsets) and offsets[0] == 0
    # PDFium's text of a page holds the halves of the words broken at a line's end:
    # keep the whole words of the paper
    known = {word.strip(".") for word in paper.words}
    position = 0
    for entry, text in zip(pages, texts, strict=True):
        words = [w.strip(".") for w in text.split() if w.strip(".") in known]
        assert article.text.find(words[0], entry.offset) - entry.offset < 20, (entry, words[0])
        assert position <= entry.offset
        for word in words:
            found = article.text.find(word, position)
            assert found >= 0, word
            position = found


@needs_chromium
@pytest.mark.parametrize("name", ["single", "columns"])
def test_the_bookmarks_are_chapters_at_their_headings(printed, name):
    paper, path = printed[name]
    article = import_source(path)
    chapters = [e for e in article.outline if e.kind == "chapter"]
    sections = [f"Section {n}: Results and Methods" for n in range(1, 5)]
    assert [(e.label, e.level) for e in chapters] == [(paper.title, 1)] + [(s, 2) for s in sections]
    headings = {b.text: n for n, b in enumerate(article.blocks) if b.kind == "heading"}
    for entry in chapters:
        assert article.text[entry.offset :].startswith(entry.label + "\n")
        assert entry.label in headings
    pages = [e for e in article.outline if e.kind == "page"]
    assert article.outline == sorted(article.outline, key=lambda e: e.offset)
    assert len(pages) == len(page_texts(path))


def test_cancelling_stops_between_pages_and_adds_nothing(tmp_path):
    path = pdf_maker.handmade_pdf(tmp_path / "long.pdf", [[f"Page {n}."] for n in range(50)])
    seen = []

    def cancelled() -> bool:
        return len(seen) >= 5

    with pytest.raises(ImportFailure, match="cancelled"):
        import_source(path, progress=lambda n, of: seen.append((n, of)), cancelled=cancelled)
    assert seen == [(n, 50) for n in range(1, 6)]


@needs_chromium
def test_import_through_the_library_and_a_folder(printed, tmp_path):
    """`import paper.pdf` and a folder holding PDFs go through the ingest, with pages
    counted in the progress."""
    (tmp_path / "in").mkdir()
    for name, (_, path) in printed.items():
        (tmp_path / "in" / f"{name}.pdf").write_bytes(path.read_bytes())
    seen = []
    with Library(tmp_path / "library.db") as library:
        report = import_sources(library, [tmp_path / "in"], progress=lambda d, t, s: seen.append(s))
        assert report.count("added") == 2, report.failures
        outlines = {a.title: a.outline for a in map(import_source, (tmp_path / "in").iterdir())}
        for result in report.results:
            stored = library.articles.get(result.article_id)
            assert stored.outline == outlines[stored.title]
            assert sum(e.kind == "page" for e in stored.outline) >= 2
    assert any("(pages: 1 of 3)" in line or "(pages: 1 of " in line for line in seen)


@needs_chromium
def test_a_pdf_without_its_suffix_is_known_by_its_first_bytes(printed, tmp_path):
    _, path = printed["single"]
    nameless = tmp_path / "download"
    nameless.write_bytes(path.read_bytes())
    assert import_source(nameless).title == printed["single"][0].title


def test_a_scan_has_no_text_layer(tmp_path):
    path = pdf_maker.scan_pdf(tmp_path / "scan.pdf")
    message = (
        f"cannot import {path}: it has no text layer (a scan?); Article Reader does not do OCR"
    )
    with pytest.raises(ImportFailure) as caught:
        import_source(path)
    assert str(caught.value) == message


def test_ten_thousand_empty_pages_fail_fast(tmp_path):
    path = pdf_maker.empty_pages_pdf(tmp_path / "empty.pdf", 10_000)
    started = time.perf_counter()
    with pytest.raises(ImportFailure, match=r"no text layer .*first 100 of 10,000 pages"):
        import_source(path)
    assert time.perf_counter() - started < 5


@pytest.mark.skipif(QPDF is None, reason="qpdf is not installed (apt-get install qpdf)")
def test_an_encrypted_pdf_asks_for_no_password_it_says_so(tmp_path):
    plain = pdf_maker.empty_pages_pdf(tmp_path / "plain.pdf", 1)
    path = pdf_maker.encrypted_pdf(plain, tmp_path / "locked.pdf")
    with pytest.raises(ImportFailure, match=r"locked\.pdf: the PDF is encrypted with a password"):
        import_source(path)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        b"%PDF-" + b"\0" * 999,
    ],
)
def test_a_malformed_pdf_fails_in_one_line(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(ImportFailure, match=r"broken\.pdf: it is not a valid PDF"):
        import_source(path)


def test_nothing_is_half_imported(tmp_path):
    """A batch with a good text file and bad PDFs: the good one in, each bad one a line."""
    good = tmp_path / "note.txt"
    good.write_text("A note\n\nSome text.", encoding="utf-8")
    scan = pdf_maker.scan_pdf(tmp_path / "scan.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing")
    with Library(tmp_path / "library.db") as library:
        report = import_sources(library, [good, scan, broken])
        assert report.count("added") == 1
        assert [Path(f.source).name for f in report.failures] == ["scan.pdf", "broken.pdf"]
        assert len(library.articles.list()) == 1


@needs_chromium
def test_a_highlight_on_page_2_says_p_2_in_every_export(printed, tmp_path, capsys):
    """End to end through the command line: import the PDF, highlight words on its
    second page, export: Markdown and HTML say "p. 2", Readwise's Location is 2, the
    JSON-LD has a "page=2" FragmentSelector."""
    _, path = printed["single"]
    library = str(tmp_path / "library.db")
    assert run(["--library", library, "import", str(path)]) == 0
    page_two = next(e for e in import_source(path).outline if e.locator == "2")
    span = f"{page_two.offset + 5}:{page_two.offset + 30}"
    assert run(["--library", library, "highlight", "1", "--range", span]) == 0
    capsys.readouterr()
    exports = {}
    for fmt in ("md", "html", "csv", "jsonld"):
        assert run(["--library", library, "export", "1", "--format", fmt]) == 0
        exports[fmt] = capsys.readouterr().out
    # the chapter is the section the words are in (the PDF's bookmarks), then the page
    assert re.search(r"— Section \d: Results and Methods · p\. 2 · yellow", exports["md"])
    assert "p. 2" in exports["html"]
    [row] = list(csv.DictReader(io.StringIO(exports["csv"])))
    assert row["Location"] == "2"
    [annotation] = json.loads(exports["jsonld"])["first"]["items"]
    values = [s.get("value") for s in annotation["target"]["selector"]]
    assert "page=2" in values
