"""What the reading pane paints over its document: quote bars, image markers, outlines.

None of it is text: the document's text stays the canonical text exactly.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QTextBlock

from .reading_document import kind_of
from .theme import Theme


def paint_block_marks(
    painter: QPainter, first: QTextBlock, bottom: float, theme: Theme, em: float
) -> None:
    """Quote bars and image markers for the blocks from ``first`` down to ``bottom``.

    ``painter`` is in document coordinates.
    """
    layout_of = first.document().documentLayout()
    block = first
    accent = QColor(theme.accent)
    muted = QColor(theme.muted)
    while block.isValid():
        rect = layout_of.blockBoundingRect(block)
        if rect.top() > bottom:
            break
        kind, level = kind_of(block.blockFormat())
        if kind == "quote":
            nxt = block.next()
            end = rect.bottom()
            if nxt.isValid() and kind_of(nxt.blockFormat())[0] == "quote":
                end = layout_of.blockBoundingRect(nxt).top()
            painter.setPen(QPen(accent, max(2.0, em * 0.14)))
            for n in range(max(1, level)):
                x = rect.left() + n * 1.4 * em + 0.45 * em
                painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x, end))
        elif kind == "image":
            line_height = em * 1.5
            layout = block.layout()
            if layout.lineCount():
                line_height = layout.lineAt(0).height()
            _image_mark(
                painter, QPointF(rect.left() + 0.15 * em, rect.top()), em, line_height, muted
            )
            if not block.text():
                font = QFont(painter.font())
                font.setItalic(True)
                painter.setFont(font)
                painter.setPen(muted)
                painter.drawText(
                    QRectF(rect.left() + 1.6 * em, rect.top(), 20 * em, line_height),
                    Qt.AlignmentFlag.AlignVCenter,
                    "image without a description",
                )
        block = block.next()


def _image_mark(
    painter: QPainter, top_left: QPointF, em: float, line_height: float, colour: QColor
) -> None:
    """A small picture frame with a hill, centred on the first line."""
    w, h = 1.05 * em, 0.8 * em
    x, y = top_left.x(), top_left.y() + (line_height - h) / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1.1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(x, y, w, h), 2, 2)
    hill = QPolygonF(
        [
            QPointF(x + 0.12 * w, y + 0.85 * h),
            QPointF(x + 0.42 * w, y + 0.45 * h),
            QPointF(x + 0.62 * w, y + 0.68 * h),
            QPointF(x + 0.75 * w, y + 0.55 * h),
            QPointF(x + 0.9 * w, y + 0.85 * h),
        ]
    )
    painter.drawPolyline(hill)
    painter.setBrush(colour)
    painter.drawEllipse(QPointF(x + 0.72 * w, y + 0.3 * h), 0.07 * w, 0.07 * w)
    painter.restore()


def paint_outline(painter: QPainter, rects: list[QRectF], colour: QColor) -> None:
    """A rounded outline around the line rectangles of one highlight."""
    if not rects:
        return
    path = QPainterPath()
    for rect in rects:
        path.addRoundedRect(rect.adjusted(-2, 0, 2, 0), 3, 3)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path.simplified())
    painter.restore()
