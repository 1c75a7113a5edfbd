"""The notes pane's list of highlights: a model over ``Highlight`` objects and its delegate.

Each row shows a colour strip, the quote (at most a few lines, elided), the
note and the tags. Orphan rows also draw an "Attach to selection" button.
Row heights are cached per highlight version and width, so a thousand rows
lay out quickly.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.document import Utf16Map
from reader.core.models import Highlight
from reader.ui.plain_text import tooltip
from reader.ui.theme import Theme

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
QUOTE_LINES, NOTE_LINES = 4, 6
PAD, STRIP, GAP = 10, 4, 4
ATTACH_TEXT = "Attach to selection"


class HighlightListModel(QAbstractListModel):
    """A list of highlights, one row each."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[Highlight] = []

    def set_highlights(self, items: list[Highlight]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def highlights(self) -> list[Highlight]:
        return list(self._items)

    def highlight(self, row: int) -> Highlight | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, highlight_id: str) -> int:
        for row, h in enumerate(self._items):
            if h.id == highlight_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        h = self.highlight(index.row()) if index.isValid() else None
        if h is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return h.exact
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(h.note)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            extra = f" Note: {h.note}" if h.note else ""
            return f"{h.colour} highlight: {h.exact}.{extra}"
        if role == HIGHLIGHT_ROLE:
            return h
        return None


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
            and event.button() == Qt.MouseButton.LeftButton
            and self.button_rect(option.rect, option.font).contains(event.position().toPoint())
        ):
            h: Highlight = index.data(HIGHLIGHT_ROLE)
            self.attachClicked.emit(h.id)
            return True
        return super().editorEvent(event, model, option, index)
