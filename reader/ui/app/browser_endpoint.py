"""The browser extension's endpoint, served while the window is open.

Started after the first paint on a thread of its own (the import of ``http.server`` and
the bind happen there, not on the UI thread). Each save runs on the server's request
thread, through the same ``Library`` (its writer is locked, readers are per thread); the
window only hears of it through a queued signal, then lists the article (one reload of
the list for a burst of saves), says so in the status bar, and shows the open article
again when it was the one saved. It never raises or activates the window: saving from
the browser must not take the reader out of it.

The port is the library's ``browser.port`` setting (default 48515), or
``$ARTICLE_READER_BROWSER_PORT`` (tests and scripts: 0 picks a free one).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from reader.core.endpoint.saving import Saved
    from reader.core.endpoint.server import EndpointServer
    from reader.core.storage.library import Library
    from reader.ui.library.pane import LibraryPane

PORT_ENV = "ARTICLE_READER_BROWSER_PORT"
LIST_AFTER_MS = 30  # saves closer together than this are listed by one reload


class EndpointHost(Protocol):
    library: Library
    library_pane: LibraryPane
    article_id: int | None

    def show_again(self) -> None: ...


class BrowserEndpoint(QObject):
    """The endpoint of one window: ``start()`` after the first paint, ``stop()`` on close."""

    saved = Signal(object)  # a Saved, emitted on the request's thread, received on the UI's
    started = Signal(str)  # the address
    failed = Signal(str)  # why it could not serve
    said = Signal(str)  # a line for the status bar

    def __init__(self, host: EndpointHost, parent: QObject) -> None:
        super().__init__(parent)
        self.host = host
        self.server: EndpointServer | None = None
        self.problem = ""
        self._stopped = False
        self._lock = threading.Lock()
        self._list_timer = QTimer(self, singleShot=True, interval=LIST_AFTER_MS)
        self._list_timer.timeout.connect(self._list)
        self._pending: list[Saved] = []
        self.saved.connect(self._saved)
        self.failed.connect(self._failed)

    def port(self) -> int:
        """The port asked for: the environment's, else the library's setting."""
        from reader.core.endpoint.tokens import Pairings  # small; the server waits

        chosen = os.environ.get(PORT_ENV, "")
        return int(chosen) if chosen.isdigit() else Pairings(self.host.library.settings).port()

    @property
    def address(self) -> str | None:
        return self.server.address if self.server is not None else None

    def start(self) -> None:
        port = self.port()
        threading.Thread(target=self._serve, args=(port,), name="endpoint", daemon=True).start()

    def _serve(self, port: int) -> None:
        from reader.core.endpoint.server import EndpointServer  # deferred: http.server, email

        try:
            server = EndpointServer(self.host.library, port, on_saved=self.saved.emit)
        except OSError as e:
            self.failed.emit(
                f"Browser extension: port {port} is taken ({e.strerror or e}); another window "
                "or `article-reader serve` may be using it. Choose another in File > Browser "
                "Extension…"
            )
            return
        with self._lock:
            if self._stopped:  # the window closed while this thread started
                server.server_close()
                return
            self.server = server
        self.started.emit(server.address)
        server.serve_forever()
        server.server_close()

    def stop(self) -> None:
        """Stop serving (saves under way finish on their own threads)."""
        with self._lock:
            self._stopped = True
            server, self.server = self.server, None
        if server is not None:
            server.shutdown()

    def restart(self) -> None:
        """Serve again, on the port now chosen (after a change in the dialog)."""
        self.stop()
        with self._lock:
            self._stopped = False
        self.problem = ""
        self.start()

    def _failed(self, text: str) -> None:
        self.problem = text
        self.said.emit(text)

    # -- on the UI thread ------------------------------------------------------------

    def _saved(self, saved: Saved) -> None:
        self._pending.append(saved)
        if not self._list_timer.isActive():
            self._list_timer.start()

    def _list(self) -> None:
        done, self._pending = self._pending, []
        if not done:
            return
        pane = self.host.library_pane
        pane.refresh(keep=pane.current_article_id())
        if self.host.article_id in {s.article_id for s in done if s.status != "added"}:
            self.host.show_again()  # its text or its highlights changed under us
        last = done[-1]
        what = {"added": "Saved", "updated": "Updated", "unchanged": "Saved again"}
        text = f"{what.get(last.status, 'Saved')} from the browser: “{last.title}”"
        if last.highlight_id:
            text += ", with its highlight"
        if len(done) > 1:
            text = f"{len(done)} pages saved from the browser; the last: “{last.title}”"
        self.said.emit(text)
