"""Parse repairs: where the tree differs from the page a browser shows.

libxml2 parses HTML as HTML 4 did. It does not know the sectioning elements HTML5
added (``<section>``, ``<aside>``, ``<figure>``...), so one that opens inside an
open ``<p>`` becomes the paragraph's child, where a browser closes the paragraph
first. An extractor that then drops the element ("Also on example.com: <a
headline>" in an ``<aside>``) or keeps it as inline text runs the text before and
after it together: "...foreign missionsSino-Russian cooperation...". Here such a
paragraph is split as a browser splits it: the text before stays in the ``<p>``,
the element follows it, and what came after goes into a paragraph of its own.
"""

from __future__ import annotations

from lxml.html import Element

from reader.core.importing.html.blocks import safe_href, tag_set

# Start tags that close an open <p> in HTML5 and that libxml2 nests inside it instead
# (it closes the <p> itself before div, ul, table, blockquote, headings and the like).
HTML5_BLOCKS = tag_set(
    "section article aside header footer nav figure figcaption main details summary "
    "hgroup dialog search"
)


def close_paragraphs(root) -> None:
    """Split, in place, every ``<p>`` that holds an HTML5 block element as a child."""
    for p in [el for el in root.iter("p") if _first_block(el) is not None]:
        _split(p)


def _first_block(p):
    for child in p:
        if isinstance(child.tag, str) and child.tag.lower() in HTML5_BLOCKS:
            return child
    return None


def _split(p) -> None:
    """``<p>a<section>s</section>b</p>`` to ``<p>a</p><section>s</section><p>b</p>``."""
    while (block := _first_block(p)) is not None:
        parent = p.getparent()
        if parent is None:
            return
        rest = Element("p")
        rest.text, block.tail = block.tail, None
        following = list(p)[p.index(block) + 1 :]
        for child in following:
            rest.append(child)  # moves its tail with it
        rest.tail, p.tail = p.tail, None
        at = parent.index(p)
        parent.insert(at + 1, block)
        parent.insert(at + 2, rest)
        if not (rest.text or "").strip() and not len(rest):
            # Nothing came after: keep only the text that followed the old <p>.
            _drop_keeping_tail(rest)
            return
        p = rest
    return


def _drop_keeping_tail(el) -> None:
    tail, parent = el.tail, el.getparent()
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def absolute_links(root, address: str) -> None:
    """Resolve, in place, relative ``<a href>`` against ``address``.

    A saved page has no address of its own, but it names one (its canonical link):
    its links then work, and lists of links look like lists of links to the rules that
    judge them (a "related" list whose relative links were dropped read as plain text).
    Pictures are left as they are: a saved page's pictures lie beside it, not there.
    """
    for a in root.iter("a"):
        href = a.get("href")
        if href and not href.lstrip().startswith(("#", "http:", "https:", "mailto:")):
            resolved = safe_href(href, address)
            if resolved:
                a.set("href", resolved)
