"""Whether any process opens or reads a file, as the Linux kernel reports it (inotify).

The reading pane's promise is that it never reads ``file:`` or relative image
paths. A spy on Python's ``open`` cannot see Qt, which reads files in C++; the
kernel sees every open. ``OpenWatch(path)`` collects IN_OPEN and IN_ACCESS
events on ``path``; ``opened()`` says whether there were any since the last
call. Linux only: ``available()`` is False elsewhere.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from pathlib import Path

IN_ACCESS, IN_OPEN = 0x1, 0x20
_EVENT = struct.Struct("iIII")


def available() -> bool:
    return sys.platform.startswith("linux")


class OpenWatch:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        wd = self._libc.inotify_add_watch(self._fd, os.fsencode(Path(path)), IN_OPEN | IN_ACCESS)
        if wd < 0:
            os.close(self._fd)
            raise OSError(ctypes.get_errno(), f"cannot watch {path}")

    def opened(self) -> bool:
        """Whether the file was opened or read since the watch began or the last call."""
        seen = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return seen
            seen = seen or any(
                mask & (IN_OPEN | IN_ACCESS) for _wd, mask, _cookie, _len in _events(data)
            )

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> OpenWatch:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _events(data: bytes):
    offset = 0
    while offset + _EVENT.size <= len(data):
        event = _EVENT.unpack_from(data, offset)
        yield event
        offset += _EVENT.size + event[3]
