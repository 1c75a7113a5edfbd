"""``article-reader sync``: choose the sync folder once (``--folder``), then sync.

article-reader sync --folder ~/Sync/reader            # once on each computer
article-reader sync --folder ~/Sync/reader --encrypt  # the same, encrypted
article-reader sync                                   # any time after
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from reader.cli.commands import UserError
from reader.cli.output import out, print_json
from reader.core.storage.library import Library

PASSPHRASE_ENV = "ARTICLE_READER_SYNC_PASSPHRASE"


def cmd_sync(lib: Library, args: argparse.Namespace) -> int:
    # the sync engine (pycrdt, 80 ms): only this command needs it
    from reader.core.sync.keys import SyncError
    from reader.core.sync.service import SyncService

    service = SyncService(lib)
    if args.stop:
        service.forget()
        out("sync stopped for this library (the folder's files are left as they are)")
        return 0
    try:
        if args.folder or args.encrypt:
            folder = Path(args.folder) if args.folder else service.folder
            if folder is None:
                raise UserError("choose the folder first: article-reader sync --folder DIR")
            service.configure(folder, _passphrase() if args.encrypt else None)
        result = service.sync()
    except SyncError as e:
        raise UserError(str(e)) from e
    for message in result.messages:
        sys.stderr.write(f"warning: {message}\n")
    if args.json:
        print_json(
            {
                "folder": str(service.folder),
                "device": lib.sync_state.get("device"),
                "up_to_date": result.nothing_new,
                "applied": result.written,
                "sent": result.sent,
                "received": result.received,
                "waiting": result.waiting,
                "messages": result.messages,
                "seconds": round(result.seconds, 3),
            }
        )
    else:
        out(f"synced with {service.folder}: {result.summary()} ({result.seconds:.2f} s)")
    return 0


def _passphrase() -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(
            "--encrypt needs the folder's passphrase: type it at a terminal, "
            f"or set {PASSPHRASE_ENV}"
        )
    return getpass.getpass("Sync folder passphrase: ")
