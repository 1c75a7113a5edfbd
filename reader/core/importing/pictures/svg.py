"""SVG pictures sanitised at import: drawing kept, everything active or remote removed.

An SVG is a document that can run scripts, embed HTML and name other files and
addresses. What is kept is an allowlist of drawing elements and presentation
attributes; references (``href``, ``xlink:href``, ``url(...)`` in attributes and style
sheets) only to the picture's own parts (``#id``) or to a raster ``data:`` image. Event
handlers, ``<script>``, ``<foreignObject>``, animation of addresses, processing
instructions, entities and DTDs are gone. The parser resolves no entities and reads no
network or file (libxml2 through lxml, with ``no_network`` and ``resolve_entities``
off), so a "billion laughs" or an external entity cannot reach anything.
"""

from __future__ import annotations

import re

from reader.core.importing.pictures.problem import PictureProblem

MAX_SVG_BYTES = 5_000_000
MAX_ELEMENTS = 50_000
DEFAULT_SIZE = (800, 600)
MAX_DECLARED = 16_000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_DRAWING = (
    "svg g defs symbol use title desc metadata path rect circle ellipse line polyline"
    " polygon text tspan textPath marker pattern clipPath mask linearGradient"
    " radialGradient stop filter feBlend feColorMatrix feComponentTransfer feComposite"
    " feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feDropShadow"
    " feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode"
    " feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile"
    " feTurbulence image style switch view"
)
ALLOWED = frozenset(_DRAWING.split())
_HREF_OK = re.compile(r"^\s*(#[\w.:-]*|data:image/(png|jpe?g|gif|webp);base64,[\w+/=\s]*)$", re.I)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_IMPORT = re.compile(r"@import[^;]*;?|expression\s*\(|javascript:|behavior\s*:", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


class SvgProblem(ValueError):
    pass


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg"):
        return True
    return head.startswith((b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in data[:4096].lower()


def sanitise_svg(data: bytes) -> tuple[bytes, int, int]:
    """The sanitised SVG and its size in pixels (declared, else from the viewBox), or a
    ``PictureProblem``."""
    import lxml.etree as etree  # deferred: lxml, as for every HTML import

    if len(data) > MAX_SVG_BYTES:
        raise PictureProblem(f"an SVG drawing over {MAX_SVG_BYTES // 1_000_000} MB")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise PictureProblem(f"a damaged SVG drawing ({e})") from None
    if root is None or etree.QName(root).localname != "svg":
        raise PictureProblem("not an SVG drawing")
    count = 0
    for el in list(root.iter()):
        count += 1
        if count > MAX_ELEMENTS:
            raise PictureProblem(f"an SVG drawing of more than {MAX_ELEMENTS:,} elements")
        if not isinstance(el.tag, str):  # entities, comments left by the parser
            _remove(el)
            continue
        qname = etree.QName(el)
        if qname.namespace in (None, SVG_NS) and qname.localname == "a":
            # A link's drawing stays, as a group; its address goes (href is checked below).
            el.tag = etree.QName(qname.namespace, "g").text if qname.namespace else "g"
            qname = etree.QName(el)
        if qname.namespace not in (None, SVG_NS) or qname.localname not in ALLOWED:
            _remove(el)
            continue
        _clean_attributes(el)
        if qname.localname == "style":
            el.text = _clean_css(el.text or "")
            for child in list(el):
                el.remove(child)
    width, height = _size(root)
    out = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return out, width, height


def _remove(el) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _clean_attributes(el) -> None:
    import lxml.etree as etree  # deferred: as above

    for name in list(el.attrib):
        qname = etree.QName(name)
        local = qname.localname.lower()
        value = el.attrib[name]
        if _doomed(qname.namespace, local, value):
            del el.attrib[name]
        elif local == "style":
            el.attrib[name] = _clean_css(value)
        elif "url(" in value.lower():
            el.attrib[name] = _URL.sub(_inner_url, value)


def _doomed(namespace: str | None, local: str, value: str) -> bool:
    """An event handler, a foreign attribute, a reference to anything outside the
    picture, or an animation that would change a reference."""
    if local.startswith("on") or namespace not in (None, XLINK_NS, XML_NS):
        return True
    if local == "href" and not _HREF_OK.match(value):
        return True
    return local == "attributename" and value.lower().split(":")[-1] == "href"


def _inner_url(match: re.Match) -> str:
    target = match.group(2).strip()
    return match.group(0) if _HREF_OK.match(target) else "none"


def _clean_css(css: str) -> str:
    return _URL.sub(_inner_url, _IMPORT.sub("", css))


def _size(root) -> tuple[int, int]:
    width = _length(root.get("width"))
    height = _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    ratio = None
    if len(box) == 4:
        try:
            bw, bh = float(box[2]), float(box[3])
            if bw > 0 and bh > 0:
                ratio = bh / bw
                width = width or (height / ratio if height else bw)
                height = height or width * ratio
        except ValueError:
            pass
    if not width or not height:
        width, height = DEFAULT_SIZE
    scale = min(1.0, MAX_DECLARED / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match else None
