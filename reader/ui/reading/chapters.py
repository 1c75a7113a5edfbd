"""A long book shown a few chapters at a time, its offsets still into the whole text.

The document holds the whole canonical text (so highlights, selection, search and the
reading position keep their exact offsets), but the blocks of chapters far from the
reader are hidden (``QTextBlock.setVisible(False)``), and Qt does not lay out hidden
blocks: opening a 300,000-word book at its last chapter lays out that chapter and its
neighbours, not the 1,000 pages before it. Scrolling near either end of what is shown
shows the next chapter; jumping anywhere (the outline, a search hit) shows that chapter
first. An article under ``LONG`` characters, or with fewer than three chapters, is shown
whole, as before.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QTextDocument

from reader.core.document import Utf16Map

LONG = 200_000  # characters: about 35,000 words, laid out whole in about 50 ms
AROUND = 0  # chapters shown on each side of the reader's (more come as the reader scrolls)


class ChapterWindow:
    """Which chapters of one built document are shown; ``starts`` are the chapters'
    first code points in the canonical text (the first is 0)."""

    def __init__(self, doc: QTextDocument, u16: Utf16Map, starts: list[int], size: int) -> None:
        self.doc = doc
        self.u16 = u16
        self.starts = starts
        self.size = size
        self.first = self.last = -1  # the chapters shown, inclusive; none yet

    @classmethod
    def for_article(
        cls, doc: QTextDocument, u16: Utf16Map, starts: list[int], size: int
    ) -> ChapterWindow | None:
        """A window for a long article with chapters, or None to show it whole."""
        starts = sorted({s for s in starts if 0 < s < size})
        if size < LONG or len(starts) < 2:
            return None
        return cls(doc, u16, [0, *starts], size)

    def chapter_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def _bounds(self, chapter: int) -> tuple[int, int]:
        end = self.starts[chapter + 1] if chapter + 1 < len(self.starts) else self.size + 1
        return self.starts[chapter], end

    @property
    def shows_end(self) -> bool:
        return self.last == len(self.starts) - 1

    @property
    def shows_start(self) -> bool:
        return self.first == 0

    def shows(self, offset: int) -> bool:
        return self.first <= self.chapter_of(offset) <= self.last

    def centre_on(self, offset: int) -> None:
        """Show the chapter holding ``offset`` and its neighbours; hide the rest."""
        k = self.chapter_of(offset)
        first, last = max(0, k - AROUND), min(len(self.starts) - 1, k + AROUND)
        if self.first < 0:  # a new document: every block is shown
            self._set(0, first - 1, False)
            self._set(last + 1, len(self.starts) - 1, False)
        else:
            for c in range(self.first, self.last + 1):
                if not first <= c <= last:
                    self._set(c, c, False)
            for c in range(first, last + 1):
                if not self.first <= c <= self.last:
                    self._set(c, c, True)
        self.first, self.last = first, last

    def block_range(self) -> tuple[int, int]:
        """The numbers of the first and last Qt blocks shown (one per article block)."""
        start, _ = self._bounds(self.first)
        _, end = self._bounds(self.last)
        first = self.doc.findBlock(self.u16.to_utf16(start)).blockNumber()
        last = self.doc.findBlock(self.u16.to_utf16(min(end, self.size + 1) - 1)).blockNumber()
        return first, max(first, last)

    def grow(self, forward: bool) -> bool:
        """Show one more chapter after (or before) those shown; False if there is none."""
        if forward and not self.shows_end:
            self.last += 1
            self._set(self.last, self.last, True)
            return True
        if not forward and not self.shows_start:
            self.first -= 1
            self._set(self.first, self.first, True)
            return True
        return False

    def _set(self, first: int, last: int, visible: bool) -> None:
        """Show or hide the blocks of chapters ``first`` to ``last``."""
        if first > last:
            return
        start, _ = self._bounds(first)
        _, end = self._bounds(last)
        start16 = self.u16.to_utf16(start)
        end16 = self.u16.to_utf16(min(end, self.size))
        block = self.doc.findBlock(start16)
        while block.isValid() and block.position() < end16:
            block.setVisible(visible)
            block = block.next()
        # Qt lays out again only what it is told changed.
        self.doc.markContentsDirty(start16, max(0, end16 - start16))
