"""OPML subscription lists, read and written: folders (nested outlines) and categories
become a feed's tags, and a feed's first tag its folder on the way out.

Read with lxml, entities never expanded and nothing fetched (an OPML file is as
hostile as any input); written with lxml too, so names are escaped by the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.core.importing.failure import ImportFailure
from reader.core.models import Feed

MAX_OPML_BYTES = 20_000_000


@dataclass
class Outline:
    """One subscription in an OPML file."""

    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)


def read_opml(path: str | Path) -> list[Outline]:
    """The feeds an OPML file lists, each with its folders as tags (``ImportFailure``)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise ImportFailure(path, "the file is over 20 MB: not a subscription list")
        data = path.read_bytes()
    except OSError as e:
        raise ImportFailure(path, f"cannot read it ({e.strerror or e})") from None
    return parse_opml(data, str(path))


def parse_opml(data: bytes, source: str = "the OPML") -> list[Outline]:
    from lxml import etree  # deferred: lxml, for OPML only

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise ImportFailure(source, f"it is not an OPML file ({e})") from None
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise ImportFailure(source, "it is not an OPML file (no <opml> element)")
    body = next((c for c in root if isinstance(c.tag, str) and c.tag.lower() == "body"), None)
    if body is None:
        raise ImportFailure(source, "the OPML file has no <body>")
    found: list[Outline] = []
    seen: set[str] = set()
    # iterative: a file nested 100,000 deep must not overflow the stack
    stack: list[tuple[object, list[str]]] = [(body, [])]
    while stack:
        element, folders = stack.pop()
        for child in reversed(list(element)):  # type: ignore[arg-type]
            if not isinstance(child.tag, str) or child.tag.lower() != "outline":
                continue
            name = _attr(child, "title") or _attr(child, "text")
            url = _attr(child, "xmlUrl") or _attr(child, "xmlurl")
            if url:
                tags = [*folders, *_categories(_attr(child, "category"))]
                if url not in seen and url.split(":", 1)[0].lower() in ("http", "https", "feed"):
                    seen.add(url)
                    found.append(Outline(url, name, _unique(tags)))
            else:
                stack.append((child, [*folders, name] if name else folders))
    return found


def _attr(element, name: str) -> str:
    return " ".join((element.get(name) or "").split())


def _categories(value: str) -> list[str]:
    """OPML 2's category attribute: comma-separated, each a "/"-path; the last step is the
    tag ("/Tech/News" is "News")."""
    tags = []
    for part in value.split(","):
        step = part.strip().strip("/").rsplit("/", 1)[-1].strip()
        if step:
            tags.append(step)
    return tags


def _unique(tags: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(tag.lower(), tag)
    return list(seen.values())


def write_opml(feeds: list[Feed], title: str = "Article Reader subscriptions") -> bytes:
    """An OPML 2.0 document of these web feeds: each in the folder of its first tag,
    its tags also in ``category``."""
    from lxml import etree  # deferred: lxml, for OPML only

    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = datetime.now(UTC).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for feed in feeds:
        if feed.kind != "feed":
            continue  # a mailbox is no feed another reader could follow
        parent = body
        if feed.tags:
            folder = feed.tags[0]
            if folder.lower() not in folders:
                folders[folder.lower()] = etree.SubElement(
                    body, "outline", attrib={"text": folder, "title": folder}
                )
            parent = folders[folder.lower()]
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        if feed.tags:
            attrs["category"] = ",".join(f"/{t}" for t in feed.tags)
        etree.SubElement(parent, "outline", attrib=attrs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class OpmlReport:
    added: list[Feed] = field(default_factory=list)
    already: list[Feed] = field(default_factory=list)  # subscribed before (tags merged)

    def summary(self) -> str:
        return f"{len(self.added)} feed(s) added, {len(self.already)} already subscribed"


def import_opml(library, path: str | Path) -> OpmlReport:
    """Subscribe to every feed an OPML file lists, in one transaction (all or nothing);
    feeds already there get the file's folders as extra tags. Nothing is fetched: a
    refresh brings their entries."""
    from reader.core.feeds.subscribe import normalise
    from reader.core.storage.feeds import AlreadySubscribed

    outlines = read_opml(path)
    report = OpmlReport()
    with library.transaction():
        for outline in outlines:
            try:
                report.added.append(
                    library.feeds.add(
                        normalise(outline.url), title=outline.title, tags=outline.tags
                    )
                )
            except AlreadySubscribed as e:
                feed = e.feed
                if outline.tags:
                    feed = library.feeds.update(feed.id, tags=[*feed.tags, *outline.tags])
                report.already.append(feed)
    return report
