"""An EPUB as one article: the spine's chapters in reading order, sanitised like any page.

    >>> book = read_book("moby-dick.epub")     # chapters, the table of contents, metadata
    >>> article = book.article                 # an ImportedArticle: blocks, pictures, outline

The canonical text is the chapters' texts joined by newlines (each chapter's blocks follow
the previous chapter's). Each chapter goes through the same HTML parser (nesting limits,
repairs) and the same allowlist converter (``html.blocks``) as a web page. A chapter
without a heading gets the table of contents' label as one, so every chapter starts with
its heading. Footnotes stay where the book put them when they are in the chapter that
refers to them; a note kept in another file (a book's "Notes" at the end) moves to the end
of the first chapter that refers to it; a reference and its note link to each other
(``notes``). Pictures are read from the archive only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.core.books import BookInfo
from reader.core.document import Block, canonical_text, clean_text
from reader.core.importing.epub import notes
from reader.core.importing.epub.archive import Archive
from reader.core.importing.epub.package import Package, SpineItem, TocEntry, read_package
from reader.core.importing.failure import ImportFailure
from reader.core.importing.html.blocks import html_to_blocks
from reader.core.importing.html.encoding import decode_bytes
from reader.core.importing.html.extract import parse_document
from reader.core.importing.pictures.attach import attach_pictures, drop_unfetched
from reader.core.importing.pictures.loading import Caps, from_data_uri
from reader.core.models import ImportedArticle, OutlineEntry, Picture

# A book may hold more pictures than a web page: a picture book, a textbook's figures.
BOOK_CAPS = Caps(count=1000, article_bytes=300_000_000)


@dataclass
class Chapter:
    """One spine item's part of the book: its blocks and where it starts in the text."""

    cfi: str
    path: str
    blocks: list[Block]
    start: int = 0  # code-point offset of its first block in the canonical text

    @property
    def text(self) -> str:
        return canonical_text(self.blocks)


@dataclass(frozen=True)
class ChapterMark:
    """A table-of-contents entry placed in the canonical text."""

    offset: int
    label: str
    level: int
    cfi: str


@dataclass
class Book:
    article: ImportedArticle
    info: BookInfo
    chapters: list[Chapter]
    marks: list[ChapterMark] = field(default_factory=list)


def read_book(path: str | Path) -> Book:
    """The book at ``path``; an ImportFailure (one line naming the file) if it cannot be."""
    path = Path(path)
    if not path.exists():
        raise ImportFailure(path, "no such file (check the name and the folder)")
    archive = Archive(path)
    try:
        package = read_package(archive)
        return _book(archive, package, path)
    finally:
        archive.close()


def _book(archive: Archive, package: Package, path: Path) -> Book:
    docs = [(item, _body(archive, item)) for item in package.spine]
    _gather_notes(archive, docs)
    numbered = 0
    for _, body in docs:
        if body is not None:
            numbered = notes.mark(body, numbered)
    toc_by_path: dict[str, list[TocEntry]] = {}
    for entry in package.toc:
        toc_by_path.setdefault(entry.path, []).append(entry)
    chapters: list[Chapter] = []
    pictures: dict[str, Picture] = {}
    problems: list[str] = []
    targets: list[tuple[Chapter, TocEntry, str]] = []  # entry, the text it points at
    for item, body in docs:
        if body is None:
            continue
        entries = toc_by_path.get(item.item.path, [])
        wanted = [(e, _target_text(body, e)) for e in entries]
        _picture_paths(archive, body, item.item.path)
        blocks = _with_pictures(archive, html_to_blocks(body), pictures, problems)
        if blocks and entries and not any(b.kind == "heading" for b in blocks[:3]):
            blocks.insert(0, Block("heading", clean_text(entries[0].label), level=2))
        if not blocks:
            continue
        chapter = Chapter(item.cfi, item.item.path, blocks)
        chapters.append(chapter)
        targets += [(chapter, e, t) for e, t in wanted]
    if not chapters:
        archive.fail("no readable text found in its chapters")
    start = 0
    for chapter in chapters:
        chapter.start = start
        start += len(chapter.text) + 1
    if numbered:
        linked = notes.resolve([(c.start, c.blocks) for c in chapters])
        for chapter, blocks in zip(chapters, linked, strict=True):
            chapter.blocks = blocks
    blocks = [b for chapter in chapters for b in chapter.blocks]
    info = package.info
    article = ImportedArticle(
        title=info.title or path.stem,
        blocks=blocks,
        source_kind="epub",
        author=", ".join(info.authors) or None,
        published=_date(info.date),
        source=str(path),
        pictures=pictures,
        problems=problems,
    )
    marks = _marks(targets, chapters)
    article.outline = [OutlineEntry(m.offset, m.label, "chapter", m.level, m.cfi) for m in marks]
    return Book(article, info, chapters, marks)


def _body(archive: Archive, item: SpineItem):
    data = archive.read(item.item.path)
    text = decode_bytes(data, None, html=True)
    doc = parse_document(text)
    body = doc.body if doc is not None else None
    if body is None:
        return None
    return body


def _attr(el, name: str) -> set[str]:
    return set((el.get(name) or "").lower().split())


