"""The pieces of the Markdown export: escaping, front matter values, tags, block ids, links.

The export itself is rendered by one Jinja2 template (``templates/default.md.j2``, through
``templating``), whose filters are the functions here; the HTML export builds its
Markdown from them too. A file looks like this::

    ---
    title: "On Reading: a Guide"
    author: "Jane Doe"
    url: "https://example.com/reading"
    site: "example.com"
    published: "2020-01-01"
    exported: "2024-05-01T12:00:00Z"
    tags:
      - "books"
    article_reader_id: 12
    ---

    # On Reading: a Guide

    Source: [example.com](https://example.com/reading) · by Jane Doe · Tags: #books

    ## Note

    The article's note.

    ## Highlights

    > The highlighted passage; every line of it
    >
    > quoted.

    ^h-0b5e6c1e-3c3f-4a59-9d8f-2f1b1c9d7a10

    — yellow · #idea #to-read · [open](article-reader://open?article=12&highlight=0b5e...)

    The highlight's note.

    ## Orphaned highlights

    ...

    ## My notes

    (the reader's own writing: a folder export keeps everything from this line on)

Decisions:

- Front matter values are always YAML double-quoted strings (any title is valid
  YAML that way); the id is a plain integer. Empty values are left out.
- ``^h-<id>`` stands on its own line right after the block quote: Obsidian's
  way to give a quote a block id, so ``[[Note#^h-...]]`` links survive later
  exports of the same article.
- The colour (and the style, when it is not a plain highlight) and the tags
  go on one line after the quote: ``— yellow · #tag``. Tags become Obsidian
  tags (spaces to ``-``, only letters, digits, ``_``, ``-`` and ``/`` kept) in
  that line and in the front matter. The line ends with the highlight's deep
  link (``links.highlight_link``), which opens it in Article Reader.
- A file ends with an empty ``## My notes`` section (``MY_NOTES``): a re-export
  into a folder keeps everything from that line on byte for byte (``exporting.manifest``).
- Highlighted text and notes are plain text, not Markdown: characters that
  Markdown or Obsidian would read as syntax are escaped so the rendering shows
  exactly what was highlighted, with backslashes where both Python-Markdown and
  CommonMark honour them and character references elsewhere. Each line of the
  canonical text (one article block) is its own paragraph inside the quote.
  Control characters and trailing white space are dropped; leading white
  space is written as character references so it cannot make a code block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from reader.core.exporting.summary import Summary
from reader.core.links import highlight_link
from reader.core.models import Highlight

MY_NOTES = "## My notes"

# Every line break Python or Unicode knows becomes "\n"; other controls go.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

# Inline syntax. Backslash escapes only for characters Python-Markdown escapes
# too (its ESCAPED_CHARS); the rest become character references.
_INLINE = re.compile(
    r"[\\`*_\[\]#]"  # emphasis, code, links, wikilinks, headings and Obsidian tags
    r"|<"  # raw HTML and autolinks
    r"|&(?=[#A-Za-z0-9])"  # would start a character reference
    r"|[$^|]"  # Obsidian math, block ids and inline footnotes, tables
    r"|={2,}|~{2,}|%{2,}"  # Obsidian ==highlight==, ~~strike~~ and fences, %%comments%%
)
_REFERENCES = {"<": "&lt;", "&": "&amp;", "$": "&#36;", "^": "&#94;", "|": "&#124;"}
_LINE_START = re.compile(r"[>+\-=~]|[0-9]+(?=[.)])")
_EDGE_SPACE = {" ": "&#32;", "\t": "&#9;"}


def _inline_escape(match: re.Match[str]) -> str:
    s = match.group()
    if s in _REFERENCES:
        return _REFERENCES[s]
    if s[0] in "=~%":
        return "".join(f"&#{ord(ch)};" for ch in s)
    return "\\" + s


def _line_start_escape(match: re.Match[str]) -> str:
    s = match.group()
    if s.isdigit():  # "1." or "1)": escape the delimiter, not the number
        return s + "\\"
    if s in "=~":
        return f"&#{ord(s)};"
    return "\\" + s


def plain_text(text: str) -> str:
    """``text`` with line breaks made ``"\\n"`` and other control characters removed."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", text))


def escape_line(line: str) -> str:
    """One line of plain text as Markdown that renders as exactly that text.

    Leading spaces and tabs are written as character references (indentation
    would make a code block); trailing ones are dropped, as rendering would.
    """
    body = line.strip(" \t")
    if not body:
        return ""
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    escaped = _INLINE.sub(_inline_escape, body)
    start = _LINE_START.match(escaped)
    if start:  # block syntax ("# ", "> ", "- ", "1. ", "===") only counts at a line's start
        escaped = _line_start_escape(start) + escaped[start.end() :]
    return "".join(_EDGE_SPACE[ch] for ch in lead) + escaped


