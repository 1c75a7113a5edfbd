"""Merging a text column's edits into the engine's text (a ``TEXT`` rule): an edit made
here is found in the text as other devices have edited it, so that both survive.

The edit is found word by word (each white-space character a word of its own), as the
words inserted, deleted or replaced, each placed on its own; an insertion is placed so
that it begins and ends with white space where it can. Found as one stretch of
characters from the first difference to the last, an edit that added words in two
places replaced everything between them, and another device's word inserted there was
left beside the deleted stretch, glued to a word of this one ("w7w6"); found character
by character, an inserted word took letters of its neighbour ("70 w1" after "w1" for
"w170" before it), and another device's insertion there split it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pycrdt import Text

_WORD = re.compile(r"\S+|\s")


def merge_text(text: Text, base: str, new: str) -> str | None:
    """Apply the edit that turned ``base`` into ``new`` to the engine's ``text``, which may
    hold other devices' edits of ``base`` too: the edit's place is found in it, so both
    survive. Returns the merged text, or None if there was no edit."""
    if base == new:
        return None
    current = str(text)
    edits = _edits(base, new)
    if current == base:
        placed = [(a, [(a, b)] if b > a else [], insert) for a, b, insert in edits]
    else:
        blocks = _matching(base, current)
        placed = [(*_map_edit(blocks, a, b), insert) for a, b, insert in edits]
    steps: list[tuple[int, int, int, int | str]] = []  # (place, kind, order, end | text)
    for n, (_at, deletions, _insert) in enumerate(placed):
        steps += [(a, 0, n, b) for a, b in deletions]
    cuts = [(a, int(b)) for a, _k, _n, b in steps]
    for n, (at, _deletions, insert) in enumerate(placed):
        if insert:
            steps.append((_apart(current, at, insert, cuts), 1, n, insert))
    # from the end, so that the places before stay; a deletion before an insertion at
    # the same place, and of two insertions there, the later first
    for place, kind, _n, what in sorted(steps, key=lambda s: (-s[0], s[1], -s[2])):
        if kind == 0:
            del text[_utf8(current, place) : _utf8(current, int(what))]
        else:
            text.insert(_utf8(current, place), str(what))
    return str(text)


def _apart(current: str, at: int, insert: str, cuts: list[tuple[int, int]]) -> int:
    """``at``, or the nearest place that keeps the insertion apart from the words around
    it (and outside the stretches deleted, ``cuts``): a place among spaces that others'
    edits made is found only roughly, and a word inserted next to another's would be
    glued to it."""

    def apart(q: int) -> bool:
        if any(a < q < b for a, b in cuts):
            return False
        left = q == 0 or current[q - 1].isspace() or insert[0].isspace()
        return left and (q == len(current) or current[q].isspace() or insert[-1].isspace())

    for d in range(len(current) + 1):
        for q in (at + d, at - d):
            if 0 <= q <= len(current) and apart(q):
                return q
    return at


def _edits(base: str, new: str) -> list[tuple[int, int, str]]:
    """The edit as (start, end, inserted) in ``base``'s characters, in order."""
    old_words, new_words = _WORD.findall(base), _WORD.findall(new)
    old_at = _offsets(old_words)
    new_at = _offsets(new_words)
    ops = SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes()
    out: list[tuple[int, int, str]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        start, end = old_at[i1], old_at[i2]
        insert = new[new_at[j1] : new_at[j2]]
        if start == end:  # may slide within the unchanged words around it
            low = old_at[ops[n - 1][1]] if n > 0 and ops[n - 1][0] == "equal" else start
            high = old_at[ops[n + 1][2]] if n + 1 < len(ops) and ops[n + 1][0] == "equal" else end
            start, insert = _spaced(base, start, insert, low, high)
            end = start
        out.append((start, end, insert))
    return out


def _matching(base: str, current: str) -> list[tuple[int, int, int]]:
    """The stretches of ``base`` still in ``current`` (start in each, length), matched
    word by word: matched character by character, a word deleted here was matched to
    letters of others' words and only partly deleted."""
    old_words, cur_words = _WORD.findall(base), _WORD.findall(current)
    old_at, cur_at = _offsets(old_words), _offsets(cur_words)
    matcher = SequenceMatcher(None, old_words, cur_words, autojunk=False)
    return [
        (old_at[i], cur_at[j], old_at[i + n] - old_at[i])
        for i, j, n in matcher.get_matching_blocks()
    ]


def _offsets(words: list[str]) -> list[int]:
    out = [0]
    for w in words:
        out.append(out[-1] + len(w))
    return out


def _spaced(base: str, at: int, insert: str, low: int, high: int) -> tuple[int, str]:
    """An insertion slid (the text reads the same) to where it begins and ends with white
    space, else to word edges, else left where it is; within ``low``..``high``."""
    places = [(at, insert)]
    q, chunk = at, insert
    while q > low and base[q - 1] == chunk[-1]:
        q, chunk = q - 1, base[q - 1] + chunk[:-1]
        places.append((q, chunk))
    q, chunk = at, insert
    while q < high and base[q] == chunk[0]:
        q, chunk = q + 1, chunk[1:] + base[q]
        places.append((q, chunk))
    places.sort()

    def edge(before: str, after: str) -> bool:
        return not before or not after or before.isspace() or after.isspace()

    for q, chunk in places:
        if chunk[0].isspace() and chunk[-1].isspace():
            return q, chunk
    for q, chunk in places:
        if edge(base[q - 1 : q], chunk[0]) and edge(chunk[-1], base[q : q + 1]):
            return q, chunk
    return at, insert


def _map_edit(
    blocks: list[tuple[int, int, int]], start: int, end: int
) -> tuple[int, list[tuple[int, int]]]:
    """Where ``base[start:end]`` is in the current text (``base`` with others' edits, its
    matching ``blocks``): the place to insert at, and the stretches of it still there,
    to delete."""
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
