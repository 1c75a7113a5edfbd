"""Import W3C Web Annotation JSON-LD (our own export, or other tools' files) into a library.

Each annotation is matched to an article:

1. by its target's source URL (an article with that URL);
2. by ``urn:article-reader:article:<id>`` (our export of an article without a
   URL), counted only when the quote is found in that article, since an id
   means nothing in another library;
3. failing both, by the quote's presence: the one article whose text holds
   the quote (with its prefix and suffix, when several do). A quote under 12
   characters counts only with its prefix or suffix found around it too.

A matched annotation is placed with the project's anchoring, using all its
selectors (position, quote, prefix and suffix); one that cannot be placed is
kept as an orphan of that article. An annotation matched to no article is
kept too, as an orphan of a placeholder article named after its source:
importing that article later (same URL) places it. Nothing is dropped, and the
report says what happened to each one that did not simply land.

The highlight keeps its id, colour, style, note, tags and creation time, so a
library exported to JSON-LD and imported into a new library holding the same
articles gives identical highlights. An id already in the library updates that
highlight instead of adding another.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from reader.core import anchoring
from reader.core.document import Block
from reader.core.models import ANCHORED, COLOURS, ORPHANED, STYLES, Highlight, ImportedArticle, now
from reader.core.storage.errors import NotFound
from reader.core.storage.library import Library

SUFFIXES = (".jsonld", ".json")
PLACEHOLDER_KIND = "annotations"
MIN_QUOTE = 12  # a shorter quote finds its article only with its prefix or suffix agreeing


@dataclass
class AnnotationReport:
    source: str
    added: int = 0
    updated: int = 0
    orphaned: int = 0
    skipped: list[str] = field(default_factory=list)  # not highlights at all (page comments)
    notes: list[str] = field(default_factory=list)  # one line per annotation that became an orphan

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated"]
        if self.orphaned:
            parts.append(f"{self.orphaned} kept as orphans")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return f"annotations from {self.source}: " + ", ".join(parts)

    def lines(self) -> list[str]:
        """The report's detail: every orphan and every skipped annotation, with the reason."""
        return [f"orphan: {n}" for n in self.notes] + [f"skipped: {s}" for s in self.skipped]


def is_annotation_file(path: str | Path) -> bool:
    """A local .jsonld/.json file (a URL is always read as an article)."""
    return "://" not in str(path) and str(path).lower().endswith(SUFFIXES)


