"""``article-reader --install-desktop``: the launcher entry, icons and AppStream file for
the current user, following the freedesktop layout under ``$XDG_DATA_HOME``
(``~/.local/share``). ``--uninstall-desktop`` removes them again. Linux and BSD only.

The entry's ``Exec`` names this very program (the virtual environment's script, or
the bundle), so it starts the same install the user ran it from.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from reader.core.paths import shipped

APP_ID = "org.articlereader.ArticleReader"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> list[str]:
    """The command that starts this install of the app."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [sys.executable]
    script = Path(sys.executable).with_name("article-reader")
    if script.exists():
        return [str(script)]
    found = shutil.which("article-reader")
    return [found] if found else [sys.executable, "-m", "reader"]


def exec_line(command: list[str]) -> str:
    """``Exec=`` quoting (Desktop Entry spec): reserved characters in double quotes,
    then the backslashes of a string value doubled."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    quoted = []
    for arg in command:
        if any(ch in reserved for ch in arg):
            escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            arg = f'"{escaped}"'
        quoted.append(arg.replace("%", "%%"))
    return " ".join(quoted).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The packaged desktop entry with ``Exec`` and ``TryExec`` naming ``command``."""
    text = (shipped("desktop_files") / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line(command)} %U"
        elif line.startswith("TryExec="):
            line = f"TryExec={exec_line(command[:1])}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def planned(home: Path) -> dict[Path, Path | None]:
    """Where each file goes (the value: its source; None for the generated entry)."""
    icons = shipped("resources") / "icons"
    files: dict[Path, Path | None] = {home / "applications" / f"{APP_ID}.desktop": None}
    for png in sorted(icons.glob("article-reader-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        files[home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = png
    svg = shipped("resources") / "article-reader.svg"
    files[home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"] = svg
    metainfo = shipped("desktop_files") / f"{APP_ID}.metainfo.xml"
    files[home / "metainfo" / metainfo.name] = metainfo
    return files


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Install the entry, icons and metainfo under ``home``; the files written."""
    home = home or data_home()
    written = []
    for target, source in planned(home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(desktop_entry(command or launcher()), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    _refresh(home)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what ``install`` wrote; the files removed."""
    home = home or data_home()
    removed = [p for p in planned(home) if p.exists()]
    for path in removed:
        path.unlink()
    _refresh(home)
    return removed


def _refresh(home: Path) -> None:
    """Let the desktop notice: the MIME cache (file types, the link scheme), the icons."""
    tool = shutil.which("update-desktop-database")
    if tool and (home / "applications").is_dir():
        subprocess.run([tool, "-q", str(home / "applications")], check=False)
    icons = home / "icons" / "hicolor"
    if icons.is_dir():
        os.utime(icons)  # icon theme caches look at the folder's time


def run(option: str) -> int:
    if sys.platform in ("win32", "darwin"):
        sys.stderr.write(
            f"article-reader: {option} is for Linux desktops; on Windows and macOS use the "
            "bundle (see the README, Install)\n"
        )
        return 2
    try:
        if option == "--uninstall-desktop":
            done = uninstall()
            verb = "removed"
        else:
            done = install()
            verb = "installed"
    except OSError as e:
        sys.stderr.write(f"article-reader: cannot {option[2:]}: {e}\n")
        return 1
    for path in done:
        print(f"{verb} {path}")
    if verb == "installed":
        print(f"runs: {shlex.join(launcher())}")
    return 0
