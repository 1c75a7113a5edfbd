"""Kindle clippings meet the book: a clipping of a book the library holds as an EPUB is
anchored as a highlight in that book's text, not kept in a text-only article of its own.

Both orders work. Importing ``My Clippings.txt`` when the book is already in the library
anchors its clippings there (``kindle.import_clippings`` asks :func:`find_book`);
importing the EPUB after the clippings moves the Kindle article's highlights into the book
(:func:`merge_into_book`) and puts the Kindle article in the trash (restorable). Titles
and authors match leniently: case, punctuation, a subtitle, a leading "The" and the order
of an author's names ("Melville, Herman") do not matter. A passage is found with white
space and typographic quotes forgiven, then approximately; one that cannot be found stays
with the book as an orphan (listed in the notes pane), never lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from reader.core import anchoring
from reader.core.models import ANCHORED, ORPHANED, Highlight, now
from reader.core.storage.errors import NotFound
from reader.core.storage.library import Library

_SUBTITLE = re.compile(r"\s*(?::|\s-\s|\(|\[).*$")
_LEADING = re.compile(r"^(?:the|a|an)\s+")


@dataclass(frozen=True)
class Passage:
    """One Kindle highlight to place in a book."""

    id: str
    text: str
    note: str = ""
    added: str = ""
    tags: tuple[str, ...] = ("kindle",)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def title_key(title: str) -> str:
    """A title as compared: no subtitle, case, accents, punctuation or leading article."""
    main = _SUBTITLE.sub("", title.strip()) or title
    return _LEADING.sub("", _plain(main))


def author_words(author: str) -> set[str]:
    return {w for w in _plain(author).split() if len(w) > 1}


def same_book(title: str, author: str, other_title: str, other_author: str) -> bool:
    """Whether two title/author pairs name the same book (an unknown author matches)."""
    if not title_key(title) or title_key(title) != title_key(other_title):
        return False
    a, b = author_words(author), author_words(other_author)
    return not a or not b or bool(a & b)


def find_book(library: Library, title: str, author: str) -> int | None:
    """The book (imported from an EPUB) that Kindle's "title (author)" names, if any."""
    for article_id, t, a in library.books.titles():
        if same_book(title, author, t, a):
            return article_id
    return None


def place_passages(library: Library, article_id: int, passages: list[Passage]) -> int:
    """Add each passage to the book as a highlight (an orphan if its text is not found);
    one already there gets a new note only. Returns how many were added."""
    text = library.articles.get(article_id).text
    added = 0
    with library.transaction():
        for p in passages:
            try:
                current = library.highlights.get(p.id)
            except NotFound:
                current = None
            if current is not None:
                if p.note and p.note not in current.note:
                    library.highlights.update(p.id, note=p.note)
                continue
            library.highlights.restore(_highlight(p, article_id, text))
            added += 1
    return added


def _highlight(p: Passage, article_id: int, text: str) -> Highlight:
    span = anchoring.find_quote(text, p.text) if p.text.strip() else None
    if span is None and len(p.text) >= 12:
        placed = anchoring.place(anchoring.Selector(0, len(p.text), p.text), text)
        span = (placed.start, placed.end) if placed else None
    made = Highlight(
        id=p.id,
        article_id=article_id,
        start=0,
        end=max(1, min(len(p.text), len(text))),
        exact=p.text,
        note=p.note,
        tags=list(p.tags),
        created_at=p.added or now(),
        state=ORPHANED,
    )
    if span is None:
        return made
    sel = anchoring.describe(text, *span)
    return replace(
        made,
        start=sel.start,
        end=sel.end,
        exact=sel.exact,
        prefix=sel.prefix,
        suffix=sel.suffix,
        text_hash=sel.text_hash,
        state=ANCHORED,
    )


def merge_into_book(library: Library, book_id: int) -> int:
    """Move the highlights of Kindle articles of the same book into it; each such article
    goes to the trash (with its article note added to the book's). Returns how many."""
    book = library.articles.get(book_id)
    moved = 0
    for kindle_id, title, author in library.books.titles(kindle=True):
        if not same_book(title, author, book.title, book.author or ""):
            continue
        kindle = library.articles.get(kindle_id)
        passages = [
            Passage(h.id, h.exact, h.note, h.created_at, tuple(h.tags))
            for h in library.highlights.of(kindle_id)
        ]
        with library.transaction():
            for h in library.highlights.of(kindle_id):
                library.highlights.delete(h.id)
            moved += place_passages(library, book_id, passages)
            if kindle.note:
                note = library.articles.note(book_id)
                library.articles.set_note(book_id, "\n\n".join(filter(None, [note, kindle.note])))
            library.trash.delete(kindle_id)
    return moved
