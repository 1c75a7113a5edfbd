"""EPUB files made by the tests: EPUB 3 with a nav document, EPUB 2 with an NCX, with
pictures and footnotes, and hostile ones. Written with zipfile, as a publisher's tool does
(the ``mimetype`` member first and stored)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

XHTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    "<head><title>{title}</title></head><body>{body}</body></html>"
)


@dataclass
class Chap:
    title: str
    paragraphs: list[str]
    file: str = ""
    extra: str = ""  # raw XHTML after the paragraphs (pictures, notes)


@dataclass
class Spec:
    title: str = "A Test Book"
    authors: list[str] = field(default_factory=lambda: ["Ann Author"])
    chapters: list[Chap] = field(default_factory=list)
    version: int = 3
    language: str = "en"
    publisher: str = "Test Press"
    date: str = "2001-02-03"
    isbn: str = "9780306406157"
    files: dict[str, bytes] = field(default_factory=dict)  # more members, under OEBPS/
    extra_manifest: str = ""


def chapter_xhtml(chap: Chap, n: int) -> str:
    body = f'<section id="c{n}"><h1 id="h{n}">{escape(chap.title)}</h1>'
    body += "".join(f"<p>{escape(p)}</p>" for p in chap.paragraphs)
    body += chap.extra + "</section>"
    return XHTML.format(title=escape(chap.title), body=body)


def write_epub(path: Path, spec: Spec) -> Path:
    chapters = spec.chapters
    for n, chap in enumerate(chapters, start=1):
        chap.file = chap.file or f"text/ch{n}.xhtml"
    manifest = "".join(
        f'<item id="ch{n}" href="{c.file}" media-type="application/xhtml+xml"/>'
        for n, c in enumerate(chapters, start=1)
    )
    spine = "".join(f'<itemref idref="ch{n}" id="ref{n}"/>' for n in range(1, len(chapters) + 1))
    creators = "".join(f"<dc:creator>{escape(a)}</dc:creator>" for a in spec.authors)
    nav_item = ncx_item = toc_attr = ""
    if spec.version == 3:
        nav_item = (
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
    else:
        ncx_item = '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        toc_attr = ' toc="ncx"'
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{spec.version}.0" '
        'unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(spec.title)}</dc:title>{creators}"
        f"<dc:language>{spec.language}</dc:language><dc:publisher>{escape(spec.publisher)}"
        f'</dc:publisher><dc:date>{spec.date}</dc:date><dc:identifier id="uid">'
        f"urn:uuid:12345678-1234-1234-1234-123456789abc</dc:identifier>"
        f"<dc:identifier>urn:isbn:{spec.isbn}</dc:identifier></metadata>"
        f"<manifest>{nav_item}{ncx_item}{manifest}{spec.extra_manifest}</manifest>"
        f"<spine{toc_attr}>{spine}</spine></package>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", container)
        z.writestr("OEBPS/content.opf", opf)
        if spec.version == 3:
            items = "".join(
                f'<li><a href="{c.file}#h{n}">{escape(c.title)}</a></li>'
                for n, c in enumerate(chapters, start=1)
            )
            nav = XHTML.format(
                title="Contents",
                body=f'<nav epub:type="toc"><h1>Contents</h1><ol>{items}</ol></nav>',
            )
            z.writestr("OEBPS/nav.xhtml", nav)
        else:
            points = "".join(
                f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{escape(c.title)}'
                f'</text></navLabel><content src="{c.file}"/></navPoint>'
                for n, c in enumerate(chapters, start=1)
            )
            z.writestr(
                "OEBPS/toc.ncx",
                '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
                f'version="2005-1"><navMap>{points}</navMap></ncx>',
            )
        for n, chap in enumerate(chapters, start=1):
            z.writestr(f"OEBPS/{chap.file}", chapter_xhtml(chap, n))
        for name, data in spec.files.items():
            z.writestr(name if name.startswith(("META-INF/", "OEBPS/")) else f"OEBPS/{name}", data)
    return path


def simple_spec(chapters: int = 3, version: int = 3) -> Spec:
    return Spec(
        version=version,
        chapters=[
            Chap(f"Chapter {n}", [f"Paragraph {k} of chapter {n}." for k in range(1, 4)])
            for n in range(1, chapters + 1)
        ],
    )
