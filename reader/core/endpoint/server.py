"""HTTP on 127.0.0.1 for the browser extension: ``POST /api/v1/pages``, ``GET /api/v1/status``.

    >>> server = EndpointServer(library, port=0, on_event=print)
    >>> server.start(); server.address   # "http://127.0.0.1:PORT"
    >>> server.stop()

Refusals, in the order they are checked: an ``Origin`` that is not a browser
extension's, or a ``Host`` that is not this loopback address (DNS rebinding), is 403;
no valid token, 401; an unknown path, 404; a body without a length, 411; over
:data:`MAX_BODY`, 413 (nothing of it is read); not JSON, 415/400. No answer carries an
``Access-Control-Allow-*`` header, so no web page can read one: the extension's own
requests need none (its host permission for 127.0.0.1 lifts CORS). Saves run one at a
time. It never serves files.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from reader.core.endpoint.payload import BadPayload, parse_page
from reader.core.endpoint.saving import save_page
from reader.core.endpoint.tokens import Pairings
from reader.core.storage.errors import LibraryError
from reader.core.storage.library import Library

MAX_BODY = 50_000_000  # bytes of JSON: a large page with its pictures in base64
EXTENSION_ORIGINS = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
PAGES, STATUS = "/api/v1/pages", "/api/v1/status"
VERSION = 1
_BEARER = {"WWW-Authenticate": "Bearer"}


class _Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may stall while sending: no slow request holds a thread

    def log_message(self, *args) -> None:  # the server is quiet; the caller reports saves
        pass

    def _answer(self, code: int, body: dict, extra: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _refuse(self, code: int, error: str, **extra: str) -> None:
        self._answer(code, {"error": error}, extra)

    def _checked(self) -> bool:
        """Origin, Host and token; answers the refusal and says False when one fails."""
        origin = self.headers.get("Origin")
        if origin is not None and not origin.startswith(EXTENSION_ORIGINS):
            self._refuse(403, "requests from web pages are refused (only the extension may call)")
            return False
        host = (self.headers.get("Host") or "").lower()
        if host not in self.server.hosts:
            self._refuse(403, f"Host must be 127.0.0.1:{self.server.port}, not {host[:60]!r}")
            return False
        if self.command == "OPTIONS":  # a preflight from the extension: allowed, no CORS
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        auth = self.headers.get("Authorization") or ""
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not self.server.pairings.check(token.strip()):
            why = "no token" if not auth else "the token is not paired (or was revoked)"
            self._refuse(
                401,
                f"{why}: pair with `article-reader pair --new`",
                **{"WWW-Authenticate": "Bearer"},
            )
            return False
        return True

    def do_OPTIONS(self) -> None:
        self._checked()

    def do_GET(self) -> None:
        if not self._checked():
            return
        if self.path.split("?")[0] != STATUS:
            self._refuse(404, f"no such endpoint (use {PAGES} or {STATUS})")
            return
        ready = self.server.ready.is_set()
        self._answer(
            200, {"app": "article-reader", "api": VERSION, "max_body": MAX_BODY, "ready": ready}
        )

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if not self._checked():
            return
        if self.path.split("?")[0] != PAGES:
            self._refuse(404, f"no such endpoint (POST pages to {PAGES})")
            return
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or length is None or not length.isdigit():
            self._refuse(411, "send the body with a Content-Length", Connection="close")
            self.close_connection = True
            return
        if int(length) > self.server.max_body:
            self._refuse(
                413, f"the page is over {self.server.max_body:,} bytes", Connection="close"
            )
            self.close_connection = True  # its body is never read
            return
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self.rfile.read(int(length))
        if kind != "application/json":
            self._refuse(415, "send the page as application/json")
            return
        try:
            page = parse_page(body)
        except BadPayload as e:
            self._refuse(400, str(e))
            return
        self._save(page)

    def _save(self, page) -> None:
        from reader.core.importing.failure import ImportFailure  # deferred with the importers

        server = self.server
        if server.on_event is not None:
            server.on_event({"saving": page.url})
        saved = None
        try:
            with server.saving:
                saved = save_page(server.library, page)
        except ImportFailure as e:
            self._refuse(422, str(e))
        except LibraryError as e:
            self._refuse(503, f"the library cannot take it: {e}")
        except Exception as e:  # one bad page must not stop the endpoint: say it, go on
            self._refuse(500, f"could not save {page.url[:200]}: unexpected error: {e!r}")
        if saved is not None:
            self._answer(
                201,
                {"id": saved.article_id, "highlight": saved.highlight_id,
                 "status": saved.status, "title": saved.title},
            )  # fmt: skip
        if server.on_event is not None:
            done = {"id": saved.article_id, "status": saved.status, "title": saved.title,
                    "highlight": saved.highlight_id} if saved else {"failed": page.url}  # fmt: skip
            server.on_event(done)


def warm_up(ready: threading.Event | None = None) -> None:
    """Import the import pipeline (lxml, the extractors, Pillow) by saving nothing: the
    first page saved then takes as long as any other (~0.6 s less on a small machine)."""
    from reader.core.importing.failure import ImportFailure
    from reader.core.importing.pictures import decode  # noqa: F401 - Pillow, on first picture
    from reader.core.importing.rendered import import_rendered

    words = " ".join(["Warming up the extractors before the first page arrives."] * 8)
    with contextlib.suppress(ImportFailure):
        import_rendered(f"<html><body><article><p>{words}</p></article></body></html>",
                        "https://warm-up.invalid/")  # fmt: skip
    if ready is not None:
        ready.set()


class EndpointServer(ThreadingHTTPServer):
    """The endpoint on 127.0.0.1:``port`` (0: a free one) for ``library``.

    ``on_event`` is called on the request's thread with ``{"saving": url}`` as a save
    begins and, when it ends, ``{"id", "status", "title", "highlight"}`` for the article
    saved or ``{"failed": url}`` (one JSON line each for ``serve --json``)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        library: Library,
        port: int,
        *,
        on_event: Callable[[dict], None] | None = None,
        max_body: int = MAX_BODY,
    ) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.library = library
        self.pairings = Pairings(library.settings)
        self.on_event = on_event
        self.ready = threading.Event()  # set by warm_up
        self.max_body = max_body
        self.saving = threading.Lock()  # one import at a time: two cores, one writer
        self.port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Serve on a thread of its own."""
        self._thread = threading.Thread(target=self.serve_forever, name="endpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket (waits for the serving loop, not for saves)."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(5)
            self._thread = None
        self.server_close()
