"""Pictures in the reading pane: laid out above their image block's text, decoded lazily
off the UI thread, painted in the theme's colours, opened full size on a click.

A picture is not a character: the document's text stays the canonical text. Its image
block makes room above its text (the alt text, shown small under the picture) with its
top margin, worked out from the picture's stored size, so laying out an article decodes
nothing. The pane paints each picture into that room (``paint``); only the pictures in
view and a screen below are decoded, at the size shown, by ``PictureLoader`` on its own
threads, and a few screens' worth are kept. Until a picture is decoded a quiet
placeholder in the theme's colours stands in: never a white flash in the dark theme. A
transparent picture with dark drawing gets a soft light backdrop in the dark theme (else
its lines would vanish); with "dim pictures" on, the dark theme shows pictures a little
dimmed.

Pictures come only from the library, by digest (``picture:<sha256>``), and only those of
the open article: ``ReadingView.loadResource`` and the loader's ``fetch`` both go
through the view's one gate.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QObject,
    QPointF,
    QRectF,
    QSize,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QPainter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)

from reader.core.models import Article, PictureUse
from reader.core.storage.library import Library, LibraryError
from reader.ui.reading.document import (
    P_PICTURE,
    P_PICTURE_GAP,
    P_PICTURE_H,
    P_PICTURE_W,
    display_size,
    picture_room,
)
from reader.ui.theme import Theme

URL_SCHEME = "picture"
_URL = re.compile(r"^picture:([0-9a-f]{64})$")
CACHE_BYTES = 192 * 1024 * 1024  # decoded pixels kept: a few screens of large pictures
DECODERS = 2
DIM = 0.8  # opacity of pictures in the dark theme when dimmed
BACKDROP = "#d9d9d6"  # behind transparent dark drawings in the dark theme


def picture_url(digest: str) -> str:
    return f"{URL_SCHEME}:{digest}"


def digest_of_url(name: object) -> str | None:
    """The digest a ``picture:<sha256>`` URL names, or None for any other address."""
    to_string = getattr(name, "toString", None)  # a QUrl (not imported: not made at launch)
    text = str(to_string()) if callable(to_string) else str(name)
    match = _URL.match(text.strip())
    return match.group(1) if match else None


@dataclass(frozen=True)
class Decoded:
    image: QImage
    dark_ink: bool  # transparent, with mostly dark drawing: wants a light backdrop


class PictureLoader(QObject):
    """Decodes pictures at the size they are shown, on worker threads, and keeps them.

    ``fetch(digest)`` gives a picture's bytes (the view's gate, on a worker thread).
    ``ready`` says a requested picture can now be painted.
    """

    ready = Signal(str)  # digest
    _decoded = Signal(object, object, int)  # key, Decoded or None, generation

    def __init__(self, fetch: Callable[[str], bytes | None], parent: QObject | None = None):
        super().__init__(parent)
        self._fetch = fetch
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(DECODERS)
        self._cache: OrderedDict[tuple[str, int, int], Decoded] = OrderedDict()
        self._bytes = 0
        self._pending: set[tuple[str, int, int]] = set()
        self._failed: set[str] = set()  # digests that do not decode: not asked again
        self._generation = 0
        self.requested = 0  # how many decodes were asked for (tests and benchmarks read it)
        self._decoded.connect(self._store)

    def clear(self) -> None:
        """Forget every picture (another article is shown); late results are dropped."""
        self._generation += 1
        self._pool.clear()
        self._cache.clear()
        self._pending.clear()
        self._failed.clear()
        self._bytes = 0

    def get(self, digest: str, size: QSize) -> Decoded | None:
        """The picture decoded at ``size`` (device pixels) if it is ready; else asks for it
        and gives the same picture at another size if one is kept, or None."""
        key = (digest, size.width(), size.height())
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        self.request(digest, size)
        for other, decoded in reversed(self._cache.items()):
            if other[0] == digest:
                return decoded
        return None

    def request(self, digest: str, size: QSize) -> None:
        key = (digest, size.width(), size.height())
        if key in self._cache or key in self._pending or size.isEmpty() or digest in self._failed:
            return
        self._pending.add(key)
        self.requested += 1
        generation = self._generation
        fetch, emit = self._fetch, self._decoded.emit

        def work() -> None:
            try:
                data = fetch(digest)
                result = decode(data, size) if data else None
            except Exception:  # a picture that fails to decode shows as its placeholder
                result = None
            with contextlib.suppress(RuntimeError):  # the loader is gone: the app is closing
                emit(key, result, generation)

        self._pool.start(work)

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until no decode runs (tests, closing)."""
        return self._pool.waitForDone(timeout_ms)

    def _store(self, key, result: Decoded | None, generation: int) -> None:
        if generation != self._generation:
            return
        self._pending.discard(key)
        if result is None:
            self._failed.add(key[0])  # its placeholder stays; no decode on every paint
            return
        self._cache[key] = result
        self._bytes += result.image.sizeInBytes()
        while self._bytes > CACHE_BYTES and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._bytes -= old.image.sizeInBytes()
        self.ready.emit(key[0])


