"""Entry point: no subcommand opens the desktop window; a subcommand runs the command line."""

from __future__ import annotations

import sys


def _wants_gui(argv: list[str]) -> bool:
    """True when argv holds nothing but ``--library PATH``."""
    rest = list(argv)
    while rest and (rest[0] == "--library" or rest[0].startswith("--library=")):
        rest = rest[2:] if rest[0] == "--library" else rest[1:]
    return not rest


def _library_arg(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--library" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--library="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _wants_gui(argv):
        from reader.gui_launch import launch

        return launch(_library_arg(argv))
    from reader.window_args import window_args  # files, links, desktop options: see there

    window = window_args(argv)
    if window is not None and window.desktop:
        from reader.desktop_install import run as install_desktop

        return install_desktop(window.desktop)
    if window is not None:
        from reader.gui_launch import launch

        return launch(window.library, window.targets, quit_after_show=window.quit_after_show)
    from reader.cli import run

    return run(argv)
