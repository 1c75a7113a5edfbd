"""One window per library: a second launch hands its files and links to the first one.

The window listens on a local socket (a Unix socket, a named pipe on Windows) named
after the library's resolved path and the user. A launch first tries to connect:
when a window answers, it sends what it was asked to open, prints the reply and
exits; otherwise it starts the window, which then listens. Checking costs one
QtNetwork import and one failed connect (a few milliseconds, see the README).
Two launches close together are kept apart by a lock file (``claim_window``): the
one that does not get it waits for the other's window to listen and hands over.

The message is one line of JSON each way:
``{"open": [...], "activation_token": ...}`` and ``{"messages": [...]}``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader.window_socket import claim_window, server_name

CONNECT_MS = 500
STARTING_S = 20  # how long a launch waits for a window that another launch is starting
REPLY_MS = 15000  # the window answers after opening links; imports run in the background

Handler = Callable[[list[str], str | None], list[str]]


def send_to_running(library_path: Path, targets: list[str]) -> list[str] | None:
    """Hand ``targets`` to the window already open on this library: its messages (empty
    when all went well), or None when no window runs there."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(library_path))
    if not socket.waitForConnected(CONNECT_MS):
        return None
    token = os.environ.get("XDG_ACTIVATION_TOKEN")
    message = {"open": targets, "activation_token": token}
    socket.write(json.dumps(message).encode() + b"\n")
    socket.waitForBytesWritten(CONNECT_MS)
    reply = b""
    while not reply.endswith(b"\n") and socket.waitForReadyRead(REPLY_MS):
        reply += socket.readAll().data()
    socket.disconnectFromServer()
    try:
        return list(json.loads(reply)["messages"])
    except (ValueError, KeyError, TypeError):
        return [
            "the window already open on this library did not answer; "
            "close it (or end its process) and try again"
        ]


def send_or_claim(library_path: Path, targets: list[str]) -> list[str] | None:
    """Hand ``targets`` to the window on this library (its messages, as
    ``send_to_running``), waiting for it when another launch is just starting it;
    None when this launch is to open the window (it then holds the library's lock)."""
    messages = send_to_running(library_path, targets)
    deadline = time.monotonic() + STARTING_S
    while messages is None and not claim_window(library_path):
        if time.monotonic() > deadline:
            return [
                f"another launch on this library has been starting a window for "
                f"{STARTING_S} s without answering; close it (or end its process) "
                "and try again"
            ]
        time.sleep(0.05)
        messages = send_to_running(library_path, targets)
    return messages


class InstanceServer(QObject):
    """Listens for later launches on the same library and passes what they send to
    ``handler(targets, activation_token)``, whose messages go back to them."""

    def __init__(self, library_path: Path, handler: Handler, parent: QObject | None = None):
        super().__init__(parent)
        self._handler = handler
        self._buffers: dict[QLocalSocket, bytes] = {}
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.name = server_name(library_path)
        if not self.server.listen(self.name):
            # A socket file left behind by a window that crashed: nobody answers on it.
            probe = QLocalSocket()
            probe.connectToServer(self.name)
            if not probe.waitForConnected(CONNECT_MS):
                QLocalServer.removeServer(self.name)
                self.server.listen(self.name)
        self.server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + socket.readAll().data()
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            message = json.loads(data)
            targets = [str(t) for t in message["open"]]
            token = message.get("activation_token")
        except (ValueError, KeyError, TypeError):
            messages = ["the running window could not read the request"]
        else:
            messages = self._handler(targets, token)
        socket.write(json.dumps({"messages": messages}).encode() + b"\n")
        socket.flush()
        socket.disconnectFromServer()

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def close(self) -> None:
        self.server.close()
