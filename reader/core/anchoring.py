"""Finding a highlight again when its article's text changes.

A highlight keeps three selectors, as Hypothesis does (DESIGN.md, "Anchoring
highlights"): its position (code-point offsets into the canonical text), its
quote (the exact text and up to 32 characters of context on each side) and the
hash of the text it was made on. :func:`reanchor` places each highlight in a
new text, trying in order: the same position; the exact quote elsewhere, where
context and position decide between copies; an approximate match of the quote
with at most a quarter of its length in edits (counted by ``edit_distance``).
A highlight that cannot be placed with confidence is an orphan (``None``): a
wrong place is worse than none.

Confidence, in short: an exact copy is believed when half its context agrees,
or when it is where the highlight should be and is 12 characters or more, or
the only copy. An approximate match is believed when its context is at least
60% the same, or when the quote alone is convincing (its length, less 4 for
each edit, is still 12 or more). Quotes under 8 characters are only matched
exactly; quotes over 1,024 are found by their first and last 256 characters,
then checked whole.

    >>> old = "One fish. Two fish. Red fish."
    >>> sel = describe(old, 10, 18)
    >>> locate(sel, "Zero fish. " + old)
    (21, 29)

When a placement's text differs from ``selector.exact`` (an approximate match),
the caller stores a fresh selector: ``describe(new_text, start, end)``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from reader.core.edit_distance import columns, distance, match_ends

CONTEXT = 32  # characters of prefix and suffix a selector keeps
MIN_APPROX = 8  # shorter quotes are only ever matched exactly
LONG = 1024  # longer quotes are matched approximately by their first and last characters
HEAD = 256  # how many of them
PIECE = 8  # length of the exact pieces that find far-away approximate matches
COPIES = 100  # the most copies of an exact quote weighed one by one
NEAR = 64  # how far (in code points) from the expected place a match counts as "there"


@dataclass(frozen=True)
class Selector:
    """Where a highlight was: position, quote with context, and the text's hash."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    text_hash: str = ""

    @classmethod
    def of(cls, obj: Any) -> Selector:
        """The selector of anything with these attributes, such as a ``Highlight``."""
        return cls(
            obj.start, obj.end, obj.exact, obj.prefix or "", obj.suffix or "", obj.text_hash or ""
        )


@dataclass(frozen=True)
class Placement:
    """Where a selector was placed in a text, and how.

    ``method`` is "position" (same place), "exact" (the quote found elsewhere) or
    "approximate"; ``exact`` is the placed text, which differs from the selector's
    quote only for approximate matches; ``errors`` counts the edits between them.
    """

    start: int
    end: int
    exact: str
    method: str
    errors: int = 0


@lru_cache(maxsize=8)
def text_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, as 64 lowercase hex digits.

    Stable across versions and machines; it only says "same text or not".
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def describe(text: str, start: int, end: int, context: int = CONTEXT) -> Selector:
    """The selector of ``text[start:end]``, with up to ``context`` characters each side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"cannot describe {start}..{end}: need 0 <= start < end <= {len(text)} (text length)"
        )
    if context < 0:
        raise ValueError(f"context must not be negative, not {context}")
    return Selector(
        start, end, text[start:end], text[max(0, start - context) : start],
        text[end : end + context], text_hash(text),
    )  # fmt: skip


def locate(selector: Selector, text: str) -> tuple[int, int] | None:
    """Where the selector's highlight is in ``text``, or ``None`` for an orphan."""
    placed = _Anchorer(text).place(selector, selector.start)
    return (placed.start, placed.end) if placed else None


def place(selector: Selector, text: str) -> Placement | None:
    """Like :func:`locate`, saying how the highlight was placed."""
    return _Anchorer(text).place(selector, selector.start)


def place_all(selectors: Sequence[Selector], text: str) -> list[Placement | None]:
    """Place many highlights of one article in its new text; results in the order given.

    Cheaper and better than placing them one by one: the text is hashed once,
    and each highlight is looked for first where its neighbours moved, then as
    :func:`locate` looks (so that one ``locate`` places is never an orphan here:
    a device that receives the orphan from sync places it with ``locate``).
    """
    anchorer = _Anchorer(text)
    result: list[Placement | None] = [None] * len(selectors)
    shift = 0  # how far the last placed highlight (in old order) moved
    for i in sorted(range(len(selectors)), key=lambda i: (selectors[i].start, selectors[i].end)):
        sel = selectors[i]
        hint = min(max(sel.start + shift, 0), len(text))
        placed = anchorer.place(sel, hint)
        if placed is None and hint != sel.start:
            placed = anchorer.place(sel, sel.start)
        if placed:
            shift = placed.start - sel.start
        result[i] = placed
    return result


