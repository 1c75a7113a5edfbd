"""A web server on 127.0.0.1 that records every request made to it, for the tests that
prove nothing is fetched (and for the URL importer's failure cases)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    server: RecordingServer

    def _any(self) -> None:
        self.server.requests.append(f"{self.command} {self.path}")
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404, "Not Found")
        else:
            route(self)

    do_GET = do_HEAD = do_POST = do_PUT = do_OPTIONS = do_DELETE = _any

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def reply(self, body: bytes, content_type: str | None = "text/html; charset=utf-8") -> None:
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, code: int = 302) -> None:
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class RecordingServer(ThreadingHTTPServer):
    """``with RecordingServer(routes) as server``: ``server.base`` is its address and
    ``server.requests`` lists every request it got, as "GET /path"."""

    daemon_threads = True

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
