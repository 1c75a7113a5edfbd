"""Deep links: ``article-reader://open?article=<id>&highlight=<id>``.

Every highlight has one. Exports carry them; the window opens them, scrolled
to the highlight with it selected. Parsing is strict: a link that does not
name an article by a positive integer is not ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

SCHEME = "article-reader"


@dataclass(frozen=True, slots=True)
class Link:
    article_id: int
    highlight_id: str | None = None


def article_link(article_id: int) -> str:
    return f"{SCHEME}://open?article={article_id}"


def highlight_link(article_id: int, highlight_id: str) -> str:
    return f"{article_link(article_id)}&highlight={quote(highlight_id, safe='')}"


def is_link(text: str) -> bool:
    return text.lower().startswith(SCHEME + ":")


def parse_link(url: str) -> Link:
    """The article and highlight a link names; ``ValueError`` when it names none."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != SCHEME or parts.netloc.lower() not in ("open", ""):
        raise ValueError(f"not an {SCHEME} link: {url!r}")
    query = parse_qs(parts.query)
    articles = query.get("article", [])
    if len(articles) != 1 or not articles[0].isascii() or not articles[0].isdigit():
        raise ValueError(f"{url!r} names no article (expected article=<number>)")
    article_id = int(articles[0])
    if article_id <= 0:
        raise ValueError(f"{url!r} names no article (expected article=<number>)")
    highlights = query.get("highlight", [])
    return Link(article_id, highlights[0] if highlights and highlights[0] else None)
