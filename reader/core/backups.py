"""Backups of a library: checked copies beside it, the newest few kept.

Taken before a migration and once a day by the window. Each copy is made with
SQLite's backup API through a connection of its own: in WAL mode that is one
consistent snapshot, and the library's writer is never held up by it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from .errors import LibraryError


def folder_of(library: Path) -> Path:
    return library.with_name(library.name + ".backups")


def backup(library: Path, *, reason: str = "backup", keep: int = 5, timeout: float = 5.0) -> Path:
    """Copy ``library``, check the copy with ``quick_check``, delete all but the newest ``keep``."""
    folder = folder_of(library)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{library.stem}-{stamp}-{reason}.db"
    partial = target.with_suffix(".partial")
    source = sqlite3.connect(library, timeout=timeout)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        ok = dest.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        dest.close()
        source.close()
    if ok != "ok":
        partial.unlink(missing_ok=True)
        raise LibraryError(f"backup of {library} failed its check: {ok}")
    partial.replace(target)
    for old in sorted(folder.glob(f"{library.stem}-*.db"))[:-keep]:
        old.unlink(missing_ok=True)
    return target


def age_of_newest(library: Path) -> float:
    """Seconds since the newest backup was written (very large when there is none)."""
    newest = max((p.stat().st_mtime for p in folder_of(library).glob("*.db")), default=0.0)
    return datetime.now(UTC).timestamp() - newest
