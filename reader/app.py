"""Entry point: no command opens the desktop window; a command runs the command line.

Both are parsed by the one parser (``cli/parser.py``). Until the window is really opened
nothing but argparse is imported: the command line runs where Qt cannot be imported, and
a launch that only hands its files to a window already open stays quick.
"""

from __future__ import annotations

import sys

from reader.cli.parser import OPEN, parse
from reader.gui_launch import launch


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.command != OPEN:
        from reader.cli import run_command  # deferred: the core, for the command line only

        return run_command(args)
    if args.desktop:
        # deferred: shutil and subprocess, for --install-desktop only
        from reader.desktop_install import run as install_desktop

        return install_desktop(args.desktop)
    return launch(
        getattr(args, "library", None), args.targets, quit_after_show=args.quit_after_show
    )
