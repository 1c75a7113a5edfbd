"""Related passages, the pure parts: an article's passages, the word-overlap baseline and
how the vector and full-text scores combine.

A passage is one paragraph of the canonical text (one line of it), a long one cut at a
sentence end; offsets are code points into the canonical text, as everywhere.

    >>> [(p.start, p.end) for p in passages("Title\\n" + "word " * 20)]  # no title alone
    [(6, 105)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MIN_CHARS = 60  # shorter lines (headings, captions) are no passage on their own
MAX_CHARS = 1200  # a longer paragraph is cut at a sentence end near here
FTS_WEIGHT = 0.1  # how much a full-text match adds to the cosine (see fused_score)
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s")


@dataclass(frozen=True)
class Passage:
    start: int
    end: int


@dataclass(frozen=True)
class RelatedItem:
    """A highlight or passage related to another highlight, with its score (higher: closer)."""

    kind: str  # "highlight" or "passage"
    article_id: int
    article_title: str
    start: int
    end: int
    text: str
    score: float
    highlight_id: str | None = None

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "highlight_id": self.highlight_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
        }

    @classmethod
    def from_json(cls, data: dict) -> RelatedItem:
        """The item ``as_json`` wrote (the window reads the related-passages process's)."""
        return cls(
            kind=str(data["kind"]),
            article_id=int(data["article_id"]),
            article_title=str(data["article_title"]),
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            score=float(data["score"]),
            highlight_id=data.get("highlight_id"),
        )


def passages(text: str) -> list[Passage]:
    """The passages of a canonical text, in order: its paragraphs of MIN_CHARS or more
    (headings and captions are too short to say much), long ones cut in pieces."""
    found: list[Passage] = []
    for start, end in _lines(text):
        if end - start >= MIN_CHARS:
            found.extend(_cut(text, start, end))
    return found


def _lines(text: str) -> Iterator[tuple[int, int]]:
    at = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield at + lead, at + lead + len(stripped)
        at += len(line) + 1


def _cut(text: str, start: int, end: int) -> Iterator[Passage]:
    """A long paragraph as pieces of at most MAX_CHARS, cut after a sentence where one ends."""
    while end - start > MAX_CHARS:
        window = text[start : start + MAX_CHARS]
        ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() > MAX_CHARS // 2]
        cut = start + (ends[-1] if ends else MAX_CHARS)
        yield Passage(start, len(text[:cut].rstrip()))
        start = cut
    yield Passage(start, end)


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def word_overlap(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' word sets: the baseline meaning must beat."""
    x, y = words(a), words(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def fused_score(cosine: float, fts_rank: int | None) -> float:
    """The cosine, raised a little for a full-text match (more for a better-ranked one):
    shared rare words break ties between passages that mean much the same."""
    return cosine + (FTS_WEIGHT / (1 + fts_rank) if fts_rank is not None else 0.0)


def fts_any(text: str, limit: int = 32) -> str | None:
    """An FTS5 expression matching any of the text's words (quoted: never a syntax error)."""
    chosen = sorted(words(text), key=len, reverse=True)[:limit]  # longer words: rarer
    return " OR ".join(f'"{w}"' for w in chosen) if chosen else None
