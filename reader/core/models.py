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
    archived: bool = False
    favorite: bool = False
    read: bool = False
    note: str = ""
    tags: list[str] = field(default_factory=list)


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
