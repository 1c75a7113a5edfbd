"""Kindle's ``My Clippings.txt``: each book becomes an article of its highlighted passages.

A clipping is a title line, a metadata line, a blank line, the text, and a line
of ten ``=``. The metadata line has had several shapes over the years::

    - Your Highlight on page 12 | Location 180-182 | Added on Monday, March 4, 2019 10:12:34 PM
    - Your Highlight at location 180-182 | Added on Saturday, 16 June 2018 10:41:46
    - Your Note on Location 183 | Added on ...
    - Highlight Loc. 1273-74  | Added on Friday, March 30, 2012, 09:30 AM
    - Bookmark Loc. 200 | Added on ...

Each book ("Title (Author)") becomes one article whose paragraphs are its
highlighted passages in location order, each one highlighted. A note is
attached to the highlight it follows (the passage whose locations hold the
note's); a note that follows no highlight goes into the article's note.
Bookmarks are skipped; a highlight the reader changed on the Kindle (which
leaves the old clipping in the file) counts once, as its latest version. A
byte order mark (Kindle writes one before entries) and CRLF line ends are
handled. Importing the file again adds nothing twice:
a book is the same article (found by title and author), a highlight has an
id made from the book, its location and its text.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reader.core import anchoring
from reader.core.document import Block
from reader.core.importing import kindle_books
from reader.core.models import ANCHORED, Highlight, ImportedArticle, now
from reader.core.storage.errors import NotFound
from reader.core.storage.library import Library

SEPARATOR = re.compile(r"^={10}\s*$", re.M)
_META = re.compile(
    r"^-\s*(?:Your\s+)?(Highlight|Note|Bookmark|Clip)\b(.*?)(?:\|\s*Added on\s+(.*))?$", re.I
)
_LOCATION = re.compile(r"(?:Location|Loc\.)\s*(\d+)(?:\s*-\s*(\d+))?", re.I)
_PAGE = re.compile(r"page\s+([\w-]+)", re.I)
_TITLE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_DATE_FORMATS = (
    "%A, %B %d, %Y %I:%M:%S %p",  # Monday, March 4, 2019 10:12:34 PM
    "%A, %d %B %Y %H:%M:%S",  # Saturday, 16 June 2018 10:41:46
    "%A, %B %d, %Y, %I:%M %p",  # Friday, March 30, 2012, 09:30 AM
    "%A, %d %B %y %H:%M:%S",
    "%A, %B %d, %Y %H:%M:%S",
)
URN = "urn:article-reader:kindle:"


@dataclass
class Clipping:
    kind: str  # "highlight", "note" or "bookmark"
    title: str
    author: str
    text: str
    start: int | None  # Kindle location
    end: int | None
    page: str | None
    added: str  # ISO 8601 (local time as Kindle wrote it, taken as UTC), or ""
    order: int


@dataclass
class ClippingsReport:
    source: str
    books: int = 0
    added: int = 0  # highlights
    notes: int = 0  # notes attached to highlights or articles
    bookmarks: int = 0
    unreadable: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.books} book(s)", f"{self.added} new highlight(s)"]
        if self.notes:
            parts.append(f"{self.notes} note(s)")
        if self.bookmarks:
            parts.append(f"{self.bookmarks} bookmark(s) skipped")
        if self.unreadable:
            parts.append(f"{len(self.unreadable)} clipping(s) not understood")
        return f"Kindle clippings from {self.source}: " + ", ".join(parts)

    def lines(self) -> list[str]:
        return [f"not understood: {line}" for line in self.unreadable]


def looks_like_clippings(path: str | Path) -> bool:
    """A ``.txt`` file in the shape of Kindle's ``My Clippings.txt``."""
    path = Path(path)
    if path.suffix.lower() != ".txt" or "://" in str(path):
        return False
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            head = f.read(8192)
    except OSError:
        return False
    entries = SEPARATOR.split(head.replace("\ufeff", ""))
    return len(entries) > 1 and any(
        len(lines) > 1 and _META.match(lines[1].strip())
        for lines in (e.strip("\r\n").splitlines() for e in entries[:3])
    )


