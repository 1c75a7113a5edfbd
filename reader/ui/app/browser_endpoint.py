"""The browser extension's endpoint, served while the window is open.

The window runs ``article-reader serve --json`` on its library as a child process,
started after the first paint, and reads one line of JSON per saved page from it. The
saves (extraction, pictures, anchoring) thus never share the window's interpreter: in
a thread of the window they held the GIL in C code (regular expressions, lxml) long
enough to block the UI for 60-400 ms during a burst of saves (bench/fig_browser.py);
a crash on a hostile page cannot take the window with it either. The window lists the
article at once (one reload of the list for a burst of saves), says so in the status
bar, and shows the open article again when it was the one saved. It never raises or
activates the window: saving from the browser must not take the reader out of it.

The port is the library's ``browser.port`` setting (default 48515), or
``$ARTICLE_READER_BROWSER_PORT`` (tests and scripts: 0 picks a free one; ``off``
serves nothing, which the tests' windows use unless they test this).
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING, NamedTuple, Protocol

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from reader.ui.app.children import (
    errors_in,
    finish,
    json_object,
    own_command,
    read_lines,
    stderr_lines,
)

if TYPE_CHECKING:
    from reader.core.storage.library import Library
    from reader.ui.app.outside import OutsideChanges
    from reader.ui.library.pane import LibraryPane

PORT_ENV = "ARTICLE_READER_BROWSER_PORT"
LIST_AFTER_MS = 30  # saves closer together than this are listed by one reload
STOP_WAIT_MS = 3000


class Saved(NamedTuple):
    article_id: int
    status: str  # "added", "updated" or "unchanged"
    title: str
    highlight_id: str | None


class EndpointHost(Protocol):
    library: Library
    library_pane: LibraryPane
    article_id: int | None
    outside: OutsideChanges

    def show_again(self) -> None: ...


def serve_command(library_path: str, port: int) -> tuple[str, list[str]]:
    """The program and arguments of ``article-reader serve --json`` for this install."""
    return own_command(["--library", library_path, "serve", "--port", str(port), "--json"])


class BrowserEndpoint(QObject):
    """The endpoint of one window: ``start()`` after the first paint, ``stop()`` on close."""

    saved = Signal(object)  # a Saved
    started = Signal(str)  # the address
    said = Signal(str)  # a line for the status bar

    def __init__(self, host: EndpointHost, parent: QObject) -> None:
        super().__init__(parent)
        self.host = host
        self.address: str | None = None
        self.problem = ""
        self.process: QProcess | None = None
        self._stopping = False
        self._list_timer = QTimer(self, singleShot=True, interval=LIST_AFTER_MS)
        self._list_timer.timeout.connect(self._list)
        self._pending: list[Saved] = []
        self._in_flight = 0  # saves begun and not ended: the outside check waits meanwhile

    def port(self) -> int:
        """The port asked for: the environment's, else the library's setting."""
        from reader.core.endpoint.tokens import Pairings  # small: settings only

        chosen = os.environ.get(PORT_ENV, "")
        return int(chosen) if chosen.isdigit() else Pairings(self.host.library.settings).port()

    def start(self) -> None:
        if os.environ.get(PORT_ENV, "").lower() == "off":
            self.problem = f"Browser extension: not served (${PORT_ENV} is off)"
            return
        if self.host.library.read_only:
            self.problem = "Browser extension: not served (the library is open read-only)"
            return
        self._stopping = False
        process = self.process = QProcess(self)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._ended)
        program, args = serve_command(str(self.host.library.path), self.port())
        process.start(program, args)

    def stop(self) -> None:
        """Stop serving: Ctrl+C to the child (a save under way finishes or rolls back)."""
        process, self.process = self.process, None
        self.address = None
        if process is None or process.state() == QProcess.ProcessState.NotRunning:
            return
        self._stopping = True
        process.readyReadStandardOutput.disconnect(self._read)  # nothing of it after this
        self._list_timer.stop()
        self._pending, self._in_flight = [], 0
        pid = process.processId()
        if pid and hasattr(signal, "SIGINT") and os.name == "posix":
            os.kill(pid, signal.SIGINT)
        else:
            process.terminate()
        finish(process, STOP_WAIT_MS)

    def restart(self) -> None:
        """Serve again, on the port now chosen (after a change in the dialog)."""
        self.stop()
        self.problem = ""
        self.start()

    def _read(self) -> None:
        process = self.sender()
        if not isinstance(process, QProcess):
            return
        for line in read_lines(process):
            if line.startswith("http://"):
                self.address = line
                self.started.emit(line)
                continue
            event = json_object(line)
            if event is None:
                continue  # not an event: nothing the window needs
            if "saving" in event:
                self._began()
                continue
            self._ended_one()
            if "id" in event:
                saved = Saved(int(event["id"]), event["status"], event["title"], event["highlight"])
                self.saved.emit(saved)
                self._pending.append(saved)
            if not self._list_timer.isActive():
                self._list_timer.start()

    # The child's writes are news to the window's check for changes made elsewhere
    # (outside.py), which would reload the list and re-render the open article about once
    # a second through a burst of saves. It waits while saves are under way; the window
    # lists what they saved itself, then takes the library's version as seen (a change by
    # another program in that same moment shows with the next one).
    def _began(self) -> None:
        if self._in_flight == 0:
            self.host.outside.stop()
        self._in_flight += 1

    def _ended_one(self) -> None:
        self._in_flight = max(0, self._in_flight - 1)

    def _resume_outside(self) -> None:
        if self._in_flight == 0:
            self.host.outside.start()

    def _ended(self, code: int, _status) -> None:
        if self._in_flight:
            self._in_flight = 0
            self.host.outside.start()
        process = self.sender()
        if self._stopping or not isinstance(process, QProcess):
            return
        errors = errors_in(stderr_lines(process))
        why = errors[-1] if errors else f"it stopped (status {code})"
        self.problem = f"Browser extension: not served: {why}"
        self.address = None
        self.said.emit(self.problem)

    def _list(self) -> None:
        done, self._pending = self._pending, []
        if not done:
            self._resume_outside()
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
        self._resume_outside()
