"""``related-service`` (hidden): related passages for the window, in a process of its own.

The window runs ``article-reader --library PATH related-service`` and talks to it in JSON
lines, one request a line on stdin, one answer a line on stdout, matched by ``id``:

    {"id": 1, "op": "embed"}                          vectors for whatever has none
      -> {"id": 1, "progress": [done, total]} ...      now and then
      -> {"id": 1, "done": 120}                        or {"id": 1, "error": "..."}
    {"id": 2, "op": "find", "highlight": "3f2a…", "limit": 8}
      -> {"id": 2, "items": [{"kind", "article_id", "text", "score", ...}]}

Why a process: loading the model (tokenizers parsing its JSON, numpy) and each batch hold
the GIL, which in a thread of the window blocked it for 0.1-0.4 s; here the window only
reads lines. The vectors are written to the library by this process (WAL: the window's
writes wait at most a batch's transaction). Embedding and finding run on two threads, so a
search is answered while a long embedding runs. When stdin closes (the window quit or was
killed) the embedding stops between two batches and the process ends.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from reader.core.storage.library import Library

ON_THE_SPOT = 2000  # missing vectors computed before a search when no embedding runs
NICENESS = 10  # the scheduler's lower priority for this process (POSIX)
PROGRESS_EVERY_S = 0.25  # progress lines at most this often: the window repaints for each


class Service:
    """Answers the requests of one window on one library."""

    def __init__(self, library: Library, write) -> None:
        self.library = library
        self._write = write
        self._out = threading.Lock()
        self.stopping = threading.Event()
        self._embedding = threading.Lock()  # one embed_pending at a time in this process
        self.embedded = False  # an embed request ran to its end: nothing was left then
        self._embeds = ThreadPoolExecutor(1, thread_name_prefix="embed")
        self._finds = ThreadPoolExecutor(1, thread_name_prefix="find")

    def answer(self, message: dict) -> None:
        with self._out:
            self._write(json.dumps(message, ensure_ascii=False) + "\n")

    def handle(self, line: str) -> None:
        """One line of stdin: a request, or a line that is none (answered if it has an id)."""
        try:
            request = json.loads(line)
        except ValueError:
            return
        if not isinstance(request, dict):
            return
        ident, op = request.get("id"), request.get("op")
        if op == "embed":
            self._embeds.submit(self._guarded, ident, self._embed, ident)
        elif op == "find":
            self._finds.submit(self._guarded, ident, self._find, ident, request)
        elif ident is not None:
            self.answer({"id": ident, "error": f"unknown request {op!r}"})

    def _guarded(self, ident, work, *args) -> None:
        from reader.core.embedding import ModelUnavailable
        from reader.core.storage.errors import LibraryError, NotFound

        try:
            work(*args)
        except (ModelUnavailable, LibraryError, NotFound, ValueError) as e:
            self.answer({"id": ident, "error": str(e)})
        except Exception as e:  # one request failed; the others still run
            self.answer({"id": ident, "error": f"{type(e).__name__}: {e}"})

    def _embed(self, ident) -> None:
        if self.library.read_only:
            self.answer({"id": ident, "done": 0})
            return
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_S or done >= total:
                last[0] = now
                self.answer({"id": ident, "progress": [done, total]})

        with self._embedding:
            done = self.library.related.embed_pending(
                progress=progress, cancelled=self.stopping.is_set
            )
            self.embedded = not self.stopping.is_set()
        self.answer({"id": ident, "done": done})

    def _find(self, ident, request: dict) -> None:
        highlight = str(request.get("highlight", ""))
        limit = int(request.get("limit", 10))
        related = self.library.related
        # Until the first embedding is done, what is missing is computed first (a few
        # seconds at most; more is the background's). Not after: counting what is missing
        # reads every row (0.1-0.3 s at 100,000 highlights), and the window asks for an
        # embedding after each change anyway; the highlight's own vector is made on the spot.
        if (
            not self.embedded
            and not self.library.read_only
            and self._embedding.acquire(blocking=False)
        ):
            try:
                if related.pending() <= ON_THE_SPOT:
                    related.embed_pending(cancelled=self.stopping.is_set)
            finally:
                self._embedding.release()
        items = related.find(highlight, limit=limit)
        self.answer({"id": ident, "items": [i.as_json() for i in items]})

    def warm_up(self) -> None:
        """The model loaded before the first request needs it (about a second)."""
        from reader.core import embedding

        self._embeds.submit(self._quietly, embedding.model)

    @staticmethod
    def _quietly(work) -> None:
        with contextlib.suppress(Exception):  # the request that needs it says why
            work()

    def close(self) -> None:
        self.stopping.set()
        self._finds.shutdown(wait=True, cancel_futures=True)
        self._embeds.shutdown(wait=True, cancel_futures=True)


def cmd_related_service(lib: Library, args: argparse.Namespace) -> int:
    def write(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    if hasattr(os, "nice"):  # background work: the window and the desktop come first
        os.nice(NICENESS)
    service = Service(lib, write)
    service.answer({"ready": True})
    service.warm_up()
    try:
        for line in sys.stdin:  # until the window closes its end
            if line.strip():
                service.handle(line)
    except KeyboardInterrupt:
        pass
    finally:
        service.close()
    return 0