def _date(value: str | None) -> str:
    value = " ".join((value or "").split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    return ""


def _location(meta: str) -> tuple[int | None, int | None]:
    found = _LOCATION.search(meta)
    if not found:
        return None, None
    start = int(found.group(1))
    end_digits = found.group(2)
    if not end_digits:
        return start, start
    if len(end_digits) < len(found.group(1)):  # "1273-74" means 1273-1274
        end_digits = found.group(1)[: len(found.group(1)) - len(end_digits)] + end_digits
    return start, max(start, int(end_digits))


def parse(text: str) -> tuple[list[Clipping], list[str]]:
    """The clippings in a ``My Clippings.txt``, and the entries that could not be read."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    clippings, bad = [], []
    for order, entry in enumerate(SEPARATOR.split(text)):
        lines = entry.replace("\ufeff", "").strip("\n").split("\n")
        lines = [line.rstrip() for line in lines]
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines or not any(line.strip() for line in lines):
            continue
        meta = _META.match(lines[1].strip()) if len(lines) > 1 else None
        if meta is None:
            bad.append(lines[0][:60])
            continue
        title_line = lines[0].strip()
        titled = _TITLE.match(title_line)
        title, author = (titled.group(1), titled.group(2)) if titled else (title_line, "")
        body = "\n".join(lines[2:]).strip()
        start, end = _location(meta.group(2))
        page = _PAGE.search(meta.group(2))
        kind = meta.group(1).lower()
        clippings.append(
            Clipping(
                kind="highlight" if kind == "clip" else kind,
                title=title.strip() or "Untitled",
                author=author.strip(),
                text=" ".join(body.split("\n")).strip() if kind != "note" else body,
                start=start,
                end=end,
                page=page.group(1) if page else None,
                added=_date(meta.group(3)),
                order=order,
            )
        )
    return clippings, bad


@dataclass
class _Book:
    title: str
    author: str
    highlights: list[Clipping] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=dict)  # highlight index -> notes
    loose_notes: list[str] = field(default_factory=list)


def _books(clippings: list[Clipping]) -> list[_Book]:
    books: dict[tuple[str, str], _Book] = {}
    last: dict[tuple[str, str], int] = {}  # the book's most recent highlight (index)
    for c in clippings:
        key = (c.title, c.author)
        book = books.setdefault(key, _Book(c.title, c.author))
        if c.kind == "highlight" and c.text:
            earlier = _edited(book, c)
            if earlier is None:
                book.highlights.append(c)
                last[key] = len(book.highlights) - 1
            else:  # the same passage again, or a highlight made longer or shorter
                book.highlights[earlier] = c
                last[key] = earlier
        elif c.kind == "note" and c.text:
            target = _note_target(book, c, last.get(key))
            if target is None:
                where = f"Location {c.start}: " if c.start is not None else ""
                book.loose_notes.append(where + c.text)
            else:
                book.notes.setdefault(target, []).append(c.text)
    return list(books.values())


def _edited(book: _Book, c: Clipping) -> int | None:
    """The earlier clipping that ``c`` repeats or replaces: Kindle appends a new clipping
    when a highlight is changed and leaves the old one in the file."""
    for i, h in enumerate(book.highlights):
        if c.start is None or h.start is None:
            same_place = True
        else:
            same_place = c.start <= (h.end or h.start) and h.start <= (c.end or c.start)
        if same_place and (c.text in h.text or h.text in c.text):
            return i
    return None


def _note_target(book: _Book, note: Clipping, previous: int | None) -> int | None:
    """The highlight a note belongs to: the one it follows, when the locations agree."""
    if previous is None:
        return None
    h = book.highlights[previous]
    if note.start is None or h.start is None:
        return previous
    if h.start <= note.start <= (h.end or h.start) + 1:
        return previous
    return None


def _highlight_id(book: _Book, c: Clipping) -> str:
    key = f"kindle\n{book.title}\n{book.author}\n{c.start}\n{c.text}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def book_url(title: str, author: str) -> str:
    """The book's stable identity in the library (Kindle books have no URL)."""
    digest = hashlib.sha256(f"{title}\n{author}".encode()).hexdigest()[:20]
    return URN + digest


def import_clippings(library: Library, path: str | Path) -> ClippingsReport:
    """Import every book in a ``My Clippings.txt``; raises ValueError when unreadable."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"cannot read Kindle clippings from {path.name}: {e}") from e
    clippings, bad = parse(text)
    report = ClippingsReport(path.name, unreadable=bad)
    report.bookmarks = sum(1 for c in clippings if c.kind == "bookmark")
    with library.transaction():  # one commit for the whole file
        for book in _books(clippings):
            if book.highlights or book.loose_notes:
                _import_book(library, book, report)
    return report


def _import_book(library: Library, book: _Book, report: ClippingsReport) -> None:
    target = kindle_books.find_book(library, book.title, book.author)
    if target is not None:  # the book itself is here (an EPUB): anchor in its text
        _into_book(library, book, target, report)
        return
    url = book_url(book.title, book.author)
    existing_id = library.articles.find_by_url(url)
    passages = [h.text for h in book.highlights]
    if existing_id is not None:  # keep passages a newer file no longer has (Kindle trims it)
        old = [b.text for b in library.articles.get(existing_id).blocks if b.kind == "paragraph"]
        passages += [p for p in old if p not in passages]
    last = (1 << 30, 1 << 30)
    place: dict[str, tuple[int, int]] = {}
    for h in book.highlights:
        place.setdefault(h.text, (h.start if h.start is not None else last[0], h.order))
    ordered = sorted(dict.fromkeys(passages), key=lambda p: place.get(p, last))
    blocks = [Block("paragraph", p) for p in ordered] or [Block("paragraph", "(no highlights)")]
    imported = ImportedArticle(
        title=book.title,
        blocks=blocks,
        source_kind="kindle",
        url=url,
        author=book.author or None,
    )
    article_id = library.articles.add(imported).article_id
    report.books += 1
    article = library.articles.get(article_id)
    offsets, pos = {}, 0
    for block in article.blocks:
        offsets.setdefault(block.text, pos)
        pos += len(block.text) + 1
    for index, c in enumerate(book.highlights):
        hid = _highlight_id(book, c)
        note = "\n\n".join(book.notes.get(index, []))
        try:
            current = library.highlights.get(hid)
        except NotFound:
            current = None
        if current is not None:
            if note and note not in current.note:
                library.highlights.update(hid, note=note)
                report.notes += 1
            continue
        start = offsets.get(c.text)
        if start is None or not c.text:
            continue
        sel = anchoring.describe(article.text, start, start + len(c.text))
        library.highlights.restore(
            Highlight(
                id=hid,
                article_id=article_id,
                start=sel.start,
                end=sel.end,
                exact=sel.exact,
                prefix=sel.prefix,
                suffix=sel.suffix,
                text_hash=sel.text_hash,
                note=note,
                tags=["kindle"],
                created_at=c.added or now(),
                state=ANCHORED,
            )
        )
        report.added += 1
        report.notes += bool(note)
    missing = [n for n in book.loose_notes if n not in article.note]
    if missing:
        library.articles.set_note(article_id, "\n\n".join(filter(None, [article.note, *missing])))
        report.notes += len(missing)


def _into_book(library: Library, book: _Book, book_id: int, report: ClippingsReport) -> None:
    passages = [
        kindle_books.Passage(
            _highlight_id(book, c), c.text, "\n\n".join(book.notes.get(i, [])), c.added
        )
        for i, c in enumerate(book.highlights)
    ]
    report.books += 1
    report.added += kindle_books.place_passages(library, book_id, passages)
    report.notes += sum(1 for p in passages if p.note)
    note = library.articles.note(book_id)
    missing = [n for n in book.loose_notes if n not in note]
    if missing:
        library.articles.set_note(book_id, "\n\n".join(filter(None, [note, *missing])))
        report.notes += len(missing)
