"""Untrusted articles in the window: nothing fetched, no local file read, links only on a click.

A hostile page names remote images, style sheets, fonts, frames, ``srcset``,
CSS ``url()`` and ``<link>``s, all on a local server that records every
request. Importing it (as a file and by URL), opening it, scrolling it, hovering
its links and exporting it in every format must make no request but the page
itself. ``file:`` and relative image paths point at a real file that an inotify
watch (``open_watch``) reports any open of, by any code, Python or Qt.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from local_server import RecordingServer
from open_watch import OpenWatch, available
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QHelpEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QTextBrowser, QToolTip

from reader.core.document import Block, Span
from reader.core.exporting import FORMATS, summarize_articles, write_files
from reader.core.exporting.whole import write_whole
from reader.core.importing.ingest import import_sources
from reader.core.models import ImportedArticle

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not available(), reason="the file-open watch needs Linux inotify"),
]

PAGE = """<!DOCTYPE html><html><head><title>A hostile page</title>
<link rel="stylesheet" href="{base}/style.css">
<link rel="preload" href="{base}/preload.js" as="script">
<link rel="icon" href="{base}/favicon.ico">
<link rel="import" href="{base}/import.html">
<style>@import url({base}/import.css);
@font-face {{ font-family: Evil; src: url({base}/font.woff2); }}
body {{ background: url('{base}/background.png'); font-family: Evil; }}</style>
<script src="{base}/script.js"></script>
</head><body><article>
<h1>A hostile page</h1>
<p>The first paragraph of a page that names remote things everywhere, long enough to read
as an article, {filler} with <img src="{base}/inline.png"
srcset="{base}/1x.png 1x, {base}/2x.png 2x" alt="An inline picture"> in the middle of it
and more words after.</p>
<picture><source srcset="{base}/source.webp" type="image/webp">
<img src="{base}/picture.png" alt="A picture element"></picture>
<figure><img src="{base}/figure.png" alt="A figure with a caption">
<figcaption>A caption under the figure.</figcaption></figure>
<iframe src="{base}/frame.html" srcdoc="&lt;img src={base}/srcdoc.png&gt;"></iframe>
<object data="{base}/object.swf"></object><embed src="{base}/embed.swf">
<video src="{base}/video.mp4" poster="{base}/poster.png"></video>
<audio src="{base}/audio.mp3"></audio>
<p style="background-image: url({base}/style-attribute.png)">A second paragraph with an
inline style sheet that names a picture, and <a href="{base}/linked">a link to the
server</a> that must not be followed by itself. {filler}</p>
<p>A local picture: <img src="{secret_url}" alt="A file picture"> and a relative one:
<img src="secret.png" alt="A relative picture">, then <a href="{tip_href}">a link whose
address looks like markup</a>. {filler}</p>
<p>The last paragraph closes the article with a few more words of text to read. {filler}</p>
</article></body></html>
"""
# What a URL import fetches of it: the page and its article's pictures (the largest
# candidate of a srcset; a <picture>'s src when its sources say no more; a relative one).
FETCHED = ["page.html", "2x.png", "picture.png", "figure.png", "secret.png"]
RESOURCES = [
    "style.css",
    "preload.js",
    "favicon.ico",
    "import.html",
    "import.css",
    "font.woff2",
    "background.png",
    "script.js",
    "inline.png",
    "1x.png",
    "2x.png",
    "source.webp",
    "picture.png",
    "figure.png",
    "frame.html",
    "srcdoc.png",
    "object.swf",
    "embed.swf",
    "video.mp4",
    "poster.png",
    "audio.mp3",
    "style-attribute.png",
    "linked",
]


@pytest.fixture
def server():
    def serve(handler):
        handler.reply(b"x", "application/octet-stream")

    with RecordingServer({f"/{name}": serve for name in RESOURCES}) as srv:
        yield srv


@pytest.fixture
def secret(tmp_path) -> Path:
    """A real image file that no part of the program may read."""
    folder = tmp_path / "saved"
    folder.mkdir()
    path = folder / "secret.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return path


def page(base: str, secret: Path) -> str:
    url = QUrl.fromLocalFile(str(secret)).toString()
    tip = "https://example.org/&lt;img src=&quot;" + url + "&quot;&gt;"
    filler = "Reading slowly, one sentence after another, is how an essay is meant to be read. " * 4
    return PAGE.format(base=base, secret_url=url, tip_href=tip, filler=filler)


def settle(server: RecordingServer) -> list[str]:
    """The requests the server got, after giving a late one time to arrive."""
    QApplication.processEvents()
    time.sleep(0.3)
    QApplication.processEvents()
    return list(server.requests)


def scroll_through(window, qtbot) -> None:
    pane = window.reading_pane
    bar = pane.verticalScrollBar()
    value = 0
    while True:
        bar.setValue(value)
        pane.viewport().grab()  # paints what is in view now
        if value >= bar.maximum():
            break
        value += max(1, bar.pageStep() // 2)
    bar.setValue(0)
    qtbot.wait(50)


def hover_links(window) -> list[str]:
    """Ask for the tooltip of every character of the open article, as a hover does."""
    pane = window.reading_pane
    text = pane.document_text_as_canonical()
    shown = set()
    for start in range(0, len(text), 7):
        rect = pane.visible_rect_of(start, start + 1)
        if rect is None or not pane.viewport().rect().contains(rect.center()):
            pane.scroll_to_offset(start)
            rect = pane.visible_rect_of(start, start + 1)
        if rect is None:
            continue
        pos = rect.center()
        event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, pane.viewport().mapToGlobal(pos))
        QApplication.sendEvent(pane.viewport(), event)
        if QToolTip.isVisible():
            shown.add(QToolTip.text())
            QToolTip.hideText()
    return sorted(shown)


def test_a_hostile_page_makes_no_request_and_reads_no_file(
    library, window_factory, server, secret, tmp_path, qtbot
):
    saved = tmp_path / "elsewhere" / "page.html"  # its "secret.png" is not the secret
    saved.parent.mkdir()
    saved.write_text(page(server.base, secret), encoding="utf-8")
    served = page(server.base, secret).replace("The last paragraph", "The served last paragraph")
    server.routes["/page.html"] = lambda h: h.reply(served.encode())
    with OpenWatch(secret) as watch:
        # Imported as a saved file and by its address: only the page itself and, for the
        # URL import, the article's own pictures (one candidate each) are fetched.
        report = import_sources(library, [saved, f"{server.base}/page.html"])
        assert not report.failures, report.failures
        assert [r.status for r in report.results] == ["added", "added"]
        assert sorted(settle(server)) == sorted(f"GET /{name}" for name in FETCHED), report
        server.requests.clear()
        ids = [r.article_id for r in report.results]
        article = library.articles.get(ids[0])
        # The remote addresses are there to be fetched, so nothing fetching them means something.
        sources = {b.src for b in article.blocks if b.kind == "image"}
        assert f"{server.base}/2x.png" in sources  # not a picture ("x"): its alt text kept

        window = window_factory(library)
        tips = []
        for article_id in ids:
            window.open_article(article_id)
            scroll_through(window, qtbot)
            tips += hover_links(window)
        assert any("server" in tip or "linked" in tip for tip in tips), tips
        assert any("&lt;img" in tip for tip in tips), tips  # the markup shows as text

        summaries = summarize_articles(library, ids)
        for fmt in FORMATS:
            for path in write_files(summaries, fmt, tmp_path / "exports"):
                assert path.read_text(encoding="utf-8")
        for path in write_whole(library, ids, tmp_path / "whole"):  # pictures from the library
            assert "<script" not in path.read_text(encoding="utf-8")
        dialog = window.export()  # the export dialog, opened and closed
        dialog.reject()

        assert settle(server) == []
        assert not watch.opened(), f"{secret} was opened"


def test_file_and_relative_images_are_never_read(library, window_factory, secret, qtbot):
    url = QUrl.fromLocalFile(str(secret)).toString()
    blocks = [
        Block("heading", "Local pictures", level=1),
        Block("image", "An absolute file picture", src=url),
        Block("image", "A relative picture", src="secret.png"),
        Block("image", "A bare path picture", src=str(secret)),
        Block("paragraph", f'Markup as text: <img src="{url}"> and <img src="secret.png">.'),
        Block(
            "paragraph",
            "A dead link to a local file.",
            spans=(Span(2, 6, "link", url), Span(7, 11, "link", f"https://x.org/<img src={url}>")),
        ),
    ]
    imported = ImportedArticle("Local pictures", blocks, "html", source=str(secret.parent / "p"))
    article_id = library.articles.add(imported).article_id
    with OpenWatch(secret) as watch:
        window = window_factory(library)
        window.open_article(article_id)
        scroll_through(window, qtbot)
        hover_links(window)
        window.reading_pane.set_theme("dark")  # rebuilds the document
        window.reading_pane.viewport().grab()
        assert not watch.opened(), f"{secret} was opened"

        # The watch does see Qt read a file: a plain QTextBrowser, shown the same markup, does.
        plain = QTextBrowser()
        qtbot.addWidget(plain)
        plain.setHtml(f'<p>Picture: <img src="{url}"></p>')
        plain.show()
        plain.viewport().grab()
        assert watch.opened(), "the watch failed to see a plain QTextBrowser read the file"


class Opened(QObject):
    """Receives every URL that ``QDesktopServices.openUrl`` is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


