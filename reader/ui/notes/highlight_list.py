"""The notes pane's lists of highlights: filters over the window's highlights model, and
the delegate that paints a row.

The anchored highlights and the orphans are two views of the one shared
``HighlightsModel`` (``highlights.model``) through :class:`HighlightFilter`, so a
change to one highlight inserts, updates or removes one row. Each row shows
a colour strip, the quote (at most a few lines, elided), the note and the
tags. Orphan rows also draw an "Attach to selection" button.
Row heights are cached per highlight version and width, so a thousand rows
lay out quickly.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPen,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.document import Utf16Map
from reader.core.models import Highlight
from reader.ui.highlights.model import HIGHLIGHT_ROLE, HighlightsModel
from reader.ui.theme import Theme

QUOTE_LINES, NOTE_LINES = 4, 6
PAD, STRIP, GAP = 10, 4, 4
ATTACH_TEXT = "Attach to selection"


class HighlightFilter(QSortFilterProxyModel):
    """The anchored highlights (or the orphans) of the shared model, in its order."""

    def __init__(
        self, source: HighlightsModel, *, orphans: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source  # kept: sourceModel() from Python costs a wrapper per row
        self._orphans = orphans
        self.setSourceModel(source)

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        h = self._source.row_highlight(source_row)
        return h is not None and h.orphaned == self._orphans

    def index(
        self,
        row: int,
        column: int = 0,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        """A list's index: the column may be left out, as for a list model."""
        return super().index(row, column, parent)

    def highlight(self, row: int) -> Highlight | None:
        return self.index(row, 0).data(HIGHLIGHT_ROLE) if 0 <= row < self.rowCount() else None

    def highlights(self) -> list[Highlight]:
        return [self.index(row, 0).data(HIGHLIGHT_ROLE) for row in range(self.rowCount())]

    def row_of(self, highlight_id: str) -> int:
        """The row of a highlight in this list, or -1."""
        row = self._source.row_of(highlight_id)
        if row < 0:
            return -1
        return self.mapFromSource(self._source.index(row, 0)).row()


def wrap(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """The lines ``text`` wraps to at ``width``; the last kept line elided when cut."""
    text = " ".join(text.split())
    if not text or width <= 0:
        return []
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append((line.textStart(), line.textStart() + line.textLength()))
    layout.endLayout()
    u16 = Utf16Map(text)  # QTextLayout counts UTF-16 units
    spans = [(u16.from_utf16(a), u16.from_utf16(b)) for a, b in lines]
    out = [text[a:b].rstrip() for a, b in spans[:max_lines]]
    if len(spans) > max_lines:
        start = spans[max_lines - 1][0]
        out[-1] = QFontMetrics(font).elidedText(text[start:], Qt.TextElideMode.ElideRight, width)
    return out


class HighlightDelegate(QStyledItemDelegate):
    """Paints one highlight row; orphans get an "Attach to selection" button."""

    attachClicked = Signal(str)

    def __init__(self, theme: Theme, *, orphans: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.orphans = orphans
        self._sizes: dict[tuple[str, str, str, int], int] = {}

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        quote = QFont(option.font)
        quote.setFamilies(["Noto Serif", "Georgia", "DejaVu Serif", "serif"])
        quote.setPointSizeF(max(8.0, option.font.pointSizeF()))
        note = QFont(option.font)
        tags = QFont(option.font)
        tags.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.88))
        return quote, note, tags

    def _layout(self, option: QStyleOptionViewItem, h: Highlight, width: int):
        quote_font, note_font, tags_font = self._fonts(option)
        text_width = width - 2 * PAD - STRIP - 6
        quote = wrap(h.exact, quote_font, text_width, QUOTE_LINES)
        note = wrap(h.note, note_font, text_width, NOTE_LINES)
        tags = "  ".join(f"#{t}" for t in h.tags)
        return quote, note, tags, (quote_font, note_font, tags_font)

    @staticmethod
    def button_rect(rect: QRect, font: QFont) -> QRect:
        """Where an orphan row's "Attach to selection" button is."""
        fm = QFontMetrics(font)
        w, hgt = fm.horizontalAdvance(ATTACH_TEXT) + 16, fm.height() + 8
        return QRect(rect.right() - PAD - w, rect.bottom() - PAD - hgt + 1, w, hgt)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        h: Highlight = index.data(HIGHLIGHT_ROLE)
        width = max(120, option.rect.width() or 280)
        key = (h.id, h.updated_at, h.note + "\x1f".join(h.tags), width)
        height = self._sizes.get(key)
        if height is None:
            quote, note, tags, fonts = self._layout(option, h, width)
            lh = [QFontMetrics(f).lineSpacing() for f in fonts]
            height = 2 * PAD + len(quote) * lh[0]
            if note:
                height += GAP + len(note) * lh[1]
            if tags:
                height += GAP + lh[2]
            if self.orphans:
                height += GAP + QFontMetrics(option.font).height() + 8
            if len(self._sizes) > 5000:
                self._sizes.clear()
            self._sizes[key] = height
        return QSize(width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        h: Highlight = index.data(HIGHLIGHT_ROLE)
        theme = self.theme
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hover:
            fill = QColor(theme.selection)
            fill.setAlpha(110 if selected else 45)
            painter.fillRect(rect, fill)
        painter.setPen(QPen(QColor(theme.rule), 1))
        painter.drawLine(rect.bottomLeft() + QPoint(PAD, 0), rect.bottomRight() - QPoint(PAD, 0))
        strip = QRect(rect.left() + PAD, rect.top() + PAD, STRIP, rect.height() - 2 * PAD)
        colour = theme.underline_colour(h.colour)  # the saturated shade reads better as a strip
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(strip, 2, 2)
        quote, note, tags, fonts = self._layout(option, h, rect.width())
        x = strip.right() + 8
        y = rect.top() + PAD
        width = rect.right() - PAD - x
        y = self._lines(painter, fonts[0], quote, x, y, width, QColor(theme.text))
        if note:
            y = self._lines(painter, fonts[1], note, x, y + GAP, width, QColor(theme.text))
        if tags:
            self._lines(painter, fonts[2], [tags], x, y + GAP, width, QColor(theme.muted))
        if self.orphans:
            button = self.button_rect(rect, option.font)
            painter.setPen(QPen(QColor(theme.accent), 1))
            painter.setBrush(QColor(theme.code_background))
            painter.drawRoundedRect(button, 4, 4)
            painter.setPen(QColor(theme.text))
            painter.setFont(option.font)
            painter.drawText(button, Qt.AlignmentFlag.AlignCenter, ATTACH_TEXT)
        painter.restore()

    @staticmethod
    def _lines(
        painter: QPainter, font: QFont, lines: list[str], x: int, y: int, width: int, colour: QColor
    ) -> int:
        painter.setFont(font)
        painter.setPen(colour)
        fm = QFontMetrics(font)
        for line in lines:
            painter.drawText(
                QRect(x, y, width, fm.lineSpacing()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                line,
            )
            y += fm.lineSpacing()
        return y

    def editorEvent(
        self,
        event: QEvent,
        model,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            self.orphans
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.button_rect(option.rect, option.font).contains(event.position().toPoint())
        ):
            h: Highlight = index.data(HIGHLIGHT_ROLE)
            self.attachClicked.emit(h.id)
            return True
        return super().editorEvent(event, model, option, index)
