"""Markdown export through Jinja2 templates: the shipped default, or the user's own.

``render(summary, template)`` renders one article. The default template
(``templates/default.md.j2``, shipped in the package) is the Markdown export: no
other code writes it. A user's templates live in
``<user config folder>/templates/`` (``default.md.j2`` there replaces the
shipped one; other names are chosen with ``--template NAME``), or anywhere, by
path (``--template FILE``).

Templates run in Jinja2's sandbox (no attribute access to Python internals,
no file or network access). Every ``{{ ... }}`` is escaped as one line of
Markdown unless it comes through a filter that makes Markdown (``quote``,
``paragraphs``, ``yaml``, ``tags``, ``link`` ...) or is marked ``| raw``: a
title or note can never inject syntax. A template error raises
:class:`TemplateError` naming the file, the line and the problem.

Jinja2 is imported on first use, so the window starts without it.
"""

from __future__ import annotations

import os
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

from reader.core.exporting import markdown as md
from reader.core.exporting.summary import Summary
from reader.core.links import article_link
from reader.core.paths import config_dir, shipped

TEMPLATE_SUFFIX = ".md.j2"
DEFAULT_NAME = "default" + TEMPLATE_SUFFIX
SHIPPED = shipped("core", "exporting", "templates", DEFAULT_NAME)  # in the package


class TemplateError(ValueError):
    """A template that cannot be found, parsed or rendered; the message names file and line."""


class Markdown(str):
    """Text that is already Markdown: the template's output escapes everything else."""


def user_template_dir() -> Path:
    """Where a user's own templates live: ``templates/`` in the user config folder."""
    return config_dir() / "templates"


def resolve(template: str | os.PathLike[str] | None = None) -> Path:
    """The template file to use.

    ``None``: the user's ``default.md.j2`` if there is one, else the shipped
    default. A path to an existing file: that file. A name: that template in
    the user's template folder (the ``.md.j2`` may be left out).
    """
    folder = user_template_dir()
    if template is None or str(template) == "":
        user_default = folder / DEFAULT_NAME
        return user_default if user_default.is_file() else SHIPPED
    path = Path(template).expanduser()
    if path.is_file():
        return path.resolve()
    name = str(template)
    if os.sep not in name and "/" not in name:
        for candidate in (folder / name, folder / (name + TEMPLATE_SUFFIX)):
            if candidate.is_file():
                return candidate
        if name in ("default", DEFAULT_NAME):
            return SHIPPED
    raise TemplateError(
        f"template {template}: no such file, and no template of that name in {folder} "
        f"(give a path to a {TEMPLATE_SUFFIX} file, or put one in that folder)"
    )


# Filters: each returns Markdown, so the output is not escaped a second time.


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _filters() -> dict[str, Any]:
    return {
        "md": lambda v: Markdown(md.inline(_text(v))),
        "quote": lambda v: Markdown(md.quote(_text(v))),
        "paragraphs": lambda v: Markdown(md.paragraphs(_text(v))),
        "yaml": lambda v: Markdown(md.yaml_str(_text(v))),
        "tag": lambda v: Markdown(md.obsidian_tag(_text(v))),
        "tags": lambda v: Markdown(" ".join("#" + t for t in md.obsidian_tags(list(v or ())))),
        "tag_list": lambda v: [Markdown(t) for t in md.obsidian_tags(list(v or ()))],
        "link": lambda v: Markdown(md.link_destination(_text(v)) or ""),
        "raw": lambda v: Markdown(_text(v)),
    }


def _finalize(value: Any) -> Any:
    """Every ``{{ ... }}``: Markdown as it is, anything else escaped as one line."""
    if value is None:
        return ""
    if isinstance(value, Markdown | bool | int | float):
        return value
    return md.inline(str(value))


