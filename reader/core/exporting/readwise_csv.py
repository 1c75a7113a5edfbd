"""Readwise CSV export: the columns of Readwise's bulk highlight import.

Header, exactly: ``Highlight,Title,Author,URL,Note,Location,Date``.

- ``Highlight``: the exact highlighted text, line breaks kept inside the quoted
  field.
- ``Location``: the highlight's number in reading order within its article
  (1, 2, ...; orphans last). Readwise sorts by it; the code-point offset would
  sort the same but means nothing outside Article Reader, and orphans have none.
  A highlight in a PDF has its page number there instead, as Readwise shows it.
- ``Date``: when the highlight was made, in UTC, as ``YYYY-MM-DD HH:MM:SS``
  (ISO 8601 date and time with the space RFC 3339 allows: the form Readwise's
  import template uses); empty when unknown.
- ``URL``: the article's web address; empty for articles without one (text
  files, Kindle books), since Readwise takes only web addresses there.
- ``Note``: Readwise has no tag column. Its inline tagging reads a note that
  *starts* with ``.tag`` (a period and one word) as a tag, so tags go first,
  ``.tag1 .tag2``, then a space and the note. Spaces and punctuation inside a
  tag become ``_`` so each stays one word; a tag that would read as one of
  Readwise's action tags (``.h1``-``.h6`` headings, ``.c1``... concatenation,
  ``.qa``) gets a trailing ``_`` so it stays a tag. The highlight's colour
  comes last among the tags (``.green``): Readwise has no colour column, and a
  tag is how its users filter by colour.

Written with the csv module: RFC 4180 quoting (quotes doubled), CRLF between
records, plain UTF-8 without a byte order mark.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

from reader.core.exporting.summary import Summary, parse_time
from reader.core.models import Highlight

HEADER = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
_ACTION_TAG = re.compile(r"h[1-6]|c\d+|qa", re.I)


def readwise_tag(tag: str) -> str:
    """``tag`` as a Readwise inline tag (``.word``); empty if nothing is left."""
    word = re.sub(r"[^\w-]+", "_", tag.strip()).strip("_")
    if not word:
        return ""
    return "." + word + ("_" if _ACTION_TAG.fullmatch(word) else "")


def note_field(h: Highlight) -> str:
    tags = " ".join(t for t in map(readwise_tag, [*h.tags, h.colour]) if t)
    return " ".join(part for part in (tags, h.note.strip()) if part)


def web_url(url: str | None) -> str:
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def date_field(value: str) -> str:
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def location_field(summary: Summary, h: Highlight, number: int) -> str:
    """The page a PDF highlight is on; else its number in reading order (Readwise sorts
    a book's highlights by this number, so a chapter title cannot go here)."""
    page = summary.location_of(h).page
    if page is not None and page.locator.isdigit():
        return page.locator
    return str(number)


def rows(summary: Summary) -> Iterator[tuple[str, ...]]:
    for number, h in enumerate(summary.highlights, start=1):
        yield (
            h.exact,
            summary.title,
            summary.author or "",
            web_url(summary.url),
            note_field(h),
            location_field(summary, h, number),
            date_field(h.created_at),
        )


def render_many(summaries: Sequence[Summary]) -> str:
    """One table with the highlights of every article."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for summary in summaries:
        writer.writerows(rows(summary))
    return out.getvalue()


def render(summary: Summary) -> str:
    return render_many([summary])


def belongs_to(text: str, summary: Summary) -> bool:
    """Whether an existing CSV export holds this article's highlights and no other's.

    A CSV export names no article id, so it is recognised by every row having
    the article's title and URL; a file with no rows proves nothing (False).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    if tuple(next(reader, ())) != HEADER:
        return False
    seen = False
    for row in reader:
        if len(row) != len(HEADER) or row[1] != summary.title or row[3] != web_url(summary.url):
            return False
        seen = True
    return seen
