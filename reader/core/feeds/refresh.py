"""Refreshing subscriptions: the one service the window (on a worker thread, hourly and
on demand) and ``article-reader feeds refresh`` both call.

    refresher = FeedRefresher(library)
    refresher.start()
    report = refresher.refresh()          # every feed; or refresh([3, 5]); or due_only=True
    print(report.summary())
    refresher.stop()                      # a refresh under way stops after the feed at hand

Each feed is fetched with a conditional GET (its ETag and Last-Modified: an unchanged
feed costs one request answered 304), several at once. A feed's new and changed entries
are written in one transaction with its new validators, so a refresh that dies halfway
leaves that feed as before and the next one does it again; a feed that fails says why
in plain words and the others go on. A server's ``Retry-After`` is obeyed; a failing
feed is asked less often (1, 2, 4 ... up to 24 hours) by the timer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from reader.core.feeds.entries import entry_article, full_text_article
from reader.core.feeds.parse import Entry, NotAFeed, ParsedFeed, parse_feed
from reader.core.feeds.results import FeedResult, RefreshReport
from reader.core.importing.failure import ImportFailure
from reader.core.models import Feed, ImportedArticle
from reader.core.storage.library import Library, LibraryError, NotFound

Progress = Callable[[int, int, str], None]  # done, total, the feed just done
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
INTERVAL = timedelta(minutes=55)  # the hourly timer finds a feed due, whatever the jitter
MAX_BACKOFF = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)
FEED_MAX_BYTES = 10_000_000
FULL_TEXT_PER_REFRESH = 30  # pages fetched per feed and refresh; the rest keep the summary


class FeedRefresher:
    """Refreshes a library's subscriptions; ``refresh`` is safe to call from any thread.

    ``fetch_pages=False`` never fetches an entry's page (the feed's summary is kept),
    whatever each feed says; ``workers`` feeds are fetched at once.
    """

    def __init__(
        self,
        library: Library,
        *,
        workers: int = 6,
        timeout: float = 20.0,
        fetch_pages: bool = True,
    ) -> None:
        self.library = library
        self.workers = workers
        self.timeout = timeout
        self.fetch_pages = fetch_pages
        self._stopped = threading.Event()
        self._running = threading.Lock()
        # Parsing is pure Python: the workers fetch at once but parse one at a time, so
        # the window's thread waits for the GIL behind one busy thread, not six.
        self._parsing = threading.Lock()

    def start(self) -> None:
        """Accept refreshes (again)."""
        self._stopped.clear()

    def stop(self) -> None:
        """Refuse new refreshes; one under way ends after the feeds at hand."""
        self._stopped.set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def refresh(
        self,
        feed_ids: Iterable[int] | None = None,
        *,
        due_only: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> RefreshReport:
        """Refresh these feeds (None: all). ``due_only`` (the timer) skips a feed asked
        within the hour or backing off after failures; a server's Retry-After is obeyed
        always. One refresh at a time: a second call waits for the first."""
        report = RefreshReport()
        if self.stopped:
            report.cancelled = True
            return report
        with self._running:
            feeds = (
                self.library.feeds.list()
                if feed_ids is None
                else [self.library.feeds.get(i) for i in feed_ids]
            )
            stamp = datetime.now(UTC)

            def stop() -> bool:
                return self.stopped or bool(cancelled and cancelled())

            todo: list[Feed] = []
            for feed in feeds:
                waiting = _waiting(feed, stamp, due_only)
                if waiting:
                    report.results.append(FeedResult(feed.id, feed.name, "waiting", error=waiting))
                else:
                    todo.append(feed)
            done = len(report.results)
            total = len(feeds)
            with self.library.sync_at_end(), ThreadPoolExecutor(self.workers) as pool:
                futures = [pool.submit(self._one_guarded, feed, stop) for feed in todo]
                for future in futures:
                    result = future.result()
                    if result is None:
                        report.cancelled = True
                        continue
                    report.results.append(result)
                    done += 1
                    if progress:
                        progress(done, total, result.name)
            return report

    def _one_guarded(self, feed: Feed, stop: Callable[[], bool]) -> FeedResult | None:
        if stop():
            return None
        try:
            return self.refresh_feed(feed)
        except LibraryError:
            raise  # the library is in trouble (disk full, busy): the refresh stops, says so
        except Exception as e:  # one feed's surprise must not stop the others
            result = FeedResult(feed.id, feed.name, "failed", error=f"unexpected error: {e!r}")
            self._failed(feed, result.error or "", None)
            return result

    # -- one feed --------------------------------------------------------------------

    def refresh_feed(self, feed: Feed) -> FeedResult:
        """Fetch one feed and store what is new; failures are recorded and returned."""
        if feed.kind == "imap":
            from reader.core.feeds.imap import refresh_mailbox  # deferred: imaplib, ssl

            return refresh_mailbox(self.library, feed)
        from reader.core.importing.web import HttpError, get  # deferred: urllib

        headers = {"Accept": FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            response = get(
                feed.url, headers=headers, timeout=self.timeout, max_bytes=FEED_MAX_BYTES
            )
        except HttpError as e:
            return self._failed(feed, e.reason, e.retry_after)
        except ImportFailure as e:
            return self._failed(feed, _feed_words(e.reason), None)
        if response.status == 304:
            self.library.feeds.record_success(
                feed.id, etag=feed.etag, last_modified=feed.last_modified
            )
            return FeedResult(feed.id, feed.name, "unchanged")
        try:
            with self._parsing:
                parsed = parse_feed(response.data, response.final_url, response.content_type)
        except NotAFeed as e:
            reason = e.reason
            if e.html is not None:
                reason = (
                    "the address serves a web page, not a feed (subscribe again to find its feed)"
                )
            return self._failed(feed, reason, None)
        except ImportFailure as e:
            return self._failed(feed, e.reason, None)
        result = self.store(
            feed,
            parsed,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
        if parsed.problem:
            result.notes.append(parsed.problem)
        return result

    def _failed(self, feed: Feed, reason: str, retry_after: str | None) -> FeedResult:
        not_before = _retry_after(retry_after)
        self.library.feeds.record_failure(feed.id, reason, not_before=not_before)
        if not_before:
            reason += f"; the server asked to wait until {_local(not_before)}"
        return FeedResult(feed.id, feed.name, "failed", error=reason)

    def store(
        self, feed: Feed, parsed: ParsedFeed, *, etag: str | None, last_modified: str | None
    ) -> FeedResult:
        """Turn the new and changed entries into articles (pages fetched first, outside
        any transaction), then write them all with the feed's new state at once."""
        library, result = self.library, FeedResult(feed.id, parsed.title or feed.name, "new")
        site = parsed.title or feed.title or None
        summaries = sum(e.summary_only for e in parsed.entries)
        wants_pages = self.fetch_pages and (
            feed.full_text == "on"
            or (feed.full_text == "auto" and summaries * 2 > len(parsed.entries))
        )
        plans: list[tuple[Entry, ImportedArticle | None, int | None, bool]] = []
        pages = 0
        seen: set[str] = set()
        for entry in reversed(parsed.entries):  # oldest first: the newest ends on top
            if entry.key in seen:
                continue  # the same entry twice in one feed
            seen.add(entry.key)
            mine = library.feeds.entry(feed.id, entry.key)
            if mine is not None and mine.fingerprint == entry.fingerprint:
                continue
            target, remember_only = None, False
            if mine is not None:  # updated since we took it
                target = mine.article_id
                remember_only = target is None or mine.trashed
            else:
                other = library.feeds.known(entry.key, entry.link)
                if other is not None:  # another feed (or an import) brought it
                    plans.append((entry, None, other.article_id, True))
                    continue
            if remember_only:
                plans.append((entry, None, None, True))
                continue
            with self._parsing:
                article = entry_article(entry, site=site, base_url=parsed.site_url or feed.url)
            if wants_pages and entry.summary_only and entry.link:
                if pages < FULL_TEXT_PER_REFRESH:
                    pages += 1
                    try:
                        article = full_text_article(entry, site=site)
                    except ImportFailure as e:
                        result.notes.append(f"{entry.title}: kept the feed's summary ({e.reason})")
                elif pages == FULL_TEXT_PER_REFRESH:
                    pages += 1
                    result.notes.append(
                        f"fetched {FULL_TEXT_PER_REFRESH} pages; the other entries keep the "
                        "feed's summary"
                    )
            plans.append((entry, article, target, False))
        with library.transaction():
            for entry, article, target, link_only in plans:
                article_id = target
                if article is not None:
                    try:
                        added = library.articles.add(article, into=target, same_content=False)
                    except NotFound:  # deleted for good since we looked
                        added = library.articles.add(article, same_content=False)
                    article_id = added.article_id
                    if added.status == "added":
                        result.added += 1
                    elif added.status == "updated":
                        result.updated += 1
                if article_id is not None and feed.tags and (article is not None or link_only):
                    current = library.tags.of(article_id)
                    library.tags.set(article_id, [*current, *feed.tags])
                library.feeds.remember(
                    feed.id,
                    entry.key,
                    link=entry.link,
                    fingerprint=entry.fingerprint,
                    article_id=article_id,
                )
            library.feeds.record_success(
                feed.id,
                etag=etag,
                last_modified=last_modified,
                title=parsed.title,
                site_url=parsed.site_url,
            )
        return result