@lru_cache(maxsize=16)
def _compiled(path: str, mtime_ns: int):
    """The template at ``path``; ``mtime_ns`` makes an edited file compile again."""
    # deferred: jinja2 (~40 ms), on the first Markdown export
    from jinja2 import FileSystemLoader, StrictUndefined, TemplateSyntaxError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(Path(path).parent)),
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(_filters())
    try:
        return env.get_template(Path(path).name)
    except TemplateSyntaxError as e:
        raise TemplateError(f"{e.filename or path}, line {e.lineno}: {e.message}") from e
    except UnicodeDecodeError as e:
        raise TemplateError(f"{path}: not UTF-8 text ({e.reason})") from e


def load(template: str | os.PathLike[str] | None = None):
    """The compiled template (checked for syntax); raises :class:`TemplateError`."""
    path = resolve(template)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as e:
        raise TemplateError(f"{path}: cannot read the template ({e.strerror or e})") from e
    return _compiled(str(path), mtime)


def context(summary: Summary, *, standalone: bool = True) -> dict[str, Any]:
    """Every field a template receives (see the README's "Templates" table): the one
    place a summary becomes plain values. An orphan has no start, end or position."""
    aid = summary.article_id
    places = {h.id: summary.location_of(h).label for h in summary.highlights}
    items = [
        {
            "id": h.id,
            "number": number,
            "text": h.exact,
            "exact": h.exact,
            "note": h.note,
            "colour": h.colour,
            "color": h.colour,
            "style": h.style,
            "tags": list(h.tags),
            "start": None if h.orphaned else h.start,
            "end": None if h.orphaned else h.end,
            "position": None if h.orphaned else h.start,
            "prefix": h.prefix,
            "suffix": h.suffix,
            "created": h.created_at,
            "updated": h.updated_at,
            "orphaned": h.orphaned,
            "link": Markdown(md.deep_link(aid, h.id)),
            "block_id": Markdown(md.block_id(h.id)),
            "meta": Markdown(md.meta_line(h, aid, places[h.id])),
            "location": places[h.id],
            "pictures": [
                {
                    "path": f"attachments/{p.file_name}",
                    "alt": p.alt,
                    "markdown": Markdown(f"![{md.inline(p.alt)}](attachments/{p.file_name})"),
                }
                for p in summary.pictures_of(h.id)
            ],
        }
        for number, h in enumerate(summary.highlights, 1)
    ]
    article = {
        "id": summary.article_id,
        "title": summary.title,
        "author": summary.author,
        "url": summary.url,
        "site": summary.site,
        "published": summary.published,
        "added": summary.added_at,
        "tags": list(summary.tags),
        "note": summary.note,
        "link": Markdown(article_link(summary.article_id)),
        "byline": Markdown(md.byline(summary)),
        "length": summary.text_length,
    }
    return {
        "article": article,
        "highlights": items,
        "anchored": [h for h in items if not h["orphaned"]],
        "orphans": [h for h in items if h["orphaned"]],
        "exported": summary.exported_at,
        "standalone": standalone,
        "my_notes": Markdown(md.MY_NOTES),
        "orphans_intro": Markdown(md.ORPHANS_INTRO),
    }


def render(
    summary: Summary, template: str | os.PathLike[str] | None = None, *, standalone: bool = True
) -> str:
    """One article rendered through ``template`` (default: see :func:`resolve`)."""
    compiled = load(template)
    try:
        return compiled.render(context(summary, standalone=standalone))
    except TemplateError:
        raise
    except Exception as e:
        raise TemplateError(_runtime_message(compiled.filename, e)) from e


def render_many(summaries: list[Summary], template: str | os.PathLike[str] | None = None) -> str:
    """Several articles in one document: front matter is only valid once, so none is
    written; one article gives exactly ``render(summary)``."""
    if len(summaries) == 1:
        return render(summaries[0], template)
    return "\n* * *\n\n".join(render(s, template, standalone=False) for s in summaries)


def _runtime_message(filename: str | None, error: Exception) -> str:
    """``file, line N: problem`` for an error raised while a template ran."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if filename and frame.filename == filename:
            line = frame.lineno
    where = f"{filename}, line {line}" if line else str(filename)
    return f"{where}: {type(error).__name__}: {error}"
