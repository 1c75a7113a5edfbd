"""Footnotes linked both ways: a note reference jumps to its note, the note back to it.

Before a chapter is converted, each reference (an ``<a>`` whose "#id" names a note in
the same chapter, after ``book._gather_notes`` moved far notes there) and each note's
link back to its reference get a placeholder web address that the sanitiser keeps; a
note without a link back gets one ("↩") at its start. Once every chapter's place in the
canonical text is known, ``resolve`` turns the placeholders into in-book links
(``reader.core.footnotes.note_href``: "#at:<offset>"), or drops them when their other end
did not survive the conversion.
"""

from __future__ import annotations

from dataclasses import replace

from reader.core.document import Block, Span
from reader.core.footnotes import note_href

_PLACEHOLDER = "https://note.article-reader.invalid/"
_NOTE_TYPES = frozenset(("footnote", "endnote", "rearnote", "note"))
_NOTE_ROLES = frozenset(("doc-footnote", "doc-endnote"))
BACK = "↩"
_WRAPPERS = frozenset(("p", "div", "section", "aside", "li", "ol", "ul", "span"))


def _attr(el, name: str) -> set[str]:
    return set((el.get(name) or "").lower().split())


def is_note(el) -> bool:
    """Whether ``el`` is a footnote or endnote (EPUB 3 ``epub:type`` or ARIA role)."""
    return bool(_attr(el, "epub:type") & _NOTE_TYPES or _attr(el, "role") & _NOTE_ROLES)


def _fragment(a) -> str:
    return (a.get("href") or "").partition("#")[2]


def mark(body, first: int) -> int:
    """Give ``body``'s note references and notes placeholders numbered from ``first``;
    the next free number."""
    notes = {
        el.get("id"): el
        for el in body.iter()
        if isinstance(el.tag, str) and el.get("id") and is_note(el)
    }
    if not notes:
        return first
    numbers: dict[str, int] = {}
    refs: dict[str, int] = {}  # the id of a reference (or of its <sup>) -> its note's number
    for a in list(body.iter("a")):
        ident = _fragment(a)
        note = notes.get(ident)
        if note is None or _inside(a, note):
            continue
        n = numbers.setdefault(ident, first + len(numbers))
        a.set("href", f"{_PLACEHOLDER}ref/{n}")
        for el in (a, a.getparent()):
            if el is not None and el.get("id"):
                refs.setdefault(el.get("id"), n)
    for ident, n in numbers.items():
        note = notes[ident]
        back = next((a for a in note.iter("a") if refs.get(_fragment(a)) == n), None)
        if back is None:
            back = _link_back(note)
        back.set("href", f"{_PLACEHOLDER}back/{n}")
    return first + len(numbers)


def _link_back(note):
    """A new "↩" link at the start of the note's first paragraph."""
    where = note
    while not (where.text or "").strip() and len(where) and where[0].tag in _WRAPPERS:
        where = where[0]
    back = where.makeelement("a", {})
    back.text, back.tail = BACK, " " + (where.text or "").lstrip()
    where.text = None
    where.insert(0, back)
    return back


def _inside(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


def resolve(chapters: list[tuple[int, list[Block]]]) -> list[list[Block]]:
    """Each chapter's blocks (given with its start in the canonical text) with the
    placeholders turned into in-book links: a reference to its note's link back, the link
    back to the note's first reference."""
    refs: dict[int, int] = {}
    backs: dict[int, int] = {}
    for start, blocks in chapters:
        at = start
        for block in blocks:
            for span in block.spans:
                kind, n = _placeholder(span.href)
                if kind:
                    (refs if kind == "ref" else backs).setdefault(n, at + span.start)
            at += len(block.text) + 1
    result = []
    for _, blocks in chapters:
        result.append([_linked(b, refs, backs) for b in blocks])
    return result


def _placeholder(href: str | None) -> tuple[str, int]:
    if not href or not href.startswith(_PLACEHOLDER):
        return "", 0
    kind, _, n = href[len(_PLACEHOLDER) :].partition("/")
    return (kind, int(n)) if kind in ("ref", "back") and n.isascii() and n.isdigit() else ("", 0)


def _linked(block: Block, refs: dict[int, int], backs: dict[int, int]) -> Block:
    if not any(s.href and s.href.startswith(_PLACEHOLDER) for s in block.spans):
        return block
    spans: list[Span] = []
    for span in block.spans:
        kind, n = _placeholder(span.href)
        if not kind:
            spans.append(span)
            continue
        target = (backs if kind == "ref" else refs).get(n)
        if target is not None:  # else the other end was lost: the words stay, unlinked
            spans.append(replace(span, href=note_href(target)))
    return replace(block, spans=tuple(spans))
