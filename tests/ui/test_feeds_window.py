"""Feeds in the window: the Feeds section with unread counts, the "New" filter, marking
read, subscribing and unsubscribing, and a refresh that never blocks the window."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "feeds"))
import itertools

from feed_site import FeedSite, long_text, rss

pytestmark = pytest.mark.gui


def entries(prefix: str, n: int) -> list[dict]:
    return [
        {
            "guid": f"{prefix}-{i}",
            "title": f"{prefix} entry {i}",
            "link": f"https://{prefix}.example/{i}",
            "content": long_text(160, f"{prefix}{i}w"),
        }
        for i in range(n)
    ]


@pytest.fixture
def site():
    with FeedSite() as server:
        yield server


def controller(window):
    return window._made_chrome().feeds


def test_subscribe_then_the_section_the_new_filter_and_reading(window, site, qtbot):
    url = site.serve("/a.xml", rss("Alpha News", entries("alpha", 3)))
    feeds = controller(window)
    assert not feeds.section.isVisible()  # no feeds yet: no section
    with qtbot.waitSignal(feeds.subscribed, timeout=20000):
        feeds.subscribe(url, ["news"])
    assert feeds.section.isVisible()
    feed = feeds.section.model.feed(0)
    assert (feed.name, feed.unread) == ("Alpha News", 3)
    pane = window.library_pane
    assert pane.filter_key == f"feed:{feed.id}" and pane.model.total == 3
    assert pane.filter.currentText() == "Feed: Alpha News"

    pane.show_feed(None)
    assert pane.model.total == 6  # the three seeded articles too
    pane._fill_filters("new")
    pane.refresh()
    assert pane.model.total == 3

    window.open_article(pane.model.summary(0).id)
    feeds.reload()
    assert feeds.section.model.feed(0).unread == 2
    window.actions["toggle_read"].trigger()  # unread again
    assert feeds.section.model.feed(0).unread == 3
    feeds.section.select(feed.id)
    window.actions["mark_feed_read"].trigger()
    assert feeds.section.model.feed(0).unread == 0
    pane.refresh()
    assert pane.model.total == 0  # nothing new

    assert feeds.unsubscribe(feed.id, confirm=False)
    assert not feeds.section.isVisible() and window.library.articles.count() == 6


def test_a_failing_feed_says_why_in_its_tooltip(window, site, qtbot):
    feeds = controller(window)
    url = site.serve("/a.xml", rss("Alpha", entries("alpha", 1)))
    with qtbot.waitSignal(feeds.subscribed, timeout=20000):
        feeds.subscribe(url)
    site.serve("/a.xml", b"", status=404)
    with qtbot.waitSignal(feeds.refreshed, timeout=20000):
        window.actions["refresh_feeds"].trigger()
    from PySide6.QtCore import Qt

    tip = feeds.section.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "failing: the server answered 404 Not Found" in tip
    assert "404" in window.notice.label.text()


def test_a_bad_address_is_said_in_the_status_bar(window, site, qtbot):
    feeds = controller(window)
    site.serve("/page", "<html><body><p>No feed here</p></body></html>", "text/html")
    job = feeds.subscribe(site.url("/page"))
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert "names no feed" in window.notice.label.text()
    assert not window.library.feeds.list()


def test_a_refresh_never_blocks_the_window(window, site, qtbot):
    """Twenty feeds of ten new entries each, refreshed while a 5 ms timer beats on the UI
    thread: no pause between beats as long as a freeze. (bench/fig_feeds.py holds the
    50 ms figure at a hundred feeds; a test on a shared machine allows 250.)"""
    from PySide6.QtCore import QTimer

    library = window.library
    for n in range(20):
        site.serve(f"/f{n}.xml", rss(f"Feed {n}", []))
        library.feeds.add(site.url(f"/f{n}.xml"), full_text="off")
    for n in range(20):
        site.serve(f"/f{n}.xml", rss(f"Feed {n}", entries(f"f{n}", 10)))
    feeds = controller(window)
    feeds.reload()
    beats: list[float] = []
    timer = QTimer(window, interval=5)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    with qtbot.waitSignal(feeds.refreshed, timeout=60000) as blocker:
        feeds.refresh_now()
    qtbot.wait(100)
    timer.stop()
    report = blocker.args[0]
    assert report.added == 200 and not report.failed
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert max(gaps) < 0.25, f"the window froze for {max(gaps) * 1000:.0f} ms"
    assert sum(f.unread for f in library.feeds.list()) == 200
    assert window.library_pane.model.total == 203
    shown = [feeds.section.model.feed(i).unread for i in range(feeds.section.model.rowCount())]
    assert shown == [10] * 20  # counted on the worker, shown as the refresh ends


def test_the_hourly_turn_during_a_refresh_adds_no_second_one(window, site, qtbot):
    library = window.library
    feed = library.feeds.add(site.serve("/a.xml", rss("A", entries("a", 2))), full_text="off")
    feeds = controller(window)
    job = feeds.refresh_now()
    assert feeds.refresh_now(due_only=True) is job  # the timer fires while it runs
    with qtbot.waitSignal(feeds.refreshed, timeout=20000):
        pass
    qtbot.wait(200)
    assert feeds.job is None and site.count("/a.xml") == 1
    feeds.refresh_now()
    assert feeds.refresh_now([feed.id]) is feeds.job  # asked again: it follows
    with qtbot.waitSignals([feeds.refreshed, feeds.refreshed], timeout=20000):
        pass
    assert site.count("/a.xml") == 3


def test_opml_in_and_out_from_the_window(window, site, tmp_path):
    feeds = controller(window)
    site.serve("/a.xml", rss("Alpha", entries("alpha", 2)))
    opml = tmp_path / "in.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Tech"><outline text="Alpha" '
        f'xmlUrl="{site.url("/a.xml")}"/></outline></body></opml>'
    )
    feeds.import_opml(str(opml))
    assert [f.tags for f in window.library.feeds.list()] == [["Tech"]]
    out = feeds.export_opml(str(tmp_path / "out.opml"))
    assert out and site.url("/a.xml") in Path(out).read_text()
