"""Words in the canonical text: a selection's ends snapped to whole words, and the places
where a phrase occurs (find in the article).

Both are pure functions of a text and code-point offsets, as every offset in the project.

    >>> snap_to_words("There is nothing", 2, 11)
    (0, 16)
    >>> find_phrase("Tea, tea and TEA", "tea")
    [(0, 3), (5, 8), (13, 16)]
"""

from __future__ import annotations

import re

# Scripts written without spaces between words: each character is a word of its own, so a
# selection in them is never widened (Han, kana, Hangul syllables, CJK compatibility).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Joiners that keep a word whole between two letters: don't, well-read, l’heure.
_JOINERS = "'’-\u00ad"


def _letter(ch: str) -> bool:
    return (ch.isalnum() or ch == "_") and not _CJK.match(ch)


def _inside(text: str, at: int) -> bool:
    """Whether offset ``at`` falls between two characters of one word (not CJK)."""
    if not 0 < at < len(text):
        return False
    before, after = text[at - 1], text[at]
    if _letter(before) and _letter(after):
        return True
    # a joiner counts as inside a word when letters stand on both of its sides
    if before in _JOINERS and _letter(after):
        return at >= 2 and _letter(text[at - 2])
    if after in _JOINERS and _letter(before):
        return at + 1 < len(text) and _letter(text[at + 1])
    return False


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened so that neither end cuts a word in two.

    An end inside a word moves outward to that word's edge; an end between words, at
    punctuation or inside CJK text stays where it is. ``start <= end`` is required.
    """
    if start >= end:
        return start, end
    while _inside(text, start):
        start -= 1
    while _inside(text, end):
        end += 1
    return start, end


def find_phrase(text: str, phrase: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text``, as (start, end) code points, in order.

    Case does not matter, and any run of white space in the phrase matches any run in
    the text (a line break between blocks included). Occurrences do not overlap;
    ``limit`` stops after that many. An empty phrase occurs nowhere.
    """
    words = phrase.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            found.append((match.start(), match.end()))
            if limit is not None and len(found) >= limit:
                break
    return found
