"""An article synced from another device opens with its pictures in the reading pane."""

from __future__ import annotations

import pytest
from picture_kit import article_with_pictures
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from reader.ui.reading.pictures import picture_url
from tests.sync.devices import FileSync, devices

pytestmark = pytest.mark.gui

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def two(tmp_path):
    """Two devices, closed after the windows on them (set up first, torn down last)."""
    pair = devices(tmp_path, 2)
    yield pair
    for device in pair:
        device.close()


def test_a_synced_article_renders_with_its_pictures(two, window_factory):
    a, b = two
    a.library.articles.add(article_with_pictures("Travelled", [(120, 90), (60, 40)]))
    FileSync([a, b]).settle()
    (row,) = b.library.conn.execute("SELECT id FROM articles").fetchall()
    window = window_factory(b.library)
    window.open_article(row[0])
    pane = window.reading_pane
    uses = b.library.pictures.of(row[0])
    assert [(u.width, u.height) for u in uses] == [(120, 90), (60, 40)]
    for use in uses:
        image = pane.loadResource(IMAGE, QUrl(picture_url(use.digest)))
        assert isinstance(image, QImage) and (image.width(), image.height()) == (
            use.width,
            use.height,
        )


def test_a_picture_arriving_late_shows_in_the_open_article(two, window_factory, qtbot):
    a, b = two
    a.library.articles.add(article_with_pictures("Late", [(80, 60)]))
    a.sync()
    sync = FileSync([a, b])
    sync.copy(a, b)
    for path in (b.folder / "devices" / a.id / "pictures").glob("*.arpic"):
        path.unlink()  # the article came first; its picture is still on its way
    b.sync()
    (row,) = b.library.conn.execute("SELECT id, blocks FROM articles").fetchall()
    window = window_factory(b.library)
    window.open_article(row[0])
    pane = window.reading_pane
    assert b.library.pictures.of(row[0]) == []  # shown with its alt text meanwhile
    sync.copy(a, b)
    qtbot.waitUntil(lambda: window.syncing.running, timeout=20000)
    window.syncing.sync_now()  # the window's own sync (the folder's watcher would wake it)
    qtbot.waitUntil(lambda: b.library.pictures.of(row[0]) != [], timeout=20000)
    (use,) = b.library.pictures.of(row[0])

    def shown() -> bool:
        window.show_outside_changes()  # what the window's poll does (it may be first)
        return isinstance(pane.loadResource(IMAGE, QUrl(picture_url(use.digest))), QImage)

    qtbot.waitUntil(shown, timeout=10000)
    image = pane.loadResource(IMAGE, QUrl(picture_url(use.digest)))
    assert (image.width(), image.height()) == (80, 60)
