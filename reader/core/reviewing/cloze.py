"""Question cards: a highlight with a part of its passage hidden, to recall, not just reread.

The hidden part is stored as offsets into the highlight's text (``Highlight.exact``).
"""

from __future__ import annotations

import re

GAP = "[…]"
_WORD = re.compile(r"\w[\w'’-]*\w|\w")


def find_part(text: str, part: str) -> tuple[int, int]:
    """Where ``part`` is in ``text`` (exact case first, then any case); ValueError if not."""
    wanted = " ".join(part.split())
    if not wanted:
        raise ValueError("say which words to hide")
    for haystack, needle in ((text, wanted), (text.casefold(), wanted.casefold())):
        at = haystack.find(needle)
        if at >= 0 and len(haystack) == len(text):
            return at, at + len(wanted)
    raise ValueError(f"{part!r} is not in the highlighted passage")


def pick_part(text: str) -> tuple[int, int]:
    """A part worth hiding when none is chosen: the longest word (the first of equals)."""
    words = list(_WORD.finditer(text))
    if not words:
        raise ValueError("the passage has no word to hide")
    best = max(words, key=lambda m: len(m.group()))
    return best.start(), best.end()


def question(text: str, part: tuple[int, int]) -> str:
    """The passage with the part hidden."""
    start, end = part
    return text[:start] + GAP + text[end:]


def valid(text: str, part: tuple[int, int] | None) -> bool:
    return part is not None and 0 <= part[0] < part[1] <= len(text)
