"""Pictures at import: fetched from the page's server (srcset, <picture>, lazy attributes,
data: URIs), read beside a saved page or a Markdown note, and hostile ones refused with one
line each while the article imports with its text."""

from __future__ import annotations

import base64
import io
import os
import struct
import time
import zlib

import pytest
from local_server import RecordingServer
from picture_kit import jpeg, png

from reader.core.importing.pictures import loading
from reader.core.importing.pictures.decode import decode_picture
from reader.core.importing.pictures.problem import PictureProblem
from reader.core.importing.pictures.svg import sanitise_svg
from reader.core.importing.sources import import_file, import_url

TEXT = "Reading slowly, one sentence after another, is how an essay is meant to be read. " * 4


def page(body: str, title: str = "Pictured") -> bytes:
    paragraphs = "".join(f"<p>{TEXT} Part {i}.</p>" for i in range(3))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{paragraphs}{body}<p>{TEXT} The end.</p></article></body></html>"
    ).encode()


def bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def many_frames_gif(frames: int = 10_000) -> bytes:
    """A 40 × 40 GIF of ``frames`` frames (one frame's bytes repeated)."""
    from PIL import Image

    first, second = Image.new("P", (40, 40), 1), Image.new("P", (40, 40), 2)
    first.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    out = io.BytesIO()
    first.save(out, "GIF", save_all=True, append_images=[second], duration=10, loop=0)
    data = out.getvalue()
    start = data.rindex(b"\x21\xf9\x04")  # the second frame: graphic control, image
    frame = data[start:-1]
    return data[:start] + frame * (frames - 1) + b";"


def noise_png(width: int, height: int) -> bytes:
    """A PNG of random pixels: too big to pass for a lazy loader's placeholder."""
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def server():
    with RecordingServer() as srv:
        yield srv


def serve(server, path: str, body: bytes, kind: str) -> None:
    server.routes[path] = lambda h: h.reply(body, kind)


def test_a_pages_pictures_come_with_it(server):
    big, small = jpeg(1600, 900), jpeg(400, 225)
    serve(server, "/big.jpg", big, "image/jpeg")
    serve(server, "/small.jpg", small, "image/jpeg")
    serve(server, "/late-photo.png", png(600, 400), "image/png")
    serve(server, "/figure.png", png(800, 600, (10, 200, 10)), "image/png")
    serve(server, "/pixel.gif", png(1, 1), "image/png")
    inline = "data:image/png;base64," + base64.b64encode(noise_png(300, 200)).decode()
    serve(
        server,
        "/page.html",
        page(
            '<p><img src="small.jpg" srcset="small.jpg 400w, big.jpg 1600w"'
            ' alt="A picture offered in a srcset"></p>'
            '<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="late-photo.png"'
            ' class="lazyload" alt="A picture loaded late"></p>'
            '<figure><img src="figure.png" alt="Figure alt"><figcaption>A caption that says'
            " what the figure shows.</figcaption></figure>"
            f'<p><img src="{inline}" alt="A picture in the page itself"></p>'
            '<p><img src="pixel.gif" width="1" height="1" alt=""></p>'
        ),
        "text/html",
    )
    article = import_url(f"{server.base}/page.html")
    images = [b for b in article.blocks if b.kind == "image"]
    assert [b.text for b in images] == [
        "A picture offered in a srcset",
        "A picture loaded late",
        "Figure alt",
        "A picture in the page itself",
    ]
    assert all(b.picture in article.pictures for b in images)
    sizes = [
        (article.pictures[b.picture].width, article.pictures[b.picture].height) for b in images
    ]
    assert sizes == [(1600, 900), (600, 400), (800, 600), (300, 200)]  # the 2x candidate
    assert images[3].src is None  # a data: URI is not kept as an address
    following = article.blocks[article.blocks.index(images[2]) + 1]
    assert (following.kind, following.text) == (
        "caption",
        "A caption that says what the figure shows.",
    )
    assert article.problems == []
    time.sleep(0.1)
    fetched = sorted(r for r in server.requests if r != "GET /page.html")
    assert fetched == ["GET /big.jpg", "GET /figure.png", "GET /late-photo.png"]  # not the pixel


def test_a_saved_page_reads_its_files_folder_and_nothing_outside(tmp_path):
    folder = tmp_path / "saved"
    (folder / "Page_files").mkdir(parents=True)
    (folder / "Page_files" / "photo.png").write_bytes(png(640, 480))
    (tmp_path / "outside.png").write_bytes(png(640, 480))
    html = page(
        '<p><img src="Page_files/photo.png" alt="The kept photo"></p>'
        '<p><img src="../outside.png" alt="A photo outside"></p>'
        f'<p><img src="file://{tmp_path}/outside.png" alt="A photo by file address"></p>'
    )
    (folder / "Page.html").write_bytes(html)
    article = import_file(folder / "Page.html")
    images = {b.text: b for b in article.blocks if b.kind == "image"}
    assert images["The kept photo"].picture in article.pictures
    assert (
        images["A photo outside"].picture is None
        and images["A photo by file address"].picture is None
    )
    # A file: address is not even an address to read (extraction drops it): no line.
    assert len(article.problems) == 1 and "outside the folder" in article.problems[0]


