"""PDF files with a text layer (papers, reports) as reflowed articles.

    >>> article = import_pdf(Path("paper.pdf"), progress=lambda page, pages: ...)

PDFium (through pypdfium2) reads each page's text and positions (:mod:`.reading`);
:mod:`.layout` puts them in reading order and joins them into paragraphs and headings.
The article's outline has one entry per page (where its text starts; labelled with the
PDF's page label, else the number) and the PDF's bookmarks as chapters. A PDF without
a text layer (a scan) fails with one line: there is no OCR here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.core.importing.failure import ImportFailure
from reader.core.importing.pdf.layout import Laid, lay_out
from reader.core.importing.pdf.reading import Metadata, PdfFile
from reader.core.models import ImportedArticle, OutlineEntry

MAX_FILE_BYTES = 500_000_000
MAX_PAGES = 20_000  # a bigger page count is an error: no paper or report is that long
BLANK_PAGES = 100  # no text on this many first pages: a scan (or a hostile file), stop
_NO_TEXT = "it has no text layer (a scan?); Article Reader does not do OCR"


def import_pdf(
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportedArticle:
    """The article a PDF's text makes; ``progress(pages read, pages)`` after each page."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ImportFailure(path, f"cannot read it ({e.strerror or e})") from None
    if size > MAX_FILE_BYTES:
        raise ImportFailure(path, f"the file is over {MAX_FILE_BYTES // 1_000_000} MB")
    with PdfFile(path) as pdf:
        meta = pdf.metadata()
        if meta.pages > MAX_PAGES:
            raise ImportFailure(
                path,
                f"it has {meta.pages:,} pages, more than the {MAX_PAGES:,} Article Reader"
                " imports (split it, e.g. with `qpdf --split-pages`)",
            )
        pages = []
        with_text = 0
        for page in pdf.pages():
            if cancelled and cancelled():
                raise ImportFailure(path, "the import was cancelled")
            pages.append(page)
            with_text += bool(page.lines)
            if not with_text and page.number >= BLANK_PAGES and meta.pages > page.number:
                raise ImportFailure(
                    path, f"{_NO_TEXT} (no text on its first {BLANK_PAGES} of {meta.pages:,} pages)"
                )
            if progress:
                progress(page.number, meta.pages)
    if not with_text:
        raise ImportFailure(path, _NO_TEXT)
    laid = lay_out(pages)
    if not laid.blocks:
        raise ImportFailure(path, _NO_TEXT)
    return _article(path, meta, laid, [p.label for p in pages])


def _article(path: Path, meta: Metadata, laid: Laid, labels: list[str]) -> ImportedArticle:
    title = _title(meta.title) or (laid.headings[0][1] if laid.headings else "")
    title = title or laid.first_line[:120] or path.stem
    article = ImportedArticle(
        title=title,
        blocks=laid.blocks,
        source_kind="pdf",
        author=meta.author or None,
        source=str(path),
    )
    article.outline = outline(laid, labels, meta)
    return article


def outline(laid: Laid, labels: list[str], meta: Metadata) -> list[OutlineEntry]:
    """One entry per page where its text starts, and the bookmarks as chapters (at the
    heading of the same words on their page where there is one, else at the page)."""
    entries = [
        OutlineEntry(start, label or str(n), kind="page", locator=str(n))
        for n, (start, label) in enumerate(zip(laid.page_starts, labels, strict=True), 1)
    ]
    text_ends = [*laid.page_starts[1:], None]
    for mark in meta.bookmarks:
        if not mark.page:
            continue
        start, end = laid.page_starts[mark.page - 1], text_ends[mark.page - 1]
        offset = next(
            (
                at
                for at, words in laid.headings
                if at >= start and (end is None or at < end) and _same_words(words, mark.title)
            ),
            start,
        )
        entries.append(OutlineEntry(offset, mark.title, kind="chapter", level=mark.level))
    return sorted(entries, key=lambda e: (e.offset, e.kind != "chapter"))


def _same_words(a: str, b: str) -> bool:
    return a.casefold().split() == b.casefold().split()


def _title(title: str) -> str:
    """The metadata's title, unless it is a tool's placeholder."""
    for prefix in ("Microsoft Word - ", "Microsoft PowerPoint - "):
        title = title.removeprefix(prefix)
    if title.lower() in ("untitled", "untitled document", "title") or title.endswith(".doc"):
        return ""
    return title
