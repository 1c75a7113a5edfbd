"""A saved page's JSON, checked: what ``POST /api/v1/pages`` accepts.

    {"url": "https://...", "title": "...", "html": "<html>...",
     "selection": {"text": "...", "prefix": "...", "suffix": "..."},
     "pictures": [{"url": "https://.../a.jpg", "media_type": "image/jpeg", "data": "<base64>"}]}

``selection`` and ``pictures`` are optional. Every problem is a :class:`BadPayload`
whose message names the field and what it should hold.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_PICTURES = 100  # as many as an article keeps (pictures.loading.CAPS.count)


class BadPayload(ValueError):
    """The request's body is not a page this endpoint can save (a 400)."""


@dataclass(frozen=True)
class Selection:
    """What the reader selected on the page, with the text just before and after it."""

    text: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class SavedPage:
    url: str
    title: str
    html: str
    selection: Selection | None = None
    pictures: dict[str, bytes] = field(default_factory=dict)  # absolute address -> bytes


def parse_page(body: bytes) -> SavedPage:
    """The page in a request's body, or BadPayload saying what is wrong."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise BadPayload(f"the body is not JSON in UTF-8 ({e})") from None
    if not isinstance(data, dict):
        raise BadPayload("the body must be a JSON object with url, title and html")
    url = _text(data, "url", required=True).strip()
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise BadPayload(f"url must be an http or https address, not {url[:80]!r}")
    html = _text(data, "html", required=True)
    if not html.strip():
        raise BadPayload("html is empty: send document.documentElement.outerHTML")
    return SavedPage(
        url=url,
        title=_text(data, "title"),
        html=html,
        selection=_selection(data.get("selection")),
        pictures=_pictures(data.get("pictures")),
    )


def _text(data: dict, key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadPayload(f"{key} must be a string" + (" (it is missing)" if value is None else ""))
    return value


def _selection(value) -> Selection | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadPayload("selection must be an object with text, prefix and suffix")
    text = _text(value, "text", required=True)
    if not text.strip():
        return None  # an empty selection: save the page alone
    return Selection(text, _text(value, "prefix"), _text(value, "suffix"))


def _pictures(value) -> dict[str, bytes]:
    if value is None:
        return {}
    if not isinstance(value, list):
        raise BadPayload("pictures must be a list of {url, media_type, data}")
    found: dict[str, bytes] = {}
    for n, item in enumerate(value[:MAX_PICTURES]):
        if not isinstance(item, dict):
            raise BadPayload(f"pictures[{n}] must be an object with url, media_type and data")
        url = _text(item, "url", required=True)
        try:
            found[url] = base64.b64decode(_text(item, "data", required=True), validate=True)
        except (binascii.Error, ValueError):
            raise BadPayload(f"pictures[{n}].data is not base64") from None
    return found
