"""Importing from http(s) addresses, against a small web server on 127.0.0.1."""

import functools
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from reader.core.importing.sources import ImportFailure, import_source, import_url

WESTERN = "Maßnahmen für das café – “curly” quotes"
ARTICLE = (
    "<html><head><title>Served Article</title></head><body>"
    "<p>First paragraph of the served article, long enough to read as text.</p>"
    "<p>Second paragraph with <a href='/other'>a relative link</a>.</p></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    """Routes by path; every request is logged on the server for the tests to inspect."""

    routes: ClassVar[dict] = {}

    def do_GET(self):
        self.server.requests.append(self.path)
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def log_message(self, *args):  # keep the test output quiet
        pass

    def reply(self, body: bytes, content_type: str | None, headers: dict | None = None):
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def route(path):
    def register(func):
        Handler.routes[path] = func
        return func

    return register


@route("/article.html")
def _article(h):
    h.reply(ARTICLE.encode(), "text/html; charset=utf-8")


@route("/latin.html")
def _latin(h):  # the charset is named only in the header, and wrongly as latin-1
    body = f"<title>Latin</title><p>{WESTERN}</p>".encode("cp1252")
    h.reply(body, "text/html; charset=ISO-8859-1")


@route("/canonical.html")
def _canonical(h):
    page = ARTICLE.replace(
        "</title>", "</title><link rel='canonical' href='https://example.org/the-article'>"
    )
    h.reply(page.encode(), "text/html")


@route("/redirect")
def _redirect(h):
    h.send_response(302)
    h.send_header("Location", "/moved/article.html")
    h.end_headers()


@route("/moved/article.html")
def _moved(h):
    _article(h)


@route("/go-to-self")
def _go_to_self(h):
    h.send_response(301)
    h.send_header("Location", "/self.html")
    h.end_headers()


@route("/self.html")
def _self(h):  # names its own address as canonical, relative to itself
    page = ARTICLE.replace("</title>", "</title><link rel='canonical' href='/self.html'>")
    h.reply(page.encode(), "text/html")


@route("/to-ftp")
def _to_ftp(h):
    h.send_response(302)
    h.send_header("Location", "ftp://127.0.0.1/file.html")
    h.end_headers()


@route("/slow")
def _slow(h):
    time.sleep(3)
    _article(h)


@route("/big")
def _big(h):  # no Content-Length: the cap must stop the reading itself
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    try:
        for _ in range(40):
            h.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


@route("/big-declared")
def _big_declared(h):
    h.reply(b"<p>small</p>", "text/html", {"Content-Length": "50000000"})


@route("/paper.pdf")
def _pdf(h):
    h.reply(b"%PDF-1.4", "application/pdf")


@route("/notes.txt")
def _text(h):
    h.reply(b"Plain Title\n\nA plain text paragraph.\n", "text/plain; charset=utf-8")


@route("/notes.md")
def _markdown(h):
    h.reply(b"# Markdown Title\n\nSome *Markdown* text.\n", "text/markdown")


@route("/gzip.html")
def _gzip(h):
    h.reply(gzip.compress(ARTICLE.encode()), "text/html", {"Content-Encoding": "gzip"})


@route("/hostile.html")
def _hostile(h):
    port = h.server.server_address[1]
    page = f"""<html><head><title>Hostile</title>
    <script>document.write("script-secret")</script></head><body>
    <p>Readable paragraph that should survive the cleaning of this page.</p>
    <p><a href="javascript:steal()">harmless text</a> and
    <img src="/tracker.gif" alt="A relative picture">
    <img src="http://127.0.0.1:{port}/absolute.png" alt="An absolute picture"></p>
    <p onmouseover="steal()">Another paragraph of text to read.</p>
    </body></html>"""
    h.reply(page.encode(), "text/html; charset=utf-8")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests = []
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server):
    server.requests.clear()
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_article(base):
    article = import_url(f"{base}/article.html")
    assert article.title == "Served Article"
    assert article.source_kind == "url"
    assert article.url == f"{base}/article.html"
    assert article.source == f"{base}/article.html"
    assert "Second paragraph with a relative link." in article.text
    link = article.blocks[-1].spans[0]
    assert link.href == f"{base}/other"


def test_charset_in_the_header_only(base):
    assert import_url(f"{base}/latin.html").text == WESTERN


def test_canonical_link_is_the_address_kept(base):
    assert import_url(f"{base}/canonical.html").url == "https://example.org/the-article"


def test_redirects_are_followed_but_the_given_address_kept(base):
    article = import_url(f"{base}/redirect")
    assert article.title == "Served Article"
    assert article.url == f"{base}/redirect"
    # Relative links resolve against where the page really is.
    assert article.blocks[-1].spans[0].href == f"{base}/other"


def test_a_canonical_link_beats_the_given_address_after_a_redirect(base):
    assert import_url(f"{base}/go-to-self").url == f"{base}/self.html"


def test_redirect_to_another_scheme_is_refused(base):
    with pytest.raises(ImportFailure) as excinfo:
        import_url(f"{base}/to-ftp")
    assert "ftp://" in str(excinfo.value)


def test_slow_server_times_out(base):
    start = time.monotonic()
    with pytest.raises(ImportFailure) as excinfo:
        import_url(f"{base}/slow", timeout=0.5)
    assert time.monotonic() - start < 2.5
    assert "did not answer within 0.5 seconds" in str(excinfo.value)
    assert f"{base}/slow" in str(excinfo.value)


def test_size_cap(base):
    with pytest.raises(ImportFailure) as excinfo:
        import_url(f"{base}/big", max_bytes=1_000_000)
    assert "larger than 1 MB" in str(excinfo.value)
    with pytest.raises(ImportFailure) as excinfo:
        import_url(f"{base}/big-declared")
    assert "larger than 20 MB" in str(excinfo.value)


def test_not_found(base):
    with pytest.raises(ImportFailure) as excinfo:
        import_url(f"{base}/nothing-here.html")
    message = str(excinfo.value)
    assert message == (
        f"cannot import {base}/nothing-here.html: the server answered 404 Not Found"
        " (check the address)"
    )


def test_unsupported_content_type(base):
    with pytest.raises(ImportFailure) as excinfo:
        import_url(f"{base}/paper.pdf")
    assert "application/pdf" in str(excinfo.value)


def test_nobody_listening():
    with pytest.raises(ImportFailure) as excinfo:
        import_url("http://127.0.0.1:9/", timeout=2)
    assert "cannot reach 127.0.0.1" in str(excinfo.value)


def test_plain_text_and_markdown(base):
    text = import_url(f"{base}/notes.txt")
    assert (text.title, text.text, text.source_kind) == (
        "Plain Title",
        "A plain text paragraph.",
        "url",
    )
    markdown = import_url(f"{base}/notes.md")
    assert (markdown.title, markdown.text) == ("Markdown Title", "Some Markdown text.")
    assert markdown.url == f"{base}/notes.md"


def test_gzip_body(base):
    assert import_url(f"{base}/gzip.html").title == "Served Article"


def test_hostile_page_is_sanitised_and_only_its_pictures_are_fetched_once(base, server):
    server.requests.clear()
    article = import_url(f"{base}/hostile.html")
    assert "script-secret" not in article.text
    assert "harmless text" in article.text
    for block in article.blocks:
        assert all(span.href is None or span.href.startswith("http") for span in block.spans)
    images = [b for b in article.blocks if b.kind == "image"]
    assert {b.src for b in images} == {f"{base}/tracker.gif", f"{base}/absolute.png"}
    assert all(b.picture is None for b in images)  # both answer 404: their alt texts stay
    assert sorted(article.problems) == [
        "picture absolute.png (127.0.0.1): the server answered 404 Not Found (check the"
        " address); its alt text is kept",
        "picture tracker.gif (127.0.0.1): the server answered 404 Not Found (check the"
        " address); its alt text is kept",
    ]
    time.sleep(0.2)
    assert sorted(server.requests) == ["/absolute.png", "/hostile.html", "/tracker.gif"]


def test_import_source_dispatches_urls(base):
    assert import_source(f"{base}/article.html").title == "Served Article"


# -- limits and refusals: each failure gets its own clear message ------------------------


@route("/chain")
def _chain(h):  # /chain?n=3 redirects 3 times, then serves the article
    n = int(h.path.split("=")[1]) if "=" in h.path else 0
    if n > 0:
        h.send_response(302)
        h.send_header("Location", f"/chain?n={n - 1}")
        h.end_headers()
    else:
        _article(h)


@route("/loop")
def _loop(h):
    h.send_response(301)
    h.send_header("Location", "/loop")
    h.end_headers()


for _target in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,<p>x</p>"):

    @route(f"/to-{_target.split(':')[0]}")
    def _to_other(h, target=_target):
        h.send_response(302)
        h.send_header("Location", target)
        h.end_headers()


@route("/error")
def _error(h):
    h.send_error(500, "Internal Server Error")


@route("/forbidden")
def _forbidden(h):
    h.send_error(403, "Forbidden")


@route("/image.png")
def _image(h):
    h.reply(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")


@route("/download")
def _download(h):
    h.reply(b"\0\1\2" * 100, "application/octet-stream")


@route("/trickle")
def _trickle(h):  # answers at once, then one byte a second: each read is in time
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    try:
        for _ in range(30):
            h.wfile.write(b"<")
            h.wfile.flush()
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError):
        pass


@route("/trickle-headers")
def _trickle_headers(h):  # the status line at once, then a header one byte at a time
    try:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for byte in b"X-Slow: " + b"z" * 60:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass
    h.close_connection = True


@route("/endless")
def _endless(h):  # 64 MB with no Content-Length; records how much it could send
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>" + b"y" * 65533
    sent = 0
    try:
        for _ in range(1024):
            h.wfile.write(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    h.server.sent = sent


@route("/bomb")
def _bomb(h):  # 25 KB of gzip that inflates to 25 MB
    h.reply(_bomb_body(), "text/html", {"Content-Encoding": "gzip"})


@functools.cache
def _bomb_body() -> bytes:
    return gzip.compress(b"<p>" + b"z" * 25_000_000, compresslevel=9)


@route("/truncated")
def _truncated(h):  # promises more than it sends, then hangs up
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<p>only the start")
    h.wfile.flush()
    h.close_connection = True


def failure(url: str, **kwargs) -> str:
    with pytest.raises(ImportFailure) as excinfo:
        import_url(url, **kwargs)
    message = str(excinfo.value)
    assert message.startswith(f"cannot import {url}: ") and "\n" not in message
    return message


def test_redirects_are_capped_at_five(base):
    assert import_url(f"{base}/chain?n=5").title == "Served Article"
    assert "redirects more than 5 times" in failure(f"{base}/chain?n=6")
    assert "redirects more than 5 times" in failure(f"{base}/loop")


@pytest.mark.parametrize("scheme", ["file", "javascript", "data"])
def test_redirects_to_other_schemes_are_refused(base, scheme):
    assert f"redirects to a non-web address ({scheme}:" in failure(f"{base}/to-{scheme}")


@pytest.mark.parametrize(
    "address",
    ["ftp://127.0.0.1/x.html", "file:///etc/passwd", "javascript:alert(1)", "data:,x", "foo:y"],
)
def test_only_web_addresses(address):
    with pytest.raises(ImportFailure) as excinfo:
        import_url(address)
    assert "use an http or https address" in str(excinfo.value)
    if not address.startswith("file:"):  # import_source reads file: addresses as files
        with pytest.raises(ImportFailure) as excinfo:
            import_source(address)
        assert "(use http or https)" in str(excinfo.value)


def test_http_errors_name_the_status(base):
    assert "the server answered 500 Internal Server Error" in failure(f"{base}/error")
    assert "the server answered 403 Forbidden" in failure(f"{base}/forbidden")


def test_what_is_not_a_page_is_refused(base):
    assert "serves image/png (use a web page, text or Markdown)" in failure(f"{base}/image.png")
    assert "serves application/octet-stream" in failure(f"{base}/download")


def test_a_trickling_server_is_cut_off_by_the_overall_deadline(base):
    start = time.monotonic()
    assert "did not answer within 1 seconds" in failure(f"{base}/trickle", timeout=1)
    assert time.monotonic() - start < 5


def test_trickling_headers_are_cut_off_by_the_overall_deadline(base):
    start = time.monotonic()
    assert "did not answer within 1 seconds" in failure(f"{base}/trickle-headers", timeout=1)
    assert time.monotonic() - start < 5


def test_the_size_cap_stops_the_download(base, server):
    server.sent = None
    assert "larger than 1 MB" in failure(f"{base}/endless", max_bytes=1_000_000)
    deadline = time.monotonic() + 10
    while server.sent is None and time.monotonic() < deadline:
        time.sleep(0.05)
    # The server could hand over little more than the cap plus the sockets' buffers.
    assert server.sent is not None and server.sent < 20_000_000, server.sent


def test_a_compressed_page_is_capped_after_inflating(base):
    assert "larger than 20 MB" in failure(f"{base}/bomb")


def test_a_connection_that_breaks_off(base):
    assert "the connection broke off" in failure(f"{base}/truncated")


def test_connection_refused_is_plain():
    message = failure("http://127.0.0.1:9/article.html", timeout=2)
    assert "cannot reach 127.0.0.1" in message and "refused" in message.lower()
