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

Nothing that holds two or more real paragraphs (but a comment section, named
``comments``, ``article-comments``, ``comment-list``..., whose paragraphs are its
readers'), or a large share of the page's text unless it is mostly links, is
removed: a page that wraps its article in a container with a misleading class
("has-toc", "sidebar-layout", "has-comments") keeps it.
"""

from __future__ import annotations

import functools
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
# Widgets by the names sites give them (share bars, sign-up boxes, adverts, photo credits,
# "related" modules, comment counts, cookie banners): whole class tokens, any prefix
# ("article__", "js-", "c-") or suffix ("-bar", "_wrapper").
_SHARE_PARTS = (
    r"bar|buttons?|btns?|links?|tools?|icons?|box|container|menu|widget|wrap|wrapper|module"
    r"|list|block|panel|area|options|actions|media|networks?|nav|top|bottom|inline|horizontal"
    r"|vertical|counts?|counter|items?|this|story|article|post|page|label|title|header|footer"
    r"|inner|outer|group|holder|platforms?|services?|sites?|kit|toolbar|overlay|popup|modal"
    r"|facebook|twitter|email|mail|print|whatsapp|linkedin|reddit|pinterest"
)
_WIDGET_TOKEN = re.compile(
    r"(?:[a-z0-9]+(?:-|_|__))*(?:"
    # share bars: only with the words of a widget after them ("share-price" is not one)
    r"(?:share|shares|sharing|sharebar|sharetools|social|socials|socialmedia|sharedaddy"
    rf"|addthis|addtoany|a2a_kit|sharethis|shariff)(?:(?:-|_|__)(?:{_SHARE_PARTS}))*"
    r"|(?:newsletters?|signup|sign-up|subscribe|optin|opt-in"
    r"|ads?|advert|adverts|advertisement|advertising|adslot|adunit|adsense|adsbygoogle|dfp"
    r"|sponsor|sponsored|promo|promoted|native-ad"
    r"|cookies?|cookiebanner|consent|gdpr|paywall|regwall"
    r"|related|recirc|recirculation|outbrain|taboola|most-?read|most-?popular|trending"
    r"|recommended|recommendations|more-from|read-next|read-more|readmore"
    r"|tags|tag-?list|tagcloud|tag-?cloud|keywords"
    r"|comments?-?count|comments?-?link|comments?-?number|comments?-?area|comments?-?section"
    r"|comment-?respond|commentlist|disqus\w*"
    r"|gallery-?counter|slide-?counter|slide-?count)(?:(?:-|_|__)[a-z0-9]+)*)",
    re.IGNORECASE,
)
# Photo credits, inline ones too ("caption__credit", "article-body-image-copyright").
_CREDIT_TOKEN = re.compile(
    r"(?:[a-z0-9]+(?:-|_|__))*(?:(?:photo|image|img|media|caption|picture|pic|asset|figure)"
    r"(?:-|_|__)?(?:credits?|copyright)|copyright)(?:(?:-|_|__)[a-z0-9]+)*",
    re.IGNORECASE,
)
# A comment section: it goes even when it holds paragraphs (readers write them); a
# wrapper that only says it has comments ("has-comments") does not.
_COMMENTS_TOKEN = re.compile(
    r"(?!(?:has|with|show|enable|allow|open)(?:-|_))(?:[a-z0-9]+(?:-|_|__))*"
    r"(?:comments|reader-?comments|user-?comments|kommentare|commentaires|comentarios"
    r"|comment(?=(?:-|_|__)(?:section|area|list|thread|wrapper|container|stream|feed)))"
    r"(?:(?:-|_|__)(?:section|area|list|thread|wrapper|container|stream|feed|block|box"
    r"|module|panel|holder|region|widget|content|inner|outer|wrap|all))*",
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

# One pattern for all: the group that matched says whether inline elements count too.
_ANY_TOKEN = re.compile(
    f"(?P<comments>{_COMMENTS_TOKEN.pattern})"
    f"|(?P<nav>{_TOKEN.pattern})|(?P<credit>{_CREDIT_TOKEN.pattern})"
    f"|(?P<print>{_PRINT_TOKEN.pattern})|(?P<widget>{_WIDGET_TOKEN.pattern})",
    re.IGNORECASE,
)
_ANY_TAG = frozenset(("nav", "credit"))  # the others: block elements only

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
    ids = _Ids(body)
    doomed = []
    walker = etree.iterwalk(body, events=("start",))
    for _, el in walker:
        if el is body or not isinstance(el.tag, str):
            continue
        kind = _furniture_kind(el, ids)
        if kind and _small_or_links(el, total) and (kind == "comments" or not _holds_prose(el)):
            doomed.append(el)
            walker.skip_subtree()
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows it


@functools.lru_cache(maxsize=8192)
def _token_kind(token: str) -> str | None:
    """Which kind of furniture a class or id token names, if any (pages repeat them)."""
    found = _ANY_TOKEN.fullmatch(token)
    return found.lastgroup if found is not None else None


class _Ids:
    """The ids and anchor names of a page, gathered when a list of links first asks."""

    def __init__(self, body) -> None:
        self.body, self.values = body, None

    def __contains__(self, value: str) -> bool:
        if self.values is None:
            found = (v for el in self.body.iter() for v in (el.get("id"), el.get("name")) if v)
            self.values = set(found)
        return value in self.values


def _furniture_kind(el, ids) -> str | None:
    """What kind of furniture ``el`` is ("comments", "nav", "widget"...), or None."""
    tag = el.tag.lower()
    if tag in ("html", "body", "main", "article"):
        return None
    attrib = el.attrib
    role = attrib.get("role")
    if role == "main":
        return None
    if role in _ROLES:
        return "nav"
    names = f"{attrib.get('class', '')} {attrib.get('id', '')}"
    if names != " ":
        for token in names.split():
            kind = _token_kind(token)
            if kind is not None and (kind in _ANY_TAG or tag not in _INLINE):
                return kind
    if tag == "a":
        href = (attrib.get("href") or "").strip()
        skip = href.startswith("#") and bool(_SKIP_TEXT.match(inner_text(el)))
        return "nav" if skip else None
    if tag in ("ul", "ol"):
        return "nav" if _is_contents_list(el, ids) or _is_tiny_links(el) else None
    if tag in ("div", "p", "nav"):
        return "nav" if _is_tiny_links(el) else None
    return None


def _is_contents_list(el, ids) -> bool:
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
