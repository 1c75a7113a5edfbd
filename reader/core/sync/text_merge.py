"""Merging a text column's edits into the engine's text (a ``TEXT`` rule): an edit made
here is found in the text as other devices have edited it, so that both survive."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pycrdt import Text


def merge_text(text: Text, base: str, new: str) -> str | None:
    """Apply the edit that turned ``base`` into ``new`` to the engine's ``text``, which may
    hold other devices' edits of ``base`` too: the edit's place is found in it, so both
    survive. Returns the merged text, or None if there was no edit."""
    if base == new:
        return None
    current = str(text)
    p = 0
    limit = min(len(base), len(new))
    while p < limit and base[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and base[len(base) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    start, end, insert = p, len(base) - s, new[p : len(new) - s]
    if current == base:
        at, deletions = start, [(start, end)] if end > start else []
    else:
        at, deletions = _map_edit(base, current, start, end)
    for a, b in sorted(deletions, reverse=True):
        del text[_utf8(current, a) : _utf8(current, b)]
    if insert:
        text.insert(_utf8(current, at), insert)
    return str(text)


def _map_edit(base: str, current: str, start: int, end: int) -> tuple[int, list[tuple[int, int]]]:
    """Where ``base[start:end]`` is in ``current`` (``base`` with others' edits): the place
    to insert at, and the stretches of it still there, to delete."""
    blocks = SequenceMatcher(None, base, current, autojunk=False).get_matching_blocks()
    at = 0
    deletions = []
    for i, j, n in blocks:
        if i + n <= start:
            at = j + n
        elif i <= start:
            at = j + (start - i)
        lo, hi = max(i, start), min(i + n, end)
        if lo < hi:
            deletions.append((j + lo - i, j + hi - i))
    return at, deletions


def join_text(text: Text, local: str) -> str | None:
    """A device joining with its own version of a row: its text is added below the other
    (unless the other already holds it), so neither is lost."""
    current = str(text)
    if not local or local in current:
        return None
    addition = local if not current else "\n\n" + local
    text.insert(len(current.encode("utf-8")), addition)
    return str(text)


def _utf8(text: str, index: int) -> int:
    """The engine counts text in UTF-8 bytes; the library in code points."""
    return len(text[:index].encode("utf-8", "surrogatepass"))
