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

from reader.core.models import ORPHANED, Article, Highlight, OutlineEntry, Picture
from reader.core.outline import Location, locate

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}


@dataclass(frozen=True)
class SummaryPicture:
    """A picture inside or beside a highlight (``highlight_id``), with its bytes."""

    highlight_id: str
    digest: str
    media_type: str
    alt: str
    data: bytes = field(repr=False)

    @property
    def file_name(self) -> str:
        """Its file in an export's attachments folder: content-addressed, so a re-export
        (or another article with the same picture) writes no second copy."""
        return f"{self.digest[:32]}.{EXTENSIONS.get(self.media_type, 'bin')}"


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
    pictures: tuple[SummaryPicture, ...] = ()  # inside or beside its highlights
    outline: tuple[OutlineEntry, ...] = ()  # a book's chapters, a PDF's pages

    def location_of(self, highlight: Highlight) -> Location:
        """The chapter and page a highlight is in (nothing for an orphan or a web page)."""
        if highlight.orphaned or not self.outline:
            return Location()
        return locate(self.outline, highlight.start)

    def pictures_of(self, highlight_id: str) -> tuple[SummaryPicture, ...]:
        return tuple(p for p in self.pictures if p.highlight_id == highlight_id)

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
        outline=tuple(article.outline),
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
        summary = summarize(article, library.highlights.of(article_id), stamp)
        pictures = getattr(library, "pictures", None)  # a Library has them; tests may not
        if pictures is not None and any(b.picture for b in article.blocks):
            found = highlight_pictures(article, summary.anchored, pictures)
            summary = replace(summary, pictures=tuple(found))
        summaries.append(summary)
    return summaries


class _Pictures(Protocol):
    def data(self, digest: str) -> bytes | None: ...

    def get(self, digest: str) -> Picture | None: ...


def highlight_pictures(
    article: Article, highlights: Sequence[Highlight], pictures: _Pictures
) -> list[SummaryPicture]:
    """The pictures inside or beside each highlight: a picture whose alt text or caption
    it covers in part, or that stands right before or after the block it starts or ends in."""
    spans = []  # (first block, last block, start, end, digest, alt) of each picture
    offsets, at = [], 0
    for block in article.blocks:
        offsets.append(at)
        at += len(block.text) + 1
    blocks = article.blocks
    for i, block in enumerate(blocks):
        if block.kind != "image" or not block.picture:
            continue
        last = i + 1 if i + 1 < len(blocks) and blocks[i + 1].kind == "caption" else i
        end = offsets[last] + len(blocks[last].text)
        spans.append((i, last, offsets[i], end, block.picture, block.text))
    found: list[SummaryPicture] = []
    cache: dict[str, Picture | None] = {}
    for h in highlights:
        first_block = _block_at(offsets, h.start)
        last_block = _block_at(offsets, max(h.start, h.end - 1))
        for i, last, start, end, digest, alt in spans:
            inside = h.start <= end and h.end >= start
            beside = i == last_block + 1 or last == first_block - 1
            if not (inside or beside):
                continue
            if digest not in cache:
                cache[digest] = pictures.get(digest)
            picture = cache[digest]
            if picture is not None:
                found.append(SummaryPicture(h.id, digest, picture.media_type, alt, picture.data))
    return found


def _block_at(offsets: list[int], position: int) -> int:
    """The number of the block holding ``position`` of the canonical text."""
    from bisect import bisect_right

    return max(0, bisect_right(offsets, position) - 1)
