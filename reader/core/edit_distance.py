"""Edit distance and approximate matching, for placing a highlight whose quote was edited.

Myers' bit-parallel algorithm (J. ACM 46(3), 1999) in Hyyrö's formulation,
with a Python int as the bit vector of the pattern. Each character of the text
costs a dozen integer operations, however many errors are allowed; long
patterns make longer integers, which Python handles in C.

    >>> distance("kitten", "sitting")
    3
    >>> match_ends("colour", "the color red", 0, 13, 1)
    [(9, 1)]
"""

from __future__ import annotations


def match_ends(pattern: str, text: str, lo: int, hi: int, k: int) -> list[tuple[int, int]]:
    """Ends (exclusive) in ``text[lo:hi]`` of the best matches with at most ``k`` errors,
    with their errors.

    One end per run of ends within ``k`` errors: the first with the fewest.
    """
    ends, run_end, run_score = [], -1, k + 1
    for j, score in enumerate(columns(pattern, text[lo:hi], free=True)[1:], lo + 1):
        if score <= k:
            if score < run_score:
                run_end, run_score = j, score
        elif run_end >= 0:
            ends.append((run_end, run_score))
            run_end, run_score = -1, k + 1
    if run_end >= 0:
        ends.append((run_end, run_score))
    return ends


def columns(pattern: str, chars: str, free: bool) -> list[int]:
    """Edit distances between ``pattern`` and each prefix ``chars[:j]`` of ``chars``.

    With ``free``, the pattern may also skip the start of ``chars`` at no cost:
    item ``j`` is then the fewest errors of a match of ``pattern`` ending at ``j``.
    """
    m = len(pattern)
    if not m:
        return [0] * (len(chars) + 1) if free else list(range(len(chars) + 1))
    peq: dict[str, int] = {}  # for each character, the bits of its places in the pattern
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    top = 1 << (m - 1)
    carry = 0 if free else 1
    pv, mv, score = mask, 0, m
    scores = [m]
    for ch in chars:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings."""
    return columns(a, b, free=False)[-1] if a else len(b)
