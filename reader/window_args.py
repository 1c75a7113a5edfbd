"""What a launch without a subcommand asks of the window: the library, files, URLs or links
to open, and the desktop options. Imports nothing heavy: it runs before every start.

    article-reader                                   # the window on the default library
    article-reader notes.md https://example.org/a   # import these and open them
    article-reader 'article-reader://open?article=3&highlight=abc'
    article-reader --install-desktop                 # the launcher entry and icons
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Hidden: for smoke tests of an install or a bundle (README, "For packagers").
QUIT_AFTER_SHOW = "--quit-after-show"
DESKTOP_OPTIONS = ("--install-desktop", "--uninstall-desktop")


@dataclass
class WindowArgs:
    library: str | None = None
    targets: list[str] = field(default_factory=list)
    quit_after_show: bool = False
    desktop: str | None = None  # "--install-desktop" or "--uninstall-desktop"


def window_args(argv: list[str]) -> WindowArgs | None:
    """The window's arguments, or None when ``argv`` is for the command line (a
    subcommand, ``--help``, an option the window does not know)."""
    args = WindowArgs()
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--library" and rest:
            args.library = rest.pop(0)
        elif arg.startswith("--library="):
            args.library = arg.split("=", 1)[1]
        elif arg == QUIT_AFTER_SHOW:
            args.quit_after_show = True
        elif arg in DESKTOP_OPTIONS:
            args.desktop = arg
        elif arg.startswith("-") or (not args.targets and _is_command(arg)):
            return None
        else:
            args.targets.append(arg)
    return args


def _is_command(word: str) -> bool:
    if "/" in word or "." in word or ":" in word:
        return False  # a path, a file name or a URL: commands are plain words
    from reader.cli.parser import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return word in sub.choices


def normalize_target(target: str, cwd: str | None = None) -> str:
    """A link or web URL as given; a ``file:`` URL or a path made absolute (a running
    window elsewhere must find it). ``ValueError`` naming the file when it does not exist."""
    from reader.core.links import is_link

    if is_link(target) or target.lower().startswith(("http://", "https://")):
        return target
    path = target
    if target.lower().startswith("file:"):
        from urllib.request import url2pathname  # file:///C:/x on Windows too

        path = url2pathname(urlsplit(target).path)
    path = os.path.abspath(os.path.join(cwd or os.getcwd(), os.path.expanduser(path)))
    if not os.path.exists(path):
        raise ValueError(
            f"cannot open {target}: no such file or folder "
            "(for a command, see article-reader --help)"
        )
    return path
