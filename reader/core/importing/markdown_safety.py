"""Markdown that cannot make the ``markdown`` package hang or overflow the stack.

Python-Markdown scans forward from every ``[``, ``(`` and ``<`` for the bracket
that closes it, and nests one function call per level of list indentation. A
paragraph of 5,000 unclosed ``[`` took 12 seconds; a list indented 2,000 levels
deep ran for a minute and then raised ``RecursionError``. ``defuse`` changes
only what would cost that much, and keeps the text the reader sees:

- leading white space is capped at ``MAX_INDENT`` columns and blockquote
  markers at ``MAX_QUOTES`` per line (deeper levels read as the deepest kept);
- in a paragraph where unclosed brackets times the paragraph's length passes
  ``BUDGET``, the unclosed ones (and those nested over ``MAX_DEPTH``) are
  escaped, so they show as the characters they are.
"""

from __future__ import annotations

import re

MAX_INDENT = 64  # columns: 16 levels of 4-space indentation
MAX_QUOTES = 16
MAX_DEPTH = 16
BUDGET = 1_000_000  # characters scanned in a paragraph before we step in
_INDENT = re.compile(rf"^([ \t]{{{MAX_INDENT}}})[ \t]+", re.MULTILINE)
_QUOTES = re.compile(rf"^([ \t]*(?:>[ \t]?){{{MAX_QUOTES}}})(?:>[ \t]?)+", re.MULTILINE)
_PARAGRAPHS = re.compile(r"(\n[ \t]*\n)")
_ESCAPED = {"[": "\\[", "(": "\\(", "<": "&lt;"}
_CLOSER = {"[": "]", "(": ")", "<": ">"}


def defuse(text: str) -> str:
    text = _INDENT.sub(r"\1", text.expandtabs(4) if "\t" in text else text)
    text = _QUOTES.sub(r"\1", text)
    parts = _PARAGRAPHS.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _defuse_paragraph(parts[i])
    return "".join(parts)


def _defuse_paragraph(para: str) -> str:
    openers = para.count("[") + para.count("(") + para.count("<")
    if openers * len(para) <= BUDGET:  # even all of them costly would be cheap enough
        return para
    costly = _costly_openers(para)
    if len(costly) * len(para) <= BUDGET:
        return para
    out, last = [], 0
    for at in sorted(costly):
        out.append(para[last:at])
        out.append(_ESCAPED[para[at]])
        last = at + 1
    out.append(para[last:])
    return "".join(out)


def _costly_openers(para: str) -> list[int]:
    """Positions of brackets that never close or are nested over ``MAX_DEPTH``."""
    costly: list[int] = []
    stacks: dict[str, list[int]] = {"[": [], "(": [], "<": []}
    closers = {v: k for k, v in _CLOSER.items()}
    escaped = False
    for i, ch in enumerate(para):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in stacks:
            stack = stacks[ch]
            if len(stack) >= MAX_DEPTH and ch != "<":
                costly.append(i)
            else:
                stack.append(i)
        elif ch in closers and stacks[closers[ch]]:
            stacks[closers[ch]].pop()
    for stack in stacks.values():
        costly.extend(stack)
    return costly
