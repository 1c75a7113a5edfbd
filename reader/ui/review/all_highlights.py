"""All highlights in one place: every highlight of the library, newest first, a page at a
time, filtered by words, colour, tag, article and date; a row opens its article at the
highlight.

The list reads ``library.highlights.across`` (keyset pages of ``PAGE`` rows, so 100,000
highlights scroll as 200 do); rows are one height, so the view lays out only what it
shows. Typing in the search field filters after a pause.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import COLOURS, HighlightRow
from reader.core.storage.highlights import HighlightQuery
from reader.core.storage.library import Library
from reader.ui.dates import display_date
from reader.ui.library.views import ListView, begin_row
from reader.ui.made import named, timer
from reader.ui.plain_text import tooltip
from reader.ui.theme import Theme

PAGE = 200
PAD, STRIP = 10, 4
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
SINCE = (  # label, days back (None: any time)
    ("Any time", None),
    ("Today", 0),
    ("Past week", 7),
    ("Past month", 31),
    ("Past year", 365),
)
Index = QModelIndex | QPersistentModelIndex


class AllHighlightsModel(QStringListModel):
    """Highlight rows, loaded a page at a time (the row count lives in C++: see
    ``library.views.ArticleListModel``)."""

    def __init__(self, library: Library, parent=None, page: int = PAGE) -> None:
        super().__init__(parent)
        self._library = library
        self._page = page
        self._rows: list[HighlightRow] = []
        self._total = 0
        self.query = HighlightQuery()

    def load(self, query: HighlightQuery) -> None:
        self.query = query
        self._total = self._library.highlights.count_across(query)
        self._rows = self._library.highlights.across(query, limit=self._page)
        self.setStringList([""] * len(self._rows))

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._rows:
            return
        last = self._rows[-1].highlight
        more = self._library.highlights.across(self.query, limit=self._page, after=last)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self._rows += more
        self.insertRows(first, len(more))

    def row(self, n: int) -> HighlightRow:
        return self._rows[n]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.highlight.exact
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{row.highlight.exact}\n\n{row.article_title}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            h = row.highlight
            return f"{h.exact}. {h.note}. From {row.article_title}, {display_date(h.created_at)}"
        return None


class AllHighlightsDelegate(QStyledItemDelegate):
    """Three lines: the passage (two, elided), then article · date · tags, and the note."""

    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(parent)
        self.theme = theme

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        quote = QFont(option.font)
        quote.setFamilies(["Noto Serif", "Georgia", "DejaVu Serif", "serif"])
        quote.setPointSizeF(max(9.0, option.font.pointSizeF() * 1.08))
        meta = QFont(option.font)
        meta.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return quote, meta

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        quote, meta = self._fonts(option)
        lines = 2 * QFontMetrics(quote).lineSpacing() + 2 * QFontMetrics(meta).lineSpacing()
        return QSize(max(200, option.rect.width()), lines + 2 * PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: HighlightRow = index.data(ROW_ROLE)
        h = row.highlight
        selected = begin_row(painter, option, index)  # saves the painter
        theme = self.theme
        rect = option.rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.underline_colour(h.colour))
        painter.drawRoundedRect(
            QRect(rect.left() + PAD, rect.top() + PAD, STRIP, rect.height() - 2 * PAD), 2, 2
        )
        text = option.palette.color(
            option.palette.ColorRole.HighlightedText if selected else option.palette.ColorRole.Text
        )
        muted = QColor(text)
        muted.setAlphaF(0.62)
        quote_font, meta_font = self._fonts(option)
        x = rect.left() + PAD + STRIP + 8
        width = rect.right() - PAD - x
        y = rect.top() + PAD
        qm = QFontMetrics(quote_font)
        painter.setFont(quote_font)
        painter.setPen(text)
        passage = " ".join(h.exact.split())
        first, rest = _split_line(passage, qm, width)
        painter.drawText(QRect(x, y, width, qm.lineSpacing()), Qt.AlignmentFlag.AlignLeft, first)
        y += qm.lineSpacing()
        second = qm.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, qm.lineSpacing()), Qt.AlignmentFlag.AlignLeft, second)
        y += qm.lineSpacing() + 2
        mm = QFontMetrics(meta_font)
        painter.setFont(meta_font)
        painter.setPen(muted)
        parts = [row.article_title, display_date(h.created_at)]
        if h.tags:
            parts.append(" ".join(f"#{t}" for t in h.tags))
        if h.orphaned:
            parts.append("not in the text any more")
        meta = mm.elidedText(" · ".join(parts), Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, mm.lineSpacing()), Qt.AlignmentFlag.AlignLeft, meta)
        y += mm.lineSpacing()
        if h.note:
            meta_font.setItalic(True)
            painter.setFont(meta_font)
            painter.setPen(text)
            note = mm.elidedText(" ".join(h.note.split()), Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(x, y, width, mm.lineSpacing()), Qt.AlignmentFlag.AlignLeft, note)
        painter.restore()


def _split_line(text: str, metrics: QFontMetrics, width: int) -> tuple[str, str]:
    """The words of ``text`` that fit on one line of ``width``, and the rest."""
    if metrics.horizontalAdvance(text) <= width:
        return text, ""
    words, line = text.split(" "), ""
    for n, word in enumerate(words):
        candidate = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(candidate) > width:
            if not line:  # one word wider than the line
                return metrics.elidedText(word, Qt.TextElideMode.ElideRight, width), " ".join(
                    words[n + 1 :]
                )
            return line, " ".join(words[n:])
        line = candidate
    return line, ""


class AllHighlightsView(QWidget):
    """The filters above the list; ``opened(article_id, highlight_id)`` when a row is
    chosen (a click, or Enter)."""

    opened = Signal(int, str)

    def __init__(self, library: Library, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("all_highlights")
        self._library = library
        self.search = named(QLineEdit(self), "highlights_search")
        self.search.setPlaceholderText("Search highlights and notes")
        self.search.setClearButtonEnabled(True)
        self.colour = named(QComboBox(self), "highlights_colour")
        self.colour.addItem("Any colour", None)
        for colour in COLOURS:
            self.colour.addItem(colour.capitalize(), colour)
        self.tag = named(QComboBox(self), "highlights_tag")
        self.article = named(QComboBox(self), "highlights_article")
        self.article.setMaximumWidth(320)
        self.since = named(QComboBox(self), "highlights_since")
        for label, days in SINCE:
            self.since.addItem(label, days)
        self.count = named(QLabel(self), "highlights_count")
        self.model = AllHighlightsModel(library, self)
        self.list = named(ListView(self), "highlights_list")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(AllHighlightsDelegate(theme, self.list))
        self.list.setVerticalScrollMode(ListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.placeholder = "No highlights yet: select text in an article and press H."
        self.list.clicked.connect(self._open)
        self.list.activated.connect(self._open)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for box in (self.colour, self.tag, self.article, self.since):
            filters.addWidget(box)
        heading = QHBoxLayout()
        title = QLabel("All highlights", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)

        self._typing = timer(self, 250)
        self._typing.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        for box in (self.colour, self.tag, self.article, self.since):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.setFocusProxy(self.list)

    def set_theme(self, theme: Theme) -> None:
        delegate = self.list.itemDelegate()
        if isinstance(delegate, AllHighlightsDelegate):
            delegate.theme = theme
        self.list.viewport().update()

    def refresh(self) -> None:
        """Read the filters' choices (tags, articles) and the list afresh, as the
        library is now; what was chosen stays chosen where it still exists."""
        _refill(self.tag, "Any tag", [(f"#{n}", n) for n, _count in self._library.tags.in_use()])
        articles = self._library.highlights.articles_with_highlights()
        _refill(self.article, "All articles", [(f"{t} ({n})", i) for i, t, n in articles])
        self.reload()

    def query(self) -> HighlightQuery:
        days = self.since.currentData()
        since = None
        if days is not None:
            start = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
            since = (start - timedelta(days=days)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return HighlightQuery(
            tag=self.tag.currentData(),
            colour=self.colour.currentData(),
            article_id=self.article.currentData(),
            since=since,
            text=self.search.text().strip() or None,
        )

    def reload(self) -> None:
        self._typing.stop()
        query = self.query()
        self.model.load(query)
        n = self.model.total
        self.count.setText(f"{n:,} highlight{'s' if n != 1 else ''}")
        if query != HighlightQuery():
            self.list.placeholder = "No highlight matches these filters."
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            h = self.model.row(index.row()).highlight
            self.opened.emit(h.article_id, h.id)


def _refill(box: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, None)
    for label, value in items:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
    box.blockSignals(False)
