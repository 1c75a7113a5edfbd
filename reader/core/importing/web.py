"""Fetching a web page for import: timeouts, a size cap, redirects, content types.

Only the standard library (urllib). Redirects are followed between http(s)
addresses only; each socket operation has ``timeout`` seconds, and the whole
download at most three times that (or ``seconds``), so a server that trickles bytes
cannot hang an import. Reading stops as soon as the page passes ``max_bytes``.
``fetch`` takes a page (HTML, text, Markdown); ``fetch_picture`` one of its pictures,
refused on a private or loopback address when the page itself was not on one (a page
must not make the reader's computer knock on doors of the local network).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from reader.core.importing.failure import ImportFailure
from reader.core.importing.html.encoding import charset_from_content_type

USER_AGENT = "Mozilla/5.0 (compatible; ArticleReader/0.1; desktop article reader)"
ACCEPT = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8"
KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
CHUNK = 65536
MAX_REDIRECTS = 5


PICTURE_ACCEPT = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"


@dataclass
class Page:
    data: bytes
    final_url: str  # after redirects
    charset: str | None  # from the Content-Type header, normalised
    kind: str  # "html", "text" or "markdown"; for a picture, its Content-Type's media type
    private: bool = False  # whether it came from a private or loopback address


def fetch(url: str, *, timeout: float, max_bytes: int) -> Page:
    """The body of ``url``, or an :class:`ImportFailure` saying what went wrong."""
    kinds: list[str | None] = []

    def check(headers) -> None:  # before the body is read: refuse an image at once
        kinds.append(_kind(url, headers.get("Content-Type")))

    response = get(
        url, headers={"Accept": ACCEPT}, timeout=timeout, max_bytes=max_bytes, check=check
    )
    data, kind = response.data, kinds[0]
    if kind is None:
        kind = "html" if _looks_like_html(data, strict=False) else "text"
    elif kind == "text" and _looks_like_html(data):
        kind = "html"  # a server that calls every page text/plain
    charset = charset_from_content_type(response.headers.get("Content-Type"))
    return Page(data, response.final_url, charset, kind, response.private)


def fetch_picture(
    url: str, *, timeout: float, max_bytes: int, seconds: float, private_ok: bool
) -> Page:
    """A picture's bytes (any content type: the decoder judges them), at most ``seconds``
    in all; ``private_ok=False`` refuses one served from a private or loopback address."""
    response = get(
        url,
        headers={"Accept": PICTURE_ACCEPT},
        timeout=timeout,
        max_bytes=max_bytes,
        seconds=seconds,
        private_ok=private_ok,
    )
    return Page(response.data, response.final_url, None, response.content_type, response.private)


@dataclass
class Response:
    """What ``get`` received: status 200 (``data`` the body, decompressed) or 304."""

    status: int
    data: bytes
    final_url: str
    headers: Message
    private: bool = False  # whether it came from a private or loopback address

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


class HttpError(ImportFailure):
    """The server answered with an error status; ``retry_after`` is its Retry-After header."""

    def __init__(self, source: str, reason: str, code: int, retry_after: str | None) -> None:
        super().__init__(source, reason)
        self.code = code
        self.retry_after = retry_after


def get(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    timeout: float,
    max_bytes: int,
    check: Callable[[Message], None] | None = None,
    seconds: float | None = None,
    private_ok: bool = True,
) -> Response:
    """GET ``url`` with these extra ``headers`` (validators for a conditional GET); a 304
    is a ``Response`` too. ``check`` sees the headers before the body is read; the whole
    download takes at most ``seconds`` (else three socket timeouts); ``private_ok=False``
    refuses a private or loopback address. Every failure is an :class:`ImportFailure`
    (an error status: :class:`HttpError`)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ImportFailure(url, "not a web address (use an http or https address)")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip",
            **(headers or {}),
        },
    )
    # The message names the socket timeout (the one the user can relate to) for a page.
    said = timeout if seconds is None else seconds
    watchdog = _Watchdog(3 * timeout if seconds is None else seconds, private_ok)
    try:
        response = _get(url, request, watchdog, timeout=timeout, max_bytes=max_bytes, check=check)
    except (ImportFailure, OSError):
        if watchdog.refused:
            raise ImportFailure(url, _PRIVATE) from None
        if watchdog.expired:
            raise ImportFailure(url, _too_slow(said)) from None
        raise
    finally:
        watchdog.cancel()
    if watchdog.expired:  # cut off where an end of file looked like the end of the page
        raise ImportFailure(url, _too_slow(said))
    response.private = watchdog.private
    return response


_PRIVATE = "it is on a private or local network address, and the page is not (not fetched)"


