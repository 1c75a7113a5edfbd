"""The Feeds section of the library pane: each subscription with its unread count, and
how its last refresh went (a failing feed is marked, its error in the tooltip).

Choosing a feed lists its articles (the pane's filter ``feed:<id>``); the section's
buttons refresh every feed and subscribe to a new one; its right-click menu offers
what the File menu's feed actions do for the chosen feed. The window's
``FeedsController`` (``ui/app/feeds.py``) does the work; this only shows and asks.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import Feed
from reader.ui.library.views import begin_row
from reader.ui.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex
FAILING = QColor("#c0392b")
ROWS_SHOWN = 6  # the section grows to this many rows, then scrolls


class FeedsModel(QAbstractListModel):
    FeedRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._feeds: list[Feed] = []

    def set_feeds(self, feeds: list[Feed]) -> None:
        if [f.id for f in feeds] == [f.id for f in self._feeds]:
            self._feeds = list(feeds)  # the same rows: repaint, keep the selection
            if feeds:
                self.dataChanged.emit(self.index(0), self.index(len(feeds) - 1))
            return
        self.beginResetModel()
        self._feeds = list(feeds)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._feeds)

    def feed(self, row: int) -> Feed:
        return self._feeds[row]

    def row_of(self, feed_id: int) -> int | None:
        return next((i for i, f in enumerate(self._feeds) if f.id == feed_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._feeds):
            return None
        feed = self._feeds[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return feed.name
        if role == self.FeedRole:
            return feed
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(describe(feed))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{feed.name}, {feed.unread} unread" + (", failing" if feed.last_error else "")
        return None


def describe(feed: Feed) -> str:
    """The feed's address and how its refreshes went, in plain words."""
    kind = "Mailbox" if feed.kind == "imap" else "Feed"
    tags = f"\nTags: {', '.join(feed.tags)}" if feed.tags else ""
    return f"{feed.name}\n{kind}: {feed.url}{tags}\n{feed.status()}"


class FeedDelegate(QStyledItemDelegate):
    """One line: the feed's name (a red mark when failing), its unread count on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(160, option.fontMetrics.height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        feed: Feed | None = index.data(FeedsModel.FeedRole)
        if feed is None:
            return
        selected = begin_row(painter, option, index)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(role)
        rect = option.rect.adjusted(18, 0, -10, 0)
        if feed.last_error:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(FAILING)
            painter.drawEllipse(option.rect.left() + 6, option.rect.center().y() - 3, 6, 6)
        count = str(feed.unread) if feed.unread else ""
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold if feed.unread else QFont.Weight.Normal)
        width = QFontMetrics(option.font).horizontalAdvance(count) + 8 if count else 0
        painter.setFont(option.font)
        dim = QColor(colour)
        dim.setAlphaF(0.7)
        painter.setPen(dim)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignRight), count)
        painter.setFont(bold)
        painter.setPen(colour)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - width, rect.height())
        name = QFontMetrics(bold).elidedText(
            feed.name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, int(align | Qt.AlignmentFlag.AlignLeft), name)
        painter.restore()


class FeedsSection(QWidget):
    """A header (Feeds, refresh, subscribe) over the list of subscriptions."""

    feedChosen = Signal(object)  # a feed id, or None to list every article again
    refreshRequested = Signal()
    subscribeRequested = Signal()
    menuRequested = Signal(object, object)  # the feed, the global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feeds_section")
        self.title = QLabel("Feeds", self)
        self.title.setObjectName("feeds_title")
        font = self.title.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setObjectName("feeds_refresh")
        self.refresh_button.setText("⟳")
        self.refresh_button.setToolTip("Refresh every feed now (F5)")
        self.refresh_button.setAutoRaise(True)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("feeds_add")
        self.add_button.setText("+")
        self.add_button.setToolTip("Subscribe to a feed")
        self.add_button.setAutoRaise(True)
        self.model = FeedsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("feeds")
        self.list.setModel(self.model)
        self.list.setItemDelegate(FeedDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 0, 0)
        header.setSpacing(2)
        header.addWidget(self.title, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.add_button.clicked.connect(self.subscribeRequested)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.list.customContextMenuRequested.connect(self._menu)

    def set_feeds(self, feeds: list[Feed], current: int | None = None) -> None:
        """Show these subscriptions (the section hides when there are none)."""
        self.model.set_feeds(feeds)
        rows = max(1, min(len(feeds), ROWS_SHOWN))
        self.list.setFixedHeight(
            rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 2
        )
        self.setVisible(bool(feeds))
        self.select(current)

    def select(self, feed_id: int | None) -> None:
        row = self.model.row_of(feed_id) if feed_id is not None else None
        if row is None:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
        else:
            self.list.setCurrentIndex(self.model.index(row))

    def current_feed(self) -> Feed | None:
        index = self.list.currentIndex()
        return index.data(FeedsModel.FeedRole) if index.isValid() else None

    def _clicked(self, index: QModelIndex) -> None:
        feed = index.data(FeedsModel.FeedRole)
        if feed is not None:
            self.feedChosen.emit(feed.id)

    def _menu(self, pos) -> None:
        index = self.list.indexAt(pos)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.menuRequested.emit(
                index.data(FeedsModel.FeedRole), self.list.viewport().mapToGlobal(pos)
            )
