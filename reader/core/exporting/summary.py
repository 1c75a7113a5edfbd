"""The one model every exporter reads: an article's metadata, note and highlights.

``summarize(article, highlights)`` turns domain objects into a :class:`Summary`;
each format module is then a pure function from a summary to a string. Nothing
here touches the database or the clock except ``exported_at``'s default.

Reading order: anchored highlights sorted by position (start, end, then
creation time and id as tie-breakers), then the orphans, sorted the same way
by the position they last had. A highlight counts as orphaned in an export when
its state says so *or* when its stored position does not hold its exact text
in the article's canonical text: an export never points at text that is not
there. Orphans have ``start``/``end`` set to ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reader.core.models import Article, Highlight


@dataclass(frozen=True)
class ExportHighlight:
    """One highlight as exporters see it.

    ``start``/``end`` are code-point offsets into the article's canonical text,
    ``None`` for an orphan. ``tags`` are sorted and free of duplicates.
    """

    id: str
    exact: str
    colour: str = "yellow"
    style: str = "highlight"
    note: str = ""
    tags: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    prefix: str = ""
    suffix: str = ""
    created_at: str = ""
    updated_at: str = ""
    orphaned: bool = False


@dataclass(frozen=True)
class Summary:
    """An article prepared for export: metadata, note, highlights in reading order."""

    article_id: int
    title: str
    author: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    added_at: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    highlights: tuple[ExportHighlight, ...] = field(default_factory=tuple)
    exported_at: str = ""
    text_length: int = 0

    @property
    def anchored(self) -> tuple[ExportHighlight, ...]:
        return tuple(h for h in self.highlights if not h.orphaned)

    @property
    def orphans(self) -> tuple[ExportHighlight, ...]:
        return tuple(h for h in self.highlights if h.orphaned)


def now_utc() -> str:
    """The current time in UTC as ISO 8601 with seconds, e.g. ``2024-05-01T12:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as UTC (naive values taken as UTC); ``None`` if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def sorted_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags without blanks or duplicates, in a stable order (case-insensitive, then exact)."""
    unique = {t.strip() for t in tags if t and t.strip()}
    return tuple(sorted(unique, key=lambda t: (t.casefold(), t)))


def summarize(
    article: Article, highlights: Sequence[Highlight], exported_at: str | None = None
) -> Summary:
    """The summary of ``article`` with ``highlights`` (anchored and orphaned, any order).

    Highlights of other articles are ignored. ``exported_at`` defaults to now (UTC).
    """
    text = article.text
    items = []
    for h in highlights:
        if h.article_id != article.id:
            continue
        placed = not h.orphaned and 0 <= h.start <= h.end <= len(text)
        placed = placed and text[h.start : h.end] == h.exact
        item = ExportHighlight(
            id=h.id,
            exact=h.exact,
            colour=h.colour,
            style=h.style,
            note=h.note or "",
            tags=sorted_tags(h.tags),
            start=h.start if placed else None,
            end=h.end if placed else None,
            prefix=h.prefix,
            suffix=h.suffix,
            created_at=h.created_at,
            updated_at=h.updated_at,
            orphaned=not placed,
        )
        items.append((not placed, h.start, h.end, h.created_at, h.id, item))
    items.sort(key=lambda row: row[:5])
    return Summary(
        article_id=article.id,
        title=article.title,
        author=article.author or None,
        url=article.url or None,
        site=article.site or None,
        published=article.published or None,
        added_at=article.added_at,
        tags=sorted_tags(article.tags),
        note=article.note or "",
        highlights=tuple(row[-1] for row in items),
        exported_at=exported_at or now_utc(),
        text_length=len(text),
    )
