"""W3C Web Annotation Data Model (JSON-LD) export, and reading it back.

An export is one ``AnnotationCollection`` whose embedded first page holds one
``Annotation`` per highlight::

    {"@context": "http://www.w3.org/ns/anno.jsonld",
     "id": "urn:article-reader:article:12:highlights",
     "type": "AnnotationCollection", "label": "Highlights: On Reading",
     "total": 1, "generated": "2024-05-01T12:00:00Z",
     "generator": {"type": "Software", "name": "Article Reader"},
     "first": {"id": "urn:article-reader:article:12:highlights:page:1",
               "type": "AnnotationPage", "startIndex": 0, "items": [
       {"id": "urn:uuid:0b5e6c1e-...", "type": "Annotation",
        "motivation": "commenting",
        "created": "2024-04-30T09:00:00Z", "modified": "2024-04-30T09:05:00Z",
        "body": [{"type": "TextualBody", "purpose": "commenting",
                  "value": "the note", "format": "text/plain"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "idea"}],
        "target": {"source": "https://example.com/reading",
                   "selector": [
                     {"type": "TextQuoteSelector", "exact": "...",
                      "prefix": "...", "suffix": "..."},
                     {"type": "TextPositionSelector", "start": 120, "end": 164}],
                   "styleClass": "yellow"},
        "stylesheet": {"type": "CssStylesheet",
                       "value": ".yellow { background-color: #fff3a3; }"}}]}}

Decisions:

- ``motivation`` is "commenting" when the highlight has a note, else
  "highlighting"; the note is a TextualBody with purpose "commenting", each
  tag a TextualBody with purpose "tagging".
- The colour uses the model's own styling mechanism (section 4.3, Styles): the
  target's ``styleClass`` is the colour name, plus "underline" for underlined
  highlights, and the annotation embeds a ``CssStylesheet`` defining those
  classes. A reader that ignores styles loses only the colour.
- ``source`` is the article URL, or ``urn:article-reader:article:<id>`` when
  the article has none. Positions count Unicode code points in Article
  Reader's canonical text of the article, as TextPositionSelector does;
  orphaned highlights carry only the TextQuoteSelector.
- A highlight in a book or a PDF also says where it is with a FragmentSelector
  refined by its TextQuoteSelector: its chapter as an EPUB CFI
  (``epubcfi(/6/4[ch1]!/4)``, conforming to EPUB CFI) and its page as
  ``page=12`` (conforming to RFC 3778, the PDF fragment).
- Annotation ids are ``urn:uuid:<highlight id>`` (other ids become
  ``urn:article-reader:highlight:<id>``). Timestamps are xsd:dateTime in UTC.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from reader.core.exporting.palette import PALETTE
from reader.core.exporting.summary import Summary, parse_time
from reader.core.models import COLOURS, Highlight
from reader.core.outline import Location

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_URN = "urn:article-reader:article:"
HIGHLIGHT_URN = "urn:article-reader:highlight:"


def xsd_datetime(value: str | None) -> str | None:
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def annotation_id(highlight_id: str) -> str:
    """``urn:uuid:<id>`` for a canonical UUID; other ids keep their exact spelling."""
    with contextlib.suppress(ValueError):
        if str(uuid.UUID(highlight_id)) == highlight_id:
            return "urn:uuid:" + highlight_id
    return HIGHLIGHT_URN + quote(highlight_id, safe="")


def source_of(summary: Summary) -> str:
    return summary.url or f"{ARTICLE_URN}{summary.article_id}"


def _style_classes(h: Highlight) -> list[str]:
    colour = re.sub(r"[^A-Za-z0-9_-]", "-", h.colour or "yellow")
    return [colour, "underline"] if h.style == "underline" else [colour]


def _stylesheet(h: Highlight) -> str | None:
    bg, accent = PALETTE.get(h.colour, (None, None))
    if bg is None:
        return None
    if h.style == "underline":
        return (
            f".{h.colour}.underline {{ text-decoration: underline; "
            f"text-decoration-color: {accent}; }}"
        )
    return f".{h.colour} {{ background-color: {bg}; }}"


# What a FragmentSelector's value conforms to (the W3C model, 4.2.1).
EPUB_CFI = "http://www.idpf.org/epub/linking/cfi/epub-cfi.html"
PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc3778"


def place_selectors(where: Location, quote_selector: dict[str, Any]) -> list[dict[str, Any]]:
    """Where a book's or a PDF's highlight is, as the W3C model says it: the chapter (an
    EPUB CFI) or the page (``page=N``), refined by the quote inside it."""
    found = []
    if where.chapter is not None and where.chapter.locator:
        value = f"epubcfi({where.chapter.locator})"
        found.append({"type": "FragmentSelector", "conformsTo": EPUB_CFI, "value": value})
    if where.page is not None and where.page.locator.isdigit():
        value = f"page={where.page.locator}"
        found.append({"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": value})
    return [selector | {"refinedBy": quote_selector} for selector in found]


def annotation(summary: Summary, h: Highlight) -> dict[str, Any]:
    """One highlight as a Web Annotation (without ``@context``)."""
    ann: dict[str, Any] = {
        "id": annotation_id(h.id),
        "type": "Annotation",
        "motivation": "commenting" if h.note.strip() else "highlighting",
    }
    for key, value in (("created", h.created_at), ("modified", h.updated_at)):
        stamp = xsd_datetime(value)
        if stamp:
            ann[key] = stamp
    body: list[dict[str, Any]] = []
    if h.note.strip():
        note = {"type": "TextualBody", "purpose": "commenting", "value": h.note}
        body.append(note | {"format": "text/plain"})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in h.tags]
    if body:
        ann["body"] = body
    quote_selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": h.exact}
    if h.prefix:
        quote_selector["prefix"] = h.prefix
    if h.suffix:
        quote_selector["suffix"] = h.suffix
    selectors = [quote_selector]
    if not h.orphaned:  # an orphan's last position no longer holds its text
        selectors.append({"type": "TextPositionSelector", "start": h.start, "end": h.end})
        selectors += place_selectors(summary.location_of(h), quote_selector)
    classes = _style_classes(h)
    ann["target"] = {
        "source": source_of(summary),
        "selector": selectors,
        "styleClass": classes[0] if len(classes) == 1 else classes,
    }
    css = _stylesheet(h)
    if css:
        ann["stylesheet"] = {"type": "CssStylesheet", "value": css}
    return ann


def collection(summaries: Sequence[Summary]) -> dict[str, Any]:
    """Every highlight of ``summaries`` in one AnnotationCollection."""
    items = [annotation(s, h) for s in summaries for h in s.highlights]
    if len(summaries) == 1:
        cid = f"{ARTICLE_URN}{summaries[0].article_id}:highlights"
        label = f"Highlights: {summaries[0].title or 'Untitled'}"
    else:
        ids = ",".join(str(s.article_id) for s in summaries)
        cid = f"urn:article-reader:export:{uuid.uuid5(uuid.NAMESPACE_URL, 'article-reader:' + ids)}"
        label = f"Highlights from {len(summaries)} articles"
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": cid,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    exported = max((s.exported_at for s in summaries), default="")
    if exported:
        doc["generated"] = exported
    doc["generator"] = {"type": "Software", "name": "Article Reader"}
    if items:
        doc["first"] = {
            "id": f"{cid}:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    return doc


def render_many(summaries: Sequence[Summary]) -> str:
    """One AnnotationCollection holding the highlights of every article."""
    return json.dumps(collection(summaries), ensure_ascii=False, indent=2) + "\n"


def render(summary: Summary) -> str:
    return render_many([summary])


_OWNER = re.compile(r'"id": "urn:article-reader:article:(\d+):highlights"')


def article_id_of(text: str) -> int | None:
    """The article an exported collection belongs to, read from its id."""
    found = _OWNER.search(text[:4096])
    return int(found.group(1)) if found else None


# Reading back ---------------------------------------------------------------


@dataclass(frozen=True)
class ParsedAnnotation:
    """A highlight read from a Web Annotation document.

    ``exact`` is empty when the annotation had only a position; ``start`` and
    ``end`` are ``None`` when it had only a quote. ``article_id`` is known only
    when the source is an ``urn:article-reader:article:<id>``.
    """

    id: str
    source: str | None
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    colour: str = "yellow"
    style: str = "highlight"
    note: str = ""
    tags: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    article_id: int | None = None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {str(t) for t in _as_list(node.get("type", node.get("@type")))}


def _annotations(node: Any) -> list[dict[str, Any]]:
    """The Annotation objects in a collection, a page, one annotation or a list."""
    if isinstance(node, list):
        return [ann for item in node for ann in _annotations(item)]
    if not isinstance(node, dict):
        raise ValueError(f"expected a JSON object, found {type(node).__name__}")
    types = _types(node)
    if "Annotation" in types or "oa:Annotation" in types:
        return [node]
    if "AnnotationCollection" in types:
        first = node.get("first")
        if first is None:
            return []
        if not isinstance(first, dict):
            raise ValueError("the collection's first page is not embedded (only a link)")
        return _annotations(first)
    if "AnnotationPage" in types or "items" in node:
        found = _annotations(_as_list(node.get("items")))
        following = node.get("next")
        return found + (_annotations(following) if isinstance(following, dict) else [])
    raise ValueError("not a W3C Web Annotation document: no Annotation, page or collection")


def _original_id(ann_id: str) -> str:
    if ann_id.startswith("urn:uuid:"):
        return ann_id[len("urn:uuid:") :]
    if ann_id.startswith(HIGHLIGHT_URN):
        return unquote(ann_id[len(HIGHLIGHT_URN) :])
    return ann_id


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a non-negative integer, not {value!r}")
    return value


def _parse_one(ann: dict[str, Any]) -> ParsedAnnotation | None:
    target = next(iter(_as_list(ann.get("target"))), None)
    if isinstance(target, str) or not isinstance(target, dict):
        return None  # a comment on a whole page: nothing to highlight
    source = target.get("source") if isinstance(target.get("source"), str) else None
    found: dict[str, Any] = {}
    for sel in _as_list(target.get("selector")):
        if not isinstance(sel, dict):
            continue
        kinds = _types(sel)
        if "TextQuoteSelector" in kinds and isinstance(sel.get("exact"), str):
            found.update(
                exact=sel["exact"],
                prefix=str(sel.get("prefix") or ""),
                suffix=str(sel.get("suffix") or ""),
            )
        elif "TextPositionSelector" in kinds:
            start = _int(sel.get("start"), "TextPositionSelector start")
            end = _int(sel.get("end"), "TextPositionSelector end")
            if end < start:
                raise ValueError(f"TextPositionSelector ends ({end}) before it starts ({start})")
            found.update(start=start, end=end)
    if not found:
        return None
    classes = [str(c) for c in _as_list(target.get("styleClass"))]
    colour = next((c for c in classes if c in COLOURS), None)
    colour = colour or next((c for c in classes if c not in ("underline", "highlight")), "yellow")
    motivations = {str(m) for m in _as_list(ann.get("motivation"))}
    notes, tags = [], []
    for item in _as_list(ann.get("body")):
        if not isinstance(item, dict):
            continue
        value = item.get("value", item.get("chars"))
        if not isinstance(value, str):
            continue
        purposes = {str(p) for p in _as_list(item.get("purpose"))} or motivations
        if "tagging" in purposes:
            tags.append(value)
        elif "classifying" in purposes and value.startswith("colour:"):
            colour = value.removeprefix("colour:")
        else:
            notes.append(value)
    article_id = None
    if source and re.fullmatch(re.escape(ARTICLE_URN) + r"\d+", source):
        article_id = int(source[len(ARTICLE_URN) :])
    return ParsedAnnotation(
        id=_original_id(str(ann.get("id", ann.get("@id", "")))),
        source=source,
        colour=colour,
        style="underline" if "underline" in classes else "highlight",
        note="\n\n".join(notes),
        tags=tuple(tags),
        created_at=str(ann.get("created") or ""),
        updated_at=str(ann.get("modified") or ""),
        article_id=article_id,
        **found,
    )


def parse(jsonld: str) -> list[ParsedAnnotation]:
    """The highlights in a Web Annotation document, in document order.

    Accepts an AnnotationCollection with an embedded first page (following
    embedded ``next`` pages), an AnnotationPage, a single Annotation, or a JSON
    list of them. Annotations without a text quote or position selector
    (comments on a whole page) are skipped. Raises ``ValueError`` for anything
    that is not such a document.
    """
    return parse_with_skipped(jsonld)[0]


def parse_with_skipped(jsonld: str) -> tuple[list[ParsedAnnotation], list[str]]:
    """Like :func:`parse`, also saying which annotations were skipped and why."""
    try:
        data = json.loads(jsonld)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a JSON-LD document: {exc}") from exc
    except RecursionError:
        raise ValueError("not a JSON-LD document: it is nested too deeply") from None
    parsed, skipped = [], []
    try:
        for ann in _annotations(data):
            one = _parse_one(ann)
            if one is None:
                name = ann.get("id", ann.get("@id")) or "an annotation"
                skipped.append(f"{name}: no text quote or position to highlight (a page comment)")
            else:
                parsed.append(one)
    except RecursionError:
        raise ValueError("not a Web Annotation document: it is nested too deeply") from None
    return parsed, skipped