def _waiting(feed: Feed, stamp: datetime, due_only: bool) -> str | None:
    """Why a feed is not asked now (None: ask it)."""
    if feed.not_before and _parse(feed.not_before) > stamp:
        return f"the server asked to wait until {_local(feed.not_before)}"
    if not due_only or not feed.last_attempt_at:
        return None
    wait = INTERVAL
    if feed.failures:
        wait = min(timedelta(hours=2 ** (feed.failures - 1)), MAX_BACKOFF) - timedelta(minutes=5)
    if _parse(feed.last_attempt_at) + wait > stamp:
        if feed.failures:
            return f"failing ({feed.failures} times in a row): asked again later"
        return "asked within the hour"
    return None


def _retry_after(value: str | None) -> str | None:
    """A Retry-After header (seconds, or an HTTP date) as a stored time, capped."""
    if not value:
        return None
    value = value.strip()
    now = datetime.now(UTC)
    if value.isdigit():
        when = now + timedelta(seconds=int(value[:9]))
    else:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    when = min(when, now + MAX_RETRY_AFTER)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when > now else None


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _local(stamp: str) -> str:
    return _parse(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def _feed_words(reason: str) -> str:
    """The web importer's words, said of a feed rather than a page."""
    return reason.replace("the page is larger", "the feed is larger").replace(
        " (save the article from the browser and import the file)", ""
    )