OPENS = ("http", "https", "mailto")
REFUSED = ("javascript", "file", "data", "ftp", "foo", "article-reader")


@pytest.fixture
def opened():
    """Stands in for the system's browser and mail program, and for every other handler."""
    receiver = Opened()
    for scheme in OPENS + REFUSED:
        QDesktopServices.setUrlHandler(scheme, receiver, "open")
    yield receiver
    for scheme in OPENS + REFUSED:
        QDesktopServices.unsetUrlHandler(scheme)


LINKS = [
    ("web", "https://example.org/essay"),
    ("plain", "http://example.org/plain"),
    ("mail", "mailto:editor@example.org"),
    ("script", "javascript:alert(document.cookie)"),
    ("local", "file:///etc/passwd"),
    ("inline", "data:text/html,<script>alert(1)</script>"),
    ("ftp", "ftp://example.org/file"),
    ("custom", "foo:bar"),
    ("deep", "article-reader://open?article=1"),
]


def linked_article(library) -> tuple[int, str]:
    blocks, spans, text = [Block("heading", "Links of every kind", level=1)], [], ""
    for word, href in LINKS:
        start = len(text)
        text += f"{word} link, "
        spans.append(Span(start, start + len(word), "link", href))
    blocks.append(Block("paragraph", text.rstrip(", ") + ".", spans=tuple(spans)))
    article = ImportedArticle("Links of every kind", blocks, "text", source="/t/links.txt")
    article_id = library.articles.add(article).article_id
    return article_id, library.articles.get(article_id).text


