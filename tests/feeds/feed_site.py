"""A feed server on 127.0.0.1 for the tests and the benchmarks: it serves feeds (and
pages) with ETags and Last-Modified, answers 304 to a matching validator, and counts
every request."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from email.utils import formatdate

from local_server import RecordingServer


@dataclass
class Served:
    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    validators: bool = True
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


class FeedSite(RecordingServer):
    """``site.serve("/feed.xml", body)``; ``site.url("/feed.xml")``; ``site.count(path)``."""

    def __init__(self) -> None:
        super().__init__()
        # a short poll: the tests start and stop many servers (the default waits 0.5 s)
        self._thread = threading.Thread(target=lambda: self.serve_forever(0.02), daemon=True)
        self.served: dict[str, Served] = {}
        self.not_modified = 0
        self.modified = formatdate(usegmt=True)

    def serve(self, path: str, body: bytes | str, content_type: str | None = None, **kw) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        served = Served(data, **({"content_type": content_type} if content_type else {}), **kw)
        self.served[path] = served
        self.routes[path] = self._reply
        return self.url(path)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.split(" ", 1)[1].split("?")[0] == path)

    def _reply(self, handler) -> None:
        served = self.served[handler.path.split("?")[0]]
        if served.status != 200:
            handler.send_response(served.status)
            for name, value in served.headers:
                handler.send_header(name, value)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if served.validators and handler.headers.get("If-None-Match") == served.etag:
            self.not_modified += 1
            handler.send_response(304)
            handler.send_header("ETag", served.etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", served.content_type)
        if served.validators:
            handler.send_header("ETag", served.etag)
            handler.send_header("Last-Modified", self.modified)
        for name, value in served.headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(served.body)))
        handler.end_headers()
        handler.wfile.write(served.body)


def rss(title: str, items: list[dict], *, link: str = "https://site.example/") -> str:
    """An RSS 2.0 feed of ``items`` (keys: guid, title, link, description, content, date)."""
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "description"):
            if item.get(key) is not None:
                parts.append(f"<{key}>{escape(str(item[key]))}</{key}>")
        if item.get("date"):
            parts.append(f"<pubDate>{escape(item['date'])}</pubDate>")
        if item.get("content"):
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


def long_text(n: int = 200, word: str = "word") -> str:
    return "<p>" + " ".join(f"{word}{i}" for i in range(n)) + ".</p>"
