"""Combining two extractions of one page into one article.

Two extractors that work differently agree on most of an article and disagree at
its edges: one stops a few paragraphs early, the other takes in the "related
stories" list or the navigation box. The rule, independent of any site:

* blocks both extractors kept are the article's spine;
* between the first and the last agreed block, the primary's blocks are kept
  (captions, tables and short paragraphs the other dropped), and so are the other's
  prose paragraphs, unless they repeat text the primary split differently;
* before the first and after the last agreed block, a run found by only one
  extractor is kept when it is substantial prose (an extractor stopped early) or,
  for the primary, when it is short (a byline, a dateline, a kicker); otherwise it
  is boilerplate (a "related" list, a navigation box) and dropped;
* when the two hardly agree at all, the primary extraction is used as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from reader.core.document import Block

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")

PROSE_CHARS = 80  # a paragraph this long reads as prose (Readability's sibling rule)
EDGE_PROSE_BLOCKS = 3  # an edge run is kept when it holds this many prose paragraphs...
EDGE_PROSE_SHARE = 0.25  # ...or this share of the agreed article's text
MIN_AGREEMENT = 0.5  # below this share of the smaller extraction agreed, do not merge
SHORT_EDGE_BLOCKS = 3  # the primary's short edge runs (a byline, a date, a kicker) stay
SHORT_EDGE_CHARS = 300
DUPLICATE = 0.8  # a block this much covered by the other side's nearby text repeats it


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; each CJK character is one token."""
    return _TOKEN.findall(text.lower())


def _key(block: Block) -> str:
    return " ".join(tokens(block.text)) or f"<{block.kind}>"


def _is_prose(block: Block) -> bool:
    return block.kind in ("paragraph", "quote") and len(block.text) >= PROSE_CHARS


def _size(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _covered(block: Block, others: list[Block]) -> bool:
    """True when ``block``'s words all but repeat words of ``others``."""
    mine = Counter(tokens(block.text))
    if not mine:
        return False  # a rule, a blank code line: nothing to repeat
    theirs = Counter(t for other in others for t in tokens(other.text))
    return sum((mine & theirs).values()) >= DUPLICATE * sum(mine.values())


def _keep_edge(run: list[Block], agreed_size: int, primary: bool) -> bool:
    prose = [block for block in run if _is_prose(block)]
    if len(prose) >= EDGE_PROSE_BLOCKS or _size(prose) >= EDGE_PROSE_SHARE * agreed_size:
        return True
    return primary and len(run) <= SHORT_EDGE_BLOCKS and _size(run) <= SHORT_EDGE_CHARS


def merge(primary: list[Block], secondary: list[Block]) -> list[Block]:
    """One article from two extractions of the same page; ``primary`` leads on ties."""
    if not primary or not secondary:
        return primary or secondary
    a_keys, b_keys = [_key(b) for b in primary], [_key(b) for b in secondary]
    ops = SequenceMatcher(None, a_keys, b_keys, autojunk=False).get_opcodes()
    equal = [op for op in ops if op[0] == "equal"]
    agreed = [block for op in equal for block in primary[op[1] : op[2]]]
    if _size(agreed) < MIN_AGREEMENT * min(_size(primary), _size(secondary)):
        return primary
    first, last = ops.index(equal[0]), ops.index(equal[-1])
    agreed_size = _size(agreed)
    result: list[Block] = []
    # Leading edge: what either side has before the first agreed block.
    _, a1, _, b1, _ = equal[0]
    result.extend(_edge(primary[:a1], secondary[:b1], primary[a1 : a1 + 3], agreed_size))
    for tag, i1, i2, j1, j2 in ops[first : last + 1]:
        ours, theirs = primary[i1:i2], secondary[j1:j2]
        result.extend(ours)
        if tag == "equal":
            continue
        theirs = [block for block in theirs if _is_prose(block)]
        context = ours + primary[max(0, i1 - 1) : i1] + primary[i2 : i2 + 1]
        result.extend(block for block in theirs if not _covered(block, context))
    # Trailing edge.
    _, _, a2, _, b2 = equal[-1]
    result.extend(_edge(primary[a2:], secondary[b2:], primary[max(0, a2 - 3) : a2], agreed_size))
    return result


def _edge(ours: list[Block], theirs: list[Block], near: list[Block], agreed_size: int):
    """The blocks kept from both sides' runs at one edge of the agreed article."""
    kept = list(ours) if ours and _keep_edge(ours, agreed_size, primary=True) else []
    if theirs and _keep_edge(theirs, agreed_size, primary=False):
        context = kept + near
        kept += [block for block in theirs if not _covered(block, context)]
    return kept
