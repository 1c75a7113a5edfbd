"""Readability-style main-content finding: score paragraphs, pick the best container.

A Python re-implementation of the algorithm of Mozilla's Readability.js
(Apache-2.0): paragraphs score by length and commas, and hand their score to
their ancestors; the best-scoring ancestor, with its high-scoring siblings, is the
article; then lists, tables and divs that look like navigation or widgets are
cleaned away. Written over lxml with loops instead of recursion.
"""

from __future__ import annotations

import copy
import re

from lxml import etree
from lxml.html import Element

from reader.core.importing.html.blocks import is_hidden, tag_set
from reader.core.importing.html.cleanup import (
    CHAR_THRESHOLD,
    HEADINGS,
    STRIP_UNLIKELYS,
    ArticleCleaner,
    class_weight,
    element_children,
    has_ancestor,
    inner_text,
    link_density,
    match_string,
    remove,
    tag_name,
)

_UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer"
    r"|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social"
    r"|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    re.IGNORECASE,
)
_MAYBE = re.compile(r"and|article|body|column|content|main|mathjax|shadow", re.IGNORECASE)
_BYLINE = re.compile(r"byline|author|dateline|writtenby|p-author", re.IGNORECASE)
_COMMAS = re.compile("[\u002c\u060c\ufe50\ufe10\ufe11\u2e41\u2e34\u2e32\uff0c]")
_WS = re.compile(r"\s+")
_WORD_SPLIT = re.compile(r"\W+")

UNLIKELY_ROLES = tag_set("menu menubar complementary navigation alert alertdialog dialog")
DIV_TO_P = tag_set("blockquote dl div img ol p pre table ul")
ALTER_TO_DIV_EXCEPTIONS = tag_set("div article section p ol ul")
TAGS_TO_SCORE = tag_set("section h2 h3 h4 h5 h6 p td pre")
PHRASING = tag_set(
    "abbr audio b bdo br button cite code data datalist dfn em embed i img input kbd "
    "label mark math meter noscript object output progress q ruby samp script select "
    "small span strong sub sup textarea time var wbr"
)
TOP_CANDIDATES = 5


def _next_node(node, ignore_self_and_kids: bool = False):
    """The next element in document order (Readability's getNextNode)."""
    if not ignore_self_and_kids:
        children = element_children(node)
        if children:
            return children[0]
    while node is not None:
        sibling = node.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None:
            return sibling
        node = node.getparent()
    return None


def _remove_and_next(el):
    nxt = _next_node(el, True)
    remove(el)
    return nxt


def _is_phrasing(el) -> bool:
    stack = [el]
    while stack:
        node = stack.pop()
        tag = tag_name(node)
        if tag in PHRASING:
            continue
        if tag in ("a", "del", "ins"):
            stack.extend(element_children(node))
            continue
        return False
    return True


