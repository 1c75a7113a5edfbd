"""A feed's bytes to its entries: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON
Feed (versions 1 and 1.1) through the json module.

feedparser 6.0 (the released line) does not read JSON Feed (its JSON parser is on an
unreleased branch), so a JSON Feed's fields are mapped here to the same ``Entry``;
there is no hand-written XML parsing. feedparser is given the bytes as a stream, never
an address or a path, so it fetches and opens nothing itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reader.core.importing.failure import ImportFailure

MAX_ENTRIES = 5_000  # feedparser takes about 18 s for 100,000: a feed that big is refused
_ENTRY_TAG = re.compile(rb"<(?:[a-zA-Z0-9_-]+:)?(?:item|entry)[\s>/]")
_WORDS_FOR_FULL = 150  # content shorter than this (in words) is a summary
_TAGS = re.compile(r"<[^>]*>")


@dataclass
class Entry:
    """One entry of a feed, as the refresher needs it."""

    key: str  # the id/guid, else the link, else a hash of the title and text
    link: str | None
    title: str
    html: str  # the content, else the summary (HTML, not yet sanitised)
    summary_only: bool  # the feed gave a summary (or nothing), not the article
    author: str | None = None
    published: str | None = None  # ISO 8601 (UTC), None when the date cannot be read
    tags: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """Changes when the entry is updated (title, text or link)."""
        digest = hashlib.sha256()
        for part in (self.title, self.html, self.link or ""):
            digest.update(part.encode("utf-8", "replace") + b"\0")
        return digest.hexdigest()[:32]


@dataclass
class ParsedFeed:
    title: str
    site_url: str | None
    entries: list[Entry]
    kind: str  # "rss20", "atom10", "json", ... as feedparser names versions
    problem: str | None = None  # feedparser read it despite an error (said, not fatal)


class NotAFeed(ImportFailure):
    """The bytes are not a feed; ``html`` is set when they are a web page (whose
    ``<link rel="alternate">`` may name the feed)."""

    def __init__(self, source: str, reason: str, html: bytes | None = None) -> None:
        super().__init__(source, reason)
        self.html = html


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The feed in ``data`` fetched from ``url``; ``NotAFeed`` when it is none."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if "json" in content_type or head.startswith(b"{"):
        return _json_feed(data, url)
    if _looks_like_html(head, content_type):
        raise NotAFeed(url, "it is a web page, not a feed", html=data)
    count = len(_ENTRY_TAG.findall(data))
    if count > MAX_ENTRIES:
        raise ImportFailure(
            url,
            f"the feed holds about {count:,} entries, more than the {MAX_ENTRIES:,} Article "
            "Reader reads at once (ask its site for a shorter feed)",
        )
    import feedparser  # deferred: about 40 ms with its sgmllib, for refreshes only

    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": url, "content-type": content_type or "text/xml"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.version and not parsed.entries:
        if parsed.feed.get("links") or b"<html" in head.lower():
            raise NotAFeed(url, "it is a web page, not a feed", html=data)
        reason = parsed.get("bozo_exception")
        raise NotAFeed(url, f"it is not a feed (RSS, Atom or JSON Feed){_why(reason)}")
    with warnings.catch_warnings():
        # feedparser warns when asked for an updated date it maps from the published one
        warnings.simplefilter("ignore", DeprecationWarning)
        entries = [_entry(e) for e in parsed.entries]
    problem = None
    if parsed.bozo and parsed.get("bozo_exception") is not None:
        problem = f"the feed is not well-formed{_why(parsed.bozo_exception)}"
    return ParsedFeed(
        title=_text(parsed.feed.get("title")),
        site_url=parsed.feed.get("link") or None,
        entries=[e for e in entries if e is not None],
        kind=parsed.version or "unknown",
        problem=problem,
    )


def _why(error) -> str:
    if error is None:
        return ""
    text = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
    return f" ({text})" if text else ""


def _looks_like_html(head: bytes, content_type: str) -> bool:
    lower = head.lower()
    if lower.startswith((b"<!doctype html", b"<html")):
        return True
    return "html" in content_type and b"<rss" not in lower and b"<feed" not in lower


def _entry(e) -> Entry | None:
    title = _text(e.get("title"))
    link = e.get("link") or None
    if not link:  # an Atom entry whose content is elsewhere, an RDF item named by address
        for candidate in [c.get("src") for c in e.get("content") or []] + [e.get("id")]:
            if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
                link = candidate
                break
    contents = [c for c in e.get("content") or [] if c.get("value")]
    content = max((c["value"] for c in contents), key=len, default="")
    summary = e.get("summary") or ""
    html = content if len(_plain(content)) >= len(_plain(summary)) else summary
    if not (title or html or link):
        return None  # nothing to show
    full = bool(content) and _words(content) >= _WORDS_FOR_FULL
    key = e.get("id") or e.get("guid") or link or _hash(title, html)
    parsed = e.get("published_parsed") or e.get("updated_parsed")
    return Entry(
        key=str(key).strip(),
        link=link,
        title=title or _first_words(html) or link or "Untitled",
        html=html,
        summary_only=not full,
        author=_text(e.get("author")) or None,
        published=_iso(parsed),
        tags=[t.get("term", "") for t in e.get("tags") or [] if t.get("term")],
    )


def _iso(parsed) -> str | None:
    """feedparser's time tuple (UTC) as ISO 8601; None for a date it could not read."""
    try:
        return datetime(*parsed[:6], tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, OverflowError):
        return None


