"""A page as a browser rendered it (the DOM after its scripts ran) to an article.

    >>> article = import_rendered(html, "https://example.org/a", "Title", {src: bytes})

The same pipeline as a fetched page (extraction, clutter removal, pictures), except
that the HTML and the pictures the browser already held come with the request:
pictures are taken from ``pictures`` (keyed by their absolute address) before any
fetch, so a signed-in page keeps its pictures without a second, cookie-less fetch;
the others are fetched as a URL import fetches them.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from reader.core.importing.failure import ImportFailure
from reader.core.importing.sources import _html_article, _stem, _with_pictures
from reader.core.models import ImportedArticle


def import_rendered(
    html: str, url: str, title: str = "", pictures: dict[str, bytes] | None = None
) -> ImportedArticle:
    """The article of ``html``, saved from ``url`` (an http(s) address)."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ImportFailure(url, "only http and https pages can be saved")
    article, canonical = _html_article(html, url, url, None)
    if title.strip() and article.title == _stem(url):
        article.title = title.strip()  # the page named no title of its own: the tab's
    article = _with_pictures(article, web_private=is_private(url), given=pictures or {})
    if not canonical:
        article.url = url
    article.source_kind = "url"
    return article


def is_private(url: str) -> bool:
    """Whether ``url``'s host is loopback or on a private network (so may its pictures be)."""
    host = (urlsplit(url).hostname or "").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback
