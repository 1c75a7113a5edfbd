"""Related passages for the window, from a child process: ``article-reader related-service``.

The model (wordllama, tokenizers, numpy) never loads into the window's interpreter: its
load held the GIL for 0.1-0.4 s in a thread of the window, and each batch of vectors a few
ms more. The window writes one JSON request a line to the child's stdin and reads one
answer a line (``reader/cli/related_service.py`` says the protocol); nothing of it is
imported here. The child starts on the first request, exits when its stdin closes (the
window closing or killed), and is started again once if it dies; a second death, or a
start that fails, leaves a clear line (``problem``) that the Related list shows.

``$ARTICLE_READER_RELATED=off`` starts nothing (the tests' windows, unless they test this).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess, Signal

from reader.ui.app.children import (
    errors_in,
    finish,
    json_object,
    own_command,
    read_lines,
    stderr_lines,
)

ENV = "ARTICLE_READER_RELATED"
STOP_WAIT_MS = 3000
Answer = Callable[[dict], None]


def service_command(library_path: str) -> tuple[str, list[str]]:
    """The program and arguments of ``article-reader related-service`` for this install."""
    return own_command(["--library", library_path, "related-service"])


class RelatedService(QObject):
    """One child process per window: ``ask`` sends a request, ``stop`` ends it."""

    unavailable = Signal(str)  # the child cannot run: the line to show

    def __init__(self, library_path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path
        self.process: QProcess | None = None
        self.problem = ""
        self.restarts = 0  # started again after dying: once only
        self.activity = False  # a request was answered or under way since take_activity
        self._next = 1
        self._waiting: dict[int, tuple[dict, Answer]] = {}  # id -> request, its callback

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def ask(self, request: dict, answer: Answer) -> int:
        """Send ``request`` (``{"op": ...}``); ``answer`` gets each line answering it (a
        progress line, then the last one). Returns the request's id."""
        ident = self._next
        self._next += 1
        request = {**request, "id": ident}
        if self.problem:
            answer({"id": ident, "error": self.problem})
            return ident
        self._waiting[ident] = (request, answer)
        self.activity = True
        if self.process is None and not self._start():
            return ident
        self._send(request)
        return ident

    def forget(self, ident: int) -> None:
        """No answer wanted any more (a newer selection asked): its lines are dropped."""
        self._waiting.pop(ident, None)

    def take_activity(self) -> bool:
        """Whether the child worked since the last call (its writes are no outside news)."""
        was, self.activity = self.activity, self.busy
        return was

    def _start(self) -> bool:
        if os.environ.get(ENV, "").lower() == "off":
            self._fail(f"${ENV} is off")
            return False
        process = self.process = QProcess(self)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._ended)
        process.errorOccurred.connect(self._error)
        program, args = service_command(self.library_path)
        process.start(program, args)
        return self.process is not None  # errorOccurred may have run already

    def _send(self, request: dict) -> None:
        if self.process is not None:
            self.process.write((json.dumps(request) + "\n").encode("utf-8"))

    def _read(self) -> None:
        process = self.sender()
        if not isinstance(process, QProcess):
            return
        for line in read_lines(process):
            message = json_object(line)
            if message is None or "id" not in message:
                continue  # not an answer: nothing the window needs
            waiting = self._waiting.get(message["id"])
            if waiting is None:
                continue  # forgotten
            self.activity = True
            if "progress" not in message:
                del self._waiting[message["id"]]
            waiting[1](message)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.process is not None:
            program = service_command(self.library_path)[0]
            why = self.process.errorString()
            self.process = None
            self._fail(f"the related-passages process could not start ({program}: {why})")

    def _ended(self, code: int, _status) -> None:
        process = self.sender()
        if not isinstance(process, QProcess) or process is not self.process:
            return  # stopped on purpose
        lines = stderr_lines(process)
        self.process = None
        process.deleteLater()
        if self.restarts < 1:  # again at once for the requests waiting, else on the next
            self.restarts += 1
            if self._waiting and self._start():
                for request, _ in list(self._waiting.values()):
                    self._send(request)
            return
        why = (errors_in(lines) or lines or [f"status {code}"])[-1]
        self._fail(f"the related-passages process stopped: {why}")

    def _fail(self, problem: str) -> None:
        self.problem = problem
        waiting, self._waiting = self._waiting, {}
        for ident, (_, answer) in waiting.items():
            answer({"id": ident, "error": problem})
        self.unavailable.emit(problem)

    def stop(self) -> None:
        """Close the child's stdin (it stops between two batches and exits); kill it if it
        has not ended in 3 s. Each batch is its own transaction: nothing half written."""
        process, self.process = self.process, None
        self._waiting.clear()
        if process is None or process.state() == QProcess.ProcessState.NotRunning:
            return
        process.readyReadStandardOutput.disconnect(self._read)
        process.closeWriteChannel()
        finish(process, STOP_WAIT_MS)
