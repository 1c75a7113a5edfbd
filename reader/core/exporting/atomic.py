"""Writing a file atomically: readers see the old file or the new one, never half of it.

Used by every export and by the export folder's manifest; it imports nothing of ours.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def fsync_directory(directory: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk, where the system allows it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(
    path: str | os.PathLike[str], text: str | bytes, *, sync_directory: bool = True
) -> None:
    """Write ``text`` as UTF-8 to ``path`` so that readers see the old file or the new one.

    The bytes go to a temporary file in the same directory, are flushed to
    disk, and the temporary file then replaces ``path``. On any failure (a
    full disk, say) the temporary file is removed and ``path`` is as it was.
    An existing file's permissions are kept; line endings are written as given.
    ``sync_directory=False`` leaves flushing the rename to the caller (one
    directory sync after many files).
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text  # bytes: a picture
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_directory:
        fsync_directory(path.parent)
