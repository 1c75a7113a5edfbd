"""Pages of positioned lines to an article's blocks: a PDF reflowed.

Running headers, footers and page numbers are dropped (:func:`furniture`), each page's
lines are put in reading order, column by column (:func:`reading_order`), and the
lines are joined into paragraphs and headings across line, column and page breaks,
undoing the hyphens that broke words at a line's end (:mod:`.hyphens`). Where each
page's text starts in the canonical text is kept, for the article's outline.

Pure functions over :class:`~.reading.Page`: no PDFium here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from reader.core.document import Block
from reader.core.importing.pdf.hyphens import Vocabulary, join_broken
from reader.core.importing.pdf.reading import Line, Page

ZONE = 0.1  # the top and bottom share of a page where running heads and numbers live
_REPEATS = 0.3  # a line in the zone on this share of the pages (and two) runs on every page
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?(?:#|[ivxlcdm]+)(?:\s*(?:/|of)\s*#)?$|^[-–—(\[]\s*#\s*[-–—)\]]$", re.I
)
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$")
_HEADING_SHARE = 0.15  # sizes larger than the body's make headings if they are this rare


@dataclass
class Laid:
    """The reflowed article: its blocks, and where each page's text starts."""

    blocks: list[Block]
    page_starts: list[int]  # by page (index 0 for page 1): a code-point offset
    headings: list[tuple[int, str]] = field(default_factory=list)  # (offset, text)
    first_line: str = ""


def lay_out(pages: Sequence[Page]) -> Laid:
    """The blocks of a document whose pages are ``pages``, in reading order."""
    dropped = furniture(pages)
    ordered = [reading_order(page, dropped.get(page.number, set())) for page in pages]
    sizes = Counter()
    for lines in ordered:
        for line in lines:
            sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    levels = heading_levels(sizes, body)
    vocabulary = Vocabulary([line.text for lines in ordered for line in lines])
    builder = _Builder(vocabulary)
    for lines in ordered:
        builder.start_page()
        step = _line_step(lines, body)
        for line in lines:
            builder.add(line, levels.get(line.size, 0), step)
    laid = builder.finish()
    laid.first_line = next((lines[0].text for lines in ordered if lines), "")
    return laid


def furniture(pages: Sequence[Page]) -> dict[int, set[int]]:
    """By page number, the indexes of the lines that are running heads or page numbers:
    in the top or bottom zone, and either a bare page number ("12", "iv", "3 of 9") or
    the same line (digits aside) on many pages."""
    candidates: dict[int, list[tuple[int, str]]] = {}
    seen: Counter[str] = Counter()
    for page in pages:
        found = []
        for index, line in _zone_lines(page):
            key = re.sub(r"\d+", "#", line.text.lower())
            found.append((index, key))
        candidates[page.number] = found
        seen.update({key for _, key in found})
    with_text = sum(1 for page in pages if page.lines)
    threshold = max(2, round(_REPEATS * with_text))
    return {
        number: {index for index, key in found if _PAGE_NUMBER.match(key) or seen[key] >= threshold}
        for number, found in candidates.items()
    }


def _zone_lines(page: Page) -> list[tuple[int, Line]]:
    """The lines at the top and at the foot of a page that stand apart from its body:
    up to three, all in the margins' zone, with more space between them and the body
    than between lines (so the first lines of the body are never candidates)."""
    if not page.lines:
        return []
    lines = page.lines
    down = sorted(range(len(lines)), key=lambda i: -lines[i].top)
    found: list[int] = []
    for order, top in ((down, True), (down[::-1], False)):
        group: list[int] = []
        for n, i in enumerate(order):
            line = lines[i]
            inside = (
                line.bottom >= page.height * (1 - ZONE) if top else line.top <= page.height * ZONE
            )
            if not inside or n >= 3:
                break
            group.append(i)
            if n + 1 == len(order):
                break  # no body below them: a short page, not a running head
            near = lines[order[n + 1]]
            gap = line.bottom - near.top if top else near.bottom - line.top
            if gap > 0.8 * (line.top - line.bottom):
                found += group  # apart from the body
                break
    return [(i, lines[i]) for i in dict.fromkeys(found)]


