"""How the command line prints: lines, JSON, columns that line up with CJK and emoji."""

from __future__ import annotations

import json
import sys


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def print_json(data: object) -> None:
    out(json.dumps(data, ensure_ascii=False, indent=2))


def date(stamp: str | None) -> str:
    """A stored date or time as the command line prints dates: ISO 8601, ``2024-03-14``.

    Not the locale's, as the window shows them: a terminal's output is read by scripts
    and pasted into files, where one unambiguous form that sorts as text serves best
    (``--json`` keeps the full time stamps)."""
    return (stamp or "")[:10]


def cells(text: str) -> int:
    """Terminal columns ``text`` takes, as wcwidth measures them: CJK and emoji two each,
    a letter with combining accents one, a joined emoji sequence (👩‍👩‍👧) two."""
    from wcwidth import width  # deferred: only the commands that line up columns need it

    return width(text, control_codes="ignore")


def fit(text: str, width: int) -> str:
    """The text cut to ``width`` terminal columns (with "…") and padded to exactly that.

    It is cut between grapheme clusters, so an accent or a joined emoji sequence is never
    split from its character (the cut is what a terminal would show as one).
    """
    used = cells(text)
    if used <= width:
        return text + " " * (width - used)
    from wcwidth import iter_graphemes  # deferred: see cells

    kept, used = [], 1  # the "…" takes one column
    for grapheme in iter_graphemes(text):
        size = cells(grapheme)
        if used + size > width:
            break
        kept.append(grapheme)
        used += size
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
