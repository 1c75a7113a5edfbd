"""Subscribing: by a feed's address or a page's (its ``<link rel="alternate">``), the
feed's current entries taken at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.feeds.discover import feed_links
from reader.core.feeds.parse import NotAFeed, ParsedFeed, parse_feed
from reader.core.feeds.refresh import FEED_ACCEPT, FEED_MAX_BYTES, FeedRefresher
from reader.core.feeds.results import FeedResult
from reader.core.importing.failure import ImportFailure
from reader.core.models import Feed
from reader.core.storage.feeds import AlreadySubscribed
from reader.core.storage.library import Library

if TYPE_CHECKING:
    from email.message import Message


@dataclass
class Subscription:
    feed: Feed
    result: FeedResult  # what its first refresh brought
    page: str | None = None  # the page whose link named the feed, if the user gave a page


def normalise(url: str) -> str:
    """An address as typed ("example.org/feed") made a web address; feed: links unwrapped."""
    url = url.strip()
    for prefix in ("feed://", "feed:"):
        if url.lower().startswith(prefix):
            url = url[len(prefix) :]
            if not url.lower().startswith(("http://", "https://")):
                url = "https://" + url.lstrip("/")
    if "://" not in url:
        url = "https://" + url
    return url


def subscribe(
    library: Library,
    url: str,
    *,
    tags: list[str] | tuple[str, ...] = (),
    full_text: str = "auto",
    title: str = "",
    refresher: FeedRefresher | None = None,
) -> Subscription:
    """Subscribe to the feed at ``url`` (or the feed a page there names) and take its
    entries. ``ImportFailure`` when there is no feed; ``AlreadySubscribed`` when there is
    a subscription to it already."""
    refresher = refresher or FeedRefresher(library)
    url = normalise(url)
    existing = library.feeds.find(url)
    if existing is not None:
        raise AlreadySubscribed(existing)
    feed_url, parsed, headers, page = _find_feed(url, refresher.timeout)
    feed = library.feeds.add(feed_url, title=title, tags=list(tags), full_text=full_text)
    result = refresher.store(
        feed, parsed, etag=headers.get("ETag"), last_modified=headers.get("Last-Modified")
    )
    return Subscription(library.feeds.get(feed.id), result, page)


def _find_feed(url: str, timeout: float) -> tuple[str, ParsedFeed, Message, str | None]:
    from reader.core.importing.web import get  # deferred: urllib

    response = get(url, headers={"Accept": FEED_ACCEPT}, timeout=timeout, max_bytes=FEED_MAX_BYTES)
    try:
        parsed = parse_feed(response.data, response.final_url, response.content_type)
        return url, parsed, response.headers, None
    except NotAFeed as e:
        if e.html is None:
            raise
        links = feed_links(e.html, response.final_url)
    if not links:
        raise ImportFailure(
            url,
            "it is a web page that names no feed (look on the page for an RSS, Atom or "
            "JSON Feed link and subscribe to that address)",
        )
    failures = []
    for link in links[:3]:
        try:
            found = get(
                link, headers={"Accept": FEED_ACCEPT}, timeout=timeout, max_bytes=FEED_MAX_BYTES
            )
            return (
                link,
                parse_feed(found.data, found.final_url, found.content_type),
                found.headers,
                url,
            )
        except ImportFailure as e:
            failures.append(e.reason)
    raise ImportFailure(url, f"the page names a feed at {links[0]}, but {failures[0]}")
