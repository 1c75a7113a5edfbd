"""Import W3C Web Annotation JSON-LD (our own export, or Hypothesis-style files) back.

Each annotation is matched to an article by its target source: the article's
URL, or ``urn:article-reader:article:<id>``. An id means nothing in another
library, so such a match counts only when the quote is found in that article.
The highlight is placed with the same anchoring as a re-import; an annotation
whose text is not found in a URL-matched article is kept as an orphan. An
annotation whose id is already in the library updates that highlight.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import anchoring
from .errors import NotFound
from .library import Library
from .models import COLOURS, ORPHANED, STYLES, Highlight, now

SUFFIXES = (".jsonld", ".json")


@dataclass
class AnnotationReport:
    source: str
    added: int = 0
    updated: int = 0
    orphaned: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated"]
        if self.orphaned:
            parts.append(f"{self.orphaned} kept as orphans (text not found)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return f"annotations from {self.source}: " + ", ".join(parts)


def is_annotation_file(path: str | Path) -> bool:
    """A local .jsonld/.json file (a URL is always read as an article)."""
    return "://" not in str(path) and str(path).lower().endswith(SUFFIXES)


def import_annotations(library: Library, path: str | Path) -> AnnotationReport:
    """Read a JSON-LD file and add or update its highlights. Raises ValueError when unreadable."""
    from .exporting import w3c

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"cannot read annotations from {path.name}: {e}") from e
    try:
        parsed = w3c.parse(text)
    except ValueError as e:
        raise ValueError(f"cannot import {path.name}: {e}") from e
    report = AnnotationReport(path.name)
    for ann in parsed:
        _import_one(library, ann, report)
    return report


def _import_one(library: Library, ann, report: AnnotationReport) -> None:
    article_id, by_url = _article_for(library, ann)
    if article_id is None:
        report.skipped.append(
            f"{ann.source or 'no source'}: no article in the library has this URL "
            "(import the article first)"
        )
        return
    text = library.article(article_id).text
    selector = anchoring.Selector(
        start=ann.start or 0,
        end=ann.end or 0,
        exact=ann.exact,
        prefix=ann.prefix,
        suffix=ann.suffix,
    )
    place = anchoring.locate(selector, text) if ann.exact else _position_only(ann, text)
    if place is None and not by_url:
        report.skipped.append(f"{ann.id}: its text is not in article {article_id}")
        return
    colour = ann.colour if ann.colour in COLOURS else "yellow"
    style = ann.style if ann.style in STYLES else "highlight"
    try:
        existing = library.highlight(ann.id) if ann.id else None
    except NotFound:
        existing = None
    if existing is not None and existing.article_id == article_id:
        library.update_highlight(
            ann.id, colour=colour, style=style, note=ann.note, tags=list(ann.tags)
        )
        if place is not None and (existing.start, existing.end) != place:
            library.reattach_highlight(ann.id, *place)
        report.updated += 1
        return
    new_id = ann.id if existing is None and ann.id else None
    if place is not None:
        library.add_highlight(
            article_id,
            *place,
            colour=colour,
            style=style,
            note=ann.note,
            tags=list(ann.tags),
            highlight_id=new_id,
        )
    else:
        stamp = now()
        library.restore_highlight(
            Highlight(
                id=new_id or str(uuid.uuid4()),
                article_id=article_id,
                start=0,
                end=0,
                exact=ann.exact,
                prefix=ann.prefix,
                suffix=ann.suffix,
                colour=colour,
                style=style,
                note=ann.note,
                tags=list(ann.tags),
                created_at=ann.created_at or stamp,
                updated_at=stamp,
                state=ORPHANED,
            )
        )
        report.orphaned += 1
    report.added += 1


def _position_only(ann, text: str) -> tuple[int, int] | None:
    if ann.start is not None and ann.end is not None and 0 <= ann.start < ann.end <= len(text):
        return ann.start, ann.end
    return None


def _article_for(library: Library, ann) -> tuple[int | None, bool]:
    """The article an annotation belongs to, and whether its URL (not an id) said so."""
    if ann.source and not ann.source.startswith("urn:"):
        found = library.find_by_url(ann.source)
        if found is not None:
            return found, True
    if ann.article_id is not None:
        try:
            library.article(ann.article_id)
            return ann.article_id, False
        except NotFound:
            pass
    return None, False
