"""Which picture an ``<img>`` stands for, and whether it is one of the article's own.

A page offers a picture in several ways: ``src``, ``srcset`` (widths or densities), the
``<source>``s of a ``<picture>``, and lazy-loading attributes (``data-src``,
``data-srcset``, ``data-original`` and their many cousins) where ``src`` holds only a
placeholder. :func:`picture_source` picks one address from all of them: the smallest
candidate at least :data:`TARGET_WIDTH` wide (about twice a reading column, so a picture
stays sharp on a high-density screen without fetching a poster-sized file), else the
widest one offered.

:func:`furniture_reason` tells, from what the page says in advance (declared size,
class names, the address), the pictures that are not the article's: tracking pixels and
spacers, icons, avatars, logos, share buttons and adverts. They are never fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

TARGET_WIDTH = 1400  # pixels: about twice the reading column
TINY = 32  # declared this small in both directions: an icon, a flag, an emoji
MAX_DATA_URI = 10_000_000  # characters of a data: URI worth decoding

# Lazy-loading attributes that carry the real address, best first.
LAZY_SRC = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "datasrc",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-orig-file",
    "data-large-file",
    "data-image",
    "data-img",
    "data-echo",
    "data-original-src",
    "data-actualsrc",
    "data-pagespeed-lazy-src",
)
PICTURE_SRCSET = "data-reader-picture-srcset"  # what the <source>s of a <picture> offered
LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "data-original-srcset", PICTURE_SRCSET)
# Other attributes that may carry an address: any data-* naming a source, but not the
# variants made for sharing, previews or placeholders.
_SOURCE_NAME = re.compile(r"^data-[\w-]*(src|source|original|image|url)[\w-]*$", re.IGNORECASE)
_NOT_THE_PICTURE = re.compile(
    r"facebook|twitter|pinterest|share|social|thumb|small|mobile|placeholder|lqip|blur"
    r"|preview|tiny|low|poster|caption|credit|alt|ratio|width|height|sizes",
    re.IGNORECASE,
)
_IMAGE_ADDRESS = re.compile(
    r"^(https?:|//|/|\.{0,2}/?[\w%~-])[^\s<>\"']*$|^data:image/", re.IGNORECASE
)
_IMAGE_SUFFIX = re.compile(r"\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(\?|#|$)", re.IGNORECASE)
_PLACEHOLDER_NAME = re.compile(
    r"placeholder|blank\.|spacer|transparent\.|pixel\.|1x1|loading|lazy|grey\.|gray\.",
    re.IGNORECASE,
)
PLACEHOLDER_DATA_CHARS = 1000  # a data: URI this short is a lazy loader's placeholder
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$", re.IGNORECASE)
_STYLE_SIZE = re.compile(r"(?<![\w-])(width|height)\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)

# Class, id and alt words that mark a picture as page furniture; whole words only.
_FURNITURE_WORDS = re.compile(
    r"(?<![a-z])(avatars?|gravatar|author-?(photo|image|img|pic|avatar|headshot|thumb)"
    r"|profile-?(photo|image|pic)|headshot|logos?|icons?|badge|sprite|emoji|smiley|wp-smiley"
    r"|spinner|loader|social|share|sharing|follow|advert\w*|ads?|adslot|ad-?unit|sponsor\w*"
    r"|promo\w*|tracking|tracker|beacon|pixel|counter|rating-?stars?|stars?-?rating)(?![a-z])",
    re.IGNORECASE,
)
# The same words in the classes of the picture's surroundings (a byline, a share bar).
_FURNITURE_PLACES = re.compile(
    r"(?<![a-z])(byline|author|avatar|share|sharing|social|follow|advert\w*|ads?|ad-?slot"
    r"|ad-?unit|sponsor\w*|promo\w*|newsletter|related|recommend\w*|outbrain|taboola"
    r"|comments?)(?![a-z])",
    re.IGNORECASE,
)
_AROUND = 4  # ancestors looked at, stopping at a <figure> or the article itself
_TRACKER_ADDRESS = re.compile(
    r"doubleclick\.|googlesyndication\.|google-analytics\.|googletagmanager\.|adservice\."
    r"|scorecardresearch\.|quantserve\.|facebook\.com/tr|/pixel(\.|/|\?)|/beacon|/b\.gif"
    r"|feeds\.feedburner\.com/~r|stats\.wp\.com|pixel\.wp\.com|/ads?/|/adserver|/track(ing)?/"
    r"|spacer\.gif|blank\.gif|clear\.gif|transparent\.gif|1x1\.",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    url: str
    width: float | None = None  # from a "w" descriptor
    density: float | None = None  # from an "x" descriptor


def parse_srcset(value: str | None) -> list[Candidate]:
    """The candidates of a ``srcset`` (the HTML standard's parsing, simplified: an address
    is a run without white space; commas inside it are part of it)."""
    if not value:
        return []
    found, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = i
            depth = 0
            while i < n and (value[i] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
            descriptors = value[start:i]
        if url:
            found.append(_candidate(url, descriptors))
    return found


def _candidate(url: str, descriptors: str) -> Candidate:
    width = density = None
    for word in descriptors.split():
        word = word.lower()
        try:
            if word.endswith("w"):
                width = float(word[:-1])
            elif word.endswith("x"):
                density = float(word[:-1])
        except ValueError:
            continue
    return Candidate(url, width, density)


def declared_size(img) -> tuple[float | None, float | None]:
    """The width and height the page declares for a picture (attributes, then style)."""
    sizes: dict[str, float | None] = {"width": None, "height": None}
    for name in sizes:
        match = _SIZE.match(img.get(name) or "")
        if match:
            sizes[name] = float(match.group(1))
    for name, value in _STYLE_SIZE.findall(img.get("style") or ""):
        sizes[name.lower()] = float(value)
    return sizes["width"], sizes["height"]


def _words(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".replace("_", "-")


def furniture_reason(img, src: str | None) -> str | None:
    """Why a picture is not the article's ("tracker", "tiny", "furniture"), or None.

    A picture declared 2×2 or smaller (or 0 in either direction), or at a tracker's
    address, is a tracking pixel or spacer; one declared at most :data:`TINY` in both
    directions is an icon; class, id or alt words (avatar, logo, icon, share, advert,
    ...) on it, or on its close surroundings (a byline, a share bar, an advert slot),
    mark furniture.
    """
    width, height = declared_size(img)
    if (width is not None and width <= 0) or (height is not None and height <= 0):
        return "tracker"
    if width is not None and height is not None:
        if width <= 2 and height <= 2:
            return "tracker"
        if width <= TINY and height <= TINY:
            return "tiny"
    if src and not src.startswith("data:") and _TRACKER_ADDRESS.search(src):
        return "tracker"
    if _FURNITURE_WORDS.search(_words(img)):
        return "furniture"
    el = img.getparent()
    for _ in range(_AROUND):
        if el is None or not isinstance(el.tag, str) or el.tag in ("figure", "article", "body"):
            break
        if _FURNITURE_PLACES.search(_words(el)) or _FURNITURE_WORDS.search(_words(el)):
            return "furniture"
        el = el.getparent()
    return None


def fold_picture_sources(root) -> None:
    """Copy what the ``<source>``s of each ``<picture>`` offer onto its ``<img>``, in place.

    Sources are removed with what a reader never sees, before extraction; the ``<img>``
    keeps their candidates (``PICTURE_SRCSET``) for :func:`picture_source`.
    """
    for picture in root.iter("picture"):
        offers = []
        for source in picture.iter("source"):
            kind = (source.get("type") or "").lower()
            if kind and not kind.startswith("image/"):
                continue
            offer = source.get("srcset") or source.get("data-srcset")
            if offer and offer.strip():
                offers.append(offer.strip().rstrip(","))
        img = next(picture.iter("img"), None)
        if offers and img is not None:
            img.set(PICTURE_SRCSET, ", ".join(offers))


INLINE_HOST = "inline-picture.invalid"  # stands in for a data: URI during extraction


_DATA_IMAGE = re.compile("data:image/", re.IGNORECASE)
_SRC_BEFORE = re.compile(r"\bsrc\s*=\s*$", re.IGNORECASE)


def shelve_inline_pictures(html: str) -> tuple[str, dict[str, str]]:
    """``html`` with each long ``data:`` picture address of a ``src`` swapped for a short
    stand-in, and stand-in -> URI for :func:`unshelve_inline_pictures`.

    A picture written into the page is a start tag of hundreds of kilobytes: the parser
    guard cuts tags that long (an attack), and extractors would weigh its paragraph by
    its markup.
    """
    shelf: dict[str, str] = {}
    parts, done = [], 0
    for match in _DATA_IMAGE.finditer(html):
        at = match.start()
        if at < done or at == 0 or html[at - 1] not in "\"'":
            continue
        quote = html[at - 1]
        end = html.find(quote, at)
        if end < 0 or end - at < PLACEHOLDER_DATA_CHARS:
            continue
        if not _SRC_BEFORE.search(html, max(0, at - 41), at - 1):
            continue
        uri = html[at:end]
        if "<" in uri or ">" in uri:
            continue
        token = f"https://{INLINE_HOST}/{len(shelf)}.png"
        shelf[token] = uri
        parts += [html[done:at], token]
        done = end
    if not shelf:
        return html, shelf
    parts.append(html[done:])
    return "".join(parts), shelf


def unshelve_inline_pictures(blocks: list, shelf: dict[str, str]) -> list:
    """``blocks`` with the stand-in addresses of :func:`shelve_inline_pictures` undone."""
    if not shelf:
        return blocks

    return [replace(b, src=shelf[b.src]) if b.src in shelf else b for b in blocks]


def picture_source(img) -> str | None:
    """The address (as written in the page: relative or absolute) of the one picture an
    ``<img>`` stands for, chosen among ``srcset``, ``<picture>`` sources and lazy-loading
    attributes (see the module doc); None when it names none."""
    candidates = parse_srcset(img.get("srcset"))
    for name in LAZY_SRCSET:
        candidates += parse_srcset(img.get(name))
    parent = img.getparent()
    if parent is not None and parent.tag == "picture":
        for source in parent.iter("source"):
            kind = (source.get("type") or "").lower()
            if kind and not kind.startswith("image/"):
                continue
            candidates += parse_srcset(source.get("srcset") or source.get("data-srcset"))
    src = _clean(img.get("src"))
    lazy = _lazy_source(img)
    if (
        lazy and (not src or _placeholder(src) or "lazy" in img.get("class", "").lower())
    ) or not src:
        src = lazy
    if src and _placeholder(src):
        src = None
    candidates = [c for c in candidates if not _placeholder(c.url)]
    if not candidates:
        return src
    width, _ = declared_size(img)
    return _best(candidates, src, width)


def _best(candidates: list[Candidate], src: str | None, declared: float | None) -> str:
    """The smallest candidate at least TARGET_WIDTH wide, else the widest."""
    base = declared or TARGET_WIDTH / 2

    def width(c: Candidate) -> float:
        if c.width:
            return c.width
        return base * (c.density or 1.0)

    ranked = sorted(candidates, key=width)
    if src and all(not c.width and not c.density for c in candidates):
        return src  # a srcset with no descriptors says nothing src does not
    wide = [c for c in ranked if width(c) >= TARGET_WIDTH]
    return (wide[0] if wide else ranked[-1]).url


def _lazy_source(img) -> str | None:
    for name in LAZY_SRC:
        value = _clean(img.get(name))
        if value and _IMAGE_ADDRESS.match(value):
            return value
    for name, value in img.attrib.items():
        if not _SOURCE_NAME.match(name) or _NOT_THE_PICTURE.search(name[5:]):
            continue
        value = _clean(value)
        if value and _IMAGE_ADDRESS.match(value) and _IMAGE_SUFFIX.search(value):
            return value
    return None


def _placeholder(url: str) -> bool:
    if url.lower().startswith("data:"):
        return len(url) < PLACEHOLDER_DATA_CHARS
    return bool(_PLACEHOLDER_NAME.search(url.rsplit("/", 1)[-1]))


def _clean(value: str | None) -> str | None:
    value = re.sub(r"[\t\n\r]", "", value or "").strip()
    if not value or value.startswith("#") or value.lower().startswith("javascript:"):
        return None
    if value.lower().startswith("data:") and len(value) > MAX_DATA_URI:
        return None
    return value