def reading_order(page: Page, dropped: AbstractSet[int] = frozenset()) -> list[Line]:
    """The page's lines (less ``dropped``) in reading order.

    A page in two columns (many lines wholly left of the middle and many wholly right
    of it) is read top to bottom in bands: a line across the middle (a title, a
    figure's caption) is a band of its own; between them, the left column's lines,
    then the right column's. Other pages keep the order of the PDF's text, which is
    the reading order in nearly every single-column document."""
    lines = [line for i, line in enumerate(page.lines) if i not in dropped]
    middle, slack = page.width / 2, page.width * 0.02
    left = [line.x1 <= middle + slack for line in lines]
    right = [line.x0 >= middle - slack for line in lines]
    n_left, n_right = sum(left), sum(right)
    if n_right < 3 or n_left < 3 or n_right < 0.2 * len(lines):
        return lines
    order = sorted(range(len(lines)), key=lambda i: -lines[i].top)
    result: list[Line] = []
    band_left: list[Line] = []
    band_right: list[Line] = []
    for i in order:
        if left[i]:
            band_left.append(lines[i])
        elif right[i]:
            band_right.append(lines[i])
        else:
            result += band_left + band_right + [lines[i]]
            band_left, band_right = [], []
    return result + band_left + band_right


def heading_levels(sizes: Counter, body: float) -> dict[float, int]:
    """Font sizes clearly larger than the body's, and rare, as heading levels 1-6."""
    total = sum(sizes.values())
    larger = [s for s in sizes if s >= body * 1.15 and sizes[s] <= total * _HEADING_SHARE]
    return {size: min(6, n + 1) for n, size in enumerate(sorted(larger, reverse=True))}


def _line_step(lines: list[Line], body: float) -> float:
    """The usual distance from one line's top to the next one's in this page's body."""
    steps = [
        a.top - b.top
        for a, b in pairwise(lines)
        if a.size == body == b.size and 0 < a.top - b.top < body * 3
    ]
    return median(steps) if steps else body * 1.25


class _Builder:
    """Blocks grown line by line, keeping the offset where each page starts."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.done: list[Block] = []
        self.done_length = 0  # the canonical text of ``done``, with its newlines
        self.text = ""
        self.level = 0
        self.last: Line | None = None
        self.left = self.right = 0.0  # the edges of the block's lines in this column
        self.page_starts: list[int | None] = []
        self.fresh_page = False
        self.headings: list[tuple[int, str]] = []

    def start_page(self) -> None:
        self.page_starts.append(None)
        self.fresh_page = True

    def add(self, line: Line, level: int, step: float) -> None:
        if self.last is None or self._breaks(line, level, step):
            self._close()
            start = self.done_length + (1 if self.done else 0)
            self.text, self.level = line.text, level
            self.left, self.right = line.x0, line.x1  # the edges its lines reach
        else:
            self.text, at = join_broken(self.text, line.text, self.vocabulary)
            start = self.done_length + (1 if self.done else 0) + at
        if self.fresh_page:
            self.page_starts[-1] = start
            self.fresh_page = False
        if self.last is None or line.top > self.last.top or abs(line.x0 - self.left) > step * 4:
            self.left, self.right = line.x0, line.x1  # a new column (or page): its edges
        self.left, self.right = min(self.left, line.x0), max(self.right, line.x1)
        self.last = line

    def _breaks(self, line: Line, level: int, step: float) -> bool:
        """Whether ``line`` starts a new block rather than continuing the current one."""
        last = self.last
        assert last is not None
        if level != self.level:
            return True
        moved = self.fresh_page or line.top > last.top + 1 or line.top < last.top - step * 3
        gap = last.bottom - line.top  # the space between the two lines' boxes
        if level:
            return moved or gap > step * 1.2
        if moved:  # a new column or page: the paragraph goes on unless its sentence ended
            if not _ENDS_SENTENCE.search(self.text[-8:]):
                return False
            short = last.x1 < self.right - (self.right - self.left) * 0.1
            return short or not line.text[:1].islower()
        if gap > step * 0.5:  # more space than between lines
            return True
        short = last.x1 < self.right - (self.right - self.left) * 0.15
        if short and _ENDS_SENTENCE.search(self.text[-8:]):  # the last line of a paragraph
            return True
        return line.x0 > self.left + line.size * 0.9 and last.x0 <= self.left + 1

    def _close(self) -> None:
        if not self.text:
            return
        kind = "heading" if self.level else "paragraph"
        if self.level:
            offset = self.done_length + (1 if self.done else 0)
            self.headings.append((offset, self.text))
        self.done.append(Block(kind, self.text, level=self.level))
        self.done_length += len(self.text) + (1 if len(self.done) > 1 else 0)
        self.text = ""

    def finish(self) -> Laid:
        self._close()
        starts: list[int] = []
        following = self.done_length
        for start in reversed(self.page_starts):  # a page without text: where the next starts
            following = start if start is not None else following
            starts.append(following)
        return Laid(self.done, starts[::-1], self.headings)
