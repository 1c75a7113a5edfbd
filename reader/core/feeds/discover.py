"""Finding a page's feed: ``<link rel="alternate">`` naming RSS, Atom or JSON Feed."""

from __future__ import annotations

from urllib.parse import urljoin

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


def feed_links(html: bytes, page_url: str) -> list[str]:
    """The feeds a page names, best first (RSS and Atom before JSON, in page order)."""
    import lxml.html  # deferred: for discovery only
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return []
    found: list[tuple[int, int, str]] = []
    for n, link in enumerate(doc.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        if kind == "application/json" and "feed" not in (link.get("title") or "").lower():
            continue  # many pages name JSON APIs as alternates; only a feed is wanted
        url = urljoin(page_url, href)
        if url.split(":", 1)[0].lower() in ("http", "https") and url not in (f[2] for f in found):
            found.append((FEED_TYPES.index(kind), n, url))
    return [url for _rank, _n, url in sorted(found)]
