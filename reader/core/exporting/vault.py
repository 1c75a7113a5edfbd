"""The app's parts of an exported Markdown file, found again after the user edited it:
the article's note, and each highlight's note and tags.

The default template writes an article like this (``markdown.py`` shows it whole)::

    ## Note                      <- the article note: up to the next heading
    ...
    ## Highlights
    > the passage
    ^h-<id>                      <- a highlight's block id
    — yellow · #idea · [open](...)   <- its tags
    Its note.                    <- up to the next passage, heading or the end
    ## My notes                  <- the user's own: never read

``parse(text)`` finds those parts (as regions of the text); ``note_text`` reads a
region back as the plain text it stands for, undoing the export's escaping, so
``note_text(paragraphs(note))`` is the note as exported. A file written by another
template yields what of this shape it has (often nothing): the read-back then takes
nothing from it. ``keep_wording(new, old)`` puts the user's own wording of a note back
into a newly rendered file wherever it still says the same thing (Markdown the user
typed stays as typed, rather than coming back escaped).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

from reader.core.exporting.markdown import MY_NOTES, block_id
from reader.core.exporting.summary import Summary

_FRONT_MATTER = re.compile(r"---\r?\n.*?\r?\n---[ \t]*(?:\r?\n|$)", re.S)
_HEADING = re.compile(r"#{1,2}[ \t]")
_NOTE_HEADING = re.compile(r"##[ \t]+Note[ \t]*$")
_BLOCK = re.compile(r"\^(h-[A-Za-z0-9-]+)[ \t]*$")
_META = "— "
_LINK = re.compile(r"\[open\]\([^)]*\)")
_TAG = re.compile(r"(?<!\S)#([\w/-]+)")
_UNESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


@dataclass(frozen=True)
class Region:
    """Characters ``start:end`` of the file: a note's text without the blank lines around."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class HighlightPart:
    block_id: str
    note: Region
    tags: list[str] | None  # Obsidian tags (without "#"); None when it has no tags line


@dataclass
class FileParts:
    note: Region | None  # None: no "## Note" section
    highlights: dict[str, HighlightPart] = field(default_factory=dict)  # by block id


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its line break) for each line."""
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        out.append((at, line.rstrip("\r\n")))
        at += len(line)
    return out


def parse(text: str) -> FileParts:
    """The article note and each highlight's note and tags, where the file has them."""
    fm = _FRONT_MATTER.match(text.removeprefix("\ufeff"))
    body_start = (fm.end() + (1 if text.startswith("\ufeff") else 0)) if fm else 0
    lines = [(at, line) for at, line in _lines(text) if at >= body_start]
    end = next((i for i, (_, line) in enumerate(lines) if line.rstrip() == MY_NOTES), len(lines))
    lines = lines[:end]
    stop = lines[-1][0] + len(lines[-1][1]) if lines else body_start

    def offset(i: int) -> int:
        return lines[i][0] if i < len(lines) else stop

    headings = [i for i, (_, line) in enumerate(lines) if _HEADING.match(line)]
    blocks = [i for i, (_, line) in enumerate(lines) if _BLOCK.match(line)]

    def next_heading(after: int) -> int:
        return next((h for h in headings if h > after), len(lines))

    def region(first: int, last: int) -> Region:
        """Lines ``first`` up to ``last`` (exclusive), without blank lines at either end."""
        while first < last and not lines[first][1].strip():
            first += 1
        while last > first and not lines[last - 1][1].strip():
            last -= 1
        if first >= last:
            return Region(offset(first), offset(first))
        return Region(lines[first][0], lines[last - 1][0] + len(lines[last - 1][1]))

    note = None
    for h in headings:
        if _NOTE_HEADING.match(lines[h][1]):
            note = region(h + 1, next_heading(h))
            break
    parts = FileParts(note)
    for n, i in enumerate(blocks):
        block_id = _BLOCK.match(lines[i][1]).group(1)  # type: ignore[union-attr]
        limit = next_heading(i)
        if n + 1 < len(blocks) and blocks[n + 1] < limit:
            limit = _quote_start(lines, blocks[n + 1])
        first = i + 1
        while first < limit and not lines[first][1].strip():
            first += 1
        tags = None
        if first < limit and lines[first][1].startswith(_META):
            tags = _TAG.findall(_LINK.sub("", lines[first][1]))
            first += 1
        parts.highlights.setdefault(block_id, HighlightPart(block_id, region(first, limit), tags))
    return parts


def _quote_start(lines: list[tuple[int, str]], block: int) -> int:
    """The first line of the passage (a block quote) that stands above a block id line."""
    i = block
    while i > 0 and not lines[i - 1][1].strip():
        i -= 1
    while i > 0 and lines[i - 1][1].lstrip().startswith(">"):
        i -= 1
    return i


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    return html.unescape(match.group())


def note_text(markdown: str) -> str:
    """A note's region read back as plain text: escapes undone, paragraphs kept, blank
    lines at the ends and runs of them dropped, trailing spaces gone."""
    out: list[str] = []
    for line in markdown.splitlines():
        if line.strip():
            out.append(_UNESCAPE.sub(_unescape, line).rstrip(" \t"))
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip("\n")


def digest(text: str) -> str:
    """A short fingerprint of a note as exported (what the manifest remembers)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def keep_wording(new: str, old: str | None) -> str:
    """``new`` with each note (the article's, a highlight's) written as in ``old`` where
    both say the same once read back: the user's Markdown stays as they typed it."""
    if not old:
        return new
    theirs, ours = parse(old), parse(new)
    swaps: list[tuple[Region, str]] = []
    pairs = [(ours.note, theirs.note)]
    pairs += [
        (part.note, theirs.highlights[key].note)
        for key, part in ours.highlights.items()
        if key in theirs.highlights
    ]
    for mine, kept in pairs:
        if mine is None or kept is None or mine.start == mine.end or kept.start == kept.end:
            continue
        wording = kept.of(old)
        if wording != mine.of(new) and note_text(wording) == note_text(mine.of(new)):
            swaps.append((mine, wording))
    for region, wording in sorted(swaps, key=lambda s: -s[0].start):
        new = new[: region.start] + wording + new[region.end :]
    return new


def record(text: str, summary: Summary) -> dict:
    """What the app's parts of a file written for ``summary`` say, as the manifest keeps it:
    the digest of the article note and of each highlight's note, each highlight's tags.
    A highlight the file does not show in the default shape is left out."""
    parts = parse(text)
    highlights = {}
    for h in summary.highlights:
        part = parts.highlights.get(block_id(h.id))
        if part is not None:
            highlights[h.id] = {
                "note": digest(note_text(part.note.of(text))),
                "tags": list(part.tags or []),
            }
    note = note_text(parts.note.of(text)) if parts.note else ""
    return {"note": digest(note), "highlights": highlights}