def text_similarity(a: str, b: str) -> float:
    tokens_a = [t for t in _WORD_SPLIT.split(a.lower()) if t]
    tokens_b = [t for t in _WORD_SPLIT.split(b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


class Readability:
    """Finds the article element of one parsed page (the tree is copied, not changed)."""

    def __init__(self, doc, title: str | None = None) -> None:
        self.doc = copy.deepcopy(doc)
        self.title = title or ""
        self.byline: str | None = None
        self.scores: dict = {}
        self._prepare()

    # -- helpers --------------------------------------------------------------------

    def _init_node(self, el, flags: int) -> None:
        score = {"div": 5, "pre": 3, "td": 3, "blockquote": 3}.get(tag_name(el), 0)
        if tag_name(el) in ("address", "ol", "ul", "dl", "dd", "dt", "li", "form"):
            score = -3
        elif tag_name(el) in (*HEADINGS, "th"):
            score = -5
        self.scores[el] = score + class_weight(el, flags)

    # -- preparing the document -----------------------------------------------------------

    def _prepare(self) -> None:

        etree.strip_elements(self.doc, etree.Comment, etree.ProcessingInstruction, with_tail=False)
        for el in list(self.doc.iter("script", "noscript", "style", "template")):
            remove(el)
        for el in self.doc.iter("font"):
            el.tag = "span"
        body = self.doc.find("body")
        self.body = body if body is not None else self.doc
        self._replace_brs()

    def _replace_brs(self) -> None:
        """Two or more <br> in a row end a paragraph: turn what follows into a <p>."""

        for br in list(self.body.iter("br")):
            if br.getparent() is None:
                continue
            replaced = False
            nxt = br.getnext()
            while nxt is not None and tag_name(nxt) == "br" and not (br.tail or "").strip():
                replaced = True
                following = nxt.getnext()
                tail_blank = not (nxt.tail or "").strip()
                remove(nxt)
                if not tail_blank:
                    break
                nxt = following
            if not replaced:
                continue
            p = Element("p")
            p.text = br.tail
            br.tail = None
            br.getparent().replace(br, p)
            sibling = p.getnext()
            while sibling is not None:
                if tag_name(sibling) == "br":
                    after = sibling.getnext()
                    if (
                        after is not None
                        and tag_name(after) == "br"
                        and not (sibling.tail or "").strip()
                    ):
                        break
                if not _is_phrasing(sibling):
                    break
                following = sibling.getnext()
                p.append(sibling)  # moves its tail along
                sibling = following
            parent = p.getparent()
            if parent is not None and tag_name(parent) == "p":
                parent.tag = "div"

    # -- finding the article ----------------------------------------------------------------

    def article(self):
        """The article element (a new <div>), or None when the page has no text."""
        attempts = []
        for flags in (7, 6, 4, 0):
            body = copy.deepcopy(self.body)
            self.scores = {}
            content = self._grab(body, flags)
            length = len(inner_text(content)) if content is not None else 0
            if length >= CHAR_THRESHOLD:
                return content
            attempts.append((length, content))
        length, content = max(attempts, key=lambda item: item[0])
        return content if length else None

    def _grab(self, page, flags: int):

        to_score = []
        remove_title_header = True
        node = page
        while node is not None:
            tag = tag_name(node)
            match = match_string(node)
            if node is not page and is_hidden(node) and "fallback-image" not in match:
                node = _remove_and_next(node)
                continue
            if node.get("aria-modal") == "true" and node.get("role") == "dialog":
                node = _remove_and_next(node)
                continue
            if node is not page and self._check_byline(node, match):
                node = _remove_and_next(node)
                continue
            if (
                remove_title_header
                and tag in ("h1", "h2")
                and self.title
                and text_similarity(self.title, inner_text(node)) > 0.75
            ):
                remove_title_header = False
                node = _remove_and_next(node)
                continue
            if flags & STRIP_UNLIKELYS and node is not page:
                if (
                    _UNLIKELY.search(match)
                    and not _MAYBE.search(match)
                    and not has_ancestor(node, "table")
                    and not has_ancestor(node, "code")
                    and tag not in ("body", "a")
                ):
                    node = _remove_and_next(node)
                    continue
                if node.get("role") in UNLIKELY_ROLES:
                    node = _remove_and_next(node)
                    continue
            if (
                tag in ("div", "section", "header", *HEADINGS)
                and node is not page
                and _without_content(node)
            ):
                node = _remove_and_next(node)
                continue
            if tag in TAGS_TO_SCORE:
                to_score.append(node)
            if tag == "div":
                _wrap_phrasing(node)
                children = element_children(node)
                if (
                    len(children) == 1
                    and tag_name(children[0]) == "p"
                    and not (node.text or "").strip()
                    and not (children[0].tail or "").strip()
                    and link_density(node) < 0.25
                    and node is not page
                ):
                    child = children[0]
                    child.tail = node.tail
                    node.getparent().replace(node, child)
                    node = child
                    to_score.append(node)
                elif not any(tag_name(d) in DIV_TO_P for d in node.iterdescendants()):
                    node.tag = "p"
                    to_score.append(node)
            node = _next_node(node)

        candidates = []
        for el in to_score:
            parent = el.getparent()
            if parent is None or (parent.getparent() is None and parent is not page):
                continue
            text = inner_text(el)
            if len(text) < 25:
                continue
            ancestors = []
            anc = parent
            while anc is not None and len(ancestors) < 5:
                ancestors.append(anc)
                anc = anc.getparent()
            score = 1 + len(_COMMAS.split(text)) + min(len(text) // 100, 3)
            for level, anc in enumerate(ancestors):
                if anc.getparent() is None:
                    continue
                if anc not in self.scores:
                    self._init_node(anc, flags)
                    candidates.append(anc)
                divider = 1 if level == 0 else 2 if level == 1 else level * 3
                self.scores[anc] += score / divider

        for cand in candidates:
            self.scores[cand] *= 1 - link_density(cand)
        top = sorted(candidates, key=lambda c: self.scores[c], reverse=True)[:TOP_CANDIDATES]

        best = top[0] if top else None
        if best is None or tag_name(best) == "body" or best is page:
            best = Element("div")
            for child in list(page):
                best.append(child)
            best.text, page.text = page.text, None
            page.append(best)
            self._init_node(best, flags)
        else:
            best = self._widen(best, top, page, flags)

        content = Element("div")
        threshold = max(10, self.scores[best] * 0.2)
        parent = best.getparent()
        for sibling in element_children(parent):
            append = sibling is best
            if not append:
                bonus = 0
                if sibling.get("class") and sibling.get("class") == best.get("class"):
                    bonus = self.scores[best] * 0.2
                if sibling in self.scores and self.scores[sibling] + bonus >= threshold:
                    append = True
                elif tag_name(sibling) == "p":
                    density = link_density(sibling)
                    text = inner_text(sibling)
                    long_enough = len(text) > 80 and density < 0.25
                    sentence = 0 < len(text) < 80 and density == 0 and re.search(r"\.( |$)", text)
                    append = bool(long_enough or sentence)
            if append:
                if tag_name(sibling) not in ALTER_TO_DIV_EXCEPTIONS:
                    sibling.tag = "div"
                sibling.tail = None
                content.append(sibling)
        ArticleCleaner(flags).clean(content)
        return content

    def _widen(self, best, top: list, page, flags: int):
        """Readability's moves from the best node up to a better container."""
        alternatives = []
        for cand in top[1:]:
            if self.scores[cand] / max(self.scores[best], 1e-9) >= 0.75:
                alternatives.append(set(cand.iterancestors()))
        if len(alternatives) >= 3:
            parent = best.getparent()
            while parent is not None and parent is not page and tag_name(parent) != "body":
                if sum(1 for anc in alternatives if parent in anc) >= 3:
                    best = parent
                    break
                parent = parent.getparent()
        if best not in self.scores:
            self._init_node(best, flags)
        parent = best.getparent()
        last = self.scores[best]
        threshold = last / 3
        while parent is not None and parent is not page and tag_name(parent) != "body":
            if parent not in self.scores:
                parent = parent.getparent()
                continue
            score = self.scores[parent]
            if score < threshold:
                break
            if score > last:
                best = parent
                break
            last = score
            parent = parent.getparent()
        parent = best.getparent()
        while (
            parent is not None
            and parent is not page
            and tag_name(parent) != "body"
            and len(element_children(parent)) == 1
        ):
            best, parent = parent, parent.getparent()
        if best not in self.scores:
            self._init_node(best, flags)
        return best

    def _check_byline(self, node, match: str) -> bool:
        if self.byline:
            return False
        if (
            node.get("rel") == "author"
            or "author" in (node.get("itemprop") or "")
            or _BYLINE.search(match)
        ):
            text = inner_text(node)
            if 0 < len(text) < 100:
                self.byline = text
                return True
        return False


def _without_content(node) -> bool:
    if node.text_content().strip():
        return False
    children = element_children(node)
    breaks = sum(1 for _ in node.iterdescendants("br", "hr"))
    return not children or len(children) == breaks


def _wrap_phrasing(div) -> None:
    """Runs of text and inline elements directly in a <div> become <p>s."""

    items: list = []  # ("text", str) or ("el", element), in document order
    if div.text:
        items.append(("text", div.text))
    for child in list(div):
        tail = child.tail
        child.tail = None
        items.append(("el", child))
        if tail:
            items.append(("text", tail))
    if not any(
        (value.strip() if kind == "text" else tag_name(value) != "br" and _is_phrasing(value))
        for kind, value in items
    ):
        for kind, value in items:  # nothing to wrap: put the texts back
            if kind == "text":
                _append_text(div, value)
            else:
                div.append(value)
        return
    for child in list(div):
        div.remove(child)
    div.text = None
    p = None
    for kind, value in items:
        phrasing = kind == "text" or _is_phrasing(value)
        if phrasing:
            blank = not value.strip() if kind == "text" else tag_name(value) == "br"
            if p is None and blank:
                if kind == "text":
                    _append_text(div, value)
                else:
                    div.append(value)
                continue
            if p is None:
                p = Element("p")
                div.append(p)
            if kind == "text":
                _append_text(p, value)
            else:
                p.append(value)
        else:
            if p is not None:
                _trim_trailing_breaks(p)
                p = None
            div.append(value)
    if p is not None:
        _trim_trailing_breaks(p)


def _append_text(el, text: str) -> None:
    children = list(el)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _trim_trailing_breaks(p) -> None:
    while len(p) and tag_name(p[-1]) == "br" and not (p[-1].tail or "").strip():
        p.remove(p[-1])