def reanchor(selectors: Sequence[Selector], text: str) -> list[tuple[int, int] | None]:
    """``locate`` for many highlights of one article; see :func:`place_all`."""
    return [(p.start, p.end) if p else None for p in place_all(selectors, text)]


_LOOSE = {"'": "['‘’]", '"': '["“”]'}  # what a keyboard types for typographic quotes


def _quote_pattern(quote: str) -> re.Pattern[str]:
    words = quote.split()
    if not words:
        raise ValueError("cannot look for an empty quote: give some text to highlight")
    loose = ("".join(_LOOSE.get(ch) or re.escape(ch) for ch in word) for word in words)
    return re.compile(r"\s+".join(loose))


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """The ``occurrence``-th place (from 1) where ``quote`` occurs in ``text``, or ``None``.

    For quotes typed on the command line: case matters, but any run of white
    space in the quote matches any run of white space in the text (a newline
    between blocks, several spaces, a no-break space), white space around the
    quote is ignored, and a typed ' or " also matches typographic quotes. The
    range returned starts at the quote's first non-space character and ends
    after its last. Occurrences do not overlap and are counted from the start
    of the text, as :func:`count_occurrences` counts.
    """
    if occurrence < 1:
        raise ValueError(f"occurrence counts from 1, not {occurrence}")
    for n, match in enumerate(_quote_pattern(quote).finditer(text), 1):
        if n == occurrence:
            return match.span()
    return None


def count_occurrences(text: str, quote: str) -> int:
    """How many times :func:`find_quote` can find ``quote`` in ``text``."""
    return sum(1 for _ in _quote_pattern(quote).finditer(text))


def _max_errors(m: int) -> int:
    """Edits an approximate match of an ``m``-character quote may need: about a quarter."""
    return 0 if m < MIN_APPROX else m // 4


def _convincing_alone(m: int, errors: int) -> bool:
    """Whether a quote match needs no support from the context to be believed.

    Each error costs four characters of evidence, and twelve must remain: an
    exact match of 12 characters, one error in 16, five in 32, 22 in 100.
    """
    return m - 4 * errors >= 12


def _distance_penalty(far: int) -> float:
    """Context characters a candidate this far from the expected place is worth less."""
    return math.log2(1 + far / 16)


