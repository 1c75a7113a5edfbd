"""Formulas in web pages, kept as readable text in an inline code span.

Pages carry a formula in several forms at once, and usually hide all but one of
them: MathML (``<math>``, with the TeX source in ``alttext`` or in an
``<annotation encoding="application/x-tex">``), a rendered picture whose ``alt``
holds the TeX (MediaWiki, WordPress ``class="latex"``), MathJax 2's
``<script type="math/tex">`` beside its rendering, KaTeX's hidden MathML beside
its ``aria-hidden`` HTML. A reader cannot show any of the renderings, and the
page's own hiding would drop the rest, leaving "Given a set of  objects" with the
formula gone. So, before anything hidden is removed, each formula becomes one
``<code>`` element holding its TeX (without MediaWiki's ``{\\displaystyle ...}``
wrapper) made plain text by :func:`.html_tex.tex_to_text` (``σᵢ²`` for
``\\sigma _{i}^{2}``), in the place of the whole group, and its renderings go. A
formula without TeX keeps its MathML, whose text the block converter reads.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import Element

from reader.core.importing.html.blocks import is_hidden
from reader.core.importing.html.tex import tex_to_text

_WS = re.compile(r"\s+")
_STYLE_WRAPPER = re.compile(r"^\{\\(?:display|text|script|scriptscript)style\s*(.*)\}$", re.DOTALL)
_MATH_CLASS = re.compile(r"(^|[\s_-])(math|tex|latex|katex|mathjax|mjx)([\s_-]|$)", re.IGNORECASE)
_RENDERING_CLASS = re.compile(r"^(mathjax|mjx)", re.IGNORECASE)
_INLINE_HOSTS = frozenset(("span", "nobr", "font", "a", "b", "i", "em", "strong", "sub", "sup"))


def readable_math(root) -> None:
    """Replace, in place, every formula under ``root`` by ``<code>`` holding its text."""
    for script in list(root.iter("script")):
        if (script.get("type") or "").strip().lower().startswith("math/tex"):
            _script_formula(script)
    for math in list(root.iter("math", "{http://www.w3.org/1998/Math/MathML}math")):
        if math.getparent() is not None:
            _mathml_formula(math)
    for img in list(root.iter("img")):
        if img.getparent() is not None and _MATH_CLASS.search(img.get("class") or ""):
            tex = tex_text(img.get("alt"))
            if tex:
                _replace(img, tex)


def tex_text(value: str | None) -> str:
    """TeX source as one line, without a ``{\\displaystyle ...}`` wrapper."""
    text = _WS.sub(" ", value or "").strip()
    match = _STYLE_WRAPPER.match(text)
    return match.group(1).strip() if match else text


def _local(el) -> str:
    return el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""


def _tokens(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split()


def _script_formula(script) -> None:
    """MathJax 2: the TeX is in the script; its renderings are the siblings before it."""
    tex = tex_text(script.text)
    if not tex:
        return
    rendering = script.getprevious()
    while rendering is not None and any(_RENDERING_CLASS.match(t) for t in _tokens(rendering)):
        before = rendering.getprevious()
        _drop_keeping_tail(rendering)
        rendering = before
    _replace(script, tex)


def _mathml_formula(math) -> None:
    tex = tex_text(math.get("alttext"))
    if not tex:
        for el in math.iter():
            if _local(el) == "annotation" and "tex" in (el.get("encoding") or "").lower():
                tex = tex_text(el.text)
                break
    if not tex:
        return
    # The group that shows this formula: the inline wrappers that hide it (MediaWiki
    # hides the MathML in a display:none span) and the wrapper that also holds a
    # rendering of it (a fallback image, KaTeX's HTML).
    host = math
    while (parent := host.getparent()) is not None and _local(parent) in _INLINE_HOSTS:
        if not (_MATH_CLASS.search(parent.get("class") or "") or is_hidden(parent)):
            break
        host = parent
    _replace(host, tex)


def _replace(el, tex: str) -> None:

    code = Element("code")
    code.text = tex_to_text(tex)
    code.tail = el.tail
    el.getparent().replace(el, code)


def _drop_keeping_tail(el) -> None:
    parent, tail = el.getparent(), el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
