"""DOM helpers of the Readability-style extractor, and the cleaning of its article.

:class:`ArticleCleaner` is Readability.js's ``prepArticle``: in the chosen
container, forms, share bars, asides and link-heavy lists, tables and divs are
removed, while data tables and anything inside them are kept.
"""

from __future__ import annotations

import re

_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr"
    r"|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper"
    r"|sponsor|shopping|tags|widget",
    re.IGNORECASE,
)
_SHARE = re.compile(r"(\b|_)(share|sharedaddy)(\b|_)", re.IGNORECASE)
_AD_WORDS = re.compile(
    r"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", re.IGNORECASE
)
_LOADING = re.compile(
    r"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", re.IGNORECASE
)
_HASH_LINK = re.compile(r"^#.+")

STRIP_UNLIKELYS, WEIGHT_CLASSES, CLEAN_CONDITIONALLY = 1, 2, 4
CHAR_THRESHOLD = 500
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TEXTISH = ("span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul")


def tag_name(el) -> str:
    return el.tag if isinstance(el.tag, str) else ""


def inner_text(el) -> str:
    """The element's text with runs of white space as one space."""
    return " ".join(el.text_content().split())


def element_children(el) -> list:
    return [child for child in el if isinstance(child.tag, str)]


def match_string(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def remove(el) -> None:
    """Remove ``el`` from its tree, keeping the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def has_ancestor(el, name: str, max_depth: int = 3, accept=None) -> bool:
    """Readability's hasAncestorTag: ``max_depth`` <= 0 means no limit."""
    depth, node = 0, el.getparent()
    while node is not None:
        if 0 < max_depth < depth + 1:
            return False
        if tag_name(node) == name and (accept is None or accept(node)):
            return True
        node, depth = node.getparent(), depth + 1
    return False


def class_weight(el, flags: int) -> int:
    """+25 for a class or id that sounds like content, -25 for one like boilerplate."""
    if not flags & WEIGHT_CLASSES:
        return 0
    weight = 0
    for value in (el.get("class"), el.get("id")):
        if value:
            if _NEGATIVE.search(value):
                weight -= 25
            if _POSITIVE.search(value):
                weight += 25
    return weight


def link_density(el) -> float:
    """The share of ``el``'s text that is link text (in-page links count 30%)."""
    length = len(inner_text(el))
    if not length:
        return 0.0
    links = 0.0
    for a in el.iter("a"):
        links += len(inner_text(a)) * (0.3 if _HASH_LINK.match(a.get("href") or "") else 1)
    return links / length


def text_density(node, tags: tuple, length: int) -> float:
    if not length:
        return 0.0
    inside = sum(len(inner_text(el)) for el in node.iterdescendants(*tags))
    return inside / length


class ArticleCleaner:
    """Cleans one article container in place (Readability's prepArticle)."""

    def __init__(self, flags: int) -> None:
        self.flags = flags
        self.data_tables: set = set()

    def clean(self, content) -> None:
        """Readability's prepArticle: drop widgets, forms, share bars, link lists."""
        self._mark_data_tables(content)
        self._clean_conditionally(content, "form")
        self._clean_conditionally(content, "fieldset")
        for name in ("object", "embed", "footer", "link", "aside"):
            for el in list(content.iter(name)):
                remove(el)
        for top in element_children(content):
            for el in list(top.iterdescendants()):
                if (
                    isinstance(el.tag, str)
                    and _SHARE.search(match_string(el))
                    and len(el.text_content()) < CHAR_THRESHOLD
                ):
                    remove(el)
        for name in ("iframe", "input", "textarea", "select", "button"):
            for el in list(content.iter(name)):
                remove(el)
        for el in list(content.iter("h1", "h2")):
            if class_weight(el, self.flags) < 0:
                remove(el)
        for name in ("table", "ul", "div"):
            self._clean_conditionally(content, name)
        for el in content.iter("h1"):
            el.tag = "h2"
        for p in list(content.iter("p")):
            has_media = next(p.iter("img", "embed", "object", "iframe"), None) is not None
            if not has_media and not p.text_content().strip():
                remove(p)

    def _mark_data_tables(self, content) -> None:
        for table in content.iter("table"):
            if table.get("role") == "presentation" or table.get("datatable") == "0":
                continue
            if table.get("summary"):
                self.data_tables.add(table)
                continue
            caption = table.find(".//caption")
            if caption is not None and (caption.text or len(caption)):
                self.data_tables.add(table)
                continue
            if next(table.iter("col", "colgroup", "tfoot", "thead", "th"), None) is not None:
                self.data_tables.add(table)
                continue
            if next(table.iterdescendants("table"), None) is not None:
                continue
            rows = list(table.iter("tr"))
            columns = max((len(r.findall("td")) + len(r.findall("th")) for r in rows), default=0)
            if len(rows) == 1 or columns == 1:
                continue
            if len(rows) >= 10 or columns > 4 or len(rows) * columns > 10:
                self.data_tables.add(table)

    def _clean_conditionally(self, content, name: str) -> None:
        if not self.flags & CLEAN_CONDITIONALLY:
            return
        for node in reversed(list(content.iter(name))):
            if node.getparent() is None or self._should_remove(node, name):
                remove(node)

    def _should_remove(self, node, name: str) -> bool:
        if name == "table" and node in self.data_tables:
            return False
        if has_ancestor(node, "table", -1, lambda t: t in self.data_tables):
            return False
        if has_ancestor(node, "code"):
            return False
        if any(t in self.data_tables for t in node.iter("table")):
            return False
        text = inner_text(node)
        is_list = name in ("ul", "ol")
        if not is_list and text:
            list_length = sum(len(inner_text(lst)) for lst in node.iter("ul", "ol"))
            is_list = list_length / len(text) > 0.9
        weight = class_weight(node, self.flags)
        if weight < 0:
            return True
        if text.count(",") >= 10:
            return False
        p = sum(1 for _ in node.iter("p"))
        img = sum(1 for _ in node.iter("img"))
        li = sum(1 for _ in node.iter("li")) - 100
        inputs = sum(1 for _ in node.iter("input"))
        embeds = sum(1 for _ in node.iter("object", "embed", "iframe"))
        if _AD_WORDS.match(text) or _LOADING.match(text):
            return True
        heading_density = text_density(node, HEADINGS, len(text))
        textish = text_density(node, TEXTISH, len(text))
        density = link_density(node)
        figure_child = has_ancestor(node, "figure")
        doomed = (
            (not figure_child and img > 1 and p / img < 0.5)
            or (not is_list and li > p)
            or (inputs > p // 3)
            or (
                not is_list
                and not figure_child
                and heading_density < 0.9
                and len(text) < 25
                and (img == 0 or img > 2)
                and density > 0
            )
            or (not is_list and weight < 25 and density > 0.2)
            or (weight >= 25 and density > 0.5)
            or (embeds == 1 and len(text) < 75)
            or embeds > 1
            or (img == 0 and textish == 0)
        )
        if is_list and doomed:
            if any(len(element_children(child)) > 1 for child in element_children(node)):
                return True
            if img == sum(1 for _ in node.iter("li")):
                return False
        return doomed