def test_a_markdown_notes_relative_pictures(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "chart.png").write_bytes(png(500, 300))
    note = tmp_path / "note.md"
    note.write_text(f"# A note\n\n{TEXT}\n\n![A chart](images/chart.png)\n\n{TEXT}\n")
    article = import_file(note)
    [image] = [b for b in article.blocks if b.kind == "image"]
    assert image.text == "A chart" and image.picture in article.pictures
    assert article.pictures[image.picture].width == 500


def test_hostile_pictures_each_leave_one_line_and_the_article_imports(server):
    truncated = jpeg(800, 600)
    truncated = truncated[: len(truncated) // 2]
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' width="200" height="100"><script>alert(1)</script>'
        b'<image xlink:href="%s/remote.png" width="10" height="10"/>'
        b'<rect width="200" height="100" fill="teal" onload="alert(2)"/></svg>'
    ) % server.base.encode()
    serve(server, "/bomb.png", bomb_png(), "image/png")
    serve(server, "/frames.gif", many_frames_gif(), "image/gif")
    serve(server, "/truncated.jpg", truncated, "image/jpeg")
    serve(server, "/drawing.svg", svg, "image/svg+xml")
    serve(server, "/remote.png", png(10, 10), "image/png")
    serve(
        server,
        "/page.html",
        page(
            "".join(
                f'<p><img src="{name}.{ext}" alt="The picture of a {name}"></p>'
                for name, ext in (
                    ("bomb", "png"),
                    ("frames", "gif"),
                    ("truncated", "jpg"),
                    ("drawing", "svg"),
                )
            )
        ),
        "text/html",
    )
    article = import_url(f"{server.base}/page.html")
    assert "The end." in article.text
    images = {b.text: b for b in article.blocks if b.kind == "image"}
    assert images["The picture of a bomb"].picture is None
    assert images["The picture of a truncated"].picture is None
    gif = article.pictures[images["The picture of a frames"].picture]
    assert gif.media_type == "image/png" and (gif.width, gif.height) == (40, 40)  # one frame
    drawing = article.pictures[images["The picture of a drawing"].picture]
    assert drawing.media_type == "image/svg+xml"
    assert b"script" not in drawing.data and b"remote.png" not in drawing.data
    assert b"onload" not in drawing.data and b"teal" in drawing.data
    lines = sorted(article.problems)
    assert len(lines) == 3, lines
    assert any("bomb.png" in x and "too large" in x for x in lines)
    assert any("frames.gif" in x and "first frame is kept" in x for x in lines)
    assert any("truncated.jpg" in x and "cut short" in x for x in lines)
    time.sleep(0.1)
    assert "GET /remote.png" not in server.requests  # the SVG's remote picture is not fetched


def test_five_thousand_pictures_are_capped(server):
    serve(server, "/one.png", png(300, 200), "image/png")
    imgs = "".join(f'<p>Row {i} <img src="one.png?{i}" alt="Picture {i}"></p>' for i in range(5000))
    serve(server, "/page.html", page(imgs), "text/html")
    started = time.monotonic()
    article = import_url(f"{server.base}/page.html")
    assert time.monotonic() - started < 30
    assert "The end." in article.text
    assert len(article.pictures) == 1  # the same bytes each time: stored once
    kept = [b for b in article.blocks if b.kind == "image" and b.picture]
    assert len(kept) == loading.CAPS.count
    assert article.problems == ["4,900 more pictures not kept (an article keeps at most 100)"]
    assert len([r for r in server.requests if r.startswith("GET /one.png")]) == loading.CAPS.count


def test_a_trickling_picture_server_is_cut_off(server, monkeypatch):
    monkeypatch.setattr(loading, "CAPS", loading.Caps(seconds=1.5, timeout=1.0))

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b"\0")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the importer gave up and closed the connection

    server.routes["/slow.png"] = trickle
    serve(server, "/fast.png", png(300, 200), "image/png")
    serve(
        server,
        "/page.html",
        page(
            '<p><img src="slow.png" alt="The slow picture"></p>'
            '<p><img src="fast.png" alt="The fast picture"></p>'
        ),
        "text/html",
    )
    started = time.monotonic()
    article = import_url(f"{server.base}/page.html")
    assert time.monotonic() - started < 4
    images = {b.text: b for b in article.blocks if b.kind == "image"}
    assert (
        images["The fast picture"].picture in article.pictures
        and images["The slow picture"].picture is None
    )
    assert len(article.problems) == 1 and "slow.png" in article.problems[0]


def test_decoding_refuses_bombs_before_decoding_pixels():
    started = time.monotonic()
    with pytest.raises(PictureProblem, match="too large"):
        decode_picture(bomb_png())
    assert time.monotonic() - started < 1


def test_svg_sanitising_keeps_drawing_and_drops_script_and_remote():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' viewBox="0 0 30 20"><script>x()</script><a xlink:href="javascript:x()">'
        b'<circle r="5" fill="red"/></a><use href="https://evil.example/a.svg#x"/>'
        b'<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject></svg>'
    )
    clean, width, height = sanitise_svg(svg)
    assert (width, height) == (30, 20)
    for bad in (b"script", b"javascript", b"evil.example", b"foreignObject"):
        assert bad not in clean, bad
    assert b"circle" in clean
