"""The command line: every subcommand parses its arguments, calls the core, prints.

    article-reader import sample_articles/ https://example.org/essay
    article-reader highlight 3 --quote "unprecedented high level" --colour green
    article-reader export --all --format md --output notes/

``commands.py`` holds the subcommands, ``parser.py`` their arguments, ``output.py``
how they print.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader.cli.commands import UserError
from reader.core.storage.integrity import open_library
from reader.core.storage.library import LibraryError

__all__ = ["UserError", "default_library_path", "run"]


def default_library_path() -> Path:
    env = os.environ.get("ARTICLE_READER_LIBRARY")
    if env:
        return Path(env).expanduser()
    from reader.core.paths import data_dir

    return data_dir() / "library.db"


def run(argv: list[str]) -> int:
    from reader.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    path = Path(getattr(args, "library", None) or default_library_path())
    try:
        if getattr(args, "raw", False):  # works on the file itself: check, restore
            return args.func(path, args)
        with open_library(path) as lib:
            if lib.read_only:
                sys.stderr.write(
                    f"note: {path} cannot be written, so it is open read-only; "
                    "commands that change it will be refused\n"
                )
            return args.func(lib, args)
    except (LibraryError, UserError, ValueError) as e:
        sys.stderr.write(f"error: {e}\n")
        return 2 if isinstance(e, UserError | ValueError) else 1
    except BrokenPipeError:  # `article-reader show 3 | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
