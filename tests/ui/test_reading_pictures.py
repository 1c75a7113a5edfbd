"""Pictures in the reading pane: fitted to the column, decoded lazily, opened full size,
served only from the library by digest, never a white flash in the dark theme."""

from __future__ import annotations

import pytest
from picture_kit import article_with_pictures
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from reader.ui.reading.document import MAX_UPSCALE
from reader.ui.reading.pictures import picture_rect, picture_url

pytestmark = pytest.mark.gui

IMAGE = QTextDocument.ResourceType.ImageResource.value


def picture_rects(pane) -> dict[str, object]:
    """Each picture's painted rectangle (document coordinates), by digest."""
    from reader.ui.reading.document import P_PICTURE

    found = {}
    block = pane.document().begin()
    while block.isValid():
        rect = picture_rect(block)
        if rect is not None:
            found[block.blockFormat().stringProperty(P_PICTURE)] = rect
        block = block.next()
    return found


def settle(pane, qtbot) -> None:
    """Paint, let the decoders finish and their pictures arrive, paint again."""
    pane.viewport().grab()
    pane.pictures.loader.wait()
    qtbot.wait(50)  # the decoded pictures come back through the event loop
    pane.viewport().grab()


def open_pictures(library, window_factory, sizes, **kw):
    imported = article_with_pictures("Pictured", sizes, **kw)
    article_id = library.articles.add(imported).article_id
    window = window_factory(library)
    window.open_article(article_id)
    return window, window.reading_pane, library.pictures.of(article_id)


def test_pictures_fit_the_column_keep_their_shape_and_are_not_blown_up(
    library, window_factory, qtbot
):
    sizes = [(2400, 1200), (40, 30), (300, 3000)]
    window, pane, uses = open_pictures(library, window_factory, sizes)
    rects = picture_rects(pane)
    assert set(rects) == {u.digest for u in uses}
    column = pane.pictures.column
    assert column > 100
    for use in uses:
        rect = rects[use.digest]
        assert rect.width() <= column + 0.5  # never wider than the column
        assert rect.width() <= MAX_UPSCALE * use.width + 0.5  # never past twice its size
        assert rect.width() / rect.height() == pytest.approx(use.width / use.height, rel=0.02)
    wide, small, tall = (rects[u.digest] for u in uses)
    assert wide.width() == pytest.approx(column, abs=0.5)
    assert small.width() == pytest.approx(80, abs=0.5)
    assert tall.height() <= 1.5 * column + 0.5  # a tall one shrinks; a click shows it whole
    # The canonical text is untouched: the alt texts and captions are in it, nothing else.
    text = pane.document_text_as_canonical()
    assert "Picture 1" in text and "Caption 1: what picture 1 shows." in text
    assert "\ufffc" not in text  # no object replacement character

    # A narrower window: the pictures follow the column.
    window.resize(700, 600)
    qtbot.waitUntil(lambda: pane.pictures.column < column - 1, timeout=3000)
    narrow = picture_rects(pane)
    assert narrow[uses[0].digest].width() <= pane.pictures.column + 0.5


def test_opening_an_article_decodes_only_the_pictures_near_the_view(library, window_factory, qtbot):
    _window, pane, uses = open_pictures(library, window_factory, [(800, 500)] * 60, words=2)
    assert len(uses) == 60
    settle(pane, qtbot)
    asked = pane.pictures.loader.requested
    assert 0 < asked < 15, asked  # the first screens' pictures, not all sixty
    # Scrolling to the end decodes the last ones when they come into view.
    bar = pane.verticalScrollBar()
    while bar.value() < bar.maximum():  # the document lays itself out as it scrolls
        bar.setValue(bar.maximum())
        settle(pane, qtbot)
    assert asked < pane.pictures.loader.requested < 30
    last = picture_rects(pane)[uses[-1].digest]
    offset = QPoint(0, bar.value())
    centre = last.center().toPoint() - offset
    image = pane.viewport().grab().toImage()
    colour = image.pixelColor(centre * image.devicePixelRatio())
    expected = QColor(59 * 37 % 256, 59 * 91 % 256, 120)
    assert abs(colour.red() - expected.red()) < 12 and abs(colour.green() - expected.green()) < 12


def test_a_click_opens_the_picture_full_size_and_escape_closes_it(library, window_factory, qtbot):
    _window, pane, uses = open_pictures(library, window_factory, [(1600, 900)])
    rect = picture_rects(pane)[uses[0].digest]
    pos = rect.center().toPoint() - QPoint(0, pane.verticalScrollBar().value())
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    viewer = pane.viewer
    assert viewer is not None and viewer.isVisible()
    shown = viewer.picture.pixmap()
    assert shown.width() / shown.height() == pytest.approx(1600 / 900, rel=0.02)
    assert viewer.caption.text() == "Caption 0: what picture 0 shows."
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=2000)
    # A click on text opens nothing.
    pane.viewer = None
    text_rect = pane.visible_rect_of(0, 3)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=text_rect.center())
    assert pane.viewer is None


