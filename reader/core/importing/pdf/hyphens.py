"""Lines joined into running text, undoing the hyphens that broke words at a line's end.

"hyphen-" + "ation" is "hyphenation", but "well-" + "known" stays "well-known". With
no dictionary at hand, the document itself is the evidence: a word it uses whole
elsewhere is joined, a compound it writes with a hyphen elsewhere keeps it, two
words it knows each on their own keep it; else a piece that looks like a word's
ending (a suffix, or a fragment the document never uses alone) is joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SOFT_HYPHEN = "\u00ad"  # always a break inside a word: never kept
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+", re.UNICODE)
_TAIL = re.compile(r"([^\W\d_]+)[-\u2010]$", re.UNICODE)
_HEAD = re.compile(r"^([^\W\d_]+)", re.UNICODE)
_ENDINGS = (
    "tion sion ation ment ments ness ity ities ing ings ed er ers est ly al ally ous ive"
    " able ible ance ence ism ist ists ure ize ise ized ised izing ising ical ic ics age"
    " ant ent ful less ship ward wards ology ologies graphy"
)
_SUFFIXES = frozenset(_ENDINGS.split())


class Vocabulary:
    """The words (and hyphenated compounds) a document uses inside its lines."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        for line in lines:
            # a line's first and last words may be the halves of a broken word
            inner = _WORD.findall(line)[1:-1]
            self.words.update(word.lower() for word in inner)
            self.compounds.update(c.lower() for c in _COMPOUND.findall(line))

    def keeps_hyphen(self, before: str, after: str) -> bool:
        """Whether ``before-`` at a line's end and ``after`` on the next are one
        hyphenated compound, rather than one word broken in two."""
        before, after = before.lower(), after.lower()
        if f"{before}-{after}" in self.compounds:
            return True
        if before + after in self.words:
            return False
        if after in _SUFFIXES:
            return False
        return before in self.words and after in self.words


def join_broken(text: str, line: str, vocabulary: Vocabulary) -> tuple[str, int]:
    """``text`` continued by the next line, and where that line's text starts in it.

    A word broken by a hyphen at ``text``'s end is joined again (see the module);
    otherwise the two are joined by a space."""
    if text.endswith(SOFT_HYPHEN):
        return text[:-1] + line, len(text) - 1
    if text[-1:] not in "-\u2010" or not line[:1].islower():
        return f"{text} {line}", len(text) + 1
    tail = _TAIL.search(text[-80:])  # the end alone: a paragraph grows line by line
    head = _HEAD.match(line)
    if tail and head:
        if vocabulary.keeps_hyphen(tail.group(1), head.group(1)):
            return text + line, len(text)
        return text[:-1] + line, len(text) - 1
    return f"{text} {line}", len(text) + 1
