"""Paints highlights into the reading pane's document as character formats.

Highlights may overlap. :func:`segments` cuts them into runs covered by the
same set of highlights; each run gets one format: the blended background of its
"highlight"-style highlights, the underline of its innermost "underline"-style
one, and the ids of all of them (innermost, then newest, first) in the
``P_HIGHLIGHTS`` property, so a click maps back to a highlight. Painting is
incremental: only runs that changed are restored to their built format or
repainted, inside one edit block on an undo-less document (DESIGN.md,
"Performance notes"); after one highlight changes, :meth:`HighlightPainter.repaint`
visits only the runs around it.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument

from reader.core.document import Block, BlockIndex, Utf16Map
from reader.core.models import Highlight
from reader.ui.reading.document import P_HIGHLIGHTS, Builder


class Segment(NamedTuple):
    """A run of text ``[start, end)`` (code points) under the same highlights.

    A named tuple rather than a frozen dataclass: every change to an article's
    highlights makes one per run (a thousand and more) and compares them as sets,
    and tuples are made and hashed in C.
    """

    start: int
    end: int
    ids: tuple[str, ...]  # innermost first, then the newest
    backgrounds: tuple[str, ...]  # colours of the "highlight"-style ones
    underline: str | None  # colour of the innermost "underline"-style one


def segments(highlights: Iterable[Highlight]) -> list[Segment]:
    """Cut possibly overlapping highlights into runs; orphans are skipped."""
    live = [h for h in highlights if not h.orphaned and h.end > h.start]
    if not live:
        return []
    # Newest first among equals: created_at, then the order the library gave them.
    rank = {h.id: n for n, h in enumerate(sorted(live, key=lambda h: h.created_at))}
    cuts = sorted({p for h in live for p in (h.start, h.end)})
    starts: dict[int, list[Highlight]] = {}
    ends: dict[int, list[Highlight]] = {}
    for h in live:
        starts.setdefault(h.start, []).append(h)
        ends.setdefault(h.end, []).append(h)
    active: dict[str, Highlight] = {}
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        for h in ends.get(a, ()):  # every end is a cut: each leaves at its own
            active.pop(h.id, None)
        for h in starts.get(a, ()):
            active[h.id] = h
        if not active:
            continue
        if len(active) == 1:  # most runs: one highlight, nothing to order or blend
            (h,) = active.values()
            if h.style == "underline":
                out.append(Segment(a, b, (h.id,), (), h.colour))
            else:
                out.append(Segment(a, b, (h.id,), (h.colour,), None))
            continue
        order = sorted(active.values(), key=lambda h: (h.end - h.start, -rank[h.id]))
        backgrounds = tuple(h.colour for h in order if h.style != "underline")
        underline = next((h.colour for h in order if h.style == "underline"), None)
        out.append(Segment(a, b, tuple(h.id for h in order), backgrounds, underline))
    return out


_PLACE = attrgetter("start", "end")


def _stretch(
    live: Sequence[Highlight], starts: list[int], reach: list[int], a: int, b: int
) -> tuple[int, int, int, int]:
    """The stretch around ``[a, b)`` that no highlight crosses: its start and end, and the
    highlights in it as ``live[first:stop]``. ``live`` is sorted by place, ``starts`` are
    their starts and ``reach[k]`` the furthest end among ``live[: k + 1]``."""
    lo, hi = a, b
    first = bisect_left(starts, lo)
    while first > 0 and reach[first - 1] > lo:  # one before reaches in: so does it
        first -= 1
        lo = min(lo, starts[first])
    stop = first
    while stop < len(live) and starts[stop] < hi:
        hi = max(hi, live[stop].end)
        stop += 1
    return lo, hi, first, stop


class HighlightPainter:
    """Keeps the painted highlights of one built document in step with a list of them."""

    def __init__(
        self, doc: QTextDocument, blocks: Sequence[Block], builder: Builder, u16: Utf16Map
    ) -> None:
        self.doc = doc
        self.blocks = blocks
        self.builder = builder
        self.u16 = u16
        self.index = BlockIndex.of(blocks)
        self.painted: list[Segment] = []
        self._starts: list[int] = []
        self._looks: dict[tuple, QTextCharFormat] = {}

    def paint(self, highlights: Iterable[Highlight]) -> None:
        new = segments(highlights)
        old_set, new_set = set(self.painted), set(new)
        if old_set != new_set:
            cursor = QTextCursor(self.doc)
            cursor.beginEditBlock()
            for seg in self.painted:
                if seg not in new_set:
                    self._restore(cursor, seg.start, seg.end)
            for seg in new:
                if seg not in old_set:
                    self._paint(cursor, seg)
            cursor.endEditBlock()
        self.painted = new
        self._starts = [s.start for s in new]

    def repaint(self, highlights: Iterable[Highlight], changed: Iterable[tuple[int, int]]) -> None:
        """Repaint where highlights changed, given as the ranges they had and have now.

        Each changed range is widened to the stretch of highlights overlapping it, one
        another's too, so that no highlight, before or after, crosses its ends: its runs
        are then exactly the ones a full :meth:`paint` would make there, and the runs
        elsewhere stay as they are, unvisited.
        """
        seeds = sorted((a, b) for a, b in changed if b > a)
        if not seeds:
            return
        # By place (already so, from the model: the sort only checks), with where each
        # highlight starts and how far those before it reach, to find stretches by bisecting.
        live = sorted((h for h in highlights if not h.orphaned and h.end > h.start), key=_PLACE)
        starts = [h.start for h in live]
        reach = list(itertools.accumulate((h.end for h in live), max))
        stretches: list[tuple[int, int, int, int]] = []  # start, end, first, stop (in live)
        for a, b in seeds:
            if stretches and a < stretches[-1][1]:  # joins the stretch before
                a, b = stretches[-1][0], max(b, stretches[-1][1])
                stretches.pop()
            stretches.append(_stretch(live, starts, reach, a, b))
        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        for start, end, first, stop in reversed(stretches):  # later runs first: the
            i, j = bisect_left(self._starts, start), bisect_left(self._starts, end)  # indices
            old, new = self.painted[i:j], segments(live[first:stop])  # of earlier ones hold
            old_set, new_set = set(old), set(new)
            for seg in old:
                if seg not in new_set:
                    self._restore(cursor, seg.start, seg.end)
            for seg in new:
                if seg not in old_set:
                    self._paint(cursor, seg)
            self.painted[i:j] = new
            self._starts[i:j] = [s.start for s in new]
        cursor.endEditBlock()

    def ids_at(self, offset: int) -> tuple[str, ...]:
        """Ids of the highlights over the character at ``offset``, innermost first."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.painted[i].start <= offset < self.painted[i].end:
            return self.painted[i].ids
        return ()

    def _block_ranges(self, start: int, end: int) -> Iterable[tuple[int, int, int]]:
        """(block number, start, end) of the parts of ``[start, end)`` inside block texts."""
        first, _ = self.index.locate(start)
        for i in range(first, len(self.blocks)):
            bs = self.index.starts[i]
            if bs >= end:
                break
            a, b = max(start, bs), min(end, bs + len(self.blocks[i].text))
            if a < b:
                yield i, a, b

    def _select(self, cursor: QTextCursor, start: int, end: int) -> None:
        cursor.setPosition(self.u16.to_utf16(start))
        cursor.setPosition(self.u16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)

    def _look(self, seg: Segment) -> QTextCharFormat:
        """The background and underline of a segment; a few looks serve every segment."""
        key = (seg.backgrounds, seg.underline)
        fmt = self._looks.get(key)
        if fmt is None:
            theme = self.builder.theme
            fmt = QTextCharFormat()
            if seg.backgrounds:
                fmt.setBackground(theme.blend(list(seg.backgrounds)))
            if seg.underline:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(theme.underline_colour(seg.underline))
            self._looks[key] = fmt
        return fmt

    def _paint(self, cursor: QTextCursor, seg: Segment) -> None:
        fmt = QTextCharFormat(self._look(seg))
        fmt.setProperty(P_HIGHLIGHTS, " ".join(seg.ids))
        for _, a, b in self._block_ranges(seg.start, seg.end):
            self._select(cursor, a, b)
            cursor.mergeCharFormat(fmt)

    def _restore(self, cursor: QTextCursor, start: int, end: int) -> None:
        """Give ``[start, end)`` back the formats it was built with."""
        for i, a, b in self._block_ranges(start, end):
            bs = self.index.starts[i]
            for pa, pb, fmt in self.builder.pieces(self.blocks[i]):
                lo, hi = max(a, bs + pa), min(b, bs + pb)
                if lo < hi:
                    self._select(cursor, lo, hi)
                    cursor.setCharFormat(fmt)