def decode(data: bytes, size: QSize | None = None) -> Decoded | None:
    """``data`` decoded (at ``size`` when given), upright; safe on any thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if size is not None and not size.isEmpty():
        # The scaled size applies before the EXIF turn: a picture stored on its side (its
        # file's shape crosswise to the shape shown) is read at the size swapped. (Not by
        # reader.transformation(): PySide's flag enums crash when made on two threads.)
        stored = reader.size()
        if stored.isValid() and (stored.width() > stored.height()) != (
            size.width() > size.height()
        ):
            size = size.transposed()
        reader.setScaledSize(size)
    image = reader.read()
    if image.isNull():
        return None
    return Decoded(image, image.hasAlphaChannel() and _dark_ink(image))


def _dark_ink(image: QImage) -> bool:
    """Whether the visible pixels of a transparent picture are mostly dark."""
    small = image.scaled(24, 24).convertToFormat(QImage.Format.Format_ARGB32)
    total = weight = 0.0
    for y in range(small.height()):
        for x in range(small.width()):
            colour = small.pixelColor(x, y)
            alpha = colour.alphaF()
            total += alpha * colour.lightnessF()
            weight += alpha
    return weight > 0 and total / weight < 0.4


def layout_pictures(
    doc: QTextDocument, uses: Mapping[str, PictureUse], column: float, em: float
) -> None:
    """Give each picture's image block the room its picture takes in a column this wide
    (after a resize changed the column), in one edit."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        digest = fmt.stringProperty(P_PICTURE)
        use = uses.get(digest) if digest else None
        if use is not None:
            w, h = display_size(use.width, use.height, column)
            if abs(fmt.doubleProperty(P_PICTURE_W) - w) > 0.5:
                picture_room(fmt, w, h, em)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(fmt)
        block = block.next()
    cursor.endEditBlock()


def picture_rect(block: QTextBlock) -> QRectF | None:
    """Where a picture block's picture is painted, in document coordinates."""
    fmt = block.blockFormat()
    if not fmt.stringProperty(P_PICTURE):
        return None
    w, h = fmt.doubleProperty(P_PICTURE_W), fmt.doubleProperty(P_PICTURE_H)
    if w <= 0 or h <= 0:
        return None
    rect = block.document().documentLayout().blockBoundingRect(block)
    x = rect.left() + max(0.0, (rect.width() - w) / 2)
    return QRectF(x, rect.top() - fmt.doubleProperty(P_PICTURE_GAP) - h, w, h)


def picture_blocks(first: QTextBlock, bottom: float):
    """(block, rect) of each picture block from ``first`` until one starts below ``bottom``."""
    layout = first.document().documentLayout()
    block = first
    while block.isValid():
        rect = picture_rect(block)
        if rect is not None:
            if rect.top() > bottom:
                return
            yield block, rect
        elif layout.blockBoundingRect(block).top() > bottom:
            return
        block = block.next()


