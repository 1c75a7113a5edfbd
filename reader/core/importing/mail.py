"""Email (a newsletter) to an article: the HTML part preferred, sanitised as any page,
tracking pixels and "view in browser"/unsubscribe furniture dropped, the sender as the
site, the subject as the title.

    article = message_article(raw_bytes, source="issue.eml")
    for number, raw in mbox_messages("Newsletters.mbox"): ...

A message is known again by its Message-ID (the article's source is ``mid:<id>``, as
RFC 2392 writes it), so importing it twice, from a file or a mailbox, updates nothing.
Attachments are never read beyond the parser's pass over the message.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from reader.core.importing.failure import ImportFailure
from reader.core.importing.html.blocks import tag_set
from reader.core.importing.sources import MAIL_SUFFIXES as MAIL_SUFFIXES
from reader.core.importing.sources import parse_html, parse_text
from reader.core.models import ImportedArticle

MAX_MESSAGE_BYTES = 50_000_000
_FURNITURE = re.compile(
    r"view (?:this|it|the)?\s*(?:e-?mail|newsletter|message)?\s*(?:in|on) (?:your |a |the )?"
    r"(?:web )?browser|view (?:it |this )?online|having trouble (?:viewing|reading)"
    r"|unsubscribe|update (?:your )?(?:e-?mail )?preferences|manage (?:your )?"
    r"(?:subscription|preferences|e-?mail)|e-?mail preferences|forward (?:this |it )?to a friend"
    r"|you(?:'re| are) receiving this|you received this (?:e-?mail|message)"
    r"|add us to your address book|why did i get this",
    re.IGNORECASE,
)
_FURNITURE_MAX_CHARS = 300  # a block that says only that, not an article that mentions it
_TRACKING_SRC = re.compile(r"pixel|track|beacon|/open\b|/o\.gif|utm_|mailtrack", re.IGNORECASE)
_CONTAINERS = tag_set("p div td th tr tbody table center span li ul a font h1 h2 h3 h4 h5 h6")


def message_article(data: bytes, source: str) -> ImportedArticle:
    """The article of one message (raw RFC 5322 bytes); ``ImportFailure`` if it has no
    readable text."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise ImportFailure(
            source, f"the message is over {MAX_MESSAGE_BYTES // 1_000_000} MB (too big to read)"
        )
    message = email.message_from_bytes(data, policy=email.policy.default)
    known = {k.lower() for k in message} & {"from", "subject", "date", "message-id"}
    if not isinstance(message, EmailMessage) or not known:
        raise ImportFailure(source, "it is not an email message (no From, Subject or Date)")
    subject = " ".join(str(message.get("Subject", "") or "").split()) or "(no subject)"
    name, address = parseaddr(str(message.get("From", "") or ""))
    sender = name or address or None
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise ImportFailure(source, "the message has no text or HTML part to read")
    text = _content(body)
    mid = message_id(message, data)
    if body.get_content_subtype() == "html":
        try:
            article = parse_html(strip_mail_furniture(text), source=source)
        except ImportFailure:
            raise ImportFailure(source, "the message has no readable text") from None
    else:
        article = parse_text(text, source=source)
    article.title = subject
    article.author = sender
    article.site = sender
    article.url = None  # a message has no web address; its "view online" link is furniture
    article.published = _date(message.get("Date"))
    article.source_kind = "email"
    article.source = f"mid:{mid}"
    return article


def message_id(message: EmailMessage, data: bytes) -> str:
    """The Message-ID without its angle brackets; for a message without one, a hash of
    its headers that the same message always gives."""
    try:
        raw = str(message.get("Message-ID", "") or "")
    except (ValueError, IndexError, TypeError):  # a header the parser cannot read
        raw = ""
    mid = raw.strip().strip("<>").strip()
    if mid and len(mid) < 1000:
        return mid
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    return "sha256-" + hashlib.sha256(head).hexdigest()


def _content(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, ValueError):  # unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def _date(value) -> str | None:
    try:
        stamp = parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    if stamp is None:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def strip_mail_furniture(html: str) -> str:
    """The newsletter's HTML without tracking pixels and its "view in browser",
    unsubscribe and preferences lines (each block that says only that)."""
    import lxml.html  # deferred: lxml, for mail only

    from reader.core.importing.html.extract import parse_document

    doc = parse_document(html)
    if doc is None:
        return html
    doomed = []
    for img in doc.iter("img"):
        if _is_pixel(img):
            doomed.append(img)
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag.lower() not in _CONTAINERS:
            continue
        text = " ".join(el.text_content().split())
        if len(text) > _FURNITURE_MAX_CHARS or not _FURNITURE.search(text):
            continue
        parent = el.getparent()
        # the outermost block that still says only that
        if parent is not None and parent.tag in _CONTAINERS:
            outer = " ".join(parent.text_content().split())
            if len(outer) <= _FURNITURE_MAX_CHARS:
                continue
        doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return lxml.html.tostring(doc, encoding="unicode")


def _is_pixel(img) -> bool:
    def size(name: str) -> int | None:
        value = (img.get(name) or "").strip().removesuffix("px")
        return int(value) if value.isdigit() else None

    style = (img.get("style") or "").replace(" ", "").lower()
    tiny = any(s is not None and s <= 3 for s in (size("width"), size("height")))
    tiny = tiny or "width:1px" in style or "height:1px" in style or "display:none" in style
    return tiny or (not img.get("alt") and bool(_TRACKING_SRC.search(img.get("src") or "")))


def mbox_messages(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """Each message of an mbox file (numbered from 1) as raw bytes."""
    import mailbox  # deferred: for mbox files only

    path = Path(path)
    if not path.is_file():
        raise ImportFailure(path, "no such file (check the name and the folder)")
    try:
        box = mailbox.mbox(path, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as e:
        raise ImportFailure(path, f"cannot read it as an mbox ({e})") from None
    try:
        for number, key in enumerate(keys, 1):
            yield number, box.get_bytes(key)
    finally:
        box.close()


def read_eml(path: str | Path) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_MESSAGE_BYTES:
            raise ImportFailure(
                path, f"the file is over {MAX_MESSAGE_BYTES // 1_000_000} MB (too big to read)"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure(path, "no such file (check the name and the folder)") from None
    except OSError as e:
        raise ImportFailure(path, f"cannot read it ({e.strerror or e})") from None


def import_mail(library, path: str | Path) -> tuple[list, list[ImportFailure]]:
    """Import an ``.eml`` or ``.mbox`` file: one article per message, each added on its
    own (a bad message is one failure; the others still come). Returns the
    ``AddResult``s and the failures."""
    path = Path(path)
    if path.suffix.lower() == ".eml":
        messages: Iterator[tuple[int, bytes]] = iter([(1, read_eml(path))])
        name = str(path)
    else:
        messages = mbox_messages(path)
        name = ""
    results, failures = [], []
    for number, raw in messages:
        source = name or f"{path} (message {number})"
        try:
            results.append(library.articles.add(message_article(raw, source)))
        except ImportFailure as e:
            failures.append(e)
        except (ValueError, LookupError, UnicodeError, IndexError, TypeError) as e:
            failures.append(ImportFailure(source, f"the message cannot be read ({e!r})"))
    return results, failures
