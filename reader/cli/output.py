"""How the command line prints: lines, JSON, columns that line up with CJK and emoji."""

from __future__ import annotations

import json
import sys
import unicodedata


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def print_json(data: object) -> None:
    out(json.dumps(data, ensure_ascii=False, indent=2))


def date(stamp: str | None) -> str:
    return (stamp or "")[:10]


def cells(ch: str) -> int:
    """Terminal columns a character takes: CJK and emoji take two."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def fit(text: str, width: int) -> str:
    """The text cut to ``width`` terminal columns (with "…") and padded to exactly that."""
    used = sum(map(cells, text))
    if used <= width:
        return text + " " * (width - used)
    kept, used = [], 1  # the "…" takes one column
    for ch in text:
        if used + cells(ch) > width:
            break
        kept.append(ch)
        used += cells(ch)
    return "".join(kept) + "…" + " " * (width - used)


def bold(stdout_is_tty: bool) -> tuple[str, str]:
    return ("\x1b[1m", "\x1b[0m") if stdout_is_tty else ("[", "]")


def highlight_json(h) -> dict:
    """A highlight as the --json outputs show it."""
    return {
        "id": h.id,
        "start": h.start,
        "end": h.end,
        "exact": h.exact,
        "colour": h.colour,
        "style": h.style,
        "note": h.note,
        "tags": h.tags,
        "state": h.state,
        "created": h.created_at,
        "updated": h.updated_at,
    }
