"""The name of the local socket a window listens on, and a Qt-free check for it.

The window (``ui/single_instance.py``) listens with QLocalServer; on Unix that is a
socket file in Qt's temporary folder ($TMPDIR, else /tmp). The command line checks
it with a plain socket, so that ``restore`` can refuse while a window has the
library open without importing Qt.

Beside the socket lies a lock file that the launch which opens the window holds
(``flock``) until its process ends, so that two launches close together cannot both
decide to be the window before either listens (see ``claim_window``).
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path


def server_name(library_path: Path) -> str:
    """The socket's name for this library and this user (short: Unix paths are limited)."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    key = f"{user}\0{Path(library_path).expanduser().resolve()}"
    return "article-reader-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _socket_folder() -> Path:
    return Path(os.environ.get("TMPDIR") or "/tmp")  # where Qt puts the socket on Unix


_held: list = []  # the lock files this process holds, open until it exits


def claim_window(library_path: Path) -> bool:
    """Take this library's window lock, held until this process exits: True when this
    launch is to open the window, False while another process holds it (its window is
    starting or open). True where there is no ``flock`` (Windows) or no lock file can
    be made (the socket then decides alone, as before)."""
    try:
        import fcntl  # Unix only: imported where it is used
    except ImportError:
        return True
    path = _socket_folder() / (server_name(library_path) + ".lock")
    try:
        lock = open(path, "a")  # noqa: SIM115 - kept open while the process runs
    except OSError:
        return True
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return False
    _held.append(lock)
    return True


def window_is_open(library_path: Path, timeout: float = 0.5) -> bool:
    """True when a window answers on this library's socket (always False off Unix)."""
    if not hasattr(socket, "AF_UNIX"):
        return False
    path = _socket_folder() / server_name(library_path)
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(str(path))
        except OSError:
            return False  # left behind by a window that crashed
    return True
