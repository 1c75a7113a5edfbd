"""A book's facts beyond an article's columns: what an EPUB's package says about it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class BookInfo:
    """Title, authors, language, publisher, date and identifiers from the package (OPF)."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    publisher: str | None = None
    date: str | None = None
    identifier: str | None = None  # the package's unique identifier (a UUID, a URN, ...)
    isbn: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> BookInfo:
        raw = json.loads(data)
        known = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        return cls(**known)