def click_word(window, qtbot, text: str, word: str, button=Qt.MouseButton.LeftButton) -> None:
    pane = window.reading_pane
    start = text.index(f"{word} link")
    rect = pane.visible_rect_of(start, start + len(word))
    qtbot.mouseClick(pane.viewport(), button, pos=rect.center())


def test_links_open_only_on_a_click_and_only_web_and_mail(library, window_factory, opened, qtbot):
    article_id, text = linked_article(library)
    window = window_factory(library)
    window.open_article(article_id)
    pane = window.reading_pane

    # Hovering, pressing and dragging away, and right-clicking open nothing.
    start = text.index("web link")
    rect = pane.visible_rect_of(start, start + 3)
    qtbot.mouseMove(pane.viewport(), rect.center())
    qtbot.mousePress(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseMove(pane.viewport(), rect.center() + QPoint(0, 60))
    qtbot.mouseRelease(
        pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(0, 60)
    )
    click_word(window, qtbot, text, "web", Qt.MouseButton.RightButton)
    for menu in QApplication.topLevelWidgets():
        if menu.isVisible() and menu.inherits("QMenu"):
            menu.close()
    assert opened.urls == []

    for word, href in LINKS:
        window.notice.clear()
        before = list(opened.urls)
        click_word(window, qtbot, text, word)
        if word in ("web", "plain", "mail"):
            assert opened.urls == [*before, href], word
        else:
            assert opened.urls == before, f"{href} was opened"
            scheme = href.split(":")[0]
            assert f"Not opened: “{scheme}:” links do not open" in window.notice.text(), word
    assert pane.document_text_as_canonical() == text  # never navigated away


def test_a_link_that_reaches_the_view_by_keyboard_is_checked_too(library, window_factory, opened):
    """``anchorClicked`` also comes from the keyboard (Tab to a link, Enter): same rules."""
    article_id, _text = linked_article(library)
    window = window_factory(library)
    window.open_article(article_id)
    for href in ("javascript:alert(1)", "file:///etc/passwd", "data:,x", "foo:bar", "https:"):
        window.reading_pane.anchorClicked.emit(QUrl(href))
        assert "Not opened" in window.notice.text(), href
    window.reading_pane.anchorClicked.emit(QUrl("mailto:someone@example.org"))
    assert opened.urls == ["mailto:someone@example.org"]


def show_tooltip(view, pos: QPoint) -> str:
    QToolTip.hideText()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_titles_notes_and_hits_are_never_markup(library, window_factory, secret, qtbot):
    """In message boxes and list tooltips Qt would render markup, and load its images."""
    from test_main_window import accept_next_message_box

    url = QUrl.fromLocalFile(str(secret)).toString()
    title = f'<img src="{url}"> A title that is markup'
    imported = ImportedArticle(title, [Block("paragraph", "Some text.")], "text", source="/t/m")
    article_id = library.articles.add(imported).article_id
    with OpenWatch(secret) as watch:
        window = window_factory(library)
        window.open_article(article_id)
        library.highlights.add(article_id, 0, 4, note=title)
        window.open_article(article_id)
        listed = window.library_pane.list
        tip = show_tooltip(listed, listed.visualRect(listed.model().index(0, 0)).center())
        assert "&lt;img" in tip
        notes = window.notes_pane.list
        qtbot.waitUntil(lambda: notes.model().rowCount() == 1)
        assert "&lt;img" in show_tooltip(
            notes, notes.visualRect(notes.model().index(0, 0)).center()
        )
        hits = window.library_pane.results
        window.library_pane.search.setText("markup")
        qtbot.waitUntil(lambda: hits.isVisible() and hits.model().rowCount() > 0, timeout=10000)
        assert "&lt;img" in show_tooltip(hits, hits.visualRect(hits.model().index(0, 0)).center())
        window.library_pane.search.clear()
        listed.setFocus()
        seen = accept_next_message_box(qtbot, QMessageBox.StandardButton.Cancel)
        window.delete_article()
        assert seen and title in seen[0]
        assert not watch.opened(), f"{secret} was opened"
