"""The whole article as one HTML page (``export --format html --full``): every block, its
pictures written into the page as ``data:`` URIs, captions under them, highlights marked
in their colours and each note beside the passage it belongs to.

The page stands alone: it names no file and no address to load (its Content-Security-Policy
allows inline pictures and the inline style sheet, nothing else), links go only to http(s)
and mailto addresses, and every character of the article is escaped. The summary's
highlights decide what is marked: an orphaned one (its text no longer at its place) is
listed at the end instead.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from reader.core.document import Block
from reader.core.exporting.atomic import atomic_write
from reader.core.exporting.files import safe_filename
from reader.core.exporting.html import CSP as SUMMARY_CSP
from reader.core.exporting.html import style
from reader.core.exporting.summary import ArticleSource, Summary, now_utc, summarize
from reader.core.models import Highlight, PictureUse

CSP = SUMMARY_CSP  # pictures as data: URIs, the inline style sheet, nothing else
Pictures = Mapping[str, tuple[str, bytes]]  # digest -> (media type, bytes)

_EXTRA_STYLE = """\
figure { margin: 1.6em 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
figcaption, .caption { font-size: .88em; color: #555; margin-top: .4em; }
.missing { color: #777; font-style: italic; }
mark { background: var(--bg, #fff3a0); color: inherit; border-radius: 2px; }
mark.hl-underline { background: none; text-decoration: underline;
  text-decoration-color: var(--accent, #999); text-decoration-thickness: 2px; }
aside.note { margin: .3em 0 1em 1.2em; padding: .2em .8em; font-size: .92em;
  border-left: 3px solid var(--accent, #999); color: #333; }
table { border-collapse: collapse; } td, th { padding: .2em .6em; border: 1px solid #ddd; }
"""
_SPAN_TAGS = {"bold": "strong", "italic": "em", "code": "code"}


def render_whole(summary: Summary, blocks: Sequence[Block], pictures: Pictures) -> str:
    """The page for one article (``blocks``: its stored blocks, whose text joined by
    newlines is the canonical text the summary's highlights point into)."""
    body = _Body(summary, pictures).render(blocks)
    meta = [summary.author, summary.site, summary.published]
    byline = " · ".join(escape(m) for m in meta if m)
    if summary.url and _safe(summary.url):
        link = f'<a href="{escape(summary.url)}">{escape(summary.url)}</a>'
        byline = f"{byline} · {link}" if byline else link
    note = f'<section class="article-note"><h2>Note</h2>{_paras(summary.note)}</section>'
    title = escape(summary.title or "Untitled")
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="Article Reader">\n'
        f'<meta name="article-reader-id" content="{summary.article_id}">\n'
        f"<title>{title}</title>\n<style>\n{style()}{_EXTRA_STYLE}</style>\n"
        "</head>\n<body>\n<main>\n"
        f'<article id="article-{summary.article_id}">\n<h1>{title}</h1>\n'
        + (f'<p class="byline">{byline}</p>\n' if byline else "")
        + (note + "\n" if summary.note.strip() else "")
        + body
        + "</article>\n</main>\n"
        f"<footer>Exported {escape(summary.exported_at)} from Article Reader</footer>\n"
        "</body>\n</html>\n"
    )


class _Body:
    def __init__(self, summary: Summary, pictures: Pictures) -> None:
        self.summary = summary
        self.pictures = pictures
        self.anchored = summary.anchored

    def render(self, blocks: Sequence[Block]) -> str:
        out: list[str] = []
        offset = 0
        list_open: str | None = None
        for i, block in enumerate(blocks):
            start, offset = offset, offset + len(block.text) + 1
            tag = ("ol" if block.ordered else "ul") if block.kind == "list_item" else None
            if list_open and tag != list_open:
                out.append(f"</{list_open}>")
                list_open = None
            if tag and not list_open:
                out.append(f"<{tag}>")
                list_open = tag
            if block.kind == "caption" and i and blocks[i - 1].picture in self.pictures:
                out += self.notes_ending_in(start, start + len(block.text))
                continue  # written inside the picture's <figure>
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            out.append(self.block(block, start, following, offset))
            out += self.notes_ending_in(start, start + len(block.text))
        if list_open:
            out.append(f"</{list_open}>")
        if self.summary.orphans:
            out.append("<h2>Orphaned highlights</h2>")
            for h in self.summary.orphans:
                out.append(f'<blockquote class="orphan">{_paras(h.exact)}</blockquote>')
                if h.note.strip():
                    out.append(f'<aside class="note">{_paras(h.note)}</aside>')
        return "\n".join(out) + "\n"

    def block(self, block: Block, start: int, following: Block | None, end_next: int) -> str:
        inner = self.inline(block, start)
        kind = block.kind
        if kind == "heading":
            level = min(6, max(2, block.level + 1))  # the title is the page's <h1>
            return f"<h{level}>{inner}</h{level}>"
        if kind == "list_item":
            return f"<li>{inner}</li>"
        if kind == "quote":
            return f"<blockquote><p>{inner}</p></blockquote>"
        if kind == "code":
            return f"<pre><code>{inner}</code></pre>"
        if kind == "table_row":
            cell = "th" if block.header else "td"
            cells = inner.split("\t")
            return "<table><tr>" + "".join(f"<{cell}>{c}</{cell}>" for c in cells) + "</tr></table>"
        if kind == "rule":
            return "<hr>"
        if kind == "caption":
            return f'<p class="caption">{inner}</p>'
        if kind == "image":
            stored = self.pictures.get(block.picture or "")
            if stored is None:
                return f'<p class="missing">[Picture: {inner}]</p>' if block.text else ""
            media_type, data = stored
            uri = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
            img = f'<img src="{uri}" alt="{escape(block.text)}">'
            caption = ""
            if following is not None and following.kind == "caption":
                caption = f"<figcaption>{self.inline(following, end_next)}</figcaption>"
            alt = f'<p class="caption">{inner}</p>' if block.text and not caption else ""
            return f"<figure>{img}{alt}{caption}</figure>"
        return f"<p>{inner}</p>"

    def inline(self, block: Block, start: int) -> str:
        """The block's text escaped, with its links and styles and the highlights over it."""
        text, end = block.text, start + len(block.text)
        marks = [h for h in self.anchored if h.start < end and h.end > start]
        cuts = {0, len(text)}
        for span in block.spans:
            cuts |= {span.start, span.end}
        for h in marks:
            cuts |= {max(0, h.start - start), min(len(text), h.end - start)}
        points = sorted(cuts)
        out = []
        for a, b in pairwise(points):
            piece = escape(text[a:b])
            for span in block.spans:
                if span.start <= a and b <= span.end and span.kind in _SPAN_TAGS:
                    tag = _SPAN_TAGS[span.kind]
                    piece = f"<{tag}>{piece}</{tag}>"
            for h in marks:
                if h.start - start <= a and b <= h.end - start:
                    piece = _mark(h, piece, first=h.start - start == a)
            for span in block.spans:
                if span.kind == "link" and span.start <= a and b <= span.end and _safe(span.href):
                    piece = f'<a href="{escape(span.href or "")}">{piece}</a>'
            out.append(piece)
        return "".join(out)

    def notes_ending_in(self, start: int, end: int) -> list[str]:
        return [
            f'<aside class="note {_colour_class(h)}">{_paras(h.note)}</aside>'
            for h in self.anchored
            if h.note.strip() and start <= h.end - 1 <= end  # its last character is here
        ]


def _mark(h: Highlight, piece: str, *, first: bool) -> str:
    classes = _colour_class(h) + (" hl-underline" if h.style == "underline" else "")
    anchor = f' id="h-{escape(h.id)}"' if first else ""
    return f'<mark class="{classes}"{anchor}>{piece}</mark>'


def _colour_class(h: Highlight) -> str:
    return f"hl-{h.colour}" if h.colour.isalpha() and h.colour.islower() else "hl-yellow"


def _safe(url: str | None) -> bool:
    if not url:
        return False
    try:
        return urlsplit(url).scheme.lower() in ("http", "https", "mailto")
    except ValueError:
        return False


def _paras(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())


class _Pictures(Protocol):
    def of(self, article_id: int) -> list[PictureUse]: ...

    def data(self, digest: str) -> bytes | None: ...


class PictureSource(ArticleSource, Protocol):
    """The ``Library`` parts a whole-article export reads (described, not imported)."""

    @property
    def pictures(self) -> _Pictures: ...


def whole_article(library: PictureSource, article_id: int, exported_at: str | None = None):
    """(summary, page) of one article of ``library``, its pictures read from it."""
    article = library.articles.get(article_id)
    summary = summarize(article, library.highlights.of(article_id), exported_at or now_utc())
    pictures: dict[str, tuple[str, bytes]] = {}
    for use in library.pictures.of(article_id):
        data = library.pictures.data(use.digest)
        if data is not None:
            pictures[use.digest] = (use.media_type, data)
    return summary, render_whole(summary, article.blocks, pictures)


def write_whole(
    library: PictureSource,
    article_ids: Sequence[int],
    folder: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """One whole-article page per article in ``folder`` (``<title> (full).html``),
    replaced on re-export; the paths written. ``progress(done, total)`` is told before
    each article; when ``cancelled()`` says so, no more are written."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now_utc()
    written = []
    for done, article_id in enumerate(article_ids):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(article_ids))
        summary, page = whole_article(library, article_id, stamp)
        path = folder / safe_filename(summary.title, "html", article_id, suffix=" (full)")
        atomic_write(path, page)
        written.append(path)
    return written
