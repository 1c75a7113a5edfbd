"""A PDF's pages as lines of text with their positions, through pypdfium2.

This is the only module that talks to PDFium: it opens the file (saying in one line
why it cannot: a password, a broken file), and turns each page's text layer into
:class:`Line` objects (text, box in PDF units, font size) in the order PDFium keeps
them. The layout (:mod:`.layout`) works on those alone, so it can be tested without
a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.importing.failure import ImportFailure

# PDFium's FPDF_GetLastError codes (fpdfview.h)
_ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 2, 3, 4, 6


_CONTROLS = dict.fromkeys([*range(32), 0x7F], " ")


@dataclass(frozen=True)
class Line:
    """One line of a page's text: its box (PDF units, y up) and font size."""

    text: str
    x0: float
    bottom: float
    x1: float
    top: float
    size: float


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    label: str = ""  # the page label the PDF gives ("iv", "12"), if any
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Bookmark:
    title: str
    level: int  # 1 for a top-level entry
    page: int  # 1-based, 0 when it points nowhere


@dataclass
class Metadata:
    title: str = ""
    author: str = ""
    pages: int = 0
    bookmarks: list[Bookmark] = field(default_factory=list)


class PdfFile:
    """An open PDF: its metadata and, one at a time, its pages' lines.

    Use as a context manager, so PDFium's handles close even when a page fails."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium  # deferred: PDFium (a 6 MB library) loads on a PDF import

        self.path = path
        try:
            self._pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as e:
            raise ImportFailure(path, _open_error(getattr(e, "err_code", None))) from None

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, *_) -> None:
        self._pdf.close()

    def metadata(self, max_bookmarks: int = 2000) -> Metadata:
        meta = self._pdf.get_metadata_dict()
        found = Metadata(
            title=_plain(meta.get("Title", "")),
            author=_plain(meta.get("Author", "")),
            pages=len(self._pdf),
        )
        for n, mark in enumerate(self._pdf.get_toc(max_depth=6)):
            if n >= max_bookmarks:  # a hostile outline can be endless: enough for a contents
                break
            dest = mark.get_dest()
            index = dest.get_index() if dest is not None else None
            page = index + 1 if index is not None and 0 <= index < found.pages else 0
            title = _plain(mark.get_title())
            if title:
                found.bookmarks.append(Bookmark(title, mark.level + 1, page))
        return found

    def pages(self) -> Iterator[Page]:
        """Each page in turn, with its lines (none for a page without a text layer)."""
        for index in range(len(self._pdf)):
            yield self.page(index)

    def page(self, index: int) -> Page:
        import pypdfium2.raw as raw  # deferred: as above

        page = self._pdf[index]
        try:
            width, height = page.get_size()
            found = Page(index + 1, width, height, label=_label(self._pdf, index))
            textpage = page.get_textpage()
            try:
                found.lines = list(_lines(textpage, raw))
            finally:
                textpage.close()
        finally:
            page.close()
        return found


def _lines(textpage, raw) -> Iterator[Line]:
    """The page's lines as PDFium breaks its text (CR LF between lines).

    Where PDFium joined a word broken at a line's end into one line (it marks the
    hyphen U+FFFE), the line is split there again: the two halves may even lie in two
    columns, and the layout decides about the hyphen."""
    count = textpage.count_chars()
    if count <= 0:
        return
    text = textpage.get_text_range(0, count)
    same = len(text) == count  # text index == char index, as in nearly every PDF
    position = 0
    for piece in re.split(r"(?<=\ufffe)|\r\n", text):
        start = position
        position += len(piece) + (0 if piece.endswith("\ufffe") else 2)
        stripped = piece.strip()
        if not stripped:
            continue
        first = start + (len(piece) - len(piece.lstrip()))
        last = first + len(stripped) - 1
        if not same:
            first = raw.FPDFText_GetCharIndexFromTextIndex(textpage, first)
            last = raw.FPDFText_GetCharIndexFromTextIndex(textpage, last)
            if first < 0 or last < 0:
                continue
        left, bottom, right, top = textpage.get_charbox(first, loose=True)
        left2, bottom2, right2, top2 = textpage.get_charbox(last, loose=True)
        size = raw.FPDFText_GetFontSize(textpage, first)
        x0, x1 = min(left, left2), max(right, right2)
        yield Line(_plain(stripped), x0, min(bottom, bottom2), x1, max(top, top2), round(size, 1))


def _label(pdf, index: int) -> str:
    try:
        return _plain(pdf.get_page_label(index))
    except Exception:  # a broken label tree must not stop the import: the number will do
        return ""


def _plain(text: str) -> str:
    """One line of text: no control characters, spaces collapsed.

    PDFium writes U+0002 or U+FFFE for a hyphen at a line's end: a hyphen it is."""
    if text.endswith(("\x02", "\ufffe")):
        text = text[:-1] + "-"
    return " ".join(text.translate(_CONTROLS).split())


def _open_error(code: int | None) -> str:
    if code == _ERR_PASSWORD:
        return "the PDF is encrypted with a password (open it, print it to a new PDF, import that)"
    if code == _ERR_SECURITY:
        return "the PDF is protected by a security handler Article Reader cannot open (DRM?)"
    if code == _ERR_FILE:
        return "cannot read the file (check that it exists and you may read it)"
    if code == _ERR_FORMAT:
        return "it is not a valid PDF (the file is damaged or incomplete)"
    return "it is not a valid PDF, or it has no pages"
