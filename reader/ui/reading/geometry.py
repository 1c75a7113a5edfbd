"""Where things are in the reading pane's laid-out document: lines, blocks, rectangles.

Functions of a ``QTextDocument`` and Qt (UTF-16) positions; the view converts
code points at its edge. Each lays out only as much of the document as it must.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLine


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start:end`` of ``text`` without white space at either end, or None if nothing is left."""
    end = min(end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def char16_at(doc: QTextDocument, point: QPointF) -> int | None:
    """The Qt position of the character under a point (document coordinates), or None off
    the text. (``hitTest`` answers the nearest gap between characters: the character is
    the one before the gap when the point lies left of it.)"""
    pos16 = doc.documentLayout().hitTest(point, Qt.HitTestAccuracy.ExactHit)
    if pos16 < 0:
        return None
    block = doc.findBlock(pos16)
    line = block.layout().lineForTextPosition(pos16 - block.position())
    if line.isValid() and pos16 > block.position():
        x = doc.documentLayout().blockBoundingRect(block).left()
        x += cast("tuple[float, int]", line.cursorToX(pos16 - block.position()))[0]
        if point.x() < x:
            pos16 -= 1
    return pos16


def line_top(doc: QTextDocument, pos16: int) -> float | None:
    """Document y of the line holding ``pos16`` (lays the document out that far)."""
    block = doc.findBlock(pos16)
    if not block.isValid():
        return None
    rect = doc.documentLayout().blockBoundingRect(block)
    line = block.layout().lineForTextPosition(pos16 - block.position())
    return rect.top() + (line.y() if line.isValid() else 0.0)


def first_block_in_view(doc: QTextDocument, near16: int, y: float) -> QTextBlock:
    """The block at document y ``y`` (or the one before it), found walking back from
    ``near16``, the tracked reading position: a hit test on a document not laid out yet
    answers its last block, and laying out up to that took 90 ms for a 100k-word article."""
    layout_of = doc.documentLayout()
    block = doc.findBlock(near16)
    while block.previous().isValid() and layout_of.blockBoundingRect(block).top() > y:
        block = block.previous()
    return block.previous() if block.previous().isValid() else block


def range_rects(doc: QTextDocument, start16: int, end16: int) -> list[QRectF]:
    """Rectangles (document coordinates) of the lines of text between two Qt positions."""
    rects: list[QRectF] = []
    layout_of = doc.documentLayout()
    block = doc.findBlock(start16)
    while block.isValid() and block.position() <= end16:
        layout = block.layout()
        layout_of.blockBoundingRect(block)  # lays the block out if it is not yet
        origin = layout.position()
        base = block.position()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            ls, le = base + line.textStart(), base + line.textStart() + line.textLength()
            a, b = max(start16, ls), min(end16, le)
            if a >= b:
                continue
            x1, x2 = _x_at(line, a - base), _x_at(line, b - base)
            rect = QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height())
            rects.append(rect.translated(origin))
        block = block.next()
    return rects


def _x_at(line: QTextLine, position: int) -> float:
    """The x of a cursor ``position`` in ``line``."""
    # PySide answers (x, position) for C++'s cursorToX(int *, Edge); its stub says only
    # "object", so the tuple's type is stated here.
    x, _ = cast("tuple[float, int]", line.cursorToX(position))
    return x


def position_at_y(doc: QTextDocument, y: float) -> int:
    """Qt position at the column's left edge at document ``y`` (0 above the text)."""
    x = doc.rootFrame().frameFormat().leftMargin() + 1
    return max(0, doc.documentLayout().hitTest(QPointF(x, y), Qt.HitTestAccuracy.FuzzyHit))
