"""A web page to its article: parsing, metadata, main-content extraction, blocks.

Before any extractor looks at a page, its formulas become their TeX
(:mod:`.html_math`), and what a reader never sees (scripts, frames, form controls,
hidden elements) is removed from the tree, and so is the furniture that
conventions mark (navigation boxes, tables of contents, edit links:
:mod:`.html_furniture`). Then two extractors read
it: a Readability-style scorer (the best-scoring container,
:mod:`.html_readability`, the primary) and trafilatura (paragraph-level rules).
:func:`.html_merge.merge` keeps what they agree on plus what one of them alone
found inside the article, and drops what only one found at its edges unless it is
substantial prose. A page without page furniture (navigation, header, footer) is a
document, not a web page, and is converted whole; so is a page where extraction
finds nothing. On huge pages (over 2 MB or 25,000 elements) trafilatura, whose time
grows with the square of the page, is left out. Everything heavy is imported
inside the functions that use it.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.html import Element

from reader.core.document import Block
from reader.core.importing.html.blocks import html_to_blocks, safe_href, strip_unseen
from reader.core.importing.html.boilerplate import drop_boilerplate
from reader.core.importing.html.encoding import text_safe
from reader.core.importing.html.figures import (
    fold_picture_sources,
    shelve_inline_pictures,
    unshelve_inline_pictures,
)
from reader.core.importing.html.formulas import readable_math
from reader.core.importing.html.furniture import drop_furniture
from reader.core.importing.html.merge import merge
from reader.core.importing.html.names import byline, site_name
from reader.core.importing.html.readability import Readability
from reader.core.importing.html.repair import absolute_links, close_paragraphs
from reader.core.importing.html.tidy import (
    add_standfirst,
    clean_title,
    drop_title_heading,
    standfirst,
    tidy_images,
)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Void elements that libxml2 2.14 does not know are void: unclosed, each would swallow
# the rest of its parent (``<embed>`` then dropped the rest of the article with it).
_UNKNOWN_VOIDS = re.compile(
    r"<(embed|source|track|wbr|keygen)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE
)
_WS = re.compile(r"\s+")
_LAYOUT_TAGS = re.compile(
    r"</?(?:div|span|section|article|main|header|footer|aside|nav|font|center|table|tbody|tr|td"
    r"|b|i|em|strong|u|small|big)\b[^>]*>",
    re.IGNORECASE,
)
# Then the tags that nest for structure (quotes, lists, links), then all but those whose
# content must stay hidden (scripts, styles) or that make the blocks (paragraphs, headings).
_NESTING_TAGS = re.compile(
    r"</?(?:blockquote|ul|ol|li|dl|dt|dd|q|cite|a|sup|sub|s|strike|del|ins|mark|code|kbd"
    r"|samp|var|label|figure|figcaption|details|summary|fieldset|legend|form|menu|dir"
    r"|address|hgroup|search|[a-z][a-z0-9]*-[a-z0-9-]*)\b[^>]*>",
    re.IGNORECASE,
)
_ALL_BUT_KEPT_TAGS = re.compile(
    r"</?(?!(?:p|br|h[1-6]|pre|img|html|head|body|title|meta|link|base|script|style|noscript"
    r"|template|textarea|iframe|svg|math|select|option|button|object)\b)[a-zA-Z][^>]*>",
    re.IGNORECASE,
)
_AUTHOR_PREFIX = re.compile(
    r"^(view all posts by|posted by|written by|by|von|par|por|di|door)\s+", re.IGNORECASE
)
_AUTHOR_MONTH = re.compile(
    r"\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.IGNORECASE
)
_FURNITURE = "//nav|//header|//footer|//aside|//form|//iframe|//*[@role]"
_FURNITURE_NAMES = re.compile(
    r"nav|menu|sidebar|footer|header|banner|comment|related|share|social|widget|\bads?\b",
    re.IGNORECASE,
)

# trafilatura's internal XML tags and their HTML meaning.
_TEI_TAGS = {
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
    "row": "tr",
}
_TEI_REND = {"#b": "b", "#i": "i", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}

_CANONICAL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
_OG_URL = "//meta[@property='og:url']/@content"

HUGE_CHARS = 2_000_000
HUGE_ELEMENTS = 25_000

log = logging.getLogger(__name__)


@dataclass
class PageMetadata:
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    url: str | None = None  # the page's canonical address, when it names one
    description: str | None = None


@dataclass
class Extraction:
    """The article of a page: its metadata, blocks, and how they were found."""

    metadata: PageMetadata
    blocks: list[Block] = field(default_factory=list)
    method: str = ""


def parse_document(text: str):
    """An lxml HTML document for ``text``; None when there is nothing to parse.

    libxml2 stops at 2,048 levels of nesting and drops the rest of the page; such
    a page is parsed again with its layout-only tags removed, then its nesting
    tags (quotes, lists), then all but a few, so that its text survives.
    """
    text = text_safe(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    doc, too_deep = _parse(text)
    for tags in (_LAYOUT_TAGS, _NESTING_TAGS, _ALL_BUT_KEPT_TAGS):
        if not too_deep:
            break
        text = tags.sub(" ", text)
        doc, too_deep = _parse(text)
    return doc


# A start tag over 20,000 characters is an attack, not markup: libxml2 and htmldate are
# quadratic in its attributes (50,000 of them took half a minute). Its name is kept.
_HUGE_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]{0,40})\b[^<>]{20000,}>")


def close_void_tags(html: str) -> str:
    """``html`` with a closing tag after each void element libxml2 would take for a parent."""
    return _UNKNOWN_VOIDS.sub(r"<\1\2></\1>", html)


def _parse(text: str):

    text = close_void_tags(_HUGE_TAG.sub(r"<\1>", text))

    # huge_tree: without it libxml2 silently drops text nodes over 10 MB.
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    close_paragraphs(doc)  # as a browser does: HTML5 blocks end a paragraph
    return doc, too_deep


def extract_article(text: str, url: str | None = None) -> Extraction:
    """The article in the HTML ``text`` of a page fetched from ``url`` (if any)."""
    text, shelf = shelve_inline_pictures(text)  # pictures written into the page
    doc = parse_document(text)
    if doc is None:
        return Extraction(PageMetadata())
    # Huge pages: trafilatura's time grows with the square of the element count
    # (minutes at 80,000 elements), and htmldate's search of all text takes seconds.
    elements = sum(1 for _ in doc.iter())
    huge = len(text) > HUGE_CHARS or elements > HUGE_ELEMENTS
    readable_math(doc)  # before hiding: pages hide all but one form of a formula
    fold_picture_sources(doc)  # before hiding: <source>s go, their pictures stay offered
    strip_unseen(doc, keep_json=True)  # the metadata reads JSON-LD <script>s
    meta = page_metadata(_head_only(doc) if huge else doc, url, search_text=not huge)
    strip_unseen(doc)
    if url is None and meta.url and base_url(doc, None) is None:
        absolute_links(doc, meta.url)  # a saved page: its links as on the site it names
    if not meta.title:
        meta.title = clean_title(_first_text(doc, "//h1"), meta.site, meta.author)
    plain = is_plain_document(doc)
    drop_furniture(doc)
    if plain:
        blocks, method = body_blocks(doc, url), "document"
    else:
        primary = _attempt(readability_blocks, doc, url, meta.title)
        secondary = [] if huge else _attempt(trafilatura_blocks, doc, url)
        blocks, method = merge(primary, secondary), "merged"
        if not primary or not secondary:
            method = "readability" if primary else "trafilatura"
        if not blocks:
            blocks, method = body_blocks(doc, url), "body"
    blocks = tidy_images(drop_title_heading(blocks, meta.title))
    if method != "document":
        blocks = drop_boilerplate(blocks)
        blocks = add_standfirst(blocks, standfirst(doc, meta.title, meta.description))
    return Extraction(meta, unshelve_inline_pictures(blocks, shelf), method)


def _head_only(doc):
    """A copy of the page with its <head> and an empty <body>, for metadata."""

    light = Element("html")
    head = doc.find("head")
    if head is not None:
        light.append(copy.deepcopy(head))
    light.append(Element("body"))
    return light


def _attempt(extractor, *args) -> list[Block]:
    """An extractor's blocks; an extractor that breaks on a page finds nothing."""
    try:
        return extractor(*args)
    except Exception:  # third-party code on hostile input: any failure means "no result"
        log.debug("%s failed", extractor.__name__, exc_info=True)
        return []


