"""A page saved from the browser into the library, with its selection as a highlight.

The page goes through :func:`reader.core.importing.rendered.import_rendered` and
``library.articles.add`` like any import (saving a page again updates its article and
re-anchors its highlights). The selection is found in the article's text by its words
(white space between paragraphs is free), the copy whose prefix and suffix fit best;
else approximately, by quote and context; else it becomes an orphan keeping its text.
Saving the same selection twice gives back the first highlight.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from reader.core import anchoring
from reader.core.endpoint.payload import SavedPage, Selection
from reader.core.models import ORPHANED, Highlight
from reader.core.storage.library import Library

MAX_COPIES = 200  # copies of a selected phrase weighed by their context


@dataclass(frozen=True)
class Saved:
    article_id: int
    status: str  # "added", "updated" or "unchanged", as library.articles.add says
    title: str
    highlight_id: str | None = None


def save_page(library: Library, page: SavedPage) -> Saved:
    """Import ``page`` into ``library``; ImportFailure when no article is found in it."""
    from reader.core.importing.rendered import import_rendered  # deferred: lxml, Pillow

    imported = import_rendered(page.html, page.url, page.title, page.pictures)
    result = library.articles.add(imported)
    highlight = None
    if page.selection is not None:
        highlight = highlight_selection(library, result.article_id, page.selection)
    return Saved(result.article_id, result.status, result.title, highlight)


def highlight_selection(library: Library, article_id: int, selection: Selection) -> str:
    """The id of the highlight on ``selection`` in the article (new, or the same one)."""
    text = library.articles.get(article_id).text
    span = place_selection(text, selection)
    existing = library.highlights.of(article_id)
    if span is not None:
        for h in existing:
            if not h.orphaned and (h.start, h.end) == span:
                return h.id
        return library.highlights.add(article_id, *span).id
    quote = selection.text.strip()
    for h in existing:
        if h.orphaned and h.exact == quote:
            return h.id
    orphan = Highlight(
        id=str(uuid.uuid4()),
        article_id=article_id,
        start=0,
        end=0,
        exact=quote,
        prefix=selection.prefix[-anchoring.CONTEXT :],
        suffix=selection.suffix[: anchoring.CONTEXT],
        state=ORPHANED,
    )
    return library.highlights.restore(orphan).id


def place_selection(text: str, selection: Selection) -> tuple[int, int] | None:
    """Where the selected text is in ``text``, or None when the article lacks it."""
    quote = selection.text
    if not quote.split():
        return None
    best: tuple[int, tuple[int, int]] | None = None
    for n in range(1, MAX_COPIES + 1):
        span = anchoring.find_quote(text, quote, n)
        if span is None:
            break
        fit = _fit(text[: span[0]], selection.prefix, from_end=True)
        fit += _fit(text[span[1] :], selection.suffix, from_end=False)
        if best is None or fit > best[0]:
            best = (fit, span)
    if best is not None:
        return best[1]
    words = " ".join(quote.split())
    guess = anchoring.Selector(0, 0, words, _squash(selection.prefix), _squash(selection.suffix))
    placed = anchoring.place(guess, text)
    return (placed.start, placed.end) if placed else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _fit(text: str, context: str, *, from_end: bool) -> int:
    """How many characters of ``context`` agree with ``text`` next to the quote, white
    space aside (compared outward from the quote)."""
    near = text[-200:] if from_end else text[:200]
    a, b = "".join(near.split()), "".join(context.split())
    if from_end:
        a, b = a[::-1], b[::-1]
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
