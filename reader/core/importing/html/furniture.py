"""Page furniture that widely used conventions mark, removed before extraction.

Both extractors judge blocks by their text and links, so a navigation box that
sits inside the article's container (a wiki's sidebar, a table of contents, the
"[edit]" links in headings) can survive them. What is removed here is marked as
furniture by convention, not by any one site:

* ARIA: ``role="navigation"`` and ``role="doc-toc"``;
* class or id tokens (whole tokens, so "stock" is not "toc"): navigation boxes
  (``navbox``, ``vertical-navbox``, ``navbar``), ``sidebar``, breadcrumbs, tables
  of contents (``toc``, ``table-of-contents``, ``*-toc``, ``toc-*``), section edit
  links (``editsection``, ``mw-editsection``, ``edit-link``), skip links, and
  MediaWiki's hatnotes (``hatnote``, ``dablink``: "X redirects here. For ..."),
  which point elsewhere rather than say anything;
* print-hiding classes (``noprint``, ``no-print``, ``d-print-none``,
  ``hidden-print``) on block elements: what a site leaves out of a printout is
  what a reading view leaves out too (inline ones, like "[citation needed]", stay);
* by structure: a list of three or more links to places in the page itself (a
  table of contents without a telling class); a cluster of two or more links of
  one or two characters and nothing else ("v · t · e", "« ‹ › »"); a link to a
  place in the page that reads "Skip to content" or "Jump to navigation".

Nothing that holds two or more real paragraphs, or a large share of the page's
text unless it is mostly links, is removed: a page that wraps its article in a
container with a misleading class ("has-toc", "sidebar-layout") keeps it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from lxml import etree

from reader.core.importing.html.blocks import tag_set
from reader.core.importing.html.cleanup import inner_text, link_density

_ROLES = frozenset(("navigation", "doc-toc"))
_TOKEN = re.compile(
    r"navbox|vertical-navbox|navbox-[\w-]+|navbar|sidebar|breadcrumbs?"
    r"|toc|toc[-_][\w-]+|[\w-]*[-_]toc(?:[-_][\w-]*)?|table-?of-?contents"
    r"|(?:mw-)?editsection|edit-?link|post-edit-link|edit-section"
    r"|hatnote|dablink|skip-?link|skip-to-content",
    re.IGNORECASE,
)
_PRINT_TOKEN = re.compile(
    r"noprint|no-print|not-print(?:able)?|d-print-none|hidden-print|print-hidden|hide-print",
    re.IGNORECASE,
)
_INLINE = tag_set(
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup"
    " time u var"
)
_SKIP_TEXT = re.compile(
    r"^(skip|jump)\s+to\b|^(zum\s+inhalt|direkt\s+zum)|^(aller|passer)\s+au\s+contenu"
    r"|^(saltar|ir)\s+al\s+contenido|^(vai|salta)\s+al\s+contenuto|^pular\s+para",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"^[\W_]*$")

MAX_SHARE = 0.33  # an element holding more of the page's text than this...
LINK_HEAVY = 0.5  # ...is removed only when this share of its text is links
TOC_LINKS = 3
TOC_LINK_SHARE = 0.7
TINY_LINK = 2  # characters
PROSE_CHARS = 150


def drop_furniture(root: etree._Element) -> None:
    """Remove, in place, the page furniture under ``root`` (see the module doc)."""

    body = root.find("body")
    body = body if body is not None else root
    total = len(inner_text(body)) or 1
    ids = {value for el in body.iter() for value in (el.get("id"), el.get("name")) if value}
    doomed = []
    walker = etree.iterwalk(body, events=("start",))
    for _, el in walker:
        if el is body or not isinstance(el.tag, str):
            continue
        if _is_furniture(el, ids) and _small_or_links(el, total) and not _holds_prose(el):
            doomed.append(el)
            walker.skip_subtree()
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows it


def _is_furniture(el, ids: set) -> bool:
    tag = el.tag.lower()
    if tag in ("html", "body", "main", "article") or el.get("role") == "main":
        return False
    if el.get("role") in _ROLES:
        return True
    tokens = f"{el.get('class', '')} {el.get('id', '')}".split()
    if any(_TOKEN.fullmatch(t) for t in tokens):
        return True
    if tag not in _INLINE and any(_PRINT_TOKEN.fullmatch(t) for t in tokens):
        return True
    if tag == "a":
        href = (el.get("href") or "").strip()
        return href.startswith("#") and bool(_SKIP_TEXT.match(inner_text(el)))
    if tag in ("ul", "ol"):
        return _is_contents_list(el, ids) or _is_tiny_links(el)
    if tag in ("div", "p", "nav"):
        return _is_tiny_links(el)
    return False


def _is_contents_list(el, ids: set) -> bool:
    """A list of links to places in this page: a table of contents."""
    links = list(el.iter("a"))
    if len(links) < TOC_LINKS:
        return False
    for a in links:
        href = (a.get("href") or "").strip()
        if not href.startswith("#") or unquote(href[1:]) not in ids:
            return False
    text = len(inner_text(el))
    return bool(text) and sum(len(inner_text(a)) for a in links) >= TOC_LINK_SHARE * text


def _is_tiny_links(el) -> bool:
    """Two or more links of one or two characters, and nothing else ("v · t · e")."""
    if len(el.text_content()) > 12 * TINY_LINK:
        return False
    links = list(el.iter("a"))
    if len(links) < 2 or any(len(inner_text(a)) > TINY_LINK for a in links):
        return False
    outside = "".join(el.xpath(".//text()[not(ancestor::a)]"))
    return bool(_SEPARATORS.match(outside))


def _holds_prose(el) -> bool:
    """Two or more real paragraphs: an article (or part of one), whatever its class."""
    found = 0
    for p in el.iter("p"):
        text = inner_text(p)
        if len(text) >= PROSE_CHARS and link_density(p) < 0.3:
            found += 1
            if found >= 2:
                return True
    return False


def _small_or_links(el, total: int) -> bool:
    text = inner_text(el)
    if len(text) <= MAX_SHARE * total:
        return True
    links = sum(len(inner_text(a)) for a in el.iter("a"))
    return links >= LINK_HEAVY * len(text)