def _gather_notes(archive: Archive, docs: list) -> None:
    """Move each note kept in another file to the end of the first chapter referring to it."""
    far = {}
    for item, body in docs:
        if body is None:
            continue
        for el in body.iter():
            if isinstance(el.tag, str) and el.get("id") and notes.is_note(el):
                far[(item.item.path, el.get("id"))] = el
    if not far:
        return
    for item, body in docs:
        if body is None:
            continue
        moved = []
        for a in body.iter("a"):
            if not (_attr(a, "epub:type") & {"noteref"} or _attr(a, "role") & {"doc-noteref"}):
                continue
            href = a.get("href") or ""
            target, _, ident = href.partition("#")
            if not target or not ident:
                continue  # a note in the same file stays where the book put it
            try:
                where = archive.resolve(item.item.path, target, what="note reference")
            except ImportFailure:
                continue
            note = far.pop((where, ident), None)
            if note is not None and where != item.item.path:
                moved.append(note)
        for note in moved:
            parent = note.getparent()
            if parent is not None:
                tail = note.tail
                parent.remove(note)
                if tail:  # the text after the note stays where it was
                    prev = parent[-1] if len(parent) else None
                    if prev is not None:
                        prev.tail = (prev.tail or "") + tail
                    else:
                        parent.text = (parent.text or "") + tail
            note.tail = None
            note.tag = "aside"  # a list item moved alone would lose its list
            body.append(note)


def _target_text(body, entry: TocEntry) -> str:
    """The words the entry points at: its target element's heading, else the label."""
    if entry.fragment:
        found = body.xpath("//*[@id=$id]", id=entry.fragment)
        if found:
            el = found[0]
            if el.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
                heading = el.xpath(
                    "(descendant::h1|descendant::h2|descendant::h3|descendant::h4"
                    "|following::h1|following::h2|following::h3|following::h4)[1]"
                )
                el = heading[0] if heading else el
            text = clean_text("".join(el.itertext()))[:200]
            if text:
                return text
    return clean_text(entry.label)


def _marks(targets: list[tuple[Chapter, TocEntry, str]], chapters: list[Chapter]):
    """Each table-of-contents entry at the offset of its text in its chapter (its heading),
    or at the chapter's start when the text is not found; in order, never going back."""
    marks: list[ChapterMark] = []
    previous = 0
    for chapter, entry, wanted in targets:
        text = chapter.text
        floor = max(0, previous - chapter.start)
        offset = floor  # no fragment: the chapter's start (or where the last entry was)
        if entry.fragment:
            found = text.find(wanted, floor)
            if found < 0:
                found = text.lower().find(wanted.lower(), floor)
            offset = found if found >= 0 else floor
        previous = chapter.start + offset
        marks.append(ChapterMark(previous, clean_text(entry.label), entry.level, chapter.cfi))
    if not marks:  # no table of contents: each chapter's first heading stands in
        for chapter in chapters:
            at = chapter.start
            for block in chapter.blocks:
                if block.kind == "heading":
                    marks.append(ChapterMark(at, block.text, 1, chapter.cfi))
                    break
                at += len(block.text) + 1
    return marks


def _picture_paths(archive: Archive, body, chapter_path: str) -> None:
    """Pictures named by their member in the archive (so that the same file named from two
    folders is one picture); an SVG wrapper around one <image> (covers) becomes an <img>."""
    for svg in list(body.iter("svg")):
        image = next((el for el in svg.iter() if str(el.tag).endswith("image")), None)
        href = None
        if image is not None:
            href = next((v for k, v in image.attrib.items() if k.endswith("href")), None)
        if href:
            img = svg.makeelement("img", {"src": href, "alt": ""})
            img.tail = svg.tail
            svg.getparent().replace(svg, img)
    for img in body.iter("img"):
        src = img.get("src") or ""
        if src.lower().startswith("data:"):
            continue
        try:
            img.set("src", archive.resolve(chapter_path, src, what="picture") if src else "")
        except ImportFailure:
            img.set("src", "")  # a picture outside the book is never read


def _with_pictures(
    archive: Archive, blocks: list[Block], pictures: dict[str, Picture], problems: list[str]
) -> list[Block]:
    """One chapter's blocks with their pictures read from the archive (into ``pictures``;
    a picture that cannot be kept leaves a line in ``problems``). Chapter by chapter, so
    that an image block dropped for want of both picture and words moves no later
    chapter's offsets."""
    wanted = list(dict.fromkeys(b.src for b in blocks if b.kind == "image" and b.src))
    found: dict[str, bytes | str] = {}
    for src in wanted[: BOOK_CAPS.count]:
        if src.lower().startswith("data:"):
            found[src] = from_data_uri(src, BOOK_CAPS)
        elif archive.has(src):
            found[src] = archive.read(src)
        else:
            found[src] = "missing from the book"
    chapter = ImportedArticle(title="", blocks=blocks, source_kind="epub")
    chapter = drop_unfetched(attach_pictures(chapter, found, local=True, caps=BOOK_CAPS))
    pictures.update(chapter.pictures)
    problems += chapter.problems
    # Pictures are known by their digest; the archive path means nothing outside the book.
    return [replace(b, src=None) if b.picture else b for b in chapter.blocks]


def _date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value[:10] if len(value) >= 4 and value[:4].isdigit() else None