def import_annotations(library: Library, path: str | Path) -> AnnotationReport:
    """Read a JSON-LD file and add or update its highlights. Raises ValueError when unreadable."""
    from reader.core.exporting import w3c

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"cannot read annotations from {path.name}: {e}") from e
    try:
        parsed, skipped = w3c.parse_with_skipped(text)
    except ValueError as e:
        raise ValueError(f"cannot import {path.name}: {e}") from e
    report = AnnotationReport(path.name, skipped=skipped)
    matcher = _Matcher(library)
    with library.transaction():  # one commit for the whole file, and nothing half-imported
        for ann in parsed:
            _import_one(library, matcher, ann, report, path.name)
    return report


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class _Matcher:
    """Finds the article an annotation belongs to; reads each article's text at most once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._texts: dict[int, str] | None = None
        self._articles: dict[int, tuple[str, str]] = {}  # id -> (text, source kind)

    def _article(self, article_id: int) -> tuple[str, str]:
        if article_id not in self._articles:
            article = self.library.articles.get(article_id)
            self._articles[article_id] = (article.text, article.source_kind)
        return self._articles[article_id]

    def text(self, article_id: int) -> str:
        return self._article(article_id)[0]

    def is_placeholder(self, article_id: int) -> bool:
        return self._article(article_id)[1] == PLACEHOLDER_KIND

    def all_texts(self) -> dict[int, str]:
        if self._texts is None:
            self._texts = {}
            for summary in self.library.articles.list(archived=None):
                text, kind = self._article(summary.id)
                if kind != PLACEHOLDER_KIND:
                    self._texts[summary.id] = text
        return self._texts

    def by_quote(self, ann) -> tuple[int | None, str]:
        """The one article whose text holds the quote; ``(None, why)`` when none or several."""
        if not ann.exact:
            return None, "it has no quote to look for"
        found = [i for i, text in self.all_texts().items() if ann.exact in text]
        context = ann.prefix + ann.exact + ann.suffix
        in_context = [i for i in found if context in self.all_texts()[i]]
        if len(found) > 1:
            found = in_context or found
        if len(ann.exact.strip()) < MIN_QUOTE and (context == ann.exact or not in_context):
            return None, "no article has its URL, and its quote is too short to go by alone"
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, f"its text is in {len(found)} articles ({', '.join(map(str, found))})"
        return None, "no article has its URL or its text"

    def article_for(self, ann) -> tuple[int | None, bool, str]:
        """(article id, whether its URL said so, why there is none)."""
        if ann.source and not ann.source.startswith("urn:article-reader:article:"):
            found = self.library.articles.find_by_url(ann.source)
            if found is not None and not self.is_placeholder(found):
                return found, True, ""
        if ann.article_id is not None and ann.exact:
            try:
                if ann.exact in self.text(ann.article_id):
                    return ann.article_id, False, ""
            except NotFound:
                pass
        article_id, why = self.by_quote(ann)
        return article_id, False, why


def _placeholder(library: Library, ann, file_name: str) -> int:
    """The article that keeps annotations matched to nothing, one per source."""
    source = ann.source or f"(no source) in {file_name}"
    url = ann.source if ann.source and "://" in ann.source else None
    if url:
        found = library.articles.find_by_url(url)
        if found is not None:
            return found
    key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    blocks = [
        Block(
            "paragraph",
            f"Annotations imported from {file_name} for {source}. Their article is not "
            "in the library: import it (same URL) and they will be placed in it.",
        ),
        Block("paragraph", f"Placeholder {key}."),
    ]
    title = f"Annotations for {source}"
    imported = ImportedArticle(title=title, blocks=blocks, source_kind=PLACEHOLDER_KIND, url=url)
    return library.articles.add(imported).article_id


def _stamp(value: str) -> str:
    from reader.core.exporting.w3c import xsd_datetime

    return xsd_datetime(value) or now()


def _import_one(library: Library, matcher: _Matcher, ann, report: AnnotationReport, name) -> None:
    article_id, _, why = matcher.article_for(ann)
    placed = None
    if article_id is not None:
        text = matcher.text(article_id)
        if ann.exact:
            selector = anchoring.Selector(
                start=ann.start or 0,
                end=ann.end or 0,
                exact=ann.exact,
                prefix=ann.prefix,
                suffix=ann.suffix,
            )
            found = anchoring.place(selector, text)
            placed = (found.start, found.end) if found else None
        else:
            placed = _position_only(ann, text)
        if placed is None:
            why = f"its text is not found in article {article_id}"
    else:
        article_id = _placeholder(library, ann, name)
    colour = ann.colour if ann.colour in COLOURS else "yellow"
    style = ann.style if ann.style in STYLES else "highlight"
    try:
        existing = library.highlights.get(ann.id) if ann.id else None
    except NotFound:
        existing = None
    if existing is not None and existing.article_id == article_id:
        library.highlights.update(
            ann.id, colour=colour, style=style, note=ann.note, tags=list(ann.tags)
        )
        if placed is not None and (existing.start, existing.end, existing.orphaned) != (
            *placed,
            False,
        ):
            library.highlights.reattach(ann.id, *placed)
        report.updated += 1
        return
    text = matcher.text(article_id) if placed is not None else ""
    sel = anchoring.describe(text, *placed) if placed is not None else None
    library.highlights.restore(
        Highlight(
            id=ann.id if existing is None and ann.id else str(uuid.uuid4()),
            article_id=article_id,
            start=sel.start if sel else 0,
            end=sel.end if sel else 0,
            exact=sel.exact if sel else ann.exact,
            prefix=sel.prefix if sel else ann.prefix,
            suffix=sel.suffix if sel else ann.suffix,
            text_hash=sel.text_hash if sel else "",
            colour=colour,
            style=style,
            note=ann.note,
            tags=list(ann.tags),
            created_at=_stamp(ann.created_at),
            state=ANCHORED if sel else ORPHANED,
        )
    )
    report.added += 1
    if sel is None:
        report.orphaned += 1
        report.notes.append(f"{_short(ann.exact)} ({ann.source or 'no source'}): {why}")


def _position_only(ann, text: str) -> tuple[int, int] | None:
    if ann.start is not None and ann.end is not None and 0 <= ann.start < ann.end <= len(text):
        return ann.start, ann.end
    return None
