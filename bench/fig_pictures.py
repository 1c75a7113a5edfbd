"""Pictures: opening an article with 60 of them, importing a page with 30 from a slow
server, and what each picture adds to the library file.

* Open: in the real window (offscreen, 1240 × 780), a click on the article's row to the end
  of the reading pane's paint, as ``fig_open`` measures. The yardstick, in the same run and
  window: the same article (same blocks, same alt texts and captions) stored without its
  pictures. Photographs 1600 × 1000 (JPEG), laid out from their stored size; only those
  near the view are decoded, off the UI thread, after the paint.
* Import: a page with 30 pictures (JPEG 1200 × 800) on a local server that waits 50 ms
  before each picture; ``import_sources`` of its address, to stored.
* Growth: the library file's size after importing 30 photographs, per picture, against
  the pictures' own bytes; and a 4,000 × 3,000 PNG photograph (over ``MAX_SIDE``) stored
  as the JPEG it is re-encoded to, its bytes before and after.
"""

from __future__ import annotations

import io
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from _common import Painted, Result, median, p95, qt_app, settle

OPEN_PICTURES = 60
IMPORT_PICTURES = 30
DELAY = 0.05


def _photo(width: int, height: int, seed: int, fmt: str = "JPEG") -> bytes:
    """A photograph-like picture: smooth gradients and some grain (compresses as photos do)."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    small = Image.frombytes("RGB", (32, 20), bytes(rng.randrange(256) for _ in range(32 * 20 * 3)))
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    image = Image.blend(image, grain, 0.08).filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue()


def _article(title: str, pictures: dict[str, bytes] | None):
    from reader.core.document import Block
    from reader.core.importing.pictures.attach import attach_pictures
    from reader.core.models import ImportedArticle

    rng = random.Random(7)
    words = [
        "reading",
        "slowly",
        "one",
        "sentence",
        "after",
        "another",
        "is",
        "how",
        "an",
        "essay",
        "is",
        "read",
    ]
    blocks = [Block("heading", title, level=1)]
    found: dict[str, bytes | str] = {}
    for i in range(OPEN_PICTURES):
        for _ in range(3):
            blocks.append(Block("paragraph", " ".join(rng.choices(words, k=90)).capitalize() + "."))
        src = f"https://pictures.example/{i}.jpg"
        blocks.append(Block("image", f"Photograph number {i} of the essay", src=src))
        blocks.append(Block("caption", f"Caption {i}: what the photograph shows, and who took it."))
        if pictures is not None:
            found[src] = pictures[src]
    imported = ImportedArticle(title, blocks, "url", url=f"https://example.org/{title}")
    return attach_pictures(imported, found) if pictures is not None else imported


def _open_figure(quick: bool, tmp: Path) -> Result:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from reader.core.storage.library import Library
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    runs = 3 if quick else 9
    pictures = {
        f"https://pictures.example/{i}.jpg": _photo(1600, 1000, i) for i in range(OPEN_PICTURES)
    }
    library = Library(tmp / "open.db")
    with_id = library.articles.add(_article("With pictures", pictures)).article_id
    without_id = library.articles.add(_article("Without pictures", None)).article_id
    assert len(library.pictures.of(with_id)) == OPEN_PICTURES
    qt_app()
    window = MainWindow(library, Settings(library))
    window.resize(1240, 780)
    window.show()
    window.start()
    settle(100)
    view = window.library_pane.list
    model = window.library_pane.model
    pane = window.reading_pane
    painted = Painted(pane.viewport())

    def click(article_id: int) -> None:
        rect = view.visualRect(model.index(model.row_of(article_id), 0))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    times: dict[int, list[float]] = {with_id: [], without_id: []}
    decoded = 0
    for _ in range(runs):
        for article_id, other in ((with_id, without_id), (without_id, with_id)):
            click(other)
            settle(50)
            started = time.perf_counter()
            click(article_id)
            painted.process()
            times[article_id].append((time.perf_counter() - started) * 1000)
            assert window.article_id == article_id
            if article_id == with_id:
                decoded = max(decoded, pane.pictures.loader.requested)
            pane.pictures.loader.wait()
            settle(50)
    window.close()
    library.close()
    shown, bare = median(times[with_id]), median(times[without_id])
    ratio = shown / bare
    return Result(
        f"open an article with {OPEN_PICTURES} pictures: click to paint",
        shown,
        "ms",
        p95(times[with_id]),
        bare,
        ratio,
        "< 300 ms and ratio <= 1.5",
        shown < 300 and ratio <= 1.5,
        f"yardstick the same article without its pictures; {runs} runs; "
        f"{decoded} of {OPEN_PICTURES} asked to decode by the first paint",
    )


class _SlowPictures(BaseHTTPRequestHandler):
    page = b""
    pictures: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        if self.path == "/page.html":
            body, kind = self.page, "text/html; charset=utf-8"
        elif self.path in self.pictures:
            time.sleep(DELAY)
            body, kind = self.pictures[self.path], "image/jpeg"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _import_figures(quick: bool, tmp: Path) -> list[Result]:
    from reader.core.importing.ingest import import_sources
    from reader.core.importing.pictures.decode import MAX_SIDE, decode_picture
    from reader.core.storage.library import Library

    runs = 3 if quick else 7
    pictures = {f"/p{i}.jpg": _photo(1200, 800, 100 + i) for i in range(IMPORT_PICTURES)}
    text = "<p>" + "Reading slowly, one sentence after another, is how it is read. " * 12 + "</p>"
    body = "".join(
        f'{text}<figure><img src="p{i}.jpg" alt="Photograph number {i} of the page">'
        f"<figcaption>Caption {i}: what it shows.</figcaption></figure>"
        for i in range(IMPORT_PICTURES)
    )
    handler = type("Handler", (_SlowPictures,), {})
    handler.page = (
        "<!DOCTYPE html><html><head><title>Thirty pictures</title></head><body><article>"
        f"<h1>Thirty pictures</h1>{body}{text}</article></body></html>"
    ).encode()
    handler.pictures = pictures
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/page.html"
    times, kept, growth, stored = [], 0, 0.0, 0
    try:
        for run in range(runs):
            path = tmp / f"import-{run}.db"
            library = Library(path)
            library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            before = path.stat().st_size
            started = time.perf_counter()
            report = import_sources(library, [url])
            times.append((time.perf_counter() - started) * 1000)
            article_id = report.results[0].article_id
            kept = len(library.pictures.of(article_id))
            stored = library.pictures.stats()[1]
            library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            growth = (path.stat().st_size - before) / max(1, kept)
            library.close()
    finally:
        server.shutdown()
        server.server_close()
    served = sum(len(b) for b in pictures.values()) / len(pictures)
    big = _photo(4000, 3000, 9, "PNG")
    recoded = decode_picture(big).picture
    results = [
        Result(
            f"import a page with {IMPORT_PICTURES} pictures, each delayed {DELAY * 1000:.0f} ms",
            median(times),
            "ms",
            p95(times),
            target="< 2000 ms",
            holds=median(times) < 2000 and kept == IMPORT_PICTURES,
            note=f"{kept} of {IMPORT_PICTURES} kept; a local server; {runs} runs",
        ),
        Result(
            "library growth per picture (1200 × 800 JPEG)",
            growth / 1000,
            "kB",
            yardstick=served / 1000,
            ratio=growth / served,
            note=f"yardstick the picture's own bytes; stored {stored / 1000 / max(1, kept):.1f}"
            " kB each (kept as served)",
        ),
        Result(
            "a 4000 × 3000 PNG photograph as stored",
            len(recoded.data) / 1000,
            "kB",
            yardstick=len(big) / 1000,
            ratio=len(recoded.data) / len(big),
            note=f"re-encoded to {recoded.media_type} at most {MAX_SIDE} px "
            f"({recoded.width} × {recoded.height}); yardstick the PNG's bytes",
        ),
    ]
    return results


def measure(quick: bool) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        results = [_open_figure(quick, Path(tmp))]
        results += _import_figures(quick, Path(tmp))
    return results