def test_the_pane_serves_only_the_open_articles_pictures(library, window_factory, qtbot):
    other = library.articles.add(article_with_pictures("Other", [(50, 50)])).article_id
    other_digest = library.pictures.of(other)[0].digest
    _window, pane, uses = open_pictures(library, window_factory, [(120, 90)])
    image = pane.loadResource(IMAGE, QUrl(picture_url(uses[0].digest)))
    assert isinstance(image, QImage) and (image.width(), image.height()) == (120, 90)
    assert pane.loadResource(IMAGE, QUrl(picture_url(other_digest))) is None  # not this one's
    for name in (
        f"file://{library.path}",
        str(library.path),
        "https://example.org/0.png",
        "http://127.0.0.1:1/x.png",
        f"picture:{'0' * 64}",
        f"picture:{uses[0].digest}/../x",
    ):
        assert pane.loadResource(IMAGE, QUrl(name)) is None, name
    assert pane.loadResource(QTextDocument.ResourceType.StyleSheetResource.value, QUrl("x")) is None


def test_no_white_flash_in_the_dark_theme_and_pictures_dim_on_request(
    library, window_factory, qtbot
):
    _window, pane, uses = open_pictures(library, window_factory, [(900, 600)])
    pane.set_theme("dark")
    pane.pictures.loader.clear()  # nothing decoded yet: the placeholder shows
    rect = picture_rects(pane)[uses[0].digest]
    centre = rect.center().toPoint() - QPoint(0, pane.verticalScrollBar().value())
    image = pane.viewport().grab().toImage()
    placeholder = image.pixelColor(centre * image.devicePixelRatio())
    assert placeholder.lightness() < 80, placeholder.name()  # dark, not white
    settle(pane, qtbot)
    bright = pane.viewport().grab().toImage().pixelColor(centre * image.devicePixelRatio())
    pane.set_dim_pictures(True)
    dimmed = pane.viewport().grab().toImage().pixelColor(centre * image.devicePixelRatio())
    assert dimmed.lightness() < bright.lightness()


def test_the_export_dialog_offers_the_whole_article_with_its_pictures(
    library, window_factory, tmp_path, qtbot
):
    window, _pane, _uses = open_pictures(library, window_factory, [(320, 200)])
    dialog = window.export()
    assert dialog.format.findText("Whole article (HTML, with pictures)") >= 0
    dialog.set_scope("article")
    dialog.set_format("html-full")
    dialog.set_destination(tmp_path / "whole")
    dialog.accept()
    qtbot.waitUntil(lambda: "Exported" in window.notice.text(), timeout=10000)
    [page] = (tmp_path / "whole").glob("*.html")
    text = page.read_text(encoding="utf-8")
    assert text.count("<img ") == 1 and "data:image/png;base64," in text
    assert "<figcaption>Caption 0: what picture 0 shows.</figcaption>" in text


@pytest.mark.qt_log_ignore(
    "This plugin does not support", "QImageIOHandler: Rejecting image", "JPEG"
)  # Qt says why each hostile picture does not decode; that is the point
def test_a_hostile_stored_picture_leaves_a_placeholder_and_the_window_answering(
    library, window_factory, qtbot
):
    """Bytes that got into the library without the import's checks (a bomb's header, a
    cut-off file): decoding them happens off the UI thread and fails quietly."""
    import hashlib
    import struct
    import time
    import zlib

    from reader.core.document import Block
    from reader.core.models import ImportedArticle, Picture

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )
    cut = b"\xff\xd8\xff\xe0" + b"\0" * 100
    pictures = [
        Picture(hashlib.sha256(data).hexdigest(), kind, 800, 600, data)
        for data, kind in ((bomb, "image/png"), (cut, "image/jpeg"))
    ]
    blocks = [Block("heading", "Hostile", level=1)]
    for i, p in enumerate(pictures):
        blocks += [
            Block("paragraph", f"Paragraph {i} before a hostile picture. " * 5),
            Block("image", f"Hostile picture {i}", picture=p.digest),
        ]
    imported = ImportedArticle("Hostile", blocks, "html", pictures={p.digest: p for p in pictures})
    article_id = library.articles.add(imported).article_id
    window = window_factory(library)
    started = time.monotonic()
    window.open_article(article_id)
    pane = window.reading_pane
    settle(pane, qtbot)
    assert time.monotonic() - started < 5
    assert len(picture_rects(pane)) == 2  # room kept, placeholders painted
    assert pane.pictures.loader.get(pictures[0].digest, pane.size()) is None
    qtbot.mouseClick(
        pane.viewport(),
        Qt.MouseButton.LeftButton,
        pos=picture_rects(pane)[pictures[1].digest].center().toPoint()
        - QPoint(0, pane.verticalScrollBar().value()),
    )
    assert pane.viewer is None  # nothing to show full size: no viewer, no error
    asked = pane.pictures.loader.requested
    settle(pane, qtbot)
    assert pane.pictures.loader.requested == asked  # a failed picture is not tried again
