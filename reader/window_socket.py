"""The name of the local socket a window listens on, and a Qt-free check for it.

The window (``ui/single_instance.py``) listens with QLocalServer; on Unix that is a
socket file in Qt's temporary folder ($TMPDIR, else /tmp). The command line checks
it with a plain socket, so that ``restore`` can refuse while a window has the
library open without importing Qt.
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


def window_is_open(library_path: Path, timeout: float = 0.5) -> bool:
    """True when a window answers on this library's socket (always False off Unix)."""
    if not hasattr(socket, "AF_UNIX"):
        return False
    path = Path(os.environ.get("TMPDIR") or "/tmp") / server_name(library_path)
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(str(path))
        except OSError:
            return False  # left behind by a window that crashed
    return True