def inline(text: str) -> str:
    """A one-line field (title, author, ...) escaped; line breaks become spaces."""
    return escape_line(" ".join(plain_text(text).split("\n")).strip())


def quote(text: str) -> str:
    """``text`` as a block quote: each non-empty line a paragraph, every line prefixed."""
    lines = [escape_line(line) for line in plain_text(text).split("\n")]
    return "\n>\n".join(f"> {line}" for line in lines if line) or ">"


def paragraphs(text: str) -> str:
    """A note as Markdown paragraphs: blank lines separate paragraphs, as typed."""
    out: list[str] = []
    for line in plain_text(text).split("\n"):
        if line.strip():
            out.append(escape_line(line))
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip("\n")


def obsidian_tag(tag: str) -> str:
    """``tag`` in Obsidian's tag syntax (without ``#``); empty when nothing is left."""
    tag = re.sub(r"\s+", "-", plain_text(tag).strip())
    tag = re.sub(r"[^\w/-]", "", tag)
    # An underscore not between letters or digits could open or close emphasis.
    tag = re.sub(r"(?<![^\W_])_+|_+(?![^\W_])", "-", tag)
    return re.sub(r"-{2,}", "-", tag).strip("/-")


def obsidian_tags(tags: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(t for t in map(obsidian_tag, tags) if t))


def block_id(highlight_id: str) -> str:
    """The Obsidian block id of a highlight (letters, digits and dashes only)."""
    return "h-" + re.sub(r"[^A-Za-z0-9-]", "-", highlight_id)


# Printable in both YAML 1.1 and 1.2, minus the quote and the backslash.
_YAML_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_YAML_SAFE = re.compile(f'[^{_YAML_PRINTABLE}]|["\\\\]')
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"}


def _yaml_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _YAML_ESCAPES:
        return _YAML_ESCAPES[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def yaml_str(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, valid for YAML 1.1 and 1.2 readers.

    Anything outside the printable set both versions agree on (controls,
    U+2028/U+2029, which YAML 1.1 reads as line breaks, the BOM) is escaped.
    """
    return '"' + _YAML_SAFE.sub(_yaml_escape, value) + '"'


_FRONT_MATTER = re.compile(r"---\r?\n(.*?\r?\n)---\r?\n", re.S)
_ID_LINE = re.compile(r"^article_reader_id:[ \t]*(\d+)[ \t]*\r?$", re.M)


def article_id_of(text: str) -> int | None:
    """The ``article_reader_id`` in a Markdown file's front matter, if it has one."""
    fm = _FRONT_MATTER.match(text.removeprefix("\ufeff"))
    found = _ID_LINE.search(fm.group(1)) if fm else None
    return int(found.group(1)) if found else None


def link_destination(url: str) -> str | None:
    """``url`` made safe inside ``[...](...)``; ``None`` unless it is http(s)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return re.sub(r"[\x00-\x20\x7f<>()\"\\`]", lambda m: f"%{ord(m.group()):02X}", url.strip())


def byline(summary: Summary) -> str:
    """Source link, author, date and tags on one line (empty when there are none)."""
    items = []
    dest = link_destination(summary.url) if summary.url else None
    if dest:
        items.append(f"Source: [{inline(summary.site or summary.url or '')}]({dest})")
    elif summary.site or summary.url:
        items.append("Source: " + inline(summary.site or summary.url or ""))
    if summary.author:
        items.append("by " + inline(summary.author))
    if summary.published:
        items.append("published " + inline(summary.published))
    tags = obsidian_tags(summary.tags)
    if tags:
        items.append("Tags: " + " ".join("#" + t for t in tags))
    return " · ".join(items)


def deep_link(article_id: int, highlight_id: str) -> str:
    """The highlight's ``article-reader://`` link (its id percent-encoded, so safe in ``(...)``)."""
    return highlight_link(article_id, highlight_id)


def meta_line(highlight: Highlight, article_id: int | None = None, where: str = "") -> str:
    """``— p. 12 · yellow · #tag1 #tag2 · [open](article-reader://...)``.

    ``where`` is the highlight's chapter or page in a book or a PDF (left out when
    empty). The style follows the colour unless it is "highlight"; the deep link opens
    the highlight in Article Reader (left out when no article id is given).
    """
    look = inline(highlight.colour or "yellow")
    if highlight.style and highlight.style != "highlight":
        look += " " + inline(highlight.style)
    if where:
        look = inline(where) + " · " + look
    tags = obsidian_tags(highlight.tags)
    line = "— " + look + (" · " + " ".join("#" + t for t in tags) if tags else "")
    if article_id is not None:
        line += f" · [open]({deep_link(article_id, highlight.id)})"
    return line


ORPHANS_INTRO = "These passages are no longer found in the article's current text."
