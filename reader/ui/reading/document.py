"""Builds the reading pane's QTextDocument from an article's blocks.

One Qt block per article block, text inserted exactly as stored, so that the
document's raw text is the canonical text with U+2029 for each newline.
Nothing here inserts a character of its own: list markers come from QTextList,
the image marker, quote bars and pictures are painted by the pane (``kind_of``,
``pictures``): a picture's image block only makes room for it with its top margin,
so the text stays the canonical text. Rules are a block property. ``base_formats``
gives the character formats a block was built with, so that the highlight painter can
restore text it un-highlights.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeGuard
from urllib.parse import urlsplit

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextListFormat,
)

from reader.core.document import Block
from reader.core.footnotes import note_offset
from reader.core.models import PictureUse
from reader.ui.plain_text import tooltip
from reader.ui.theme import Theme

if TYPE_CHECKING:
    from PySide6.QtGui import QTextOption

# Block properties: the article block kind and level, read by the pane's painter.
P_KIND = QTextFormat.Property.UserProperty + 1
P_LEVEL = QTextFormat.Property.UserProperty + 2
# Character property: space-separated ids of the highlights over a fragment, innermost first.
P_HIGHLIGHTS = QTextFormat.Property.UserProperty + 3
# Character property: the address of a link that does not open (javascript:, file:, ...).
P_REFUSED_LINK = QTextFormat.Property.UserProperty + 4
NOTE_TIP = "Go to the note (or from the note back to where it is referred to)"
# Block properties of an image block with a picture: its digest, the size it is shown at,
# and the gap between it and the block's text (pixels); the pane paints it (``pictures``).
P_PICTURE = QTextFormat.Property.UserProperty + 5
P_PICTURE_W = QTextFormat.Property.UserProperty + 6
P_PICTURE_H = QTextFormat.Property.UserProperty + 7
P_PICTURE_GAP = QTextFormat.Property.UserProperty + 8
PICTURE_GAP_ABOVE = 1.0  # em between the text above and a picture
PICTURE_GAP_BELOW = 0.45  # em between a picture and its alt text or caption
MAX_UPSCALE = 2.0  # a picture is never shown larger than twice its own size
MAX_HEIGHT = 1.5  # of the column's width: a tall picture shrinks (a click shows it all)
CAPTION_SCALE = 0.86  # captions and alt texts under pictures, smaller than the text

SERIF = [
    "Noto Serif",
    "Source Serif 4",
    "Source Serif Pro",
    "Charter",
    "Georgia",
    "DejaVu Serif",
    "Liberation Serif",
    "serif",
]
SANS = [
    "Noto Sans",
    "Source Sans 3",
    "Segoe UI",
    "Helvetica Neue",
    "Cantarell",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "sans-serif",
]
TYPEFACES = {"serif": SERIF, "sans": SANS}  # the reader's choice of body typeface
MONO = [
    "Noto Sans Mono",
    "Source Code Pro",
    "DejaVu Sans Mono",
    "Liberation Mono",
    "Menlo",
    "Consolas",
    "monospace",
]
SAFE_LINK_SCHEMES = ("http", "https", "mailto")
TABLE_SCALE = 0.92
CODE_PAD = 0.5  # em of code background painted above and below a run of code lines
HEADING_SCALE = {1: 1.6, 2: 1.35, 3: 1.17, 4: 1.05, 5: 1.0, 6: 0.95}
_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
_BULLETS = (
    QTextListFormat.Style.ListDisc,
    QTextListFormat.Style.ListCircle,
    QTextListFormat.Style.ListSquare,
)


# The reader's column widths, in characters of running text a line, and line spacings, as
# the running text's line height (a share of the font's own).
COLUMN_WIDTHS = {"narrow": 56, "medium": 70, "wide": 90}
LINE_SPACINGS = {"tight": 1.3, "normal": 1.5, "loose": 1.75}


def check_column(width: str, spacing: str) -> tuple[str, str]:
    """``(width, spacing)`` when both are known (keys above); ValueError otherwise."""
    if width not in COLUMN_WIDTHS or spacing not in LINE_SPACINGS:
        raise ValueError(f"unknown column {(width, spacing)!r}")
    return width, spacing


class Look(NamedTuple):  # not a dataclass: 7x cheaper to make at startup
    """What the document is built with: theme, font size (points), typeface, column width
    and line spacing."""

    theme: Theme
    points: float = 13.0
    typeface: str = "serif"  # a key of TYPEFACES
    width: str = "medium"  # a key of COLUMN_WIDTHS
    spacing: str = "normal"  # a key of LINE_SPACINGS

    def line_height(self, cjk: bool = False) -> int:
        """The running text's line height in percent of the font's (CJK fonts are tall
        already: their lines are spaced a sixth less)."""
        share = LINE_SPACINGS.get(self.spacing, 1.5)
        return round(100 * (share - (share - 1) / 2 if cjk else share))

    def font(self) -> QFont:
        font = QFont()
        font.setFamilies(TYPEFACES[self.typeface])
        font.setPointSizeF(self.points)
        sans = self.typeface == "sans"
        font.setStyleHint(QFont.StyleHint.SansSerif if sans else QFont.StyleHint.Serif)
        return font

    def mono(self) -> QFont:
        font = QFont()
        font.setFamilies(MONO)
        font.setPointSizeF(self.points * 0.88)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setFixedPitch(True)
        return font

    def em(self) -> float:
        """One em in pixels at the body font."""
        return float(QFontInfo(self.font()).pixelSize() or self.points * 4 / 3)

    def column_width(self) -> float:
        """Pixels for a line of running text: about 70 characters in the medium width."""
        sample = "the quick brown fox jumps over a lazy dog, then reads an essay aloud. "
        chars = COLUMN_WIDTHS.get(self.width, 70)
        return QFontMetricsF(self.font()).horizontalAdvance(sample[:70]) * chars / 70


class SafeDocument(QTextDocument):
    """A document that never loads a resource: QTextDocument itself would read
    ``file:`` and relative URLs from disk when its editor returns nothing."""

    def loadResource(self, type: int, name) -> object:
        return None


def is_safe_link(href: str | None) -> TypeGuard[str]:
    if not href:
        return False
    try:
        return urlsplit(href.strip()).scheme.lower() in SAFE_LINK_SCHEMES
    except ValueError:
        return False


def display_size(width: int, height: int, column: float) -> tuple[float, float]:
    """The size a ``width`` × ``height`` picture is shown at in a column: as wide as the
    column allows, never wider than MAX_UPSCALE times its own width, never taller than
    MAX_HEIGHT columns; its aspect ratio kept."""
    if width <= 0 or height <= 0 or column <= 0:
        return 0.0, 0.0
    shown = min(column, MAX_UPSCALE * width)
    if shown * height / width > MAX_HEIGHT * column:
        shown = MAX_HEIGHT * column * width / height
    return shown, shown * height / width


def picture_room(fmt: QTextBlockFormat, width: float, height: float, em: float) -> None:
    """Make ``fmt`` (an image block's) leave room above its text for a picture this big."""
    gap = PICTURE_GAP_BELOW * em
    fmt.setProperty(P_PICTURE_W, float(width))
    fmt.setProperty(P_PICTURE_H, float(height))
    fmt.setProperty(P_PICTURE_GAP, gap)
    fmt.setTopMargin(PICTURE_GAP_ABOVE * em + height + gap)


def kind_of(fmt: QTextBlockFormat) -> tuple[str, int]:
    """The article block kind and level a Qt block was built from."""
    kind = fmt.property(P_KIND)
    return (kind or "paragraph"), int(fmt.intProperty(P_LEVEL))


class Builder:
    """Makes block and character formats for one look; builds documents with them."""

    def __init__(
        self, look: Look, pictures: Mapping[str, PictureUse] | None = None, column: float = 0.0
    ) -> None:
        self.look = look
        self.theme = look.theme
        self.em = look.em()
        self.mono = look.mono()
        self.pictures = pictures or {}
        self.column = column or look.column_width()

    # -- formats ---------------------------------------------------------------

    def block_format(self, block: Block, prev: Block | None, nxt: Block | None) -> QTextBlockFormat:
        em, kind = self.em, block.kind
        bf = QTextBlockFormat()
        bf.setProperty(P_KIND, kind)
        bf.setProperty(P_LEVEL, block.level)
        # CJK fonts are tall already: 150% of their line spreads a page apart.
        bf.setLineHeight(self.look.line_height(_mostly_cjk(block.text)), _PROPORTIONAL)
        bf.setBottomMargin(0.8 * em)
        if kind == "heading":
            bf.setLineHeight(120, _PROPORTIONAL)
            bf.setTopMargin(0 if prev is None else (1.4 if block.level <= 2 else 1.0) * em)
            bf.setBottomMargin(0.45 * em)
        elif kind == "quote":
            bf.setLeftMargin(1.4 * em * max(1, block.level))
            if nxt is not None and nxt.kind == "quote":
                bf.setBottomMargin(0.5 * em)
        elif kind == "list_item":
            bf.setBottomMargin(0.8 * em if nxt is None or nxt.kind != "list_item" else 0.25 * em)
        elif kind == "code":
            # No Qt background: the pane paints a padded one (reading_decor).
            bf.setLineHeight(118, _PROPORTIONAL)
            bf.setLeftMargin(0.8 * em)
            bf.setRightMargin(0.5 * em)
            first = prev is None or prev.kind != "code"
            last = nxt is None or nxt.kind != "code"
            # The margins make room for the padding the pane paints (reading_decor).
            bf.setTopMargin((CODE_PAD + 0.3) * em if first else 0)
            bf.setBottomMargin((CODE_PAD + 0.9) * em if last else 0)
        elif kind == "table_row":
            bf.setLineHeight(135, _PROPORTIONAL)
            bf.setBottomMargin(0.8 * em if nxt is None or nxt.kind != "table_row" else 0.15 * em)
            if block.header:
                bf.setBackground(QColor(self.theme.table_header))
        elif kind == "image" and block.picture and block.picture in self.pictures:
            use = self.pictures[block.picture]
            bf.setProperty(P_PICTURE, block.picture)
            picture_room(bf, *display_size(use.width, use.height, self.column), em)
            bf.setLineHeight(125, _PROPORTIONAL)
            below = nxt is not None and nxt.kind == "caption"
            bf.setBottomMargin(0.2 * em if below else 1.0 * em)
        elif kind == "image":
            bf.setLeftMargin(1.6 * em)
        elif kind == "caption":
            bf.setLineHeight(125, _PROPORTIONAL)
            bf.setTopMargin(0.2 * em)
            bf.setBottomMargin(1.1 * em)
        elif kind == "rule":
            bf.setProperty(
                QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
                QTextLength(QTextLength.Type.PercentageLength, 100),
            )
            bf.setTopMargin(0.4 * em)
            bf.setBottomMargin(1.2 * em)
        return bf

    def char_format(self, block: Block) -> QTextCharFormat:
        """The character format of a block's plain text (before inline spans)."""
        cf = QTextCharFormat()
        kind = block.kind
        if kind == "heading":
            cf.setFontPointSize(self.look.points * HEADING_SCALE.get(block.level, 1.0))
            cf.setFontWeight(QFont.Weight.Bold if block.level > 1 else QFont.Weight.DemiBold)
        elif kind == "code":
            cf.setFontFamilies(self.mono.families())
            cf.setFontFixedPitch(True)
            cf.setFontPointSize(self.mono.pointSizeF())
        elif kind == "table_row":
            cf.setFontPointSize(self.look.points * TABLE_SCALE)
            if block.header:
                cf.setFontWeight(QFont.Weight.Bold)
        elif kind == "image" and block.picture and block.picture in self.pictures:
            # The alt text under a shown picture: small; a picture without one takes no line.
            cf.setFontItalic(True)
            cf.setForeground(QColor(self.theme.muted))
            cf.setFontPointSize(self.look.points * (CAPTION_SCALE if block.text else 0.1))
        elif kind == "image":
            cf.setFontItalic(True)
            cf.setForeground(QColor(self.theme.muted))
        elif kind == "caption":
            cf.setFontPointSize(self.look.points * CAPTION_SCALE)
            cf.setForeground(_mix(self.theme.text, self.theme.muted, 0.6))
        elif kind == "quote":
            cf.setForeground(_mix(self.theme.text, self.theme.muted, 0.35))
        return cf

    def span_format(
        self, base: QTextCharFormat, kinds: Sequence[tuple[str, str | None]]
    ) -> QTextCharFormat:
        cf = QTextCharFormat(base)
        for kind, href in kinds:
            if kind == "bold":
                cf.setFontWeight(QFont.Weight.Bold)
            elif kind == "italic":
                cf.setFontItalic(True)
            elif kind == "code":
                cf.setFontFamilies(self.mono.families())
                cf.setFontFixedPitch(True)
                cf.setFontPointSize(self.mono.pointSizeF())
                cf.setBackground(QColor(self.theme.code_background))
            elif kind == "link" and href and (is_safe_link(href) or note_offset(href) is not None):
                cf.setAnchor(True)
                cf.setAnchorHref(href.strip())
                cf.setForeground(QColor(self.theme.link))
                cf.setFontUnderline(True)
                cf.setUnderlineColor(_mix(self.theme.link, self.theme.background, 0.45))
                inside = note_offset(href) is not None  # a book's note and its reference
                cf.setToolTip(NOTE_TIP if inside else tooltip(href.strip()) or "")
            elif kind == "link" and href and href.strip():
                # Never an anchor (nothing could follow it), but a click says why it is dead.
                cf.setProperty(P_REFUSED_LINK, href.strip())
                cf.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                cf.setUnderlineColor(QColor(self.theme.muted))
                cf.setToolTip(tooltip(f"{href.strip()} (does not open)") or "")
        return cf

    def pieces(self, block: Block) -> list[tuple[int, int, QTextCharFormat]]:
        """(start, end, format) runs of a block's text, split at span boundaries."""
        base = self.char_format(block)
        text = block.text
        if not block.spans:
            return [(0, len(text), base)] if text else []
        cuts = sorted(
            {0, len(text), *(s.start for s in block.spans), *(s.end for s in block.spans)}
        )
        runs = []
        for a, b in itertools.pairwise(cuts):
            kinds = [(s.kind, s.href) for s in block.spans if s.start <= a and b <= s.end]
            runs.append((a, b, self.span_format(base, kinds) if kinds else base))
        return runs

    def table_layout(self, rows: Sequence[Block]) -> tuple[list[QTextOption.Tab], float]:
        """Tab stops for consecutive table rows, and a hanging indent (0 for none).

        A table that fits the column gets one stop per column. A wider one keeps
        only its first column aligned and hangs the rest of each row beside it, so
        wrapped cells stay readable instead of jumping between stops.
        """
        from PySide6.QtGui import QTextOption  # for tables only: not with every article

        font = self.look.font()
        font.setPointSizeF(self.look.points * TABLE_SCALE)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.Bold)
        widths: list[float] = []
        for row in rows:
            metrics = QFontMetricsF(bold if row.header else font)
            for i, cell in enumerate(row.text.split("\t")):
                w = metrics.horizontalAdvance(cell)
                if i >= len(widths):
                    widths.append(w)
                else:
                    widths[i] = max(widths[i], w)
        gap = 1.2 * self.em
        room = self.look.column_width()
        if len(widths) < 2:
            return [], 0.0
        if sum(widths) + gap * (len(widths) - 1) <= room:
            tabs, x = [], 0.0
            for w in widths[:-1]:
                x += w + gap
                tabs.append(QTextOption.Tab(x, QTextOption.TabType.LeftTab))
            return tabs, 0.0
        hang = min(widths[0], 0.3 * room) + gap
        return [QTextOption.Tab(hang, QTextOption.TabType.LeftTab)], hang

    # -- building --------------------------------------------------------------

    def build(self, doc: QTextDocument, blocks: Sequence[Block]) -> None:
        """Fill an empty document with the blocks."""
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.look.font())
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        lists: dict[int, tuple[bool, object]] = {}  # level -> (ordered, QTextList)
        tabs: list[QTextOption.Tab] = []
        hang = 0.0
        option = doc.defaultTextOption()
        option.setTabStopDistance(2 * self.em)  # tabs past the last stop: a clear gap
        doc.setDefaultTextOption(option)
        for i, block in enumerate(blocks):
            prev = blocks[i - 1] if i else None
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            bf = self.block_format(block, prev, nxt)
            if block.kind == "table_row":
                if prev is None or prev.kind != "table_row":
                    tabs, hang = self.table_layout(_run(blocks, i, "table_row"))
                bf.setTabPositions(tabs)
                if hang:
                    bf.setLeftMargin(hang)
                    bf.setTextIndent(-hang)
            cf = self.char_format(block)
            if i == 0:
                cursor.setBlockFormat(bf)
                cursor.setBlockCharFormat(cf)
            else:
                cursor.insertBlock(bf, cf)
            if block.kind == "list_item":
                self._join_list(cursor, block, lists)
            else:
                lists.clear()
            for a, b, fmt in self.pieces(block):
                cursor.insertText(block.text[a:b], fmt)
        cursor.endEditBlock()

    def _join_list(self, cursor: QTextCursor, block: Block, lists: dict) -> None:
        level = max(1, block.level)
        for deeper in [k for k in lists if k > level]:
            del lists[deeper]
        current = lists.get(level)
        if current is not None and current[0] == block.ordered:
            current[1].add(cursor.block())
            return
        fmt = QTextListFormat()
        fmt.setIndent(level)
        if block.ordered:
            fmt.setStyle(QTextListFormat.Style.ListDecimal)
        else:
            fmt.setStyle(_BULLETS[(level - 1) % len(_BULLETS)])
        lists[level] = (block.ordered, cursor.createList(fmt))


def _mostly_cjk(text: str) -> bool:
    if not text or text.isascii():
        return False
    return len(_cjk().findall(text)) * 3 > len(text)


@functools.cache
def _cjk() -> re.Pattern:
    """Compiled on first use: its big character set takes 3 ms to compile, at startup else."""
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _run(blocks: Sequence[Block], i: int, kind: str) -> list[Block]:
    end = i
    while end < len(blocks) and blocks[end].kind == kind:
        end += 1
    return list(blocks[i:end])


def _mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() * (1 - t) + cb.red() * t),
        round(ca.green() * (1 - t) + cb.green() * t),
        round(ca.blue() * (1 - t) + cb.blue() * t),
    )


def build_document(
    doc: QTextDocument,
    blocks: Sequence[Block],
    look: Look,
    pictures: Mapping[str, PictureUse] | None = None,
    column: float = 0.0,
) -> Builder:
    """Clear ``doc`` and build the blocks into it; return the builder for later repaints.

    ``pictures``: the article's pictures by digest (their stored sizes lay them out in a
    ``column`` this wide); an image block whose picture is not among them shows its alt
    text with a marker, as a picture that never came."""
    doc.clear()
    builder = Builder(look, pictures, column)
    builder.build(doc, blocks)
    return builder
