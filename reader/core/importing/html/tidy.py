"""Finishing touches on an extracted article's blocks.

The title is shown apart from the text, so a heading repeating it goes (a picture
repeating it keeps its picture and loses the words); alt texts that add nothing to read
go (the picture stays); a caption that the page set as a list item or a credit line
after a picture becomes a caption; the standfirst (the summary under the headline, which
extractors often leave in the page header) comes back.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reader.core.document import Block
from reader.core.importing.html.blocks import is_hidden
from reader.core.importing.html.merge import tokens

_WS = re.compile(r"\s+")
_FILE_NAME = re.compile(r"\.(jpe?g|png|gif|webp|svg|avif|bmp|tiff?)$", re.IGNORECASE)
_NOT_STANDFIRST = ("nav", "footer", "aside", "a", "button", "form", "li", "time", "figcaption")
_BYLINE_CLASS = re.compile(r"byline|author|date|time|meta|share|caption|credit", re.IGNORECASE)


def drop_title_heading(blocks: list[Block], title: str | None) -> list[Block]:
    """Without the heading (or title image) near the top that repeats the title."""
    if not title:
        return blocks
    want = tokens(title)
    for i, block in enumerate(blocks[:8]):
        if block.kind in ("heading", "image") and _repeats(tokens(block.text), want):
            if block.kind == "image" and block.src:
                return [*blocks[:i], replace(block, text="", spans=()), *blocks[i + 1 :]]
            return blocks[:i] + blocks[i + 1 :]
    return blocks


def _repeats(heading: list[str], title: list[str]) -> bool:
    """Readability's test: the heading's words are (almost) all in the title."""
    if not heading:
        return False
    if heading == title:
        return True
    extra = [t for t in heading if t not in title]
    return (
        len(heading) >= 2
        and len(heading) * 2 >= len(title)
        and len(" ".join(extra)) <= 0.25 * len(" ".join(heading))
    )


def tidy_images(blocks: list[Block]) -> list[Block]:
    """Image blocks without alt texts that add nothing to read, captions made captions.

    An alt text goes when it is a file name or one short word ("line", "logo"), or
    repeats the caption or paragraph right next to it; the picture stays, and an image
    block left with neither a picture to fetch nor words goes. A list of one item, or a
    short paragraph, right after a picture is its caption when it repeats the alt text
    or ends in a credit ("Photograph: ...").
    """
    blocks = _captions_after_pictures(blocks)
    result = []
    for i, block in enumerate(blocks):
        if block.kind == "image" and block.text:
            alt = block.text
            words = set(tokens(alt))
            near = [b for b in blocks[max(0, i - 1) : i + 3] if b.kind != "image"]
            if (
                _FILE_NAME.search(alt)
                or (" " not in alt and len(alt) < 20)
                or any(len(words & set(tokens(b.text))) >= 0.8 * len(words) for b in near)
            ):
                block = replace(block, text="", spans=())
        if block.kind == "image" and not block.text and not block.src:
            continue
        result.append(block)
    return result


_CREDIT = re.compile(
    r"(photograph|photo|picture|image|illustration|graphic|credit|source|foto|bild)s?"
    r"\s*(:|by\b)|©|\((ap|afp|reuters|getty( images)?|epa|pa)\)\s*$|getty images\s*$",
    re.IGNORECASE,
)
CAPTION_CHARS = 400  # a caption is at most this long
CAPTION_OVERLAP = 0.6  # of the alt text's words, for a list item
PARAGRAPH_OVERLAP = 0.8  # for a paragraph
PARAGRAPH_CAPTION_CHARS = 250


def _captions_after_pictures(blocks: list[Block]) -> list[Block]:
    result = list(blocks)
    for i, block in enumerate(blocks[:-1]):
        if block.kind != "image":
            continue
        nxt = blocks[i + 1]
        listed = nxt.kind == "list_item" and (
            i + 2 >= len(blocks) or blocks[i + 2].kind != "list_item"
        )
        if not (listed or nxt.kind == "paragraph") or len(nxt.text) > CAPTION_CHARS:
            continue
        alt = set(tokens(block.text))
        share = len(alt & set(tokens(nxt.text))) / len(alt) if alt else 0.0
        # A list item right after a picture is rarely a list; a paragraph often is text.
        repeats = share >= (CAPTION_OVERLAP if listed else PARAGRAPH_OVERLAP)
        short = listed or len(nxt.text) <= PARAGRAPH_CAPTION_CHARS
        if short and (repeats or _CREDIT.search(nxt.text)):
            result[i + 1] = Block("caption", nxt.text, spans=nxt.spans)
    return result


def standfirst(doc, title: str | None, description: str | None) -> str | None:
    """The article's standfirst (dek, teaser): the summary shown under its headline.

    Taken from the page only when it is visible text: the element that repeats the
    page's description, or the heading or paragraph right after the headline in
    the headline's own container (a <header> or <hgroup>).
    """
    body = doc.find("body")
    if body is None:
        return None
    if description:
        want = tokens(description)
        for el in body.iter("p", "div", "span", "h2", "h3", "strong", "em"):
            if len(el) <= 3 and tokens(el.text_content()) == want and _plain(el):
                return _WS.sub(" ", el.text_content()).strip()
    if not title:
        return None
    want = tokens(title)
    for h1 in body.iter("h1"):
        if tokens(h1.text_content()) != want:
            continue
        el = h1.getnext()
        while el is not None and not isinstance(el.tag, str):
            el = el.getnext()
        if el is None or el.tag not in ("h2", "p") or not _plain(el):
            return None
        text = _WS.sub(" ", el.text_content()).strip()
        digits = sum(ch.isdigit() for ch in text)
        # A dateline ("Le Monde | 04.05.2015 à 13h36") is not a standfirst.
        return text if len(text) >= 40 and digits <= 0.05 * len(text) else None
    return None


def _plain(el) -> bool:
    """Visible text outside navigation, links and bylines."""
    for node in (el, *el.iterancestors()):
        if node.tag in _NOT_STANDFIRST or is_hidden(node):
            return False
    return not _BYLINE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}")


def add_standfirst(blocks: list[Block], text: str | None) -> list[Block]:
    """``blocks`` with the standfirst first, unless one of the first blocks holds it."""
    if not text or not blocks:
        return blocks
    want = " ".join(tokens(text))
    for block in blocks[:12]:
        have = " ".join(tokens(block.text))
        if want in have or (have in want and len(have) >= 0.8 * len(want)):
            return blocks
    return [Block("paragraph", text), *blocks]


_CJK_CHAR = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uff5e\u3000-\u303f"
_TITLE_SEPARATOR = re.compile(
    rf"\s+[|–—»·/\\-]\s+|\s*\|\s*|(?<=[{_CJK_CHAR}])[-_|](?=[{_CJK_CHAR}])"
)


def clean_title(title: str | None, site: str | None, author: str | None) -> str | None:
    """A page title without the site name or author pages append ("Title | Site")."""
    if not title:
        return title
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    names = {" ".join(tokens(name)) for name in (site, author) if name}
    names.discard("")
    kept = [p for p in parts if " ".join(tokens(p)) not in names]
    # A page that does not name its site: "标题-新华网", "Title | example.com".
    while len(kept) > 1 and _looks_like_site(kept[-1]) and len(kept[0]) >= 2 * len(kept[-1]):
        kept.pop()
    if not kept:
        return title
    # Put back what was cut out of the kept stretch, separators included.
    start, end = title.find(kept[0]), title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if 0 <= start < end else title


def _looks_like_site(part: str) -> bool:
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+", part):
        return True  # a domain name
    return bool(re.fullmatch(f"[{_CJK_CHAR}]{{1,8}}", part))