def _json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        raise NotAFeed(url, f"it is not a feed: not valid JSON ({e})") from None
    version = doc.get("version", "") if isinstance(doc, dict) else ""
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise NotAFeed(url, "it is JSON but not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise NotAFeed(url, "the JSON Feed has no list of items")
    if len(items) > MAX_ENTRIES:
        raise ImportFailure(
            url,
            f"the feed holds {len(items):,} entries, more than the {MAX_ENTRIES:,} Article "
            "Reader reads at once (ask its site for a shorter feed)",
        )
    entries = [_json_entry(item, url) for item in items if isinstance(item, dict)]
    home = doc.get("home_page_url")
    return ParsedFeed(
        title=_text(doc.get("title")),
        site_url=home if isinstance(home, str) else None,
        entries=[e for e in entries if e is not None],
        kind="json" + version.rsplit("/", 1)[-1].replace(".", ""),
    )


def _json_entry(item: dict, base: str) -> Entry | None:
    from urllib.parse import urljoin

    def string(name: str) -> str:
        value = item.get(name)
        return value if isinstance(value, str) else ""

    link = string("url") or string("external_url")
    link = urljoin(base, link) if link else None
    content = string("content_html")
    if not content and string("content_text"):
        content = "".join(f"<p>{_escape(p)}</p>" for p in string("content_text").split("\n\n"))
    summary = _escape(string("summary"))
    html = content or summary
    title = _text(string("title"))
    if not (title or html or link):
        return None
    authors = item.get("authors") or (
        [item["author"]] if isinstance(item.get("author"), dict) else []
    )
    author = ", ".join(
        a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)
    )
    key = item.get("id")
    key = (
        str(key)
        if isinstance(key, (str, int)) and str(key).strip()
        else (link or _hash(title, html))
    )
    tags = item.get("tags")
    tags = tags if isinstance(tags, list) else []
    return Entry(
        key=key.strip(),
        link=link,
        title=title or _first_words(html) or link or "Untitled",
        html=html,
        summary_only=not (content and _words(content) >= _WORDS_FOR_FULL),
        author=author or None,
        published=_json_date(string("date_published") or string("date_modified")),
        tags=[t for t in tags if isinstance(t, str)],
    )


def _json_date(value: str) -> str | None:
    """RFC 3339 as JSON Feed asks; anything else is no date (never an error)."""
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(html: str) -> str:
    return _TAGS.sub(" ", html)


def _words(html: str) -> int:
    return len(_plain(html).split())


def _first_words(html: str, n: int = 12) -> str:
    words = _plain(html).split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def _text(value) -> str:
    """A title or name as plain text: feedparser keeps entities and tags in some."""
    if not isinstance(value, str):
        return ""
    import html

    return " ".join(html.unescape(_TAGS.sub(" ", value)).split())


def _hash(*parts: str) -> str:
    return "sha256:" + hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()
