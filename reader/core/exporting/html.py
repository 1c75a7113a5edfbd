"""HTML export: the Markdown export's body rendered, sanitised, and wrapped in a page.

The body is the Markdown export's (title, byline, note, each highlight's quote,
colour, tags and note, written with the same escaping helpers), with each
highlight wrapped for md_in_html instead of carrying an Obsidian block id. The
``markdown`` package renders it (each highlight a ``<div class="highlight
hl-<colour>">`` with ``id="h-<id>"``), then it is sanitised with nh3 against an allowlist: no
scripts, no event handlers, no images, links only http(s), mailto and the app's own deep links
(``article-reader:``). The page
around it is fixed markup: UTF-8, a Content-Security-Policy that allows
nothing but the inline style sheet, and that style sheet, which paints each
colour class. The heavy packages are imported on first use.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Sequence
from html import escape

from reader.core.dates import locale_date
from reader.core.exporting import markdown as md_export
from reader.core.exporting.palette import PALETTE
from reader.core.exporting.summary import Summary
from reader.core.models import Highlight

CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'"
)

_TAGS = {"h1", "h2", "h3", "p", "br", "blockquote", "a", "em", "strong", "code", "hr", "div"}
_CLASSES = {"highlight", "hl-underline", "orphan"} | {f"hl-{c}" for c in PALETTE}

_STYLE = """\
body { font: 17px/1.55 Georgia, "Iowan Old Style", serif; max-width: 42em;
  margin: 2em auto; padding: 0 1em; color: #222; background: #fdfdfb; }
h1, h2 { font-family: system-ui, sans-serif; line-height: 1.25; }
h2 { font-size: 1.1em; margin-top: 2em; color: #555; }
a { color: #1a5fb4; }
.highlight { margin: 1.5em 0; }
.highlight blockquote { margin: 0 0 .4em; padding: .3em .9em;
  border-left: 4px solid var(--accent, #999); background: var(--bg, #f2f2f2); }
.highlight blockquote p { margin: .3em 0; }
.highlight > p { margin: .3em 0 .3em 1.1em; }
.hl-underline blockquote { background: none; text-decoration: underline;
  text-decoration-color: var(--accent, #999); text-decoration-thickness: 2px; }
.orphan blockquote { border-left-style: dashed; }
article + article { border-top: 1px solid #ddd; margin-top: 3em; }
footer { margin-top: 3em; color: #777; font-size: .85em; }
"""


def style() -> str:
    """The page's style sheet: the layout and one class per highlight colour."""
    colours = "".join(
        f".hl-{name} {{ --bg: {bg}; --accent: {accent}; }}\n"
        for name, (bg, accent) in PALETTE.items()
    )
    return _STYLE + colours


def sanitise(fragment: str) -> str:
    """``fragment`` with everything but the allowlisted structure removed."""
    import nh3  # deferred: only an HTML export sanitises

    return nh3.clean(
        fragment,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}, "div": {"id"}},
        allowed_classes={"div": _CLASSES},
        url_schemes={"http", "https", "mailto", "article-reader"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _highlight_markdown(
    highlight: Highlight, article_id: int, pictures: Sequence[str] = (), where: str = ""
) -> str:
    """One highlight as Markdown: quote, its pictures' stand-ins (``pictures``: a paragraph
    each, replaced after sanitising), colour and tags, note, in a ``<div markdown="1">``
    (Python-Markdown's md_in_html) carrying its classes and an ``id`` for links."""
    parts = [md_export.quote(highlight.exact), *pictures]
    parts.append(md_export.meta_line(highlight, article_id, where))
    if highlight.note.strip():
        parts.append(md_export.paragraphs(highlight.note))
    classes = ["highlight"]
    if re.fullmatch(r"[a-z]+", highlight.colour or ""):
        classes.append("hl-" + highlight.colour)
    if highlight.style == "underline":
        classes.append("hl-underline")
    if highlight.orphaned:
        classes.append("orphan")
    attrs = f'class="{" ".join(classes)}" id="{md_export.block_id(highlight.id)}"'
    return f'<div {attrs} markdown="1">\n\n' + "\n\n".join(parts) + "\n\n</div>"


def _markdown(summary: Summary, figures: dict[str, str] | None = None) -> str:
    """The article's Markdown for the page: what the Markdown export holds below its front
    matter, with the highlights wrapped as above. ``figures`` gathers each picture's
    stand-in (a word no text can hold: it has a fresh random part) and its markup."""
    figures = {} if figures is None else figures
    nonce = secrets.token_hex(8)

    def stand_ins(h: Highlight) -> list[str]:
        found = []
        for picture in summary.pictures_of(h.id):
            token = f"picture{nonce}x{len(figures)}"
            uri = f"data:{picture.media_type};base64,{base64.b64encode(picture.data).decode()}"
            figures[token] = f'<figure><img src="{uri}" alt="{escape(picture.alt)}"></figure>'
            found.append(token)
        return found

    parts = ["# " + (md_export.inline(summary.title) or "Untitled")]
    line = md_export.byline(summary)
    if line:
        parts.append(line)
    if summary.note.strip():
        parts += ["## Note", md_export.paragraphs(summary.note)]
    aid = summary.article_id
    if summary.anchored:
        parts.append("## Highlights")
        parts += [
            _highlight_markdown(h, aid, stand_ins(h), summary.location_of(h).label)
            for h in summary.anchored
        ]
    if summary.orphans:
        parts += ["## Orphaned highlights", md_export.ORPHANS_INTRO]
        parts += [_highlight_markdown(h, aid) for h in summary.orphans]
    return "\n\n".join(parts) + "\n"


def article_html(summary: Summary) -> str:
    """One article's section: its Markdown body rendered and sanitised."""
    import markdown  # deferred: ~20 ms, only an HTML export renders Markdown

    figures: dict[str, str] = {}
    rendered = markdown.markdown(_markdown(summary, figures), extensions=["md_in_html"])
    body = sanitise(rendered)
    for token, figure in figures.items():  # the pictures, after sanitising: data: URIs only
        body = body.replace(f"<p>{token}</p>", figure)
    return f'<article id="article-{summary.article_id}">\n{body}\n</article>'


def render_many(summaries: Sequence[Summary]) -> str:
    """One HTML page holding every article; one article gives ``render(summary)``."""
    if len(summaries) == 1:
        title = summaries[0].title or "Untitled"
        owner = f'<meta name="article-reader-id" content="{summaries[0].article_id}">\n'
    else:
        title = f"Highlights from {len(summaries)} articles"
        owner = ""
    exported = max((s.exported_at for s in summaries), default="")
    day = locale_date(exported)  # as the window writes dates: the reader's locale
    footer = f"Exported {escape(day)} from Article Reader" if exported else "Article Reader"
    articles = "\n".join(article_html(s) for s in summaries) or "<p>No articles.</p>"
    return (
        "<!DOCTYPE html>\n"
        "<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="Article Reader">\n'
        f"{owner}"
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{style()}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{articles}\n"
        "</main>\n"
        f"<footer>{footer}</footer>\n"
        "</body>\n</html>\n"
    )


def render(summary: Summary) -> str:
    """The HTML page for one article."""
    return render_many([summary])


def article_id_of(text: str) -> int | None:
    """The article id an exported page names in its ``article-reader-id`` meta tag."""
    found = re.search(r'<meta name="article-reader-id" content="(\d+)">', text[:65536])
    return int(found.group(1)) if found else None
