"""Where a passage is in a long article: its chapter and its page, from the outline.

    where = locate(article.outline, highlight.start)
    where.label           # "The Voyage · p. 12", "p. 12", "The Voyage" or ""

An outline (``OutlineEntry`` list, in reading order) holds chapters, pages or both;
the place of an offset is the last entry of each kind that starts at or before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.models import OutlineEntry


@dataclass(frozen=True)
class Location:
    """The chapter and the page a passage starts in (either may be unknown)."""

    chapter: OutlineEntry | None = None
    page: OutlineEntry | None = None

    @property
    def page_label(self) -> str:
        """ "p. 12" for a passage on page 12, else ""."""
        return f"p. {self.page.label}" if self.page is not None else ""

    @property
    def label(self) -> str:
        """The chapter's title and the page, as a reader would cite them."""
        parts = [self.chapter.label if self.chapter else "", self.page_label]
        return " · ".join(p for p in parts if p)

    def __bool__(self) -> bool:
        return self.chapter is not None or self.page is not None


def locate(outline: Sequence[OutlineEntry], offset: int) -> Location:
    """The chapter (the deepest one that has begun) and the page ``offset`` is in."""
    return Location(
        chapter=_last_before(outline, offset, "chapter"),
        page=_last_before(outline, offset, "page"),
    )


def _last_before(outline: Sequence[OutlineEntry], offset: int, kind: str) -> OutlineEntry | None:
    entries = [e for e in outline if e.kind == kind]
    i = bisect_right([e.offset for e in entries], offset)
    if i == 0:
        return None
    # Chapters nest: a section that began after its chapter is the place; entries that
    # start at the same offset (a part and its first chapter) give the deepest.
    at = entries[i - 1].offset
    same = [e for e in entries[:i] if e.offset == at]
    return max(same, key=lambda e: e.level)
