"""Putting a backup back in place of the library, keeping the current file aside.

    restored = restore_backup(Path("library.db"), Path("library.db.backups/x.db"))
    restored.aside   # library.db.before-restore-20260101-120000 (or None: there was none)

The backup is checked first (it opens, passes ``integrity_check`` and is an
Article Reader library no newer than this version). The current file, with its
write-ahead log, is renamed aside, never overwritten; the copy is written under
a temporary name and renamed into place, so a failure leaves a usable file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.storage import schema_version
from reader.core.storage.connection import read_uri
from reader.core.storage.errors import LibraryError


@dataclass
class Restored:
    library: Path
    backup: Path
    aside: Path | None


def verify_backup(backup: Path) -> None:
    """Raise LibraryError unless ``backup`` is a sound Article Reader library we can open."""
    if not backup.is_file():
        raise LibraryError(f"no backup file at {backup}")
    try:
        conn = sqlite3.connect(read_uri(backup), uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise LibraryError(f"{backup} is not a usable backup: {e}") from e
    if result != ["ok"]:
        raise LibraryError(f"{backup} is damaged too ({result[0]}); choose another backup")
    if "articles" not in names:
        raise LibraryError(f"{backup} is not an Article Reader library (it has no articles)")
    if version > schema_version.SCHEMA_VERSION:
        raise LibraryError(
            f"{backup} was written by a newer Article Reader (schema {version}; this version "
            f"knows {schema_version.SCHEMA_VERSION}); update Article Reader to restore it"
        )


def _checkpoint(library: Path) -> None:
    """Fold the log into a sound library file; refuse when another program is reading it."""
    try:
        conn = sqlite3.connect(library, timeout=2)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # damaged: it goes aside as it is, log and all
    if busy:
        raise LibraryError(
            f"library {library} is in use by another Article Reader; close it and restore again"
        )


def _keep_aside(library: Path, aside: Path) -> None:
    """Give the current file a second name (a hard link, so that the library's own name
    stays until the backup replaces it), and move its log along with it."""
    try:
        os.link(library, aside)
    except OSError:  # a file system without hard links
        library.rename(aside)
    wal = library.with_name(library.name + "-wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + "-wal"))


def _sync_folder(folder: Path) -> None:
    """Make the renames durable where the system allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def restore_backup(library: Path, backup: Path) -> Restored:
    """Replace ``library`` by a copy of ``backup``; the current file is renamed aside."""
    library, backup = Path(library), Path(backup)
    verify_backup(backup)
    if backup.resolve() == library.resolve():
        raise LibraryError(f"{backup} is the library itself; name a backup file")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    incoming = library.with_name(f"{library.name}.restoring-{stamp}")
    try:
        shutil.copyfile(backup, incoming)
        with open(incoming, "rb+") as f:
            os.fsync(f.fileno())
    except OSError as e:
        incoming.unlink(missing_ok=True)
        raise LibraryError(f"cannot copy {backup} beside {library}: {e.strerror or e}") from e
    aside = None
    try:
        if library.exists():
            _checkpoint(library)
            aside = library.with_name(f"{library.name}.before-restore-{stamp}")
            n = 1
            while aside.exists():
                n += 1
                aside = library.with_name(f"{library.name}.before-restore-{stamp}-{n}")
            _keep_aside(library, aside)
        incoming.replace(library)  # atomic: the library's name never points at nothing
        library.with_name(library.name + "-shm").unlink(missing_ok=True)
        _sync_folder(library.parent)
    except OSError as e:
        where = f"; the library as it was is {aside}" if aside and aside.exists() else ""
        raise LibraryError(f"cannot restore {library}: {e.strerror or e}{where}") from e
    finally:
        incoming.unlink(missing_ok=True)
    return Restored(library, backup, aside)
