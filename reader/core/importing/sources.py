"""Files, folders and web addresses to :class:`~reader.core.models.ImportedArticle`.

    >>> article = import_source("notes.md")         # or a .txt/.html path, or an http(s) URL
    >>> [str(p) for p in expand_sources(["folder"])]  # folders -> the supported files inside

Every failure is an :class:`ImportFailure` whose message is one line naming the
source and the fix. Web pages go through main-content extraction
(:mod:`.html_extract`); Markdown is rendered by the ``markdown`` package and read
by the same HTML-to-blocks converter, so both give the same blocks for the same
content. Nothing heavy (lxml, trafilatura, markdown, charset_normalizer) is
imported until an import needs it.

Pictures come with the article (:mod:`.pictures`): a URL import fetches the page's
own pictures, a file import reads those beside the file (a saved page's ``_files``
folder, a Markdown note's relative paths); ``data:`` URIs are decoded. Nothing else is
fetched or read.

The address kept for a web page is its canonical link (``<link rel=canonical>``,
``og:url``) when it names a plausible one, else the address the user gave: a
redirect's target is only used to resolve relative links, because shorteners
and tracking redirects make poor addresses to keep.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reader.core.document import Block, clean_text
from reader.core.importing.failure import ImportFailure
from reader.core.importing.html.encoding import decode_bytes, text_safe
from reader.core.models import ImportedArticle

MAIL_SUFFIXES = frozenset({".eml", ".mbox"})  # imported by ``mail``, through ingest
BOOK_SUFFIXES = frozenset({".epub"})  # read by ``epub.book``
PDF_SUFFIXES = frozenset({".pdf"})  # or any file that starts with "%PDF-": ``pdf``
SUPPORTED_SUFFIXES = (
    frozenset({".txt", ".md", ".markdown", ".html", ".htm"}) | MAIL_SUFFIXES | PDF_SUFFIXES
)
SUPPORTED_SUFFIXES |= BOOK_SUFFIXES
_KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html"}
_KINDS[".htm"] = "html"
MAX_FILE_BYTES = 50_000_000
_USE = "(use HTML, Markdown or text)"
_NO_TEXT_IN_PAGE = (
    "no readable text found in the page (if it needs JavaScript, save it from the browser"
    " and import the saved file)"
)
_UNSUPPORTED = {
    ".doc": "Word documents are not supported",
    ".docx": "Word documents are not supported",
    ".odt": "OpenDocument files are not supported",
    ".rtf": "RTF is not supported",
    ".mobi": "e-books are not supported",
}
_MAGIC = (
    (b"%PDF", "it is a PDF (save it, then import the file)"),
    (b"PK\x03\x04", "it is a ZIP archive (or a Word, EPUB or OpenDocument file), not text"),
    (b"\x89PNG", "it is an image, not text"),
    (b"\xff\xd8\xff", "it is an image, not text"),
    (b"GIF8", "it is an image, not text"),
    (b"\x1f\x8b", "it is a compressed (gzip) file, not text"),
)
_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_converters = threading.local()  # a Markdown converter is not safe to share between threads
Cancelled = Callable[[], bool]
Progress = Callable[[int, int], None]  # pictures loaded, pictures in all


def import_source(
    item: str | Path, *, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> ImportedArticle:
    """An http(s) URL goes to :func:`import_url`, anything else names a file.

    ``cancelled`` and ``progress`` follow the fetching of a web page's pictures."""
    if isinstance(item, str):
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", item.strip())
        if scheme and len(scheme.group(1)) > 1:  # one letter: a Windows drive, "C:\..."
            name = scheme.group(1).lower()
            if name in ("http", "https"):
                return import_url(item.strip(), cancelled=cancelled, progress=progress)
            if name == "file":
                path = Path(unquote(urlsplit(item.strip()).path))
                return import_file(path, cancelled=cancelled, progress=progress)
            raise ImportFailure(item, f"{name}: addresses are not supported (use http or https)")
    return import_file(Path(item), cancelled=cancelled, progress=progress)


