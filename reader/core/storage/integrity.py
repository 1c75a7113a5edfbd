"""Checking a library: the full check behind ``article-reader check``, and the quick one at open.

A library that fails the quick check at open is not used: a copy goes aside as
``library.db.damaged-<time>`` (with its write-ahead log, if any) and
``DamagedLibrary`` says so, naming the newest good backup. A library whose file
or folder cannot be written opens read-only.

    library = open_library(path)   # Library, or DamagedLibrary / LibraryError

The quick check reads every page (110 ms for 200 MB, a second for 2 GB), so it is
skipped when the file is exactly as this program left it: closing a library that
passed its check writes ``library.db.verified`` with the file's size and time,
once its write-ahead log is empty. A crash, another program's write or a copy
changes them, and the next open checks again. The daily backup checks its copy.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.core.storage.connection import read_uri
from reader.core.storage.errors import LibraryError
from reader.core.storage.library import Library

FTS_TABLES = ("articles_fts", "highlights_fts")


class DamagedLibrary(LibraryError):
    """The library failed its check at open; it was copied aside and not used."""

    def __init__(self, path: Path, problem: str, aside: Path | None, backup: Path | None):
        self.path, self.problem, self.aside, self.backup = path, problem, aside, backup
        kept = f"A copy of it is kept as {aside}. " if aside else ""
        offer = (
            f"The newest good backup is {backup}; restore it with: "
            f'article-reader --library "{path}" restore "{backup}"'
            if backup
            else "There is no good backup of it to restore."
        )
        super().__init__(
            f"the library {path} is damaged ({problem}), so it was not opened. {kept}{offer}"
        )


@dataclass
class Report:
    """What ``check`` found: one line per check, and whether all passed."""

    path: Path
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def add(self, name: str, problems: list[str]) -> None:
        if problems:
            self.ok = False
            self.lines.append(f"{name}: FAILED")
            self.lines += [f"  {p}" for p in problems[:20]]
            if len(problems) > 20:
                self.lines.append(f"  … and {len(problems) - 20} more")
        else:
            self.lines.append(f"{name}: ok")


def check(path: Path) -> Report:
    """SQLite's integrity check, FTS5's own check of each search index, foreign keys."""
    report = Report(path)
    if not path.is_file():
        report.add("library file", [f"{path} does not exist"])
        return report
    try:
        conn = sqlite3.connect(read_uri(path), uri=True)
    except sqlite3.Error as e:
        report.add("opening the file", [str(e)])
        return report
    try:
        report.add("database structure (integrity_check)", _pragma(conn, "integrity_check"))
        if report.ok:
            rows = conn.execute("PRAGMA foreign_key_check").fetchall()
            links = [f"{r[0]} row {r[1]}" for r in rows]
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error as e:
        report.add("reading the file", [str(e)])
    finally:
        conn.close()
    if report.ok:
        _check_search(path, names, report)
        report.add("links between tables (foreign_key_check)", links)
    return report


def _check_search(path: Path, names: set[str], report: Report) -> None:
    """FTS5's own check is an INSERT (that changes nothing): it needs a writable connection,
    so a library that cannot be written is checked in a temporary copy."""
    if not is_writable(path):
        with tempfile.TemporaryDirectory(prefix="article-reader-check-") as tmp:
            copy = Path(tmp) / "copy.db"
            source = sqlite3.connect(read_uri(path), uri=True)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            _check_search(copy, names, report)
        return
    conn = sqlite3.connect(path, timeout=5)
    try:
        for table in FTS_TABLES:
            if table not in names:
                report.add(f"search index {table}", ["missing"])
                continue
            try:
                conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
                report.add(f"search index {table}", [])
            except sqlite3.Error as e:
                report.add(f"search index {table}", [str(e)])
            finally:
                if conn.in_transaction:
                    conn.rollback()
    finally:
        conn.close()


def quick_problem(path: Path) -> str | None:
    """What ``PRAGMA quick_check`` found wrong with an existing library, or None if fine."""
    try:
        conn = sqlite3.connect(read_uri(path), uri=True)
        try:
            problems = _pragma(conn, "quick_check")
        finally:
            conn.close()
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e) or "unable to open" in str(e):
            return None  # not a verdict on the file; opening it will say what is wrong
        return str(e)
    except sqlite3.DatabaseError as e:
        return str(e)
    return "; ".join(problems[:3]) if problems else None


def _pragma(conn: sqlite3.Connection, name: str) -> list[str]:
    rows = [r[0] for r in conn.execute(f"PRAGMA {name}")]
    return [] if rows == ["ok"] else rows


def is_writable(path: Path) -> bool:
    """Whether the library and its folder can be written (SQLite writes a log beside it)."""
    folder = path.parent if path.parent.exists() else path.parent.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK) if folder.exists() else True


def copy_aside(path: Path) -> Path:
    """Copy a damaged library (and its log) to ``<name>.damaged-<time>``; reuse an equal copy."""
    stat = path.stat()
    for old in sorted(path.parent.glob(f"{path.name}.damaged-*")):
        st = old.stat()
        if not old.name.endswith("-wal") and (st.st_size, st.st_mtime_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            return old  # the same damaged file, already kept
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    shutil.copy2(path, aside)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copy2(wal, aside.with_name(aside.name + "-wal"))
    return aside


def _verified_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _settled_state(path: Path) -> list[int] | None:
    """The file's size and modification time, when its write-ahead log holds nothing."""
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def is_as_left(path: Path) -> bool:
    """Whether the library is exactly as a clean close of a checked library left it."""
    state = _settled_state(path)
    try:
        return state is not None and json.loads(_verified_path(path).read_text()) == state
    except (OSError, ValueError):
        return False


def mark_verified(path: Path) -> None:
    """Remember the settled file as checked (nothing is written while a log holds changes)."""
    state = _settled_state(path)
    if state is None:
        return
    target = _verified_path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(json.dumps(state))
        partial.replace(target)
    except OSError:
        partial.unlink(missing_ok=True)  # only a check skipped next time is lost


def open_library(path: Path) -> Library:
    """Open the library after a quick check; read-only when it cannot be written.

    Raises ``DamagedLibrary`` (after keeping a copy) when the check fails. The check
    is skipped when the file is as our last clean close left it (``is_as_left``).
    """
    path = Path(path)
    if path.is_file() and path.stat().st_size > 0 and not is_as_left(path):
        problem = quick_problem(path)
        if problem is not None:
            try:
                aside = copy_aside(path)
            except OSError:
                aside = None
            from reader.core.storage import backups  # only for a damaged library

            raise DamagedLibrary(path, problem, aside, backups.newest_good(path))
    library = Library(path, read_only=path.exists() and not is_writable(path))
    if not library.read_only:
        library.on_close = lambda: mark_verified(path)
    return library
