"""Feeds in the window: the refresher service run on a worker thread (hourly and on
demand), subscribing and unsubscribing, marking a feed read, OPML in and out.

Made with the chrome, just after the first paint: the window starts without feedparser,
keyring or the refresher (a test checks ``sys.modules``). The first refresh of the
session comes a few seconds after the window shows and asks only the feeds that are
due; ``refresh_now`` (F5, the section's button) asks every feed. Everything that waits
on the network or parses runs on the window's ``JobRunner``; the UI thread only reads
the feed list and reloads the article list when a refresh ends.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from reader.core.models import Feed
from reader.core.storage.library import LibraryError, NotFound
from reader.ui.jobs import Job
from reader.ui.library.feeds import FeedsSection

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from reader.core.storage.library import Library
    from reader.ui.jobs import JobRunner
    from reader.ui.library.pane import LibraryPane
    from reader.ui.status import Notice

REFRESH_EVERY_MS = 3600 * 1000
FIRST_REFRESH_MS = 5000  # after the window shows: let it settle first
COUNTS_EVERY_S = 1.0  # the section's unread counts, at most this often during a refresh


class FeedsHost(Protocol):
    """The window, as the feeds see it."""

    library: Library
    library_pane: LibraryPane
    runner: JobRunner

    def window(self) -> QWidget: ...  # the main window itself: the parent of dialogs


class FeedsController(QObject):
    """The window's feeds: the section in the library pane, and the work behind it."""

    refreshed = Signal(object)  # the RefreshReport
    subscribed = Signal(object)  # the Subscription
    _counted = Signal(object)  # the feeds with their unread counts, read on the worker

    def __init__(self, host: FeedsHost, notice: Notice, actions: dict[str, QAction]) -> None:
        super().__init__(host.window())
        self.window = host.window()
        self.library = host.library
        self.pane = pane = host.library_pane
        self.runner = host.runner
        self.notice, self.actions = notice, actions
        self.section = FeedsSection(pane)
        pane.add_section(self.section)
        self._refresher = None  # the core's FeedRefresher, made on first use
        self._making = threading.Lock()
        self.job: Job | None = None
        self._pending: list[int] | None = None  # asked while a refresh ran: ids, [] for all
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.refresh_now(due_only=True))
        self._counted.connect(lambda feeds: self.section.set_feeds(feeds, self._listed_feed()))
        self.section.feedChosen.connect(pane.show_feed)
        self.section.refreshRequested.connect(lambda: self.refresh_now())
        self.section.subscribeRequested.connect(self.ask_subscribe)
        self.section.menuRequested.connect(self.feed_menu)
        pane.refreshed.connect(self._follow_filter)
        self.reload()

    # -- the section -----------------------------------------------------------------

    def reload(self) -> None:
        """Read the feeds and their unread counts again."""
        self.section.set_feeds(self.library.feeds.list(), self._listed_feed())

    def _listed_feed(self) -> int | None:
        key = self.pane.filter_key
        return int(key[5:]) if key.startswith("feed:") else None

    def _follow_filter(self) -> None:
        self.section.select(self._listed_feed())

    def current_feed(self) -> Feed | None:
        return self.section.current_feed()

    # -- refreshing ------------------------------------------------------------------

    @property
    def refresher(self):
        """The core's refresher service, made on first use (on a worker thread: the
        import of feedparser and the importers would block the window for ~40 ms)."""
        with self._making:
            if self._refresher is None:
                from reader.core.feeds.refresh import FeedRefresher  # feedparser, importers

                self._refresher = FeedRefresher(self.library)
                self._refresher.start()
            return self._refresher

    def start(self, every_ms: int = REFRESH_EVERY_MS, first_ms: int = FIRST_REFRESH_MS) -> None:
        """Refresh the due feeds soon, then every ``every_ms`` while the window is open."""
        self._timer.start(every_ms)
        if self.library.feeds.exist():
            QTimer.singleShot(first_ms, self, lambda: self.refresh_now(due_only=True))

    def stop(self) -> None:
        """No more refreshes; one under way stops after the feeds at hand (closing)."""
        self._stopped = True
        self._timer.stop()
        if self._refresher is not None:
            self._refresher.stop()
        if self.job is not None:
            self.job.cancel()

    def refresh_now(
        self, feed_ids: list[int] | None = None, *, due_only: bool = False
    ) -> Job | None:
        """Refresh in the background (every feed, or these); a refresh asked while one
        runs follows it."""
        if self._stopped or self.library.read_only:
            return None
        if self.job is not None:
            if not due_only:  # the timer's turn: the refresh under way does it
                if feed_ids and self._pending != []:  # [] is every feed already
                    self._pending = [*(self._pending or []), *feed_ids]
                else:
                    self._pending = []
            return self.job
        if not self.library.feeds.exist():
            self.notice.show_text("No feeds yet: File > Subscribe to Feed… adds one.")
            return None

        def work(job: Job):
            refresher = self.refresher  # made here: feedparser is imported off the UI thread
            counted = [time.monotonic()]

            def progress(done: int, total: int, name: str) -> None:
                job.report(done, total, name)
                if time.monotonic() - counted[0] > COUNTS_EVERY_S:
                    # The counts are read here: on the UI thread the query's steps would
                    # each wait for the GIL behind the refresh (~100 ms for 100 feeds).
                    self._counted.emit(self.library.feeds.list())
                    counted[0] = time.monotonic()

            report = refresher.refresh(
                feed_ids, due_only=due_only, progress=progress, cancelled=job.is_cancelled
            )
            self._counted.emit(self.library.feeds.list())  # the last counts, before _done
            return report

        self.job = job = self.runner.run(work, "feeds")
        job.progress.connect(self._progress)
        job.succeeded.connect(self._done)
        job.failed.connect(self._failed)
        job.finished.connect(self._finished)
        if not due_only:
            self.notice.show_text("Refreshing feeds…", timeout=0)
        return job

    def _progress(self, done: int, total: int, name: str) -> None:
        if self.notice.label.text().startswith("Refreshing"):
            self.notice.show_text(f"Refreshing feeds… {done} of {total}", timeout=0)

    def _done(self, report) -> None:
        if report.added or any(r.updated for r in report.results):
            self.pane.refresh()
        failed = report.failed
        text = f"Feeds: {report.summary()}."
        if len(failed) == 1:
            text += f" {failed[0].line()}"
        if failed or report.added or self.notice.label.text().startswith("Refreshing"):
            self.notice.show_text(text)
        self.refreshed.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.notice.show_text(f"The feeds could not be refreshed: {error}")

    def _finished(self) -> None:
        self.job = None
        pending, self._pending = self._pending, None
        if pending is not None and not self._stopped:
            self.refresh_now(pending or None)

    # -- subscribing -----------------------------------------------------------------

    def ask_subscribe(self) -> SubscribeDialog:
        dialog = SubscribeDialog(self.window)
        dialog.accepted.connect(lambda: self.subscribe(dialog.url(), dialog.tags()))
        dialog.open()
        return dialog

    def subscribe(self, url: str, tags: list[str] | None = None) -> Job:
        """Subscribe in the background; the new feed's articles are listed when it is in."""
        library = self.library

        def work(_job: Job):
            from reader.core.feeds.subscribe import subscribe  # feedparser: off the UI thread

            return subscribe(library, url, tags=tags or [], refresher=self.refresher)

        self.notice.show_text(f"Subscribing to {url}…", timeout=0)
        job = self.runner.run(work, "subscribe")
        job.succeeded.connect(self._subscribed)
        job.failed.connect(self._subscribe_failed)
        return job

    def _subscribed(self, sub) -> None:
        self.reload()
        self.pane.show_feed(sub.feed.id)
        self.section.select(sub.feed.id)
        self.notice.show_text(f"Subscribed to {sub.feed.name}: {sub.result.added} new article(s).")
        self.subscribed.emit(sub)

    def _subscribe_failed(self, error: BaseException) -> None:
        reason = getattr(error, "reason", None)
        source = getattr(error, "source", "")
        self.notice.show_text(
            f"Cannot subscribe to {source}: {reason}" if reason else f"Cannot subscribe: {error}"
        )

    def unsubscribe(self, feed_id: int, *, confirm: bool = True) -> bool:
        """Ask, then unsubscribe; the feed's articles stay in the library."""
        try:
            feed = self.library.feeds.get(feed_id)
        except NotFound:
            return False
        if confirm and not self._confirm(
            "Unsubscribe",
            f"Unsubscribe from “{feed.name}”?\n\nIts articles stay in your library; no new "
            "ones will come.",
        ):
            return False
        try:
            self.library.feeds.remove(feed_id)
        except LibraryError as e:
            self.notice.show_text(str(e))
            return False
        if feed.kind == "imap":
            from reader.core.feeds.imap import forget_password  # keyring

            forget_password(feed)
        if self._listed_feed() == feed_id:
            self.pane.show_feed(None)
        else:
            self.pane.refresh()
        self.reload()
        self.notice.show_text(f"Unsubscribed from {feed.name}; its articles stay.")
        return True

    def _confirm(self, title: str, text: str) -> bool:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a feed's name is never markup
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()

    def mark_read(self, feed_id: int | None) -> int:
        """Mark every unread article of a feed (None: of every feed) read."""
        ids = self.library.feeds.unread_ids(feed_id)
        n = self.library.articles.mark_many_read(ids)
        for article_id in ids:
            self.pane.update_article(article_id, read=True)
        if self.pane.filter_key == "new":
            self.pane.refresh()
        self.reload()
        self.notice.show_text(f"Marked {n} article(s) read.")
        return n

    # -- OPML ------------------------------------------------------------------------

    def import_opml(self, path: str | None = None) -> Job | None:
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self.window, "Import Subscriptions", "", "OPML (*.opml *.xml);;All files (*)"
            )
            if not path:
                return None
        from reader.core.feeds.opml import import_opml
        from reader.core.importing.failure import ImportFailure

        try:
            report = import_opml(self.library, path)
        except (ImportFailure, LibraryError) as e:
            self.notice.show_text(str(e))
            return None
        self.reload()
        self.pane.refresh()
        self.notice.show_text(f"Subscriptions: {report.summary()}.")
        return self.refresh_now([f.id for f in report.added]) if report.added else None

    def export_opml(self, path: str | None = None) -> str | None:
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(
                self.window, "Export Subscriptions", "subscriptions.opml", "OPML (*.opml)"
            )
            if not path:
                return None
        from reader.core.exporting.atomic import atomic_write
        from reader.core.feeds.opml import write_opml

        try:
            atomic_write(path, write_opml(self.library.feeds.list(kind="feed")).decode("utf-8"))
        except OSError as e:
            self.notice.show_text(f"Cannot write {path}: {e.strerror or e}")
            return None
        self.notice.show_text(f"Wrote your subscriptions to {path}.")
        return path

    # -- the section's menu ------------------------------------------------------------

    def feed_menu(self, feed: Feed, pos: QPoint):
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.window)
        actions = self.actions
        for name in ("refresh_feed", "mark_feed_read", None, "unsubscribe"):
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[name])
        menu.popup(pos)
        return menu


class SubscribeDialog(QDialog):
    """The address of a feed (or of a page that names one), and tags for its articles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Subscribe to Feed")
        self.field = QLineEdit(self)
        self.field.setObjectName("feed_url")
        self.field.setPlaceholderText("https://example.org/feed.xml or the site's address")
        self.field.setMinimumWidth(420)
        self.tag_field = QLineEdit(self)
        self.tag_field.setObjectName("feed_tags")
        self.tag_field.setPlaceholderText("tags for its articles, separated by commas (optional)")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Subscribe")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Address of the feed or of the site:", self))
        layout.addWidget(self.field)
        layout.addWidget(self.tag_field)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check("")

    def _check(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled("." in text.strip() and " " not in text.strip())

    def url(self) -> str:
        return self.field.text().strip()

    def tags(self) -> list[str]:
        return [t.strip() for t in self.tag_field.text().split(",") if t.strip()]