def _get(
    url: str, request, watchdog: _Watchdog, *, timeout: float, max_bytes: int, check
) -> Response:
    hostname = urlsplit(url).hostname
    opener = urllib.request.build_opener(
        _HttpOnlyRedirects(), _WatchedHttp(watchdog), _WatchedHttps(watchdog)
    )
    deadline = time.monotonic() + watchdog.seconds
    watchdog.start()
    try:
        with opener.open(request, timeout=timeout) as response:
            if check is not None:
                check(response.headers)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise ImportFailure(url, _too_big(max_bytes))
            data = _read(response, url, max_bytes, deadline, timeout)
            if length.isdigit() and len(data) < int(length):
                raise ImportFailure(
                    url, f"the connection broke off after {len(data)} of {length} bytes (try again)"
                )
            encoding = response.headers.get("Content-Encoding", "").strip().lower()
            data = _decompress(data, encoding, url, max_bytes)
            return Response(response.status, data, response.geturl(), response.headers)
    except ImportFailure as e:
        if e.source != url:  # raised on a redirect: name the address the user gave
            raise ImportFailure(url, e.reason) from None
        raise
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return Response(304, b"", url, e.headers)
        raise HttpError(
            url,
            f"the server answered {e.code} {e.reason} (check the address)",
            e.code,
            e.headers.get("Retry-After") if e.headers else None,
        ) from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise ImportFailure(url, _too_slow(timeout)) from None
        raise ImportFailure(
            url, f"cannot reach {hostname} ({e.reason}; check the address and the connection)"
        ) from None
    except TimeoutError:
        raise ImportFailure(url, _too_slow(timeout)) from None
    except (http.client.HTTPException, ConnectionError) as e:
        raise ImportFailure(url, f"the connection broke off ({e!r}; try again)") from None
    except ValueError as e:
        raise ImportFailure(url, f"not a valid web address ({e})") from None


def _kind(url: str, content_type: str | None) -> str | None:
    """The kind of page ("html", "text", "markdown") a Content-Type names, if any."""
    if not content_type:
        return None
    media = content_type.split(";")[0].strip().lower()
    if media in KINDS:
        return KINDS[media]
    raise ImportFailure(url, f"the address serves {media} (use a web page, text or Markdown)")


def _read(response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    chunks, size = [], 0
    while True:
        # read1: whatever has arrived, so a server that trickles bytes meets the deadline
        # (read(CHUNK) would wait for all 64 KB, one slow byte at a time).
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise ImportFailure(url, _too_big(max_bytes))
        if time.monotonic() > deadline:
            raise ImportFailure(url, _too_slow(timeout))
        chunks.append(chunk)


def _decompress(data: bytes, encoding: str, url: str, max_bytes: int) -> bytes:
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ImportFailure(url, f"the server sent {encoding}-compressed data (not supported)")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        result = inflater.decompress(data, max_bytes + 1)
    except zlib.error as e:
        raise ImportFailure(url, f"the server sent damaged compressed data ({e})") from None
    if len(result) > max_bytes:
        raise ImportFailure(url, _too_big(max_bytes))
    return result


def _looks_like_html(data: bytes, *, strict: bool = True) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return True
    return not strict and bool(re.search(rb"<(html|head|body|p|div)\b", head))


def _too_slow(timeout: float) -> str:
    return f"the server did not answer within {timeout:g} seconds (try again later)"


def _too_big(max_bytes: int) -> str:
    return (
        f"the page is larger than {max_bytes / 1_000_000:g} MB"
        " (save the article from the browser and import the file)"
    )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``MAX_REDIRECTS`` redirects, to http(s) addresses only (never to
    ftp: or file:). ``req.redirect_dict`` is urllib's count of the redirects so far."""

    # urllib's own limits sit above ours, so that ours (with its message) comes first.
    max_repeats = max_redirections = MAX_REDIRECTS + 1

    def http_error_302(self, req, fp, code, msg, headers):
        # urllib refuses other schemes before redirect_request, with a message of its own.
        location = headers.get("Location") or headers.get("URI") or ""
        try:
            scheme = urlsplit(urljoin(req.full_url, location.strip())).scheme.lower()
        except ValueError:
            scheme = ""
        if location and scheme not in ("http", "https"):
            fp.close()
            raise ImportFailure(req.full_url, f"it redirects to a non-web address ({location})")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise ImportFailure(req.full_url, f"it redirects to a non-web address ({newurl})")
        if sum(getattr(req, "redirect_dict", {}).values()) >= MAX_REDIRECTS:
            raise ImportFailure(
                req.full_url,
                f"it redirects more than {MAX_REDIRECTS} times (open it in a browser and"
                " import the address it ends at)",
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Watchdog:
    """Shuts the connections down when the whole download has taken ``seconds``: a
    server that trickles its headers, one byte within each socket timeout, would
    otherwise hold an import for ever (http.client reads headers line by line).
    It also notes whether a connection reached a private address, and shuts it at once
    when that is not ``private_ok``."""

    def __init__(self, seconds: float, private_ok: bool = True) -> None:
        self.seconds = seconds
        self.expired = False
        self.private = False
        self.refused = False
        self._private_ok = private_ok
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if _is_private(sock):
                self.private = True
                if not self._private_ok:
                    self.refused = True
                    _shut(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def connection(self, cls: type) -> type:
        """``cls`` (an HTTP(S)Connection) with its socket watched once connected."""
        watchdog = self

        class Watched(cls):
            def connect(self) -> None:
                super().connect()
                watchdog.watch(self.sock)

        return Watched


def _is_private(sock: socket.socket) -> bool:
    import ipaddress  # deferred: only a fetch asks

    try:
        address = ipaddress.ip_address(sock.getpeername()[0])
    except (OSError, ValueError, IndexError):
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHttp(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self._watchdog = watchdog

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self._watchdog.connection(http_class), req, **kwargs)


class _WatchedHttps(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self._watchdog = watchdog

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self._watchdog.connection(http_class), req, **kwargs)