def expand_sources(items, skipped: list[Path] | None = None) -> list[str | Path]:
    """Folders replaced, recursively, by the supported files inside them.

    Files and URLs pass through unchanged, so an explicit unsupported file still
    fails with its own message. Hidden files and folders are left out; the other
    files of a folder that cannot be imported are added to ``skipped`` (when given,
    for the report: ``unsupported_reason`` says why). The files of a folder come
    sorted by path.
    """
    result: list[str | Path] = []
    for item in items:
        path = Path(item)
        is_url = isinstance(item, str) and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", item)
        if is_url or not path.is_dir():
            result.append(item)
            continue
        found = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if name.startswith("."):
                    continue
                if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(Path(root, name))
                elif skipped is not None:
                    skipped.append(Path(root, name))
        result.extend(sorted(found))
    return result


def unsupported_reason(path: Path) -> str:
    """Why a file of this kind cannot be imported (judged by its extension)."""
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        return _UNSUPPORTED[suffix]
    return f"{suffix} files are not supported" if suffix else "files without an extension"


# -- files ---------------------------------------------------------------------------


def import_file(
    path: str | Path, *, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> ImportedArticle:
    """A .txt, .md/.markdown or .html/.htm file, or a PDF (whatever its name: by its
    first bytes), whose ``progress`` counts pages."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ImportFailure(path, "it is a folder (import the folder to take its files)")
    if not path.exists():  # before its kind: a mistyped name is missing, not unsupported
        raise ImportFailure(path, "no such file (check the name and the folder)")
    if suffix in PDF_SUFFIXES or _starts_pdf(path):
        from reader.core.importing.pdf import import_pdf  # deferred: pypdfium2 (PDFium)

        return import_pdf(path, progress=progress, cancelled=cancelled)
    if suffix in MAIL_SUFFIXES:  # many articles, not one: ingest.import_sources reads them
        raise ImportFailure(path, "mail files are imported with import_sources (`import`)")
    if suffix in BOOK_SUFFIXES or is_epub(path):
        from reader.core.importing.epub.book import read_book  # deferred: zip, lxml

        return read_book(path).article
    if suffix not in SUPPORTED_SUFFIXES:
        reason = unsupported_reason(path)
        if not suffix:
            reason += " are not supported"
        raise ImportFailure(path, f"{reason} {_USE}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailure(
                path, f"the file is over {MAX_FILE_BYTES // 1_000_000} MB (too big to read)"
            )
        data = path.read_bytes()
    except OSError as e:
        raise ImportFailure(path, f"cannot read it ({e.strerror or e})") from None
    kind = _KINDS[suffix]
    text = decode(data, path, html=kind == "html")
    if kind == "html":
        return parse_html(text, source=str(path), folder=path.parent)
    if kind == "markdown":
        return parse_markdown(text, source=str(path), folder=path.parent)
    return parse_text(text, source=str(path))


def is_epub(path: Path) -> bool:
    """Whether the file is an EPUB whatever its name: a zip whose first member is the
    ``mimetype`` file saying ``application/epub+zip`` (as the EPUB standard requires)."""
    try:
        with open(path, "rb") as f:
            head = f.read(128)
    except OSError:
        return False
    return (
        head.startswith(b"PK\x03\x04")
        and head[30:38] == b"mimetype"
        and (b"application/epub+zip" in head)
    )


def _starts_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(5) == b"%PDF-"
    except OSError:
        return False  # the reading below says why


def decode(data: bytes, source, *, html: bool = False, declared: str | None = None) -> str:
    """The text of a file or page, or an ImportFailure if it is empty or not text."""
    if not data.strip():
        raise ImportFailure(source, "the file is empty")
    problem = binary_reason(data)
    if problem:
        raise ImportFailure(source, f"{problem} {_USE}")
    text = decode_bytes(data, declared, html=html)
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise ImportFailure(source, "its text encoding could not be recognised (save it as UTF-8)")
    return text


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not a text file, or None if it looks like text."""
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            return reason
    head = data[:8192]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    nuls = head.count(0)
    if nuls:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if nuls < len(head) // 4 or min(even, odd) > nuls // 20:
            return "it is a binary file, not text"
        return None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return "it is a binary file, not text" if controls > len(head) // 20 else None


# -- web pages ---------------------------------------------------------------------------


def import_url(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 20_000_000,
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
) -> ImportedArticle:
    """A web page (HTML, plain text or Markdown) fetched over http(s), with the pictures
    of its article (fetched in parallel, within ``pictures.loading.CAPS``)."""
    from reader.core.importing.web import fetch  # deferred: urllib.request, for addresses only

    page = fetch(url, timeout=timeout, max_bytes=max_bytes)
    if page.kind == "html":
        article, canonical = _html_article(page.data, page.final_url, url, page.charset)
        article = _with_pictures(
            article, web_private=page.private, cancelled=cancelled, progress=progress
        )
        if not canonical:
            article.url = url  # keep what the user gave, not where redirects ended
    else:
        text = decode(page.data, url, declared=page.charset)
        article = (
            parse_markdown(text, source=url)
            if page.kind == "markdown"
            else parse_text(text, source=url)
        )
        article.url = url
    article.source_kind = "url"
    return article


def parse_html(
    data: bytes | str,
    *,
    url: str | None = None,
    source: str | None = None,
    declared_charset: str | None = None,
    folder: Path | None = None,
) -> ImportedArticle:
    """A web page's article: main content, sanitised, with its metadata.

    ``url`` is where the page came from (it resolves relative links and is the
    article's address unless the page names a canonical one). ``folder``: the folder
    of a saved page, whose pictures (relative paths inside it) come with the article;
    without it no picture is loaded.
    """
    return _with_pictures(_html_article(data, url, source, declared_charset)[0], folder=folder)


def _with_pictures(
    article: ImportedArticle,
    *,
    folder: Path | None = None,
    web_private: bool | None = None,
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
    given: dict[str, bytes] | None = None,
) -> ImportedArticle:
    """``article`` with its pictures read from ``folder`` or, when ``web_private`` is
    given (whether the page came from a private address), fetched from the web;
    ``given``: bytes already at hand by address (a browser's), taken before any fetch."""
    # deferred: the picture pipeline (Pillow on first decode), for pages with pictures
    from reader.core.importing.pictures.attach import addresses, attach_pictures, drop_unfetched

    local = folder is not None
    wanted = addresses(article, local=local) if local or web_private is not None else []
    known = {a: given[a] for a in wanted if a in given} if given else {}
    wanted = [a for a in wanted if a not in known]
    if known and not wanted:
        article = attach_pictures(article, known, local=local)
    elif wanted:
        from reader.core.importing.pictures import loading  # deferred: as above

        if folder is not None:
            found = loading.from_folder(wanted, folder)
        else:
            found = loading.from_web(
                wanted, private_ok=bool(web_private), cancelled=cancelled, progress=progress
            )
        article = attach_pictures(article, {**found, **known}, local=local)
    article = drop_unfetched(article)
    if not article.blocks:
        raise ImportFailure(article.source or "the page", "no readable text found")
    return article


def _html_article(
    data: bytes | str, url: str | None, source: str | None, charset: str | None
) -> tuple[ImportedArticle, bool]:
    """The article of a page, and whether the page named its canonical address."""
    # deferred: lxml and the extractors (~0.1 s), for web pages only
    from reader.core.importing.html.extract import extract_article

    source = source or url or "the page"
    if isinstance(data, bytes):
        data = decode(data, source, html=True, declared=charset)
    if not data.strip():
        raise ImportFailure(source, "the file is empty")
    found = extract_article(data, url)
    if not found.blocks:
        raise ImportFailure(source, _NO_TEXT_IN_PAGE)
    meta = found.metadata
    article = ImportedArticle(
        title=meta.title or _stem(source),
        blocks=found.blocks,
        source_kind="html",
        url=meta.url or url,
        author=meta.author,
        site=meta.site,
        published=meta.published,
        source=source,
    )
    return article, meta.url is not None


# -- Markdown and text -------------------------------------------------------------------


def parse_markdown(
    text: str, *, source: str | None = None, folder: Path | None = None
) -> ImportedArticle:
    """A Markdown document; YAML-style front matter gives title, author, url and date.

    Without a front-matter title, a first ``# heading`` is the title and is not
    repeated as the first block. ``folder``: the note's folder, whose pictures
    (relative paths inside it) come with the article.
    """

    # deferred: lxml (~50 ms), for HTML and Markdown only (not for text files)
    from reader.core.importing.html.blocks import html_to_blocks, safe_href
    from reader.core.importing.html.extract import parse_document
    from reader.core.importing.markdown_safety import defuse

    source = source or "the text"
    text = text_safe(text.replace("\r\n", "\n").replace("\r", "\n"))
    meta, text = front_matter(text)
    try:
        html = _markdown_to_html(defuse(text))
    except RecursionError:
        _converters.markdown = None  # a converter that failed midway is not used again
        raise ImportFailure(source, "it is nested too deeply to read") from None
    # As a web page's body: the same parser, limits and repairs as a page gets (a
    # fragment parser fails on raw "<html>" in the Markdown, and drops text over 10 MB).
    doc = parse_document(f"<!DOCTYPE html><html><body><div>{html}</div></body></html>")
    body = doc.body if doc is not None else None
    blocks = html_to_blocks(body) if body is not None else []
    title = meta.get("title")
    first = blocks[0] if blocks else None
    # The first "# heading" is the title; one repeating the front matter's goes too.
    heading = first if first and first.kind == "heading" and first.level == 1 else None
    if heading and (not title or clean_text(title).lower() == heading.text.lower()):
        title, blocks = title or heading.text, blocks[1:]
    if not blocks:
        raise ImportFailure(source, "no readable text found")
    url = safe_href(meta.get("url") or meta.get("link") or meta.get("source"))
    article = ImportedArticle(
        title=title or _stem(source),
        blocks=blocks,
        source_kind="markdown",
        url=url if url and not url.startswith("mailto:") else None,
        author=meta.get("author") or meta.get("authors") or None,
        site=meta.get("site") or None,
        published=_iso_date(meta.get("date") or meta.get("published")),
        source=source,
    )
    return _with_pictures(article, folder=folder)


def _markdown_to_html(text: str) -> str:
    """Markdown to HTML with this thread's converter, made once: making one costs more
    than converting a short note (0.8 ms of 2)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        import markdown  # deferred: ~20 ms, for Markdown only

        converter = markdown.Markdown(extensions=["tables", "fenced_code"], output_format="html")
        _converters.markdown = converter
    return converter.reset().convert(text)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter (between ``---`` lines) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        if not line.strip() or line.startswith((" ", "\t", "-", "#")):
            continue  # blank, a list or block continuation, a comment
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            return {}, text  # not front matter after all: a rule, some text, a rule
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip().lower()] = clean_text(value)
    return (meta, text[match.end() :]) if meta else ({}, text)


def parse_text(text: str, *, source: str | None = None) -> ImportedArticle:
    """Plain text: paragraphs split on blank lines, the lines of a paragraph joined.

    A paragraph with a line over 100 characters was not wrapped by hand: there,
    each line is a paragraph (text saved with one paragraph per line). A first
    line that looks like a title (short, not ending like a sentence) is the title.
    """
    source = source or "the text"
    text = text_safe(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    paragraphs: list[list[str]] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if len(lines) > 1 and max(len(line) for line in lines) > 100:
            paragraphs.extend([line] for line in lines)
        elif lines:
            paragraphs.append(lines)
    title = None
    if paragraphs:
        first = paragraphs[0]
        if len(first) == 2 and _SETEXT.match(first[1].strip()):
            first = first[:1]  # a title underlined with === or ---
        line = clean_text(first[0])
        rest = paragraphs[1:] if len(first) == 1 else [first[1:], *paragraphs[1:]]
        if rest and _looks_like_title(line, alone=len(first) == 1):
            title, paragraphs = line, rest
    blocks = [Block("paragraph", clean_text(" ".join(lines))) for lines in paragraphs]
    blocks = [block for block in blocks if block.text]
    if not blocks:
        raise ImportFailure(source, "no readable text found")
    return ImportedArticle(
        title=title or _stem(source), blocks=blocks, source_kind="text", source=source
    )


def _looks_like_title(line: str, alone: bool) -> bool:
    if not line or not any(ch.isalpha() for ch in line) or line[-1] in ".,;:":
        return False
    return len(line) <= (150 if alone else 50)


def _iso_date(value: str | None) -> str | None:
    """A front-matter date as ISO 8601, or None when it is not one."""
    if not value:
        return None
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(.*))?$", value.strip())
    if not match:
        return None
    date, time, zone = match.groups()
    return f"{date}T{time}{zone.strip()}" if time else date


def _stem(source: str) -> str:
    """A title made from a file name or address: "notes" for ".../notes.md"."""
    name = re.split(r"[/\\]", source.rstrip("/\\").split("?")[0].split("#")[0])[-1]
    return Path(name).stem or name or "Untitled"
