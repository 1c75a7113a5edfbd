"""The book's package: container.xml -> the OPF (metadata, manifest, spine) -> the table of
contents (the EPUB 3 nav document, else the EPUB 2 NCX)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from reader.core.books import BookInfo
from reader.core.importing.epub.archive import Archive, xml_parser

_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
_XHTML = "{http://www.w3.org/1999/xhtml}"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_ISBN = re.compile(r"^(?:urn:isbn:|isbn:?\s*)?((?:97[89])?\d{9}[\dxX])$", re.I)
MAX_TOC = 20_000


@dataclass(frozen=True)
class Item:
    """A manifest item: the member it names, its media type and properties."""

    id: str
    path: str
    media_type: str
    properties: str = ""


@dataclass(frozen=True)
class SpineItem:
    item: Item
    cfi: str  # the EPUB CFI of the chapter's start, e.g. "/6/4[chap01ref]!/4"


@dataclass(frozen=True)
class TocEntry:
    label: str
    path: str  # the member it points into
    fragment: str  # the id it points at in that member, or ""
    level: int


@dataclass
class Package:
    path: str  # the OPF member
    info: BookInfo
    manifest: dict[str, Item]
    spine: list[SpineItem]
    toc: list[TocEntry] = field(default_factory=list)


def read_package(archive: Archive) -> Package:
    """The package of the book in ``archive``; an ImportFailure naming what is broken."""
    opf_path = _rootfile(archive)
    root = _parse(archive, opf_path, "package file")
    if etree.QName(root).localname != "package":
        archive.fail(f"{opf_path} is not an EPUB package file (a damaged EPUB)")
    manifest = _manifest(archive, root, opf_path)
    spine = _spine(archive, root, manifest, opf_path)
    package = Package(opf_path, _metadata(root), manifest, spine)
    nav = next((i for i in manifest.values() if "nav" in i.properties.split()), None)
    spine_el = root.find(f"{_OPF}spine")
    ncx_id = spine_el.get("toc") if spine_el is not None else None
    ncx = manifest.get(ncx_id or "") or next(
        (i for i in manifest.values() if i.media_type == "application/x-dtbncx+xml"), None
    )
    if nav is not None and archive.has(nav.path):
        package.toc = _nav_toc(archive, nav.path)
    if not package.toc and ncx is not None and archive.has(ncx.path):
        package.toc = _ncx_toc(archive, ncx.path)
    return package


def _parse(archive: Archive, name: str, what: str) -> etree._Element:
    try:
        return etree.fromstring(archive.read(name), xml_parser())
    except etree.XMLSyntaxError as e:
        archive.fail(f"its {what} {name} is not well-formed XML ({e}; a damaged EPUB)")


def _rootfile(archive: Archive) -> str:
    if not archive.has("META-INF/container.xml"):
        archive.fail("it is not an EPUB (META-INF/container.xml is missing)")
    root = _parse(archive, "META-INF/container.xml", "container")
    for rootfile in root.iter(f"{_CONTAINER}rootfile"):
        if rootfile.get("media-type", "application/oebps-package+xml").endswith("+xml"):
            href = rootfile.get("full-path") or ""
            if href:
                return archive.resolve("", href, what="container")
    archive.fail("its container.xml names no package file (a damaged EPUB)")


def _manifest(archive: Archive, root, opf_path: str) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for el in root.iterfind(f"{_OPF}manifest/{_OPF}item"):
        ident, href = el.get("id"), el.get("href")
        if not ident or not href:
            continue
        path = archive.resolve(opf_path, href, what="manifest")
        items[ident] = Item(ident, path, el.get("media-type", ""), el.get("properties", ""))
    return items


def _spine(archive: Archive, root, manifest: dict[str, Item], opf_path: str) -> list[SpineItem]:
    spine_el = root.find(f"{_OPF}spine")
    if spine_el is None:
        archive.fail(f"{opf_path} has no spine (a damaged EPUB)")
    package_children = [c for c in root if isinstance(c.tag, str)]
    spine_step = 2 * (package_children.index(spine_el) + 1)
    spine: list[SpineItem] = []
    refs = [c for c in spine_el if isinstance(c.tag, str)]
    for n, ref in enumerate(refs):
        if etree.QName(ref).localname != "itemref":
            continue
        item = manifest.get(ref.get("idref") or "")
        if item is None:
            archive.fail(f"its spine names {ref.get('idref')!r}, not in the manifest")
        if "html" not in item.media_type and not item.path.endswith((".xhtml", ".html", ".htm")):
            continue  # an image or other foreign item in the spine: nothing to read
        if not archive.has(item.path):
            archive.fail(f"its spine names {item.path}, missing from the book")
        assertion = f"[{ref.get('id')}]" if ref.get("id") else ""
        spine.append(SpineItem(item, f"/{spine_step}/{2 * (n + 1)}{assertion}!/4"))
    if not spine:
        archive.fail("its spine holds no chapters (a damaged EPUB)")
    return spine


def _metadata(root) -> BookInfo:
    meta = root.find(f"{_OPF}metadata")
    if meta is None:
        return BookInfo()

    def texts(tag: str) -> list[str]:
        return [" ".join(el.text.split()) for el in meta.iter(f"{_DC}{tag}") if el.text]

    unique = root.get("unique-identifier")
    identifiers = list(meta.iter(f"{_DC}identifier"))
    identifier = next((el for el in identifiers if unique and el.get("id") == unique), None)
    isbn = None
    for el in identifiers:
        found = _ISBN.match(re.sub(r"[\s-]", "", el.text or ""))
        if found:
            isbn = found.group(1).upper()
            break
    titles, dates = texts("title"), texts("date")
    return BookInfo(
        title=titles[0] if titles else None,
        authors=texts("creator"),
        language=(texts("language") or [None])[0],
        publisher=(texts("publisher") or [None])[0],
        date=dates[0] if dates else None,
        identifier=(identifier.text or "").strip() if identifier is not None else None,
        isbn=isbn,
    )


def _entry(archive: Archive, base: str, href: str, label: str, level: int) -> TocEntry | None:
    if not href or not label:
        return None
    path, _, fragment = href.partition("#")
    member = archive.resolve(base, path, what="table of contents") if path else base
    return TocEntry(" ".join(label.split()), member, fragment, level)


def _nav_toc(archive: Archive, path: str) -> list[TocEntry]:
    try:
        root = etree.fromstring(archive.read(path), xml_parser())
    except etree.XMLSyntaxError:
        return []  # an unreadable nav: the NCX or the spine's own headings stand in
    navs = [n for n in root.iter(f"{_XHTML}nav") if n.get(_EPUB_TYPE, "").strip() == "toc"]
    if not navs:
        return []
    entries: list[TocEntry] = []
    nav = navs[0]
    for a in nav.iter(f"{_XHTML}a"):
        level = sum(1 for el in a.iterancestors(f"{_XHTML}ol") if _inside(el, nav))
        entry = _entry(archive, path, a.get("href", ""), "".join(a.itertext()), max(1, level))
        if entry and len(entries) < MAX_TOC:
            entries.append(entry)
    return entries


def _inside(el, nav) -> bool:
    return any(parent is nav for parent in el.iterancestors())


def _ncx_toc(archive: Archive, path: str) -> list[TocEntry]:
    try:
        root = etree.fromstring(archive.read(path), xml_parser())
    except etree.XMLSyntaxError:
        return []
    nav_map = root.find(f"{_NCX}navMap")
    if nav_map is None:
        return []
    entries: list[TocEntry] = []
    for point in nav_map.iter(f"{_NCX}navPoint"):
        level = sum(1 for a in point.iterancestors(f"{_NCX}navPoint")) + 1
        text = point.find(f"{_NCX}navLabel/{_NCX}text")
        content = point.find(f"{_NCX}content")
        label = "".join(text.itertext()) if text is not None else ""
        src = content.get("src", "") if content is not None else ""
        entry = _entry(archive, path, src, label, level)
        if entry and len(entries) < MAX_TOC:
            entries.append(entry)
    return entries
