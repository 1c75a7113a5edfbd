"""Backups of a library: checked copies beside it, rotated by day and by week.

Taken before a migration, once a day by the window when the library changed,
and by ``article-reader backup``. Each copy is made with SQLite's backup API
through a connection of its own: in WAL mode that is one consistent snapshot,
and the library's writer is never held up by it. A copy is checked by opening
it and running ``quick_check`` before it takes its final name.

The copies live in ``library.db.backups/`` as ``library-<UTC time>-<reason>.db``;
the time in the name (not the file's mtime) orders and rotates them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.storage.connection import read_uri
from reader.core.storage.errors import LibraryError

KEEP_DAILY = 7
KEEP_WEEKLY = 4
STAMP = "%Y%m%d-%H%M%S-%f"
_STAMP_RE = re.compile(r"(\d{8})-(\d{6})-(\d{1,6})", re.ASCII)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str


def folder_of(library: Path) -> Path:
    return library.with_name(library.name + ".backups")


def listing(library: Path) -> list[Backup]:
    """The backups of ``library`` in its backup folder, newest first."""
    found = []
    prefix = f"{library.stem}-"
    for path in folder_of(library).glob(f"{library.stem}-*.db"):
        parts = path.stem[len(prefix) :].split("-", 3)
        try:
            taken = _taken("-".join(parts[:3]))
        except ValueError:
            continue  # not one of ours
        found.append(Backup(path, taken, parts[3] if len(parts) > 3 else ""))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _taken(stamp: str) -> datetime:
    """The UTC time in a backup's name (``STAMP``); parsed by hand, since ``strptime``
    loads ``_strptime`` and ``locale`` (10 ms) on the window's first backup check."""
    match = _STAMP_RE.fullmatch(stamp)
    if match is None:
        raise ValueError(f"not a backup time: {stamp!r}")
    day, time, micro = match.groups()
    numbers = (day[:4], day[4:6], day[6:], time[:2], time[2:4], time[4:], micro.ljust(6, "0"))
    return datetime(*map(int, numbers), tzinfo=UTC)


def copy_checked(library: Path, target: Path, *, timeout: float = 5.0) -> Path:
    """Copy ``library`` to ``target`` with the backup API; check the copy before naming it."""
    if target.exists():
        raise LibraryError(f"{target} already exists; choose another name for the backup")
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(read_uri(library), uri=True, timeout=timeout)
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            ok = dest.execute("PRAGMA quick_check").fetchone()[0]
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
            source.close()
    except sqlite3.Error as e:
        partial.unlink(missing_ok=True)
        raise LibraryError(f"cannot back up {library} to {target}: {e}") from e
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise LibraryError(f"cannot write the backup {target}: {e.strerror or e}") from e
    if ok != "ok":
        partial.unlink(missing_ok=True)
        raise LibraryError(f"backup of {library} failed its check: {ok}")
    partial.replace(target)
    return target


def backup(
    library: Path,
    *,
    reason: str = "backup",
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    timeout: float = 5.0,
) -> Path:
    """A checked copy in the backup folder; then old copies are rotated away."""
    folder = folder_of(library)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as e:
        raise LibraryError(f"cannot make the backup folder {folder}: {e.strerror or e}") from e
    stamp = datetime.now(UTC).strftime(STAMP)
    target = copy_checked(library, folder / f"{library.stem}-{stamp}-{reason}.db", timeout=timeout)
    rotate(library, keep_daily=keep_daily, keep_weekly=keep_weekly)
    return target


def to_keep(backups: list[Backup], keep_daily: int, keep_weekly: int) -> set[Path]:
    """The newest backup of each of the last ``keep_daily`` days that have one, of each of
    the last ``keep_weekly`` ISO weeks, and the newest taken before a migration."""
    keep: set[Path] = set()
    for size, key in ((keep_daily, _day), (keep_weekly, _week)):
        seen: list[object] = []
        for b in backups:  # newest first
            k = key(b.taken)
            if k not in seen:
                seen.append(k)
                if len(seen) > size:
                    break
                keep.add(b.path)
    migration = next((b for b in backups if b.reason == "before-migration"), None)
    if migration is not None:
        keep.add(migration.path)
    return keep


def rotate(library: Path, *, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY) -> None:
    """Delete the copies ``to_keep`` does not keep; the user's own (``backup``) all stay, and
    so do copies left half-written by a crash (``.partial``) for less than an hour."""
    found = [b for b in listing(library) if b.reason != "manual"]
    keep = to_keep(found, keep_daily, keep_weekly)
    for b in found:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
    hour_ago = datetime.now(UTC).timestamp() - 3600
    for partial in folder_of(library).glob("*.partial"):
        if partial.stat().st_mtime < hour_ago:
            partial.unlink(missing_ok=True)


def _day(t: datetime) -> object:
    return t.date()


def _week(t: datetime) -> object:
    return t.isocalendar()[:2]


def change_count(path: Path) -> int | None:
    """The library's change counter (kept by triggers), or None when it cannot be read."""
    try:
        conn = sqlite3.connect(read_uri(path), uri=True)
        try:
            return conn.execute("SELECT count FROM change_count").fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.Error, TypeError):
        return None


def is_due(library: Path, *, days: float = 1.0) -> bool:
    """A periodic backup is due when the newest is older than ``days`` and the library has
    changed since it was taken (its change counter differs)."""
    found = listing(library)
    if not found:
        return True
    newest = found[0]
    if (datetime.now(UTC) - newest.taken).total_seconds() < days * 86400:
        return False
    now_count = change_count(library)
    return now_count is None or now_count != change_count(newest.path)


def is_good(path: Path) -> bool:
    """Whether ``path`` opens as an SQLite database and passes ``quick_check``."""
    try:
        conn = sqlite3.connect(read_uri(path), uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def newest_good(library: Path) -> Path | None:
    """The newest backup of ``library`` that passes its check, if any."""
    return next((b.path for b in listing(library) if is_good(b.path)), None)