def is_plain_document(doc) -> bool:
    """A page with no page furniture and few links: a document to take whole.

    No navigation, header, footer, sidebar or form (by tag, role, class or id), at
    most 20 links: what Markdown converters, editors and "save as HTML" produce.
    """
    body = doc.find("body")
    if body is None or body.xpath(_FURNITURE):
        return False
    if sum(1 for _ in body.iter("a")) > 20:
        return False
    for el in body.iter():
        if isinstance(el.tag, str) and _FURNITURE_NAMES.search(
            f"{el.get('class', '')} {el.get('id', '')}"
        ):
            return False
    return bool(body.text_content().strip())


def base_url(doc, url: str | None) -> str | None:
    """The address relative links resolve against: <base href> or the page's own."""
    for base in doc.iter("base"):
        href = safe_href(base.get("href"), url)
        if href and not href.startswith("mailto:"):
            return href
    return url


def body_blocks(doc, url: str | None) -> list[Block]:
    """Every visible block of the page."""
    body = doc.find("body")
    return html_to_blocks(body if body is not None else doc, base_url(doc, url))


def readability_blocks(doc, url: str | None, title: str | None) -> list[Block]:
    """The article as the Readability-style scorer finds it."""

    article = Readability(doc, title).article()
    return html_to_blocks(article, base_url(doc, url)) if article is not None else []


