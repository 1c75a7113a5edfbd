"""Start the desktop window, turning Qt's fatal platform errors into one line with the fix."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader.core.paths import default_library_path
from reader.window_socket import claim_window, window_is_open


def platform_problem() -> str | None:
    """Why Qt's xcb plugin would abort on this Linux desktop, or None when all is well."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform not in ("", "xcb") or (not platform and os.environ.get("WAYLAND_DISPLAY")):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "cannot open the window: no display found (DISPLAY is not set). "
            "Run it on a desktop, or use the command line: article-reader --help"
        )
    if not _has_library("libxcb-cursor.so.0"):
        return (
            "cannot open the window: Qt needs the system library libxcb-cursor0. "
            "Install it with: sudo apt install libxcb-cursor0 "
            "(Fedora: sudo dnf install xcb-util-cursor)"
        )
    return None


def _has_library(name: str) -> bool:
    for folder in (
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
        "/lib/x86_64-linux-gnu",
        "/lib64",
    ):
        if (Path(folder) / name).exists():
            return True
    import ctypes.util  # deferred: ctypes, only when the usual folders lack the library

    return ctypes.util.find_library(name.removeprefix("lib").split(".so")[0]) is not None


def launch(
    library: str | None, targets: list[str] | None = None, *, quit_after_show: bool = False
) -> int:
    """The window on ``library`` opening ``targets``; or, when a window is already open
    on that library, ``targets`` handed to it (it comes to the front)."""
    path = Path(library).expanduser() if library else default_library_path()
    try:
        targets = [normalize_target(t) for t in targets or []]
    except ValueError as e:
        sys.stderr.write(f"article-reader: {e}\n")
        return 2
    if not quit_after_show:
        messages = None
        if not _first_window(path):
            # deferred: Qt (QtNetwork), only when another window may be open
            from reader.ui.app.single_instance import send_or_claim

            messages = send_or_claim(path, targets)
        if messages is not None:
            for message in messages:
                sys.stderr.write(f"article-reader: {message}\n")
            if not messages:
                print(f"article-reader: sent to the window already open on {path}")
            return 1 if messages else 0
    problem = platform_problem()
    if problem:
        sys.stderr.write(f"article-reader: {problem}\n")
        return 1
    from reader.ui.app.start import run_app  # deferred: Qt, once the window really opens

    on_shown = None
    if quit_after_show:
        from reader.ui.app.smoke import quit_when_ready as on_shown  # deferred: Qt
    return run_app(path, targets=targets, on_shown=on_shown)


def normalize_target(target: str, cwd: str | None = None) -> str:
    """A link or web URL as given; a ``file:`` URL or a path made absolute (a running
    window elsewhere must find it). ``ValueError`` naming the file when it does not exist."""
    # deferred: links imports dataclasses (~10 ms), needed only when there is something to open
    from reader.core.links import is_link

    if is_link(target) or target.lower().startswith(("http://", "https://")):
        return target
    path = target
    if target.lower().startswith("file:"):
        # file:///C:/x on Windows too; deferred: urllib (~15 ms), for file: URLs only
        from urllib.parse import urlsplit
        from urllib.request import url2pathname

        path = url2pathname(urlsplit(target).path)
    path = os.path.abspath(os.path.join(cwd or os.getcwd(), os.path.expanduser(path)))
    if not os.path.exists(path):
        raise ValueError(
            f"cannot open {target}: no such file or folder "
            "(for a command, see article-reader --help)"
        )
    return path


def _first_window(path: Path) -> bool:
    """On Unix, whether no window is open on ``path`` and this launch took its lock:
    found without importing QtNetwork (about 8 ms), as most launches are the first."""
    if os.name != "posix":
        return False
    return not window_is_open(path) and claim_window(path)
