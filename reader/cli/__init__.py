"""The command line: every subcommand parses its arguments, calls the core, prints.

    article-reader import Articles/ https://example.org/essay
    article-reader highlight 3 --quote "unprecedented high level" --colour green
    article-reader export --all --format md --output notes/

``parser.py`` holds the one parser (no command: the window), ``commands.py`` the
subcommands, ``safety.py`` check, backup and restore, ``output.py`` how they print.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from pathlib import Path

from reader.cli.parser import OPEN, build_parser, parse
from reader.core.paths import chosen_library_problem, default_library_path

__all__ = ["default_library_path", "run", "run_command"]


def run(argv: list[str]) -> int:
    """Parse ``argv`` and run its command (the window's launch is ``reader.app.main``)."""
    return run_command(parse(argv))


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed command on its library; the exit status."""
    # deferred: the core's storage (sqlite3, the schema) is not needed to parse a launch
    from reader.cli.commands import UserError
    from reader.core.storage.integrity import open_library
    from reader.core.storage.library import LibraryError

    if args.command == OPEN:
        build_parser()[0].print_help()  # run() is the command line's; the window is app.main
        return 2
    module, name = args.handler.split(":")
    func = getattr(import_module(f"reader.cli.{module}"), name)
    chosen = getattr(args, "library", None) or os.environ.get("ARTICLE_READER_LIBRARY")
    path = Path(chosen).expanduser() if chosen else default_library_path()
    problem = chosen_library_problem(path) if chosen else None
    if problem:
        sys.stderr.write(f"error: {problem}\n")
        return 2
    try:
        if getattr(args, "raw", False):  # works on the file itself: check, restore
            return func(path, args)
        new = not path.exists()
        with open_library(path) as lib:
            if new:
                sys.stderr.write(f"created a new library at {path}\n")
            if lib.read_only:
                sys.stderr.write(
                    f"note: {path} cannot be written, so it is open read-only; "
                    "commands that change it will be refused\n"
                )
            return func(lib, args)
    except (LibraryError, UserError, ValueError) as e:
        sys.stderr.write(f"error: {e}\n")
        return 2 if isinstance(e, UserError | ValueError) else 1
    except BrokenPipeError:  # `article-reader show 3 | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
