"""Models and delegates of the library pane: article rows in pages, and search hits."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
)
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.models import ArticleSummary, SearchHit
from reader.core.storage.library import Library
from reader.ui.plain_text import tooltip
from reader.ui.viewports import own_viewport

PAGE = 200
PAD_X, PAD_Y, GAP = 10, 7, 2
UNREAD = QColor("#3b82c4")
STAR = "★"

Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QStringListModel):
    """Article summaries, loaded a page at a time as the view scrolls down.

    A QStringListModel (of empty strings) underneath only so that the row count
    lives in C++: laying out its rows, QListView asks the model for every row's
    index, and each question answered in Python made adding a page to 50,000
    rows take 130 ms instead of 8.
    """

    SummaryRole = Qt.ItemDataRole.UserRole + 1
    FLAGS = (
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
    )

    def __init__(self, library: Library, parent=None, page: int = PAGE) -> None:
        super().__init__(parent)
        self._library = library
        self._page = page
        self._rows: list[ArticleSummary] = []
        self._row_of_id: dict[int, int] = {}
        self._total = 0
        self._query: dict = {"sort": "added", "archived": False}

    def load(self, **query) -> None:
        """List the articles that ``Library.articles.list(**query)`` gives, from the top."""
        self._query = query
        filters = {k: v for k, v in query.items() if k != "sort"}
        self._total = self._library.articles.count(**filters)
        self._rows = self._library.articles.list(**query, limit=self._page, offset=0)
        self._row_of_id = {summary.id: row for row, summary in enumerate(self._rows)}
        self.setStringList([""] * len(self._rows))  # resets the model

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self.FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        last = self._rows[-1] if self._rows else None
        more = self._library.articles.list(**self._query, limit=self._page, after=last)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        for summary in more:
            self._row_of_id.setdefault(summary.id, len(self._rows))
            self._rows.append(summary)
        self.insertRows(first, len(more))  # the rows are there before the view asks

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title
        if role == self.SummaryRole:
            return summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(
                "\n".join(filter(None, [summary.title, summary.url, meta_line(summary)]))
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{summary.title}, {meta_line(summary)}" + ("" if summary.read else ", unread")
        return None

    @property
    def total(self) -> int:
        return self._total

    def summary(self, row: int) -> ArticleSummary:
        return self._rows[row]

    def set_summary(self, row: int, summary: ArticleSummary) -> None:
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row), self.index(row))

    def loaded_row(self, article_id: int) -> int | None:
        """The row of an article among the pages loaded so far, fetching nothing."""
        return self._row_of_id.get(article_id)

    def listed(self, article_id: int) -> ArticleSummary | None:
        """An article's row if the list holds it, loaded or not; loading nothing."""
        row = self._row_of_id.get(article_id)
        if row is not None:
            return self._rows[row]
        found = self._library.articles.list(**self._query, article_id=article_id, limit=1)
        return found[0] if found else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an article, fetching further pages until it is found (or not)."""
        while True:
            row = self._row_of_id.get(article_id)
            if row is not None:
                return row
            if not self.canFetchMore():
                return None
            self.fetchMore()


class SearchModel(QAbstractListModel):
    """Ranked search hits."""

    HitRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == self.HitRole:
            return hit
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            from reader.core.search import marked  # loaded with the first search, not at startup

            text = f"{hit.title} ({KINDS.get(hit.kind, hit.kind)}): {marked(hit.snippet, '', '')}"
            return tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]


KINDS = {"article": "text", "highlight": "highlight", "note": "note"}


def nice_date(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        day = datetime.fromisoformat(stamp[:10])
    except ValueError:
        return stamp[:10]
    return f"{day.day} {day:%b %Y}"


def meta_line(summary: ArticleSummary) -> str:
    """site · date · highlights (or reading time); in the trash the date is when it went."""
    if summary.deleted_at:
        parts = [summary.site or "", f"deleted {nice_date(summary.deleted_at)}"]
    else:
        parts = [summary.site or "", nice_date(summary.published or summary.added_at)]
    n = summary.highlights
    if n:
        parts.append(f"{n} highlight{'s' if n != 1 else ''}")
    elif summary.word_count:
        parts.append(f"{max(1, round(summary.word_count / 230))} min read")
    return " · ".join(p for p in parts if p)


class ListView(QListView):
    """A list that says something useful when it is empty."""

    placeholder = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own_viewport(self)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is None or self.model().rowCount() or not self.placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(16, 24, -16, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), self.placeholder)
        painter.end()


def begin_row(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> bool:
    """Whether the row is selected, once the painter is saved and a selected row's
    background is drawn (as Fusion draws an item view's panel: the palette's highlight,
    of the inactive group in an inactive window); the delegate then draws the text.

    Selection comes from the view, not from ``option.state``: reading that (or asking for
    the view's style) makes PySide create QStyle's classes and eleven enums, 7 ms that
    the first paint does without. The model sets no fonts or colours of its own, so the
    view's option is the row's as it is (``initStyleOption`` would only ask it)."""
    painter.save()
    view = option.widget
    selected = isinstance(view, QListView) and view.selectionModel().isSelected(index)
    if selected:
        group = (
            QPalette.ColorGroup.Normal if view.isActiveWindow() else QPalette.ColorGroup.Inactive
        )
        if not view.isEnabled():
            group = QPalette.ColorGroup.Disabled
        painter.fillRect(option.rect, option.palette.brush(group, QPalette.ColorRole.Highlight))
    return selected


def _text_colour(option: QStyleOptionViewItem, selected: bool, secondary: bool = False) -> QColor:
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    colour = QColor(option.palette.color(role))
    if secondary:
        colour.setAlphaF(0.85 if selected else 0.62)
    return colour


class ArticleDelegate(QStyledItemDelegate):
    """Two lines: the title (bold with a dot while unread, a star for favourites), then
    site · date · highlights."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = option.fontMetrics
        return QSize(200, PAD_Y * 2 + GAP + fm.height() * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: ArticleSummary | None = index.data(ArticleListModel.SummaryRole)
        if summary is None:
            return
        opt, selected = option, begin_row(painter, option, index)
        rect = opt.rect.adjusted(PAD_X + 6, PAD_Y, -PAD_X, -PAD_Y)
        title_font = QFont(opt.font)
        title_font.setWeight(QFont.Weight.DemiBold if not summary.read else QFont.Weight.Normal)
        fm_title = QFontMetrics(title_font)
        line1 = QRect(rect.left(), rect.top(), rect.width(), fm_title.height())
        if not summary.read:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(UNREAD if not selected else _text_colour(opt, selected))
            d = 6
            painter.drawEllipse(rect.left() - d - 5, line1.center().y() - d // 2 + 1, d, d)
        right = ""
        if summary.favorite:
            right = STAR
        title_width = line1.width()
        if right:
            star_width = QFontMetrics(opt.font).horizontalAdvance(right) + 6
            title_width -= star_width
            painter.setFont(opt.font)
            painter.setPen(QColor("#d4a017"))
            painter.drawText(
                line1, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right
            )
        painter.setFont(title_font)
        painter.setPen(_text_colour(opt, selected))
        title = fm_title.elidedText(summary.title, Qt.TextElideMode.ElideRight, title_width)
        painter.drawText(
            line1.adjusted(0, 0, -(line1.width() - title_width), 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title,
        )
        meta_font = QFont(opt.font)
        meta_font.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.9))
        fm_meta = QFontMetrics(meta_font)
        line2 = QRect(rect.left(), line1.bottom() + 1 + GAP, rect.width(), fm_meta.height())
        painter.setFont(meta_font)
        painter.setPen(_text_colour(opt, selected, secondary=True))
        painter.drawText(
            line2,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm_meta.elidedText(meta_line(summary), Qt.TextElideMode.ElideRight, line2.width()),
        )
        painter.restore()


class HitDelegate(QStyledItemDelegate):
    """A search hit: its article's title and what kind of match, then the snippet with
    the matched words in bold (up to two lines)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = option.fontMetrics
        return QSize(200, PAD_Y * 2 + GAP + fm.height() + fm.lineSpacing() * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit: SearchHit | None = index.data(SearchModel.HitRole)
        if hit is None:
            return
        opt, selected = option, begin_row(painter, option, index)
        rect = opt.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.85))
        kind = KINDS.get(hit.kind, hit.kind)
        kind_width = QFontMetrics(small).horizontalAdvance(kind) + 8
        fm = QFontMetrics(bold)
        line1 = QRect(rect.left(), rect.top(), rect.width(), fm.height())
        painter.setFont(small)
        painter.setPen(_text_colour(opt, selected, secondary=True))
        painter.drawText(
            line1, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), kind
        )
        painter.setFont(bold)
        painter.setPen(_text_colour(opt, selected))
        painter.drawText(
            line1.adjusted(0, 0, -kind_width, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(hit.title, Qt.TextElideMode.ElideRight, line1.width() - kind_width),
        )
        body = QRect(rect.left(), line1.bottom() + 1 + GAP, rect.width(), rect.height())
        painter.setPen(_text_colour(opt, selected, secondary=True))
        draw_snippet(painter, hit.snippet, opt.font, body)
        painter.restore()


def split_marks(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet's plain text (white space collapsed) and its marked (start, length) runs."""
    from reader.core.search import MARK_CLOSE, MARK_OPEN

    text, runs, inside = "", [], False
    for i, part in enumerate(re.split(f"[{MARK_OPEN}{MARK_CLOSE}]", " ".join(snippet.split()))):
        inside = bool(i % 2)
        if inside and part:
            runs.append((len(text), len(part)))
        text += part
    return text, runs


def draw_snippet(painter: QPainter, snippet: str, font: QFont, rect: QRect, lines: int = 2):
    """The snippet in at most ``lines`` lines, matches in bold, an ellipsis when cut."""
    from PySide6.QtGui import QTextLayout, QTextOption  # with the first search's hits

    text, runs = split_marks(snippet)
    layout = QTextLayout(text, font)
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    formats = []
    for start, length in runs:
        run = QTextLayout.FormatRange()
        run.start, run.length, run.format = start, length, bold
        formats.append(run)
    layout.setFormats(formats)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    ellipsis = "…"
    ellipsis_width = QFontMetrics(font).horizontalAdvance(ellipsis)
    made = []
    y = 0.0
    layout.beginLayout()
    while len(made) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        last = len(made) == lines - 1
        line.setLineWidth(rect.width() - (ellipsis_width if last else 0))
        line.setPosition(QPointF(0, y))
        y += line.height()
        made.append(line)
    layout.endLayout()
    layout.draw(painter, QPointF(rect.topLeft()))
    if made and made[-1].textStart() + made[-1].textLength() < len(text):
        end = made[-1]
        painter.setFont(font)
        painter.drawText(
            QPointF(rect.left() + end.naturalTextWidth(), rect.top() + end.y() + end.ascent()),
            ellipsis,
        )
