"""An HTML element tree to :class:`~reader.core.document.Block`s.

Sanitising happens by construction: only an allowlist of structure (headings,
paragraphs, lists, quotes, preformatted text, tables, images, rules) and of inline
formatting (bold, italic, code, links) survives, as plain text plus spans. Scripts,
styles, templates, frames, form controls and hidden elements are skipped with their
content; links keep only http(s) and mailto targets. A picture becomes an image block
holding its alt text and the address of the one picture it stands for (``figures``
chooses among srcset, <picture> and lazy-loading attributes, and leaves out trackers,
icons and furniture); the import fetches or reads it later, never the reading pane.
A ``<figcaption>``, or an element whose class calls it a caption right after a picture,
becomes a caption block.

The walk is iterative (``lxml.etree.iterwalk``), so deep nesting cannot overflow
the stack, and text is normalised while it is collected, so spans stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from reader.core.document import Block, Span
from reader.core.importing.html.figures import furniture_reason, picture_source


def tag_set(text: str) -> frozenset[str]:
    """Tag names written as one space-separated string."""
    return frozenset(text.split())


# Skipped with everything inside them.
DROPPED_TAGS = tag_set(
    "script style noscript template iframe frame frameset object embed applet svg "
    "canvas audio video source track select option optgroup textarea button input "
    "datalist head title meta link base rt rp map area noembed noframes param dialog"
)
UNSEEN_TAGS = DROPPED_TAGS - {"head", "title", "meta", "link", "base"}
CONTAINER_TAGS = tag_set(
    "html body div section article main header footer aside nav figure details hgroup "
    "center dl form fieldset search address"
)
PARAGRAPH_TAGS = tag_set("p caption summary dt dd legend")
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
LIST_TAGS = frozenset(("ul", "ol", "menu", "dir"))
PRE_TAGS = frozenset(("pre", "listing", "xmp", "plaintext"))
INLINE_KINDS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "dfn": "italic",
    "var": "italic",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}
_TABLE_PARTS = frozenset(("thead", "tbody", "tfoot", "colgroup", "col"))
_LAYOUT_MARKERS = frozenset(("table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre"))
_LAYOUT_MARKERS |= {"blockquote", "dl"}

_WS = re.compile(r"\s+")
_LINES = re.compile("\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_URL_JUNK = re.compile("[\t\n\r]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CAPTION_CLASS = re.compile(
    r"(?<![a-z])(\w+-)?(caption|figcaption|credit|credits)(-\w+)?(?![a-z])", re.IGNORECASE
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def safe_href(href: str | None, base_url: str | None = None) -> str | None:
    """An absolute http(s) or mailto address for a link, or None to drop the link."""
    if not href:
        return None
    href = _URL_JUNK.sub("", href).strip(" \x00\x0c")
    if not href or href.startswith("#") or len(href) > 4000:
        return None
    if base_url:
        try:
            href = urljoin(base_url, href)
        except ValueError:
            return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if (scheme in ("http", "https") and parts.netloc) or (scheme == "mailto" and parts.path):
        return href
    return None


def safe_src(src: str | None, base_url: str | None = None) -> str | None:
    """A picture's address to fetch or read at import, or None.

    Against a page's address: an absolute http(s) address. Without one (a file): a
    relative path as written ("page_files/7.jpg"), which only the folder of the file
    can give. A ``data:image/...`` URI stays as it is, to be decoded. ``file:``
    addresses and absolute paths are never kept.
    """
    if not src:
        return None
    src = _URL_JUNK.sub("", src).strip(" \x00\x0c")
    if src.lower().startswith("data:"):
        return src if src[5:11].lower() == "image/" else None
    if base_url is None and not _SCHEME.match(src) and not src.startswith(("/", "\\")):
        return src if len(src) <= 4000 else None
    href = safe_href(src, base_url)
    return href if href and not href.lower().startswith("mailto:") else None


def is_hidden(el) -> bool:
    """Elements a browser would not show."""
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden", "").strip().lower() == "true":
        return True
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def strip_unseen(root, *, keep_json: bool = False) -> None:
    """Remove, in place, what a reader never sees: scripts, styles, frames, form
    controls, templates, ruby readings and hidden elements (the text after each
    stays). Done before any extractor looks at a page, so none of them can leak it.
    ``keep_json`` keeps JSON data scripts (JSON-LD metadata) for a later look."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if keep_json and tag == "script" and "json" in el.get("type", "").lower():
            continue
        if tag in UNSEEN_TAGS or (tag not in ("html", "body") and is_hidden(el)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


@dataclass
class _Cell:
    text: str
    spans: list[Span]
    head: bool


@dataclass
class _Frame:
    """What the start of one element did, undone at its end."""

    action: str = ""
    span: list | None = None
    table_data: bool = False


@dataclass
class _Converter:
    base_url: str | None
    blocks: list[Block] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[Span] = field(default_factory=list)
    open_spans: list[list] = field(default_factory=list)  # [kind, start, href]
    contexts: list[tuple] = field(default_factory=list)  # ("heading", n), ("li", depth, ordered)...
    lists: list[bool] = field(default_factory=list)  # ordered?
    quote_depth: int = 0
    pre_depth: int = 0
    tables: list[bool] = field(default_factory=list)  # data table?
    row: list[_Cell] | None = None
    row_head: bool = False
    in_cell: int = 0
    thead: int = 0

    # -- collecting text -------------------------------------------------------------

    def add_text(self, text: str | None) -> None:
        if not text:
            return
        if self.pre_depth:
            piece = text
        else:
            piece = _WS.sub(" ", text)
            if piece.startswith(" ") and (not self.length or self.pieces[-1].endswith(" ")):
                piece = piece[1:]
        if piece:
            self.pieces.append(piece)
            self.length += len(piece)

    def take(self) -> tuple[str, list[Span]]:
        """The collected text and spans (open spans cut at the end), then start afresh."""
        text = "".join(self.pieces)
        spans = list(self.spans)
        for kind, start, href in self.open_spans:
            if self.length > start:
                spans.append(Span(start, self.length, kind, href))
        self.pieces, self.length, self.spans = [], 0, []
        for open_span in self.open_spans:
            open_span[1] = 0
        if self.pre_depth:
            return text, []
        if text.endswith(" "):
            text = text[:-1]
        return text, _trim_spans(text, spans)

    def flush(self) -> None:
        """End the block being collected, if it holds anything."""
        if self.in_cell:
            self.add_text(" ")
            return
        if not self.length:
            return
        text, spans = self.take()
        if self.pre_depth:
            self.emit_code(text)
            return
        if not text:
            return
        context: tuple = self.contexts[-1] if self.contexts else ("p",)
        if context[0] == "heading":
            block = Block("heading", text, level=context[1], spans=tuple(spans))
        elif context[0] == "li":
            block = Block(
                "list_item", text, level=context[1], ordered=context[2], spans=tuple(spans)
            )
        elif context[0] == "quote":
            block = Block("quote", text, level=context[1], spans=tuple(spans))
        elif context[0] == "caption":
            block = Block("caption", text, spans=tuple(spans))
        else:
            block = Block("paragraph", text, spans=tuple(spans))
        self.blocks.append(block)

    def emit_code(self, text: str) -> None:
        lines = [line.expandtabs(4).replace("\xa0", " ").rstrip() for line in _LINES.split(text)]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        self.blocks.extend(Block("code", line) for line in lines)

    # -- elements ----------------------------------------------------------------------

    def start(self, el) -> _Frame:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rpartition("}")[2].lower()
        if tag in DROPPED_TAGS or is_hidden(el) or (tag == "form" and not _holds_article(el)):
            return _Frame("skip")
        if tag in INLINE_KINDS and not self.pre_depth:
            return self.open_span(INLINE_KINDS[tag], None)
        if tag == "a":
            href = safe_href(el.get("href"), self.base_url)
            return self.open_span("link", href) if href else _Frame()
        if tag == "br":
            if self.pre_depth:
                self.add_text("\n")
            elif self.in_cell or (self.contexts and self.contexts[-1][0] in ("heading", "li")):
                self.add_text(" ")
            else:
                self.flush()
            return _Frame()
        if tag == "img":
            self.image(el)
            return _Frame()
        if tag == "hr":
            if not self.in_cell:
                self.flush()
                self.blocks.append(Block("rule"))
            return _Frame()
        if tag == "math":
            alt = el.get("alttext")
            if alt:
                self.add_text(f" {alt} ")
                return _Frame("skip")
            return _Frame()
        if tag in ("annotation", "annotation-xml"):
            return _Frame("skip")
        if tag == "table":
            return self.start_table(el)
        if self.tables and (tag in _TABLE_PARTS or tag in ("tr", "td", "th")):
            return self.start_table_part(el, tag)
        if tag in HEADING_TAGS:
            return self.push(("heading", HEADING_TAGS[tag]))
        if tag == "figcaption" or (
            (tag in CONTAINER_TAGS or tag in PARAGRAPH_TAGS)
            and _CAPTION_CLASS.search(el.get("class", ""))
            and self.after_picture()
        ):
            return self.push(("caption",))
        if tag in LIST_TAGS:
            self.flush()
            self.lists.append(tag == "ol")
            return _Frame("list")
        if tag == "li":
            ordered = self.lists[-1] if self.lists else False
            return self.push(("li", max(1, len(self.lists)), ordered))
        if tag == "blockquote":
            self.quote_depth += 1
            frame = self.push(("quote", self.quote_depth))
            frame.action = "quote"
            return frame
        if tag in PRE_TAGS and not self.in_cell:
            self.flush()
            self.pre_depth += 1
            return _Frame("pre")
        if tag in CONTAINER_TAGS or tag in PARAGRAPH_TAGS:
            self.flush()
            return _Frame("block")
        return _Frame()  # unknown or plain inline (span, small, sub, ...): text only

    def end(self, el, frame: _Frame) -> None:
        action = frame.action
        if action == "span" and frame.span is not None:  # open_span always sets both
            self.close_span(frame.span)
        elif action in ("context", "quote"):
            self.flush()
            self.contexts.pop()
            if action == "quote":
                self.quote_depth -= 1
        elif action == "list":
            self.flush()
            self.lists.pop()
        elif action == "pre":
            self.flush_pre()
        elif action == "block":
            self.flush()
        elif action.startswith("table"):
            self.end_table_part(action, frame)

    def push(self, context: tuple) -> _Frame:
        self.flush()
        self.contexts.append(context)
        return _Frame("context")

    def open_span(self, kind: str, href: str | None) -> _Frame:
        span = [kind, self.length, href]
        self.open_spans.append(span)
        return _Frame("span", span=span)

    def close_span(self, span: list) -> None:
        # by identity: <em><i> open two equal lists, and remove() would take the wrong one
        self.open_spans = [s for s in self.open_spans if s is not span]
        kind, start, href = span
        if self.length > start and not self.pre_depth:
            self.spans.append(Span(start, self.length, kind, href))

    def flush_pre(self) -> None:
        if self.pre_depth == 1:
            self.flush()
        self.pre_depth -= 1

    def image(self, el) -> None:
        if self.in_cell or self.pre_depth or (self.contexts and self.contexts[-1][0] == "heading"):
            return
        alt = _WS.sub(" ", el.get("alt") or "").strip()
        raw = picture_source(el)
        reason = furniture_reason(el, raw)
        if reason == "tiny" and alt:
            self.add_text(f" {alt} ")  # an icon or emoji with words: they stay in the line
        if reason:
            return
        src = safe_src(raw, self.base_url)
        if not src and not alt:
            return
        self.flush()
        self.blocks.append(Block("image", alt, src=src))

    def after_picture(self) -> bool:
        """Whether nothing but a picture came since the last block ended."""
        return not self.length and bool(self.blocks) and self.blocks[-1].kind == "image"

    # -- tables --------------------------------------------------------------------------

    def start_table(self, el) -> _Frame:
        self.flush()
        data = not self.in_cell and _is_data_table(el)
        self.tables.append(data)
        return _Frame("table", table_data=data)

    def start_table_part(self, el, tag: str) -> _Frame:
        if not self.tables[-1]:
            self.flush()  # a layout table: rows and cells are only containers
            return _Frame("block")
        if tag == "thead":
            self.thead += 1
            return _Frame("table-thead")
        if tag == "tr":
            self.flush()
            self.row, self.row_head = [], bool(self.thead)
            return _Frame("table-row")
        if tag in ("td", "th") and self.row is not None:
            self.take()
            self.in_cell += 1
            return _Frame("table-cell-th" if tag == "th" else "table-cell")
        return _Frame()

    def end_table_part(self, action: str, frame: _Frame) -> None:
        if action == "table":
            self.flush()
            self.tables.pop()
        elif action == "table-thead":
            self.thead -= 1
        elif action.startswith("table-cell"):
            self.in_cell -= 1
            text, spans = self.take()
            if self.row is not None:
                self.row.append(_Cell(text, spans, action.endswith("-th")))
        elif action == "table-row":
            self.emit_row()

    def emit_row(self) -> None:
        cells, self.row = self.row or [], None
        if not any(cell.text for cell in cells):
            return
        texts, spans, offset = [], [], 0
        for cell in cells:
            texts.append(cell.text)
            spans.extend(
                Span(span.start + offset, span.end + offset, span.kind, span.href)
                for span in cell.spans
            )
            offset += len(cell.text) + 1
        header = self.row_head or all(cell.head for cell in cells)
        self.blocks.append(Block("table_row", "\t".join(texts), header=header, spans=tuple(spans)))


def _trim_spans(text: str, spans: list[Span]) -> list[Span]:
    """Spans clipped to ``text`` and shrunk off surrounding spaces; empty ones dropped."""
    result = []
    for span in spans:
        start, end = span.start, min(span.end, len(text))
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            result.append(Span(start, end, span.kind, span.href))
    return result


def _holds_article(form) -> bool:
    """Some sites wrap a whole page in one <form>: keep such a form, drop small ones."""
    return len(form.xpath(".//p[string-length(normalize-space()) > 80][position() <= 3]")) >= 3


def _is_data_table(table) -> bool:
    """A table of data (rows of cells) rather than a page laid out with a table."""
    if table.get("role") in ("presentation", "none"):
        return False
    rows = 0
    for el in table.iterdescendants():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _LAYOUT_MARKERS:
            return False
        if tag == "tr":
            rows += 1
    if rows == 0:
        return False
    cells = table.xpath(".//td|.//th")
    # One cell, or cells holding several paragraphs: a layout.
    return len(cells) > 1 and not any(len(cell.findall(".//p")) > 1 for cell in cells)


def html_to_blocks(root: etree._Element, base_url: str | None = None) -> list[Block]:
    """The blocks of an lxml element tree (a whole page or an extracted article)."""

    converter = _Converter(base_url)
    frames: list[_Frame] = []
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event == "start":
            frame = converter.start(el)
            frames.append(frame)
            if frame.action == "skip":
                walker.skip_subtree()
            else:
                converter.add_text(el.text)
        elif event == "end":
            frame = frames.pop()
            converter.end(el, frame)
            if el is not root:
                converter.add_text(el.tail)
        elif el is not root:  # comments and processing instructions: only their tail is text
            converter.add_text(el.tail)
    converter.flush()
    return converter.blocks
