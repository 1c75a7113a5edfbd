"""The text model: an article is a list of blocks, and its canonical text.

The canonical text is ``"\\n".join(block.text for block in blocks)``. Every
offset in the project (highlights, search hits, reading position) counts Unicode
code points in that text. A block's text never contains ``"\\n"`` (nor U+2029),
so block boundaries and newlines in the canonical text are the same thing:
a preformatted block of five lines is five ``code`` blocks in a row.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BLOCK_KINDS = (
    "heading",  # level 1-6
    "paragraph",
    "quote",  # level: nesting depth, 1 for a plain blockquote
    "list_item",  # level: depth from 1; ordered: numbered or bulleted
    "code",  # one line of a preformatted block
    "table_row",  # cells joined by TAB; header: a row of <th>
    "image",  # text: the alt text (may be empty); src: where it came from; picture: its hash
    "caption",  # a picture's caption (its own block: read, searched and highlighted as text)
    "rule",  # text: empty
)
SPAN_KINDS = ("bold", "italic", "code", "link")

# Characters that would split a block (or a line) in the canonical text or in Qt.
_BREAKS = re.compile("[\n\r\u2028\u2029\x0b\x0c\x85]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # one code point, two UTF-16 units


@dataclass(frozen=True)
class Span:
    """Inline formatting over ``text[start:end]`` of one block."""

    start: int
    end: int
    kind: str
    href: str | None = None

    def to_json(self) -> list:
        return [self.start, self.end, self.kind] + ([self.href] if self.href else [])

    @classmethod
    def from_json(cls, data: Sequence) -> Span:
        return cls(int(data[0]), int(data[1]), str(data[2]), data[3] if len(data) > 3 else None)


@dataclass(frozen=True)
class Block:
    """One block of an article: a heading, a paragraph, a list item, ..."""

    kind: str
    text: str = ""
    level: int = 0
    ordered: bool = False
    header: bool = False
    src: str | None = None
    spans: tuple[Span, ...] = ()
    picture: str | None = None  # image blocks: the sha256 of the stored picture, if stored

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if _BREAKS.search(self.text):
            raise ValueError("block text must not contain line or paragraph breaks")
        for span in self.spans:
            if not 0 <= span.start < span.end <= len(self.text):
                raise ValueError(f"span {span} outside block text of length {len(self.text)}")

    def to_json(self) -> dict:
        data: dict = {"k": self.kind, "t": self.text}
        if self.level:
            data["l"] = self.level
        if self.ordered:
            data["o"] = 1
        if self.header:
            data["h"] = 1
        if self.src:
            data["s"] = self.src
        if self.spans:
            data["sp"] = [span.to_json() for span in self.spans]
        if self.picture:
            data["p"] = self.picture
        return data

    @classmethod
    def from_json(cls, data: dict) -> Block:
        return cls(
            kind=data["k"],
            text=data.get("t", ""),
            level=data.get("l", 0),
            ordered=bool(data.get("o")),
            header=bool(data.get("h")),
            src=data.get("s"),
            spans=tuple(Span.from_json(s) for s in data.get("sp", ())),
            picture=data.get("p"),
        )


def clean_text(text: str) -> str:
    """Text made fit for one block: breaks become spaces, runs of white space one space."""
    return re.sub(r"\s+", " ", _BREAKS.sub(" ", text)).strip()


def canonical_text(blocks: Iterable[Block]) -> str:
    """The article's canonical text: block texts joined by newlines."""
    return "\n".join(block.text for block in blocks)


def blocks_to_json(blocks: Iterable[Block]) -> str:
    return json.dumps([b.to_json() for b in blocks], ensure_ascii=False, separators=(",", ":"))


def blocks_from_json(data: str) -> list[Block]:
    return [Block.from_json(item) for item in json.loads(data)]


def word_count(text: str) -> int:
    """Words in a text; each CJK character counts as one word."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", text))
    latin = len(re.findall(r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+", text))
    return cjk + latin


@dataclass
class BlockIndex:
    """Maps canonical-text offsets to (block number, offset in block) and back."""

    starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> BlockIndex:
        starts, pos = [], 0
        for block in blocks:
            starts.append(pos)
            pos += len(block.text) + 1
        return cls(starts)

    def locate(self, offset: int) -> tuple[int, int]:
        """The block holding ``offset`` and the offset inside it."""
        if not self.starts:
            return 0, 0
        i = max(0, bisect_right(self.starts, offset) - 1)
        return i, offset - self.starts[i]

    def offset(self, block: int, inner: int = 0) -> int:
        return self.starts[block] + inner


class Utf16Map:
    """Converts between code-point offsets (ours) and UTF-16 offsets (Qt's) in one text."""

    def __init__(self, text: str) -> None:
        # Code-point offsets of the characters outside the BMP; each adds one UTF-16 unit.
        # A regex scan, not a Python loop: 100 times faster on a long article.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [i + n for n, i in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, offset: int) -> int:
        """The code point at UTF-16 ``offset``; inside a surrogate pair, the pair's start."""
        return offset - bisect_left(self._astral_u16, offset)
