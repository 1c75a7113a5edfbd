"""Models and delegates of the library pane: article rows in pages, and search hits."""

from __future__ import annotations

import re

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
from reader.core.reading_time import WORDS_PER_MINUTE, progress_text
from reader.core.storage.library import Library
from reader.ui.dates import display_date
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

    @property
    def sort_key(self) -> str:
        """The order of the list (``articles.SORTS``); the rows show its date."""
        return self._query.get("sort", "added")

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
            return tooltip("\n".join(filter(None, [summary.title, summary.url, dates(summary)])))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            meta = meta_line(summary, self.sort_key)
            return f"{summary.title}, {meta}" + ("" if summary.read else ", unread")
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


def reading_state(summary: ArticleSummary) -> str:
    """How far the reader is: "6 min read" (not started), "42% · 4 min left", "Finished"
    (as the reading pane says it)."""
    if summary.read and summary.progress > 0:
        return progress_text(summary.progress, summary.word_count)
    minutes = summary.word_count / WORDS_PER_MINUTE
    return f"{max(1, round(minutes))} min read" if summary.word_count else ""


def list_date(summary: ArticleSummary, sort: str) -> str:
    """The date a row shows: the one the list is sorted by (published when sorted by date
    published, else added); in the trash, when it went there."""
    if summary.deleted_at:
        return f"deleted {display_date(summary.deleted_at)}"
    return display_date(summary.published if sort == "published" else summary.added_at)


def dates(summary: ArticleSummary) -> str:
    """Both dates, named (the row's tooltip)."""
    parts = [f"Published {display_date(summary.published)}" if summary.published else ""]
    parts.append(f"Added {display_date(summary.added_at)}")
    return " · ".join(p for p in parts if p)


def meta_line(summary: ArticleSummary, sort: str = "added") -> str:
    """site · date · progress · highlights."""
    parts = [summary.site or "", list_date(summary, sort), reading_state(summary)]
    n = summary.highlights
    if n:
        parts.append(f"{n} highlight{'s' if n != 1 else ''}")
    return " · ".join(p for p in parts if p)


def two_lines(text: str, fm: QFontMetrics, width: int) -> list[str]:
    """``text`` in at most two lines of ``width`` pixels: broken at a space (anywhere in
    a word longer than a line, or in CJK), the second line elided. Measured with font
    metrics alone: a text layout would make PySide build QTextLayout before the first
    paint."""
    if fm.horizontalAdvance(text) <= width:
        return [text]
    lo, hi = 1, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if fm.horizontalAdvance(text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    cut = text.rfind(" ", 0, lo + 1)  # the last space that still fits (or ends the fit)
    if cut <= 0:
        cut = lo  # one long word, or CJK: break where the line is full
    rest = text[cut:].strip()
    return [text[:cut].rstrip(), fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


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
    """The title in up to two lines (bold with a dot while unread, a star for favourites),
    then site · date · progress · highlights, and a thin bar of how much has been read.
    Rows are all as high as a two-line title needs (the list's uniform item sizes); a
    one-line title's row is centred."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = option.fontMetrics
        return QSize(200, PAD_Y * 2 + GAP + fm.height() * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: ArticleSummary | None = index.data(ArticleListModel.SummaryRole)
        if summary is None:
            return
        opt, selected = option, begin_row(painter, option, index)
        rect = opt.rect.adjusted(PAD_X + 6, PAD_Y, -PAD_X, -PAD_Y)
        title_font = QFont(opt.font)
        title_font.setWeight(QFont.Weight.DemiBold if not summary.read else QFont.Weight.Normal)
        fm_title = QFontMetrics(title_font)
        meta_font = QFont(opt.font)
        meta_font.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.9))
        fm_meta = QFontMetrics(meta_font)
        title_width = rect.width()
        if summary.favorite:
            title_width -= QFontMetrics(opt.font).horizontalAdvance(STAR) + 6
        lines = two_lines(summary.title, fm_title, title_width)
        used = fm_title.height() * len(lines) + GAP + fm_meta.height()
        top = rect.top() + max(0, (rect.height() - used) // 2)
        line1 = QRect(rect.left(), top, rect.width(), fm_title.height())
        if not summary.read:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(UNREAD if not selected else _text_colour(opt, selected))
            d = 6
            painter.drawEllipse(rect.left() - d - 5, line1.center().y() - d // 2 + 1, d, d)
        if summary.favorite:
            painter.setFont(opt.font)
            painter.setPen(QColor("#d4a017"))
            painter.drawText(
                line1, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), STAR
            )
        painter.setFont(title_font)
        painter.setPen(_text_colour(opt, selected))
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, line in enumerate(lines):
            box = QRect(rect.left(), top + i * fm_title.height(), title_width, fm_title.height())
            painter.drawText(box, left, line)
        meta_top = top + fm_title.height() * len(lines) + GAP
        line2 = QRect(rect.left(), meta_top, rect.width(), fm_meta.height())
        painter.setFont(meta_font)
        painter.setPen(_text_colour(opt, selected, secondary=True))
        model = index.model()
        sort = model.sort_key if isinstance(model, ArticleListModel) else "added"
        meta = meta_line(summary, sort)
        painter.drawText(
            line2, left, fm_meta.elidedText(meta, Qt.TextElideMode.ElideRight, line2.width())
        )
        if summary.read and summary.progress > 0 and not summary.deleted_at:
            bar = QColor(_text_colour(opt, selected) if selected else UNREAD)
            bar.setAlphaF(0.55)
            width = round(opt.rect.width() * min(1.0, summary.progress))
            painter.fillRect(QRect(opt.rect.left(), opt.rect.bottom() - 2, width, 2), bar)
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
