"""The commands that keep the library safe: check, backup, restore.

``check`` and ``restore BACKUP`` work on the file itself (they must work when
the library is damaged), so they take the library's path, not an open Library.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from reader.cli.commands import cmd_restore as restore_articles
from reader.cli.output import out
from reader.core.storage import backups
from reader.core.storage.integrity import check, open_library
from reader.core.storage.library import Library, LibraryError
from reader.core.storage.restore import restore_backup
from reader.window_socket import window_is_open


def cmd_check(path: Path, args: argparse.Namespace) -> int:
    """Every integrity check; exit status 0 when all pass, 1 otherwise."""
    report = check(path)
    out(f"checking {path}")
    for line in report.lines:
        out(line)
    if report.ok:
        out("the library is sound")
        return 0
    out("the library is damaged")
    good = backups.newest_good(path)
    if good:
        out(
            f'the newest good backup is {good}; restore it with: article-reader --library "{path}" '
            f'restore "{good}"'
        )
    else:
        out("there is no good backup of it in " + str(backups.folder_of(path)))
    return 1


def cmd_backup(lib: Library, args: argparse.Namespace) -> int:
    if args.output:
        target = Path(args.output).expanduser()
        if target.is_dir():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            target = target / f"{lib.path.stem}-{stamp}.db"
        out(str(backups.copy_checked(lib.path, target)))
    else:
        out(str(lib.backup(reason="manual")))
    return 0


def cmd_restore(path: Path, args: argparse.Namespace) -> int:
    """Article ids: out of the trash. One file name: that backup in place of the library."""
    targets = args.targets
    if all(t.isdigit() for t in targets):
        with open_library(path) as lib:
            return restore_articles(lib, argparse.Namespace(ids=[int(t) for t in targets]))
    if len(targets) != 1:
        raise LibraryError(
            "restore takes article ids (restore 3 4) or one backup file (restore BACKUP), not both"
        )
    if window_is_open(path):
        raise LibraryError(
            f"a window has {path} open; close it (File > Quit), then run restore again"
        )
    done = restore_backup(path, Path(targets[0]).expanduser())
    if done.aside:
        out(f"the library as it was is kept as {done.aside}")
    out(f"restored {path} from {done.backup}")
    return 0
