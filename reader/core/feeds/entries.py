"""A feed entry to an article: its own content, sanitised like any page, or (for a feed
that gives only summaries) the page it links to, through the normal URL import."""

from __future__ import annotations

from urllib.parse import urlsplit

from reader.core.document import Block
from reader.core.feeds.parse import Entry
from reader.core.importing.failure import ImportFailure
from reader.core.models import ImportedArticle


def fragment_blocks(html: str, base_url: str | None) -> list[Block]:
    """The blocks of an HTML fragment (an entry's content, a mail's body): sanitised by
    the same converter every page goes through."""
    # deferred: lxml and the HTML converter, for refreshes only
    from reader.core.importing.html.blocks import html_to_blocks, strip_unseen
    from reader.core.importing.html.extract import parse_document

    doc = parse_document(f"<!DOCTYPE html><html><body><div>{html}</div></body></html>")
    body = doc.body if doc is not None else None
    if doc is None or body is None:
        return []
    strip_unseen(doc)
    return html_to_blocks(body, base_url)


def entry_article(entry: Entry, *, site: str | None, base_url: str | None) -> ImportedArticle:
    """The article an entry carries in the feed itself (content, else summary, else its
    title and link)."""
    blocks = fragment_blocks(entry.html, entry.link or base_url) if entry.html.strip() else []
    if not blocks:
        text = entry.link or entry.title
        blocks = [Block("paragraph", text)]
    return ImportedArticle(
        title=entry.title,
        blocks=blocks,
        source_kind="feed",
        url=entry.link,
        author=entry.author,
        site=site or (urlsplit(entry.link).hostname if entry.link else None),
        published=entry.published,
        source=entry.link or entry.key,
    )


def full_text_article(entry: Entry, *, site: str | None) -> ImportedArticle:
    """The page an entry links to, through the normal URL import; the entry's title,
    author and date where the page gives none. Raises ``ImportFailure``."""
    from reader.core.importing.sources import import_url  # deferred: the importers

    if not entry.link:
        raise ImportFailure(entry.key, "the entry has no link to fetch")
    article = import_url(entry.link)
    article.url = entry.link  # found again by the entry's link, whatever the page says
    article.title = article.title if article.title and article.title != "Untitled" else entry.title
    article.author = article.author or entry.author
    article.published = article.published or entry.published
    article.site = article.site or site
    return article
