"""How the window starts its child processes: this install's own command line."""

from __future__ import annotations

import sys


def own_command(args: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that run ``article-reader ARGS`` for this install."""
    if getattr(sys, "frozen", False):  # a bundle: its executable is article-reader itself
        return sys.executable, args
    return sys.executable, ["-m", "reader", *args]
