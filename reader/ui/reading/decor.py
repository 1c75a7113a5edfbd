"""What the reading pane paints over its document: quote bars, image markers, outlines,
the brief mark of a place jumped to.

None of it is text: the document's text stays the canonical text exactly.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit

from reader.core.models import Article
from reader.core.reading_time import WORDS_PER_MINUTE
from reader.ui.dates import display_date
from reader.ui.reading.document import CODE_PAD, P_PICTURE, Look, kind_of
from reader.ui.theme import Theme

_WRAP = Qt.TextFlag.TextWordWrap.value


class Header(NamedTuple):  # not a dataclass: 7x cheaper to make at startup
    """The title and byline painted above the text (they are not part of the text)."""

    title: str
    byline: str

    @classmethod
    def of(cls, article: Article) -> Header:
        first = article.blocks[0] if article.blocks else None
        title = article.title.strip()
        if first is not None and first.kind == "heading" and _same(first.text, title):
            title = ""  # the article opens with its title already
        parts = [article.author, article.site, display_date(article.published)]
        minutes = max(1, round(article.word_count / WORDS_PER_MINUTE))
        parts.append(f"{minutes} min read")
        return cls(title, " · ".join(p.strip() for p in parts if p and p.strip()))

    def fonts(self, look: Look) -> tuple[QFont, QFont]:
        title = look.font()
        title.setPointSizeF(look.points * 1.75)
        title.setWeight(QFont.Weight.Bold)
        byline = QFont()
        byline.setPointSizeF(look.points * 0.82)
        return title, byline

    def height(self, look: Look, width: float) -> float:
        """Pixels the header needs above the first block."""
        title_font, byline_font = self.fonts(look)
        height = 0.0
        if self.title:
            box = QRectF(0, 0, width, 10_000)
            height += QFontMetricsF(title_font).boundingRect(box, _WRAP, self.title).height()
            height += 0.35 * look.em()
        if self.byline:
            height += QFontMetricsF(byline_font).height() + 1.6 * look.em()
        return height

    def paint(self, painter: QPainter, look: Look, x: float, y: float, width: float) -> None:
        title_font, byline_font = self.fonts(look)
        painter.save()
        if self.title:
            painter.setFont(title_font)
            painter.setPen(QColor(look.theme.text))
            box = QRectF(x, y, width, 10_000)
            used = QFontMetricsF(title_font).boundingRect(box, _WRAP, self.title)
            painter.drawText(box, _WRAP, self.title)
            y += used.height() + 0.35 * look.em()
        if self.byline:
            painter.setFont(byline_font)
            painter.setPen(QColor(look.theme.muted))
            painter.drawText(QRectF(x, y, width, 100), Qt.AlignmentFlag.AlignLeft, self.byline)
        painter.restore()


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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
        elif kind == "image" and not block.blockFormat().stringProperty(P_PICTURE):
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


def paint_underlays(
    painter: QPainter, first: QTextBlock, bottom: float, theme: Theme, em: float, width: float
) -> None:
    """Backgrounds painted before the text: code runs, padded beyond their lines.

    Qt's own block background cannot be padded (it starts where the text starts),
    so code blocks carry none and get theirs here. ``width`` is the text column's.
    """
    layout_of = first.document().documentLayout()
    fill = QColor(theme.code_background)
    pad = CODE_PAD * em
    block = first
    while block.isValid():
        rect = layout_of.blockBoundingRect(block)
        if rect.top() > bottom + pad:
            break
        if kind_of(block.blockFormat())[0] == "code":
            top, end = rect.top(), rect.bottom()
            prev, nxt = block.previous(), block.next()
            if not prev.isValid() or kind_of(prev.blockFormat())[0] != "code":
                top -= pad
            if nxt.isValid() and kind_of(nxt.blockFormat())[0] == "code":
                end = layout_of.blockBoundingRect(nxt).top()
            else:
                end += pad
            painter.fillRect(QRectF(rect.left(), top, width, end - top), fill)
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


def flash_mark(
    doc: QTextDocument, start16: int, end16: int | None, colour: QColor | str
) -> QTextEdit.ExtraSelection:
    """A passage marked for a moment: ``start16:end16`` (Qt positions), or from
    ``start16`` to the end of its line when ``end16`` is None."""
    cursor = QTextCursor(doc)
    cursor.setPosition(start16)
    if end16 is None:
        cursor.movePosition(QTextCursor.MoveOperation.EndOfLine, QTextCursor.MoveMode.KeepAnchor)
    else:
        cursor.setPosition(end16, QTextCursor.MoveMode.KeepAnchor)
    fmt = QTextCharFormat()
    colour = QColor(colour)
    colour.setAlpha(110)
    fmt.setBackground(colour)
    mark = QTextEdit.ExtraSelection()
    mark.format = fmt
    mark.cursor = cursor
    return mark
