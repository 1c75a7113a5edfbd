"""The one model every exporter reads: an article's metadata, note and highlights.

``summarize(article, highlights)`` turns domain objects into a :class:`Summary`;
``summarize_articles(library, ids)`` does it for articles in a library (the
command line and the window's export both use it). Each format module is then
a pure function from a summary to a string. Nothing here writes to the
database or reads the clock except ``exported_at``'s default.

The summary holds the article's highlights as ``Highlight`` objects (copies:
the caller's are left as they were), in reading order: anchored highlights
sorted by position (start, end, then creation time and id as tie-breakers),
then the orphans, sorted the same way by the position they last had. A
highlight counts as orphaned in an export when its state says so *or* when its
stored position does not hold its exact text in the article's canonical text:
its copy is then marked orphaned, and exporters give orphans no position, so an
export never points at text that is not there. Tags are sorted and free of
duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from reader.core.models import ORPHANED, Article, Highlight


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
    highlights: tuple[Highlight, ...] = field(default_factory=tuple)
    exported_at: str = ""
    text_length: int = 0

    @property
    def anchored(self) -> tuple[Highlight, ...]:
        return tuple(h for h in self.highlights if not h.orphaned)

    @property
    def orphans(self) -> tuple[Highlight, ...]:
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
        item = replace(
            h,
            note=h.note or "",
            tags=list(sorted_tags(h.tags)),
            state=h.state if placed else ORPHANED,
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


class _Articles(Protocol):
    def get(self, article_id: int) -> Article: ...


class _Highlights(Protocol):
    def of(self, article_id: int) -> list[Highlight]: ...


class ArticleSource(Protocol):
    """Where :func:`summarize_articles` reads from: the ``Library``'s ``articles`` and
    ``highlights`` parts (described here, not imported, so that exporting stays below
    storage in the layers)."""

    @property
    def articles(self) -> _Articles: ...

    @property
    def highlights(self) -> _Highlights: ...


def summarize_articles(
    library: ArticleSource,
    article_ids: Sequence[int],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    exported_at: str | None = None,
) -> list[Summary]:
    """The summaries of articles in a library, in the order given, all with one export
    time. ``progress(done, total)`` is told before each article; when ``cancelled()``
    says so, the summaries made so far are returned."""
    stamp = exported_at or now_utc()
    summaries = []
    for done, article_id in enumerate(article_ids):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(article_ids))
        article = library.articles.get(article_id)
        summaries.append(summarize(article, library.highlights.of(article_id), stamp))
    return summaries