def trafilatura_blocks(doc, url: str | None) -> list[Block]:
    """The article as trafilatura finds it (comments left out)."""
    import trafilatura  # deferred: ~0.2 s, for web pages only (Markdown is parsed here too)

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    result = trafilatura.bare_extraction(
        copy.deepcopy(doc),
        url=url,
        fast=True,  # without its own fallbacks, which we run ourselves: a tenth faster
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
        include_formatting=True,
    )
    # a Document: its type says "or a dict" for the as_dict=True this does not ask for
    if result is None or isinstance(result, dict) or result.body is None:
        return []
    return html_to_blocks(_tei_to_html(result.body), base_url(doc, url))


def _tei_to_html(body):
    """trafilatura's output tree with HTML tag names, for :func:`html_to_blocks`."""
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            rend = el.get("rend", "h3")
            el.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
        elif tag == "list":
            el.tag = "ol" if el.get("rend") == "ol" else "ul"
        elif tag == "hi":
            el.tag = _TEI_REND.get(el.get("rend", ""), "span")
        elif tag == "ref":
            el.tag = "a"
            el.set("href", el.get("target", ""))
        elif tag == "code":
            parent = el.getparent()
            block = parent is None or parent.tag in ("body", "div", "quote", "item", "cell")
            el.tag = "pre" if block or "\n" in (el.text or "") else "code"
        elif tag == "cell":
            el.tag = "th" if el.get("role") == "head" else "td"
        elif tag in _TEI_TAGS:
            el.tag = _TEI_TAGS[tag]
    body.tag = "div"
    return body


def page_metadata(doc, url: str | None, *, search_text: bool = True) -> PageMetadata:
    """Title, author, site, date and canonical address, as far as the page tells.

    With ``search_text``, a page whose markup names no date is searched for one.
    """
    meta = PageMetadata()
    try:
        from trafilatura.metadata import extract_metadata  # deferred: as in _trafilatura

        logging.getLogger("htmldate").setLevel(logging.CRITICAL)
        found = extract_metadata(doc, default_url=url, extensive=search_text)
        site = site_name(doc, _clean(found.sitename), _clean(found.title))
        author = _clean(_AUTHOR_MONTH.sub("", _AUTHOR_PREFIX.sub("", found.author or "")))
        meta = PageMetadata(
            title=_clean(found.title),
            author=byline(author, site),
            site=site,
            published=_clean(found.date),
            url=canonical_url(doc, url),
            description=_clean(found.description),
        )
    except Exception:  # metadata is a nicety: a page that breaks it still imports
        log.debug("metadata extraction failed", exc_info=True)
    if not meta.title:
        meta.title = _first_text(doc, "//title")
    meta.title = clean_title(meta.title, meta.site, meta.author)
    return meta


def canonical_url(doc, given: str | None) -> str | None:
    """The address the page names as its own (canonical link, og:url), if plausible.

    A canonical link pointing at the bare site root, while the page itself has a
    path, is a common template mistake and is ignored.
    """
    for xpath in (_CANONICAL, _OG_URL):
        for value in doc.xpath(xpath):
            href = safe_href(value, given)
            if not href or href.startswith("mailto:"):
                continue
            if given and urlsplit(href).path in ("", "/") and urlsplit(given).path not in ("", "/"):
                continue
            return href
    return None


def _first_text(doc, xpath: str) -> str | None:
    for el in doc.xpath(xpath):
        text = _clean(el.text_content())
        if text:
            return text
    return None


def _clean(value: str | None) -> str | None:
    value = _WS.sub(" ", value or "").strip()
    return value or None
