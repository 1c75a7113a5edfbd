"""What a folder export remembers: which file holds which article, and the user's own section.

``.article-reader-export.json`` in the export folder maps, per format, each
article id to its file (a path relative to the folder, so a vault can move)::

    {"version": 1, "generator": "Article Reader",
     "files": {"md": {"12": "On Reading.md", "15": "Essays/Attention.md"}}}

The manifest is a hint, never trusted alone: a file it names counts only when
it still proves to be that article's export. It is written atomically, and an
unreadable manifest is treated as absent (the folder is searched instead).

``keep_user_section(new, old)`` carries the reader's own writing, everything
from the ``## My notes`` line on, from the old file into the new one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from reader.core.exporting.atomic import atomic_write

MANIFEST_NAME = ".article-reader-export.json"
VERSION = 1

_MARKER = re.compile(r"^## My notes[ \t]*\r?$", re.M)


def read(outdir: Path) -> dict[str, dict[int, str]]:
    """Format -> article id -> relative path, from the folder's manifest (empty if none)."""
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    result: dict[str, dict[int, str]] = {}
    for fmt, entries in files.items():
        if not isinstance(entries, dict):
            continue
        result[str(fmt)] = {
            int(key): value
            for key, value in entries.items()
            if str(key).isdigit() and isinstance(value, str) and _inside(value)
        }
    return result


def _inside(relative: str) -> bool:
    """Whether a path from the manifest stays inside the folder (no absolute path, no ``..``)."""
    path = Path(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts


def write(outdir: Path, entries: dict[str, dict[int, str]]) -> None:
    data = {
        "version": VERSION,
        "generator": "Article Reader",
        "files": {
            fmt: {str(k): v for k, v in sorted(files.items())}
            for fmt, files in sorted(entries.items())
        },
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path = outdir / MANIFEST_NAME
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text, sync_directory=False)


def keep_user_section(new: str, old: str | None) -> str:
    """``new`` with the old file's ``## My notes`` section (marker line and all after it).

    The section is kept byte for byte. When the new text has a marker, the old
    section replaces everything from it on; when it has none (a template
    without one), the old section is appended, so the user's writing is never lost.
    """
    if not old:
        return new
    found = _MARKER.search(old)
    if not found:
        return new
    tail = old[found.start() :]
    here = _MARKER.search(new)
    if here:
        return new[: here.start()] + tail
    return new + ("" if new.endswith("\n") else "\n") + "\n" + tail