def paint(
    painter: QPainter,
    first: QTextBlock,
    top: float,
    bottom: float,
    loader: PictureLoader,
    theme: Theme,
    *,
    dim: bool,
    ratio: float,
) -> None:
    """Paint the pictures between ``top`` and ``bottom`` (document coordinates) and ask
    for those in the next screen below; ``ratio``: device pixels per pixel."""
    ahead = bottom + (bottom - top)
    placeholder = QColor(theme.code_background)
    for block, rect in picture_blocks(_back_to_pictures(first, top), ahead):
        size = QSize(max(1, round(rect.width() * ratio)), max(1, round(rect.height() * ratio)))
        digest = block.blockFormat().stringProperty(P_PICTURE)
        if rect.bottom() < top or rect.top() > bottom:
            loader.request(digest, size)  # decoded before it scrolls into view
            continue
        decoded = loader.get(digest, size)
        painter.save()
        if decoded is None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QColor(0, 0, 0, 0))
            painter.setBrush(placeholder)
            painter.drawRoundedRect(rect, 4, 4)
        else:
            if theme.dark and decoded.dark_ink:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QColor(0, 0, 0, 0))
                painter.setBrush(QColor(BACKDROP))
                painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), 4, 4)
            if theme.dark and dim:
                painter.setOpacity(DIM)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(rect, decoded.image)
        painter.restore()


def _back_to_pictures(first: QTextBlock, top: float) -> QTextBlock:
    """``first`` (the first block in view) or an earlier picture block whose picture
    reaches into view: a picture sits above its block's text."""
    block = first.previous()
    if block.isValid():
        rect = picture_rect(block)
        if rect is not None and rect.bottom() >= top:
            return block
    return first


def picture_at(first: QTextBlock, point: QPointF, bottom: float) -> str | None:
    """The digest of the picture under a point (document coordinates), if any."""
    for block, rect in picture_blocks(_back_to_pictures(first, point.y()), bottom):
        if rect.contains(point):
            return block.blockFormat().stringProperty(P_PICTURE)
    return None


class PictureLayer(QObject):
    """The open article's pictures, for the view that shows it: what they are, the one
    gate to their bytes, their layout after a resize, painting and hit-testing."""

    changed = Signal()  # a picture became ready to paint

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.uses: dict[str, PictureUse] = {}
        self.dim = False
        self.column = 0.0
        self.loader = PictureLoader(self.bytes, self)
        self.loader.ready.connect(lambda _digest: self.changed.emit())

    def open(self, article: Article | None) -> None:
        """Read which pictures ``article`` shows (one query; nothing is decoded)."""
        self.loader.clear()
        self.column = 0.0
        shows = article is not None and any(b.picture for b in article.blocks)
        self.uses = (
            {u.digest: u for u in self._library.pictures.of(article.id)}
            if shows and article is not None
            else {}
        )

    def bytes(self, digest: str) -> bytes | None:
        """A picture's bytes if it is one of the open article's, else None: the pane's one
        way to a picture (any thread: it reads through that thread's read connection)."""
        if digest not in self.uses:
            return None
        try:
            return self._library.pictures.data(digest, reader=True)
        except (LibraryError, sqlite3.Error):
            return None

    def resource(self, name: object) -> QImage | None:
        """For ``loadResource``: the full picture a ``picture:<sha256>`` URL names, if it is
        the open article's; None for anything else (no file, no address)."""
        digest = digest_of_url(name)
        data = self.bytes(digest) if digest else None
        decoded = decode(data) if data else None
        return decoded.image if decoded is not None else None

    def relayout(self, doc: QTextDocument, column: float, em: float) -> None:
        """Fit the pictures to a column of this width (when it changed)."""
        if self.uses and abs(column - self.column) > 0.5:
            layout_pictures(doc, self.uses, column, em)
        self.column = column

    def use_of(self, digest: str | None) -> PictureUse | None:
        return self.uses.get(digest) if digest else None

    def paint(
        self,
        painter: QPainter,
        first: QTextBlock,
        top: float,
        bottom: float,
        theme: Theme,
        ratio: float,
    ) -> None:
        """Paint the pictures in view (document coordinates); see ``paint``."""
        if self.uses:
            paint(painter, first, top, bottom, self.loader, theme, dim=self.dim, ratio=ratio)

    def at(self, first: QTextBlock, point: QPointF, bottom: float) -> PictureUse | None:
        """The picture under a point in document coordinates, if any."""
        if not self.uses:
            return None
        return self.use_of(picture_at(first, point, bottom))
