"""The export formats by key, and rendering one or several summaries in one of them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reader.core.exporting import html, markdown, readwise_csv, templating, w3c
from reader.core.exporting.summary import Summary

Template = str | os.PathLike[str] | None


@dataclass(frozen=True)
class ExportFormat:
    """One export format.

    ``render`` makes the file for one article; ``render_many`` one document for
    several (for standard output), equal to ``render`` for a single article.
    Both use ``Summary.exported_at`` verbatim or not at all, so that a file
    differing only in that stamp can be recognised (see ``write_files``).
    ``belongs_to(text, summary)`` tells whether an existing file is this
    article's export; ``article_id_of(text)``, where the format records the
    article id, finds a file again after the title (and so its name) changed.
    """

    key: str
    label: str
    extension: str
    media_type: str
    render: Callable[[Summary], str]
    render_many: Callable[[Sequence[Summary]], str]
    belongs_to: Callable[[str, Summary], bool]
    article_id_of: Callable[[str], int | None] | None = None
    templated: bool = False  # renders through a Jinja2 template (``templating``)
    keeps_user_section: bool = False  # a re-export keeps the "## My notes" section


def _md(template: Template) -> tuple[Callable, Callable]:
    return (
        lambda summary: templating.render(summary, template),
        # On standard output there is no attachments folder: no picture links.
        lambda summaries: templating.render_many(
            [replace(s, pictures=()) for s in summaries], template
        ),
    )


def _by_id(read: Callable[[str], int | None]) -> Callable[[str, Summary], bool]:
    return lambda text, summary: read(text) == summary.article_id


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat(
        "md",
        "Markdown",
        "md",
        "text/markdown; charset=utf-8",
        *_md(None),
        _by_id(markdown.article_id_of),
        markdown.article_id_of,
        templated=True,
        keeps_user_section=True,
    ),
    "html": ExportFormat(
        "html",
        "HTML",
        "html",
        "text/html; charset=utf-8",
        html.render,
        html.render_many,
        _by_id(html.article_id_of),
        html.article_id_of,
    ),
    "jsonld": ExportFormat(
        "jsonld",
        "W3C Web Annotation (JSON-LD)",
        "jsonld",
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        w3c.render,
        w3c.render_many,
        _by_id(w3c.article_id_of),
        w3c.article_id_of,
    ),
    "csv": ExportFormat(
        "csv",
        "Readwise CSV",
        "csv",
        "text/csv; charset=utf-8",
        readwise_csv.render,
        readwise_csv.render_many,
        readwise_csv.belongs_to,
    ),
}


def get_format(fmt: str, template: Template = None) -> ExportFormat:
    """The format ``fmt``; for Markdown, rendering through ``template`` (a name or a file).

    The template is checked (found and parsed) here, so a bad one fails before
    anything is written. Other formats have no template and refuse one.
    """
    try:
        spec = FORMATS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown export format {fmt!r} (use one of {known})") from None
    if template is None or str(template) == "":
        return spec
    if not spec.templated:
        raise ValueError(f"the {spec.label} export takes no template (templates are for md)")
    templating.load(template)
    render_one, render_several = _md(template)
    return replace(spec, render=render_one, render_many=render_several)


def render(summary: Summary, fmt: str, template: Template = None) -> str:
    """The export of one article in format ``fmt`` ("md", "html", "jsonld" or "csv")."""
    return get_format(fmt, template).render(summary)


def render_many(summaries: Sequence[Summary], fmt: str, template: Template = None) -> str:
    """Several articles as one document (Markdown: bodies one after another;
    HTML: one page; JSON-LD: one collection; CSV: one table)."""
    return get_format(fmt, template).render_many(list(summaries))
