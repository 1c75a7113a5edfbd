"""Domain objects shared by the importer, the library, the exporters and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from reader.core.colours import COLOURS as COLOURS  # re-exported: most code looks here
from reader.core.colours import STYLES as STYLES
from reader.core.document import Block, canonical_text

ANCHORED, ORPHANED = "anchored", "orphaned"


def now() -> str:
    """The current UTC time as stored in the library: ISO 8601 to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Picture:
    """A picture's bytes as stored: content-addressed by ``digest`` (sha256 of ``data``)."""

    digest: str
    media_type: str  # image/jpeg, image/png, image/gif, image/webp or image/svg+xml
    width: int
    height: int
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class PictureUse:
    """One picture in one article: where it stands (the number of its image block in the
    article's blocks), its alt text and caption there, and the stored picture's facts."""

    digest: str
    position: int
    alt: str
    caption: str
    media_type: str
    width: int
    height: int
    size: int  # bytes stored


@dataclass(frozen=True)
class OutlineEntry:
    """A place in a long article: a chapter of a book or a page of a PDF.

    ``offset`` is where it starts in the canonical text (code points). A chapter has
    ``kind`` "chapter" and ``level`` its depth in the table of contents (1 is the top);
    ``locator`` is the EPUB CFI of its start, without ``epubcfi(...)``. A page has
    ``kind`` "page", ``label`` its printed label ("12", "xi") and ``locator`` its
    1-based number.
    """

    offset: int
    label: str
    kind: str = "chapter"
    level: int = 1
    locator: str = ""


@dataclass
class ImportedArticle:
    """What the importer makes of one source, before it is in a library.

    ``pictures`` holds the bytes of the pictures its image blocks name by digest
    (``Block.picture``); ``problems`` one line for each picture that could not be
    kept (the article imports anyway).
    """

    title: str
    blocks: list[Block]
    source_kind: str  # "url", "html", "markdown", "text"
    url: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    source: str | None = None  # the path or URL it came from, for messages
    pictures: dict[str, Picture] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)  # chapters or pages, in order

    @cached_property
    def text(self) -> str:
        return canonical_text(self.blocks)


@dataclass
class ArticleSummary:
    """One row of the article list: everything but the content."""

    id: int
    title: str
    url: str | None
    author: str | None
    site: str | None
    published: str | None
    added_at: str
    updated_at: str
    word_count: int
    highlights: int
    archived: bool = False
    favorite: bool = False
    read: bool = False
    reading_position: int = 0
    progress: float = 0.0  # how much has been read, 0 to 1
    deleted_at: str | None = None  # set while the article is in the trash
    tags: list[str] = field(default_factory=list)


@dataclass
class Article:
    """An article in the library, with its blocks and canonical text."""

    id: int
    title: str
    blocks: list[Block]
    text: str
    url: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    added_at: str = ""
    updated_at: str = ""
    source_kind: str = ""
    content_hash: str = ""
    word_count: int = 0
    reading_position: int = 0
    progress: float = 0.0  # how much has been read, 0 to 1
    archived: bool = False
    favorite: bool = False
    read: bool = False
    note: str = ""
    tags: list[str] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)  # a book's chapters, a PDF's pages


@dataclass
class Highlight:
    """A highlighted passage: its selectors, its look and its note.

    ``start``/``end`` are code-point offsets into the article's canonical text;
    ``exact``, ``prefix`` and ``suffix`` are the quote selector; ``text_hash`` is
    the hash of the canonical text the position was taken on.
    """

    id: str
    article_id: int
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    text_hash: str = ""
    colour: str = "yellow"
    style: str = "highlight"
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""
    state: str = ANCHORED

    @property
    def orphaned(self) -> bool:
        return self.state == ORPHANED


@dataclass
class SearchHit:
    """One search result. ``kind`` is "article", "highlight" or "note"."""

    article_id: int
    kind: str
    title: str
    snippet: str
    rank: float
    highlight_id: str | None = None
    position: int | None = None  # offset into the canonical text to scroll to, when known


@dataclass
class HighlightRow:
    """A highlight with the title of its article: a row of the list of all highlights."""

    highlight: Highlight
    article_title: str


@dataclass
class Feed:
    """A subscription: a web feed (``kind`` "feed") or an IMAP folder ("imap").

    ``tags`` go to every article it brings; ``full_text`` ("auto", "on", "off") says
    whether an entry's page is fetched when the feed gives only a summary ("auto": when
    its entries are summaries). ``last_error`` is in plain words; ``not_before`` is when
    the next refresh may ask (a server's Retry-After, or the backoff after failures).
    """

    id: int
    url: str
    kind: str = "feed"
    title: str = ""
    site_url: str | None = None
    tags: list[str] = field(default_factory=list)
    full_text: str = "auto"
    options: dict = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    state: dict = field(default_factory=dict)
    added_at: str = ""
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None
    failures: int = 0
    not_before: str | None = None
    unread: int = 0  # its articles not read yet (in the library, not archived)

    @property
    def name(self) -> str:
        return self.title or self.url

    def status(self) -> str:
        """How its refreshes went, in plain words."""
        if self.last_error:
            since = f" ({self.failures} times in a row)" if self.failures > 1 else ""
            ok = f"; last worked {ago(self.last_success_at)}" if self.last_success_at else ""
            return f"failing{since}: {self.last_error}{ok}"
        if self.last_success_at:
            return f"last refreshed {ago(self.last_success_at)}"
        return "not refreshed yet"


def ago(stamp: str | None) -> str:
    """A stored time as "5 minutes ago"."""
    if not stamp:
        return "never"
    try:
        then = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    seconds = int((datetime.now(UTC) - then).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return stamp