class _Anchorer:
    """Places selectors in one text; holds what can be shared between them."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def hash(self) -> str:
        return text_hash(self.text)

    def place(self, sel: Selector, hint: int) -> Placement | None:
        """Place ``sel``; ``hint`` is where its start is expected."""
        text, exact = self.text, sel.exact
        m = len(exact)
        if not m:
            return None
        hint = min(max(hint, 0), len(text))
        full = len(sel.prefix) + len(sel.suffix)
        if (
            sel.start >= 0
            and text.startswith(exact, sel.start)
            and (sel.text_hash == self.hash or self._affix(sel, sel.start) == full)
        ):
            return Placement(sel.start, sel.start + m, exact, "position")

        found = self._exact(sel, hint)
        if found is not None:
            start, agreed = found
            # Believed when half its context agrees, or when it is where the
            # highlight should be and is either long or the only copy.
            if 2 * agreed >= full or (
                abs(start - hint) <= NEAR
                and (_convincing_alone(m, 0) or text.find(exact, text.find(exact) + 1) < 0)
            ):
                return Placement(start, start + m, exact, "exact")
        # Nothing exact, or a copy far away whose context disagrees: weigh it
        # against approximate matches near where the highlight should be.
        candidates = [(found[0], found[0] + m, 0)] if found else []
        k = _max_errors(m)
        if m > LONG:
            candidates += self._by_ends(sel, hint)
            k = 0  # its ends were searched for near and far: nothing more to try
        best = self._best(sel, hint, candidates)
        if k and (best is None or best[1] < 0.6):  # nothing convincing yet: look near
            slack = NEAR + 2 * k
            spans = [(hint - slack, hint + m + slack), (sel.start - slack, sel.start + m + slack)]
            candidates += self._search(sel, k, spans)
            best = self._best(sel, hint, candidates)
        if k and (best is None or best[1] < 0.6):  # still nothing: look further
            candidates += self._search(sel, k, self._far_spans(sel, k))
            best = self._best(sel, hint, candidates)
        if best is None:
            return None
        (start, end, errors), _ = best
        placed = text[start:end]
        if placed == exact:
            return Placement(start, end, placed, "exact")
        return Placement(start, end, placed, "approximate", errors)

    def _by_ends(self, sel: Selector, hint: int) -> list[tuple[int, int, int]]:
        """A long quote placed by its first and last ``HEAD`` characters, then checked whole.

        Quick however long the quote: only the ends are searched for, and the
        edits in between are counted once.
        """
        exact, m = sel.exact, len(sel.exact)
        head = self.place(
            Selector(sel.start, sel.start + HEAD, exact[:HEAD], sel.prefix, exact[HEAD:][:CONTEXT]),
            hint,
        )
        if head is None:
            return []
        tail = self.place(
            Selector(sel.end - HEAD, sel.end, exact[-HEAD:], exact[:-HEAD][-CONTEXT:], sel.suffix),
            head.start + m - HEAD,
        )
        if tail is None or tail.end - head.start < HEAD:
            return []
        return [(head.start, tail.end, distance(exact, self.text[head.start : tail.end]))]

    def _affix(self, sel: Selector, start: int) -> int:
        """Context characters that agree, counted outwards from the quote at ``start``."""
        text, prefix, suffix = self.text, sel.prefix, sel.suffix
        end = start + len(sel.exact)
        before = text[max(0, start - len(prefix)) : start]
        return _common(prefix[::-1], before[::-1]) + _common(suffix, text[end : end + len(suffix)])

    def _exact(self, sel: Selector, hint: int) -> tuple[int, int] | None:
        """The best copy of the quote: (start, context characters agreeing)."""
        text, exact = self.text, sel.exact
        full = len(sel.prefix) + len(sel.suffix)
        if text.startswith(exact, hint) and self._affix(sel, hint) == full:
            return hint, full
        # Visit copies outwards from the hint, nearest first, and stop when even
        # a copy whose whole context agrees could not beat the best so far.
        m = len(exact)
        prefix_end, suffix_start = sel.prefix[-1:] or None, sel.suffix[:1] or None
        left = text.rfind(exact, 0, hint + m - 1)
        right = text.find(exact, hint)
        best: tuple[float, int, int] | None = None
        for _ in range(COPIES):
            if left < 0 and right < 0:
                break
            if right < 0 or (left >= 0 and hint - left <= right - hint):
                at, left = left, (text.rfind(exact, 0, left + m - 1) if left else -1)
            else:
                at, right = right, text.find(exact, right + 1)
            penalty = _distance_penalty(abs(at - hint))
            if best is not None and best[0] >= full - penalty:
                break
            if (at and prefix_end == text[at - 1]) or suffix_start == text[at + m : at + m + 1]:
                agreed = self._affix(sel, at)
            else:
                agreed = 0  # a quick "no" for common words: neither neighbour agrees
            if best is None or agreed - penalty > best[0]:
                best = (agreed - penalty, at, agreed)
        else:  # too many copies to weigh them all: of the rest, only a whole match could win
            at = _nearest(text, sel.prefix + exact + sel.suffix, hint - len(sel.prefix))
            if at >= 0 and best and full - _distance_penalty(abs(at - hint)) > best[0]:
                return at + len(sel.prefix), full
        return (best[1], best[2]) if best else None

    def _best(
        self, sel: Selector, hint: int, candidates: list[tuple[int, int, int]]
    ) -> tuple[tuple[int, int, int], float] | None:
        """The best believable candidate and how well its context agrees (0..1)."""
        text, m = self.text, len(sel.exact)
        lp, ls = len(sel.prefix), len(sel.suffix)
        best, best_score, best_ctx = None, -math.inf, 0.0
        for cand in sorted(set(candidates)):
            start, end, errors = cand
            if errors > _max_errors(m):
                continue
            wrong_p = distance(sel.prefix, text[max(0, start - lp) : start]) if lp else 0
            wrong_s = distance(sel.suffix, text[end : end + ls]) if ls else 0
            ctx = 1 - (wrong_p + wrong_s) / (lp + ls) if lp + ls else 0.0
            if ctx < 0.6 and not _convincing_alone(m, errors):
                continue
            score = (
                50 * (1 - errors / m)
                + 20 * (1 - wrong_p / lp if lp else 1)
                + 20 * (1 - wrong_s / ls if ls else 1)
                - _distance_penalty(abs(start - hint))
            )
            if score > best_score:
                best, best_score, best_ctx = cand, score, ctx
        return (best, best_ctx) if best else None

    def _far_spans(self, sel: Selector, k: int) -> list[tuple[int, int]]:
        """Stretches of text worth an approximate search when the quote is not near.

        Around exact copies of the prefix and the suffix, and where several
        pieces of the quote occur in the right order and distance. Pieces that
        occur too often say nothing and are skipped, so this is quick; it can
        miss a quote so edited that hardly a piece of it is left.
        """
        text, exact = self.text, sel.exact
        m = len(exact)
        slack = 8 + 2 * k
        spans = []
        for context, offset in ((sel.prefix, len(sel.prefix)), (sel.suffix, -m)):
            if len(context) >= PIECE:
                for at in _occurrences(text, context, 4) or ():
                    spans.append((at + offset - slack, at + offset + m + slack))
        step = max(PIECE, m // 8)
        starts: list[tuple[int, int]] = []
        pieces = range(0, m - PIECE + 1, step)
        for offset in pieces:
            for at in _occurrences(text, exact[offset : offset + PIECE], 32) or ():
                starts.append((at - offset, offset))
        clusters: list[list] = []  # [pieces that agree, first start, last start]
        for at, offset in sorted(starts):
            if clusters and at - clusters[-1][2] <= k + 1:
                clusters[-1][0].add(offset)
                clusters[-1][2] = at
            else:
                clusters.append([{offset}, at, at])
        need = 2 if len(pieces) >= 3 else 1
        clusters = sorted((c for c in clusters if len(c[0]) >= need), key=lambda c: -len(c[0]))
        spans += [(lo - slack, hi + m + slack) for _, lo, hi in clusters[:8]]
        return spans

    def _search(
        self, sel: Selector, k: int, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        """Approximate matches of the quote with at most ``k`` errors inside ``spans``."""
        text = self.text
        found = []
        for lo, hi in _merge(spans, len(text)):
            for end, _ in match_ends(sel.exact, text, lo, hi, k):
                start, end, errors = _bounds(sel, text, end, k)
                if errors <= k and start < end:
                    found.append((start, end, errors))
        return found


def _common(a: str, b: str) -> int:
    """The length of the start two strings share."""
    if a == b:
        return len(a)
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _nearest(text: str, needle: str, around: int) -> int:
    """The start of the occurrence of ``needle`` nearest to ``around``, or -1."""
    after, before = text.find(needle, max(0, around)), text.rfind(needle, 0, around + len(needle))
    if after < 0 or (before >= 0 and around - before < after - around):
        return before
    return after


def _occurrences(text: str, needle: str, limit: int) -> list[int] | None:
    """Where ``needle`` occurs in ``text``; ``None`` if more than ``limit`` times."""
    found = []
    at = text.find(needle)
    while at >= 0:
        if len(found) == limit:
            return None
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _merge(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The spans clipped to ``0..length``, overlapping ones merged."""
    merged: list[list[int]] = []
    for lo, hi in sorted((max(0, lo), min(length, hi)) for lo, hi in spans):
        if lo >= hi:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _bounds(sel: Selector, text: str, end: int, k: int) -> tuple[int, int, int]:
    """The start and end of the match of ``sel.exact`` that ends near ``end``, and its errors.

    Plain edit distance cannot tell where a highlight began when the words at
    its edge were changed, so the boundary chosen is the one where the quote
    and its context together need the fewest edits: the start with the end
    fixed, then the end with that start fixed.
    """
    exact, prefix, suffix = sel.exact, sel.prefix, sel.suffix
    m, n = len(exact), len(text)
    lo = max(0, end - m - k)
    inner = columns(exact[::-1], text[lo:end][::-1], free=False)  # [i]: from end - i to end
    outer_lo = max(0, lo - len(prefix) - k)
    outer = columns(prefix, text[outer_lo:end], free=True)  # [i]: prefix ending at outer_lo + i
    start, errors, best = end, m, None
    trim = not exact[0].isspace()  # then neither does the match start with a space
    for s in range(lo, end):
        err = inner[end - s]
        if err <= k and not (trim and text[s].isspace()):
            wrong = outer[s - outer_lo]
            split = _splits(text, s) != _splits(prefix[-1:] + exact, len(prefix[-1:]))
            key = (err + wrong, split, err, wrong, abs(end - s - m))
            if best is None or key < best:
                best, start, errors = key, s, err
    if best is None:
        return start, end, errors
    hi = min(n, start + m + k)
    inner = columns(exact, text[start:hi], free=False)  # [i]: from start to start + i
    outer_hi = min(n, hi + len(suffix) + k)
    outer = columns(suffix[::-1], text[start:outer_hi][::-1], free=True)  # [i]: from outer_hi - i
    best, trim = None, not exact[-1].isspace()
    for e in range(start + 1, hi + 1):
        err = inner[e - start]
        if err <= k and not (trim and text[e - 1].isspace()):
            wrong = outer[outer_hi - e]
            split = _splits(text, e) != _splits(exact + suffix[:1], m)
            key = (err + wrong, split, err, wrong, abs(e - start - m))
            if best is None or key < best:
                best, end, errors = key, e, err
    return (start, end, errors) if best else (start, start, m)


def _splits(text: str, at: int) -> bool:
    """Whether offset ``at`` falls inside a word (or between two CJK characters)."""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()
