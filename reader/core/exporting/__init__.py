"""Exporting annotated articles: Markdown, HTML, W3C Web Annotation JSON-LD, Readwise CSV.

One summary model feeds one renderer per format; each renderer is a pure
function from a :class:`Summary` to a string::

    from reader.core.exporting import summarize, render, write_files

    summary = summarize(article, library.highlights.of(article.id))
    print(render(summary, "md"))                 # one article
    write_files([summary], "md", "~/Notes/Reading")  # one file per article, updated in place

Modules: ``summary`` (the model), ``markdown``, ``html``, ``w3c``,
``readwise_csv`` (one per format), ``templating`` (Markdown through Jinja2
templates), ``formats`` (the registry), ``files`` (safe names, atomic writes,
updating files in place), ``manifest`` (which file is whose; the user's section).
"""

from reader.core.exporting.files import atomic_write, safe_filename, write_files
from reader.core.exporting.formats import FORMATS, ExportFormat, get_format, render, render_many
from reader.core.exporting.summary import ExportHighlight, Summary, summarize
from reader.core.exporting.templating import TemplateError

__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportHighlight",
    "Summary",
    "TemplateError",
    "atomic_write",
    "get_format",
    "render",
    "render_many",
    "safe_filename",
    "summarize",
    "write_files",
]
