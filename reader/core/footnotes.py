"""In-article links: a book's note reference and its note point at each other by offset.

Such a link's address is "#at:<offset>", a code-point offset into the article's canonical
text; the reading pane scrolls there when it is clicked. Nothing else makes these
addresses: a page's own "#" links are dropped by the sanitiser.
"""

from __future__ import annotations

PREFIX = "#at:"


def note_href(offset: int) -> str:
    """The address of an in-article link to ``offset``."""
    return f"{PREFIX}{offset}"


def note_offset(href: str | None) -> int | None:
    """The offset an in-article link points at, or None for any other address."""
    if not href or not href.startswith(PREFIX):
        return None
    digits = href[len(PREFIX) :]
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 12 else None
