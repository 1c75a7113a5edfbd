"""Where a picture's bytes come from at import: the web, the folder of a file, a data: URI.

Each loader maps picture addresses (an image block's ``src``) to their bytes, or to the
reason they could not be had, for :func:`.attach.attach_pictures`:

* :func:`from_web` fetches http(s) addresses in parallel, within :class:`Caps` (how many,
  bytes per picture and per article, time in all); only a URL import calls it.
* :func:`from_folder` reads relative paths inside the folder of an imported file (a
  saved page's ``_files`` folder, a Markdown note's ``images/``), never outside it.
* :func:`from_data_uri` decodes ``data:`` URIs; both loaders hand those to it.

Nothing else is ever read: not ``file:`` addresses, not absolute paths, not a picture
of a file from the web, not anything while reading.
"""

from __future__ import annotations

import base64
import binascii
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

Found = dict[str, bytes | str]  # address -> bytes, or why there are none
Cancelled = Callable[[], bool]
Progress = Callable[[int, int], None]  # pictures done, pictures in all


@dataclass(frozen=True)
class Caps:
    """Limits on what one article's pictures may take."""

    count: int = 100  # pictures per article
    picture_bytes: int = 15_000_000
    article_bytes: int = 60_000_000
    seconds: float = 30.0  # for all of one article's pictures
    parallel: int = 6  # fetches at once (what browsers allow per server)
    timeout: float = 10.0  # per socket operation


CAPS = Caps()


def from_data_uri(uri: str, caps: Caps = CAPS) -> bytes | str:
    """The bytes of a ``data:`` URI, or why not."""
    head, comma, body = uri.partition(",")
    if not comma or not head.lower().startswith("data:image/"):
        return "not a picture's data: URI"
    try:
        if head.lower().endswith(";base64"):
            data = base64.b64decode(unquote(body), validate=False)
        else:
            data = unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        return "a damaged data: URI"
    if len(data) > caps.picture_bytes:
        return _too_big(caps.picture_bytes)
    return data


def from_folder(addresses: Iterable[str], folder: Path, caps: Caps = CAPS) -> Found:
    """Relative paths read from inside ``folder`` (and its subfolders), data: URIs decoded."""
    found: Found = {}
    root = folder.resolve()
    spent = 0
    for address in dict.fromkeys(addresses):
        if address.lower().startswith("data:"):
            found[address] = from_data_uri(address, caps)
            continue
        path = _local_path(address, root)
        if isinstance(path, str):
            found[address] = path
            continue
        try:
            size = path.stat().st_size
            if size > caps.picture_bytes:
                found[address] = _too_big(caps.picture_bytes)
                continue
            if spent + size > caps.article_bytes:
                found[address] = _article_too_big(caps.article_bytes)
                continue
            data = path.read_bytes()
        except FileNotFoundError:
            found[address] = f"no such file in {folder}"
            continue
        except OSError as e:
            found[address] = f"cannot read it ({e.strerror or e})"
            continue
        spent += len(data)
        found[address] = data
    return found


def _local_path(address: str, root: Path) -> Path | str:
    """The file a relative address names inside ``root``, or why it is not read."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or address.startswith(("/", "\\")):
        return "not a file beside the page (only relative paths inside its folder are read)"
    relative = unquote(parts.path)
    if not relative or "\x00" in relative:
        return "an empty address"
    path = (root / relative).resolve()
    if path != root and root not in path.parents:
        return f"outside the folder {root} (not read)"
    if path.exists() and not path.is_file():
        return "not a file"
    return path


def from_web(
    addresses: Iterable[str],
    *,
    private_ok: bool,
    caps: Caps | None = None,
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
) -> Found:
    """http(s) addresses fetched at most ``caps.parallel`` at a time; data: URIs decoded.

    ``private_ok``: whether pictures may come from private or loopback addresses (only
    when the page itself did). What is not fetched within ``caps.seconds`` in all, or
    after ``cancelled()`` says so, is given up with a reason.
    """
    # deferred: urllib, for URL imports only
    from reader.core.importing.failure import ImportFailure
    from reader.core.importing.web import fetch_picture

    caps = caps or CAPS  # read now: a test or a caller may set tighter caps
    found: Found = {}
    wanted = []
    for address in dict.fromkeys(addresses):
        if address.lower().startswith("data:"):
            found[address] = from_data_uri(address, caps)
        else:
            wanted.append(address)
    if not wanted:
        return found
    deadline = time.monotonic() + caps.seconds
    budget = _Budget(caps.article_bytes)

    def fetch(address: str) -> bytes | str:
        left = deadline - time.monotonic()
        if left <= 0 or (cancelled is not None and cancelled()):
            return _gave_up(caps.seconds)
        try:
            page = fetch_picture(
                address,
                timeout=min(caps.timeout, left),
                max_bytes=caps.picture_bytes,
                seconds=left,
                private_ok=private_ok,
            )
        except ImportFailure as e:
            return e.reason
        return page.data if budget.take(len(page.data)) else _article_too_big(caps.article_bytes)

    pool = ThreadPoolExecutor(max_workers=caps.parallel, thread_name_prefix="picture")
    futures = {pool.submit(fetch, address): address for address in wanted}
    pending = set(futures)
    try:
        while pending:
            if cancelled is not None and cancelled():
                break
            left = deadline - time.monotonic()
            if left <= 0:
                break
            done, pending = wait(pending, timeout=min(left, 0.1), return_when=FIRST_COMPLETED)
            for future in done:
                found[futures[future]] = future.result()
            if progress is not None and done:
                progress(len(wanted) - len(pending), len(wanted))
    finally:
        # A fetch still running ends by its own deadline; nobody waits for it.
        pool.shutdown(wait=False, cancel_futures=True)
    for future in pending:
        found[futures[future]] = (
            "the import was cancelled"
            if cancelled is not None and cancelled()
            else _gave_up(caps.seconds)
        )
    return found


class _Budget:
    """Bytes left for one article's pictures, shared by the fetching threads."""

    def __init__(self, limit: int) -> None:
        self._left = limit
        self._lock = threading.Lock()

    def take(self, size: int) -> bool:
        with self._lock:
            if size > self._left:
                return False
            self._left -= size
            return True


def picture_name(address: str) -> str:
    """A short name for a picture in a report line: its file name (and server)."""
    if address.lower().startswith("data:"):
        return f"({address[5:].split(',')[0].split(';')[0]} data: URI)"
    parts = urlsplit(address)
    name = unquote(os.path.basename(parts.path.rstrip("/"))) or parts.path or address
    if len(name) > 60:
        name = name[:57] + "..."
    return f"{name} ({parts.hostname})" if parts.hostname else name


def _too_big(limit: int) -> str:
    return f"larger than {limit / 1_000_000:g} MB (not kept)"


def _article_too_big(limit: int) -> str:
    return f"the article's pictures passed {limit / 1_000_000:g} MB in all (not kept)"


def _gave_up(seconds: float) -> str:
    return f"not fetched within the {seconds:g} seconds an article's pictures may take"
