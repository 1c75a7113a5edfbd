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

from ..core.library import Library, LibraryError
from .commands import UserError

__all__ = ["UserError", "default_library_path", "run"]


def default_library_path() -> Path:
    env = os.environ.get("ARTICLE_READER_LIBRARY")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("article-reader", appauthor=False)) / "library.db"


def run(argv: list[str]) -> int:
    from .parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    path = Path(getattr(args, "library", None) or default_library_path())
    try:
        with Library(path) as lib:
            return args.func(lib, args)
    except (LibraryError, UserError, ValueError) as e:
        sys.stderr.write(f"error: {e}\n")
        return 2 if isinstance(e, UserError | ValueError) else 1
    except BrokenPipeError:  # `article-reader show 3 | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
