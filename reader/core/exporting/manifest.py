"""What a folder export remembers: which file holds which article, and the user's own section.

``.article-reader-export.json`` in the export folder maps, per format, each
article id to its file (a path relative to the folder, so a vault can move)::

    {"version": 1, "generator": "Article Reader",
     "files": {"md": {"12": "On Reading.md", "15": "Essays/Attention.md"}},
     "written": {"md": {"12": {"note": "<digest>",
                               "highlights": {"<id>": {"note": "<digest>", "tags": ["idea"]}}}}}}

``written`` remembers, for each Markdown file, what the app's parts of it said when it
was last written (``vault.digest`` of each note, each highlight's tags): the read-back
(``readback.py``) compares the file and the library with it to tell an edit made in
the vault from one made in the app.

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


def read_written(outdir: Path) -> dict[str, dict[int, dict]]:
    """Format -> article id -> what its file's parts said when last written (see above)."""
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    written = data.get("written") if isinstance(data, dict) else None
    if not isinstance(written, dict):
        return {}
    return {
        str(fmt): {
            int(key): value
            for key, value in entries.items()
            if str(key).isdigit() and isinstance(value, dict)
        }
        for fmt, entries in written.items()
        if isinstance(entries, dict)
    }


def write(
    outdir: Path,
    entries: dict[str, dict[int, str]],
    written: dict[str, dict[int, dict]] | None = None,
) -> None:
    """Write the manifest; ``written`` defaults to what the manifest holds now."""
    if written is None:
        written = read_written(outdir)
    data = {
        "version": VERSION,
        "generator": "Article Reader",
        "files": {
            fmt: {str(k): v for k, v in sorted(files.items())}
            for fmt, files in sorted(entries.items())
        },
    }
    if written:
        data["written"] = {
            fmt: {str(k): v for k, v in sorted(records.items())}
            for fmt, records in sorted(written.items())
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
