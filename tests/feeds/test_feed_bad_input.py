"""Hostile and broken feeds: each gets one clear line, nothing of it is half-imported,
and the other feeds of the same refresh go on."""

from __future__ import annotations

import time

import pytest
from feed_site import FeedSite, rss

from reader.core.feeds.refresh import FeedRefresher
from reader.core.feeds.subscribe import subscribe
from reader.core.importing.failure import ImportFailure

GOOD = rss(
    "Good",
    [{"guid": "g1", "title": "Good one", "link": "https://g.example/1", "description": "Fine."}],
)


@pytest.fixture
def site():
    with FeedSite() as server:
        yield server


def refresh_with_good(library, site, path: str, body, content_type=None, **kw):
    """Subscribe to a good feed and to ``path`` (added directly: subscribing would refuse
    it), serve ``body`` there, refresh both; the results by feed url."""
    good = subscribe(library, site.serve("/good.xml", GOOD)).feed
    bad = library.feeds.add(site.serve(path, body, content_type, **kw))
    site.serve(
        "/good.xml",
        GOOD.replace(
            "</channel>",
            "<item><guid>g2</guid><title>Good two"
            "</title><description>More.</description></item></channel>",
        ),
    )
    report = FeedRefresher(library, fetch_pages=False).refresh()
    results = {r.feed_id: r for r in report.results}
    assert results[good.id].status == "new" and results[good.id].added == 1
    assert library.feeds.entry_count(bad.id) == 0
    assert library.articles.count(feed=bad.id) == 0
    return results[bad.id], library.feeds.get(bad.id)


def test_a_web_page_instead_of_a_feed(library, site):
    page = "<!DOCTYPE html><html><head><title>Hi</title></head><body><p>A page.</p></body></html>"
    result, feed = refresh_with_good(library, site, "/page", page, "text/html")
    assert result.status == "failed"
    assert (
        result.error
        == "the address serves a web page, not a feed (subscribe again to find its feed)"
    )
    assert feed.last_error == result.error and feed.failures == 1
    library.feeds.remove(feed.id)
    with pytest.raises(ImportFailure, match="web page that names no feed"):
        subscribe(library, site.url("/page"))


def test_billion_laughs(library, site):
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>'
        '<rss version="2.0"><channel><title>Bomb</title><item><guid>b</guid>'
        "<title>&lol9;</title><description>&lol9;</description></item></channel></rss>"
    )
    started = time.monotonic()
    report = FeedRefresher(library, fetch_pages=False)
    feed = library.feeds.add(site.serve("/bomb.xml", bomb))
    result = report.refresh([feed.id]).results[0]
    assert time.monotonic() - started < 10
    # expat refuses the entity; feedparser's loose parser then leaves it unexpanded
    for summary in library.articles.list():
        assert len(library.articles.get(summary.id).text) < 1000
    assert result.status in ("new", "failed")
    if result.status == "new":
        assert any("not well-formed" in n for n in result.notes)


def test_a_50_mb_feed(library, site):
    body = GOOD.replace("Fine.", "x" * 50_000_000)
    result, _feed = refresh_with_good(library, site, "/huge.xml", body)
    assert result.status == "failed" and result.error == "the feed is larger than 10 MB"


def test_a_feed_of_100000_entries(library, site):
    entries = "".join(f"<item><guid>{i}</guid><title>t{i}</title></item>" for i in range(100_000))
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
    body = f"{head}{entries}</channel></rss>"
    started = time.monotonic()
    result, _feed = refresh_with_good(library, site, "/big.xml", body)
    assert time.monotonic() - started < 10
    assert result.status == "failed"
    assert result.error.startswith("the feed holds about 100,000 entries, more than the 5,000")


def test_entries_without_id_or_link_are_taken_once(library, site):
    items = [
        {"title": "No id, no link", "description": "Only words."},
        {"description": "No title either, only a description that says something."},
    ]
    feed = subscribe(library, site.serve("/f.xml", rss("Bare", items))).feed
    assert library.articles.count() == 2
    site.serve("/f.xml", rss("Bare", items) + "\n")  # a new ETag, the same entries
    report = FeedRefresher(library).refresh()
    assert report.results[0].added == 0 and library.articles.count() == 2
    assert library.feeds.entry_count(feed.id) == 2
    titles = {a.title for a in library.articles.list()}
    assert "No title either, only a description that says something." in titles


BROKEN_DATES = [
    "garbage",
    "",
    "32 Jan 2006 25:61:61 GMT",
    "Mon, 02 Jan 2006 15:04:05 +9999",
    "2006-13-45T99:99:99Z",
    "Tuesday, the 3rd of never",
    "0000-00-00",
    "99999999999999999999",
    "Mon, 02 Jan 10000 15:04:05 GMT",
    "1970-01-01T00:00:00Z",
    "Sun, 31 Dec 1899 23:59:59 GMT",
    "2024-02-30",
    "2024-06-01T12:00:00+25:00",
    "\u0661\u0669\u0668\u0664-01-01",
    "Fri, 21 Nov 1997 09:55:06 -0600",
]


def test_dates_in_every_broken_format(library, site):
    items = [
        {"guid": f"d{i}", "title": f"Dated {i}", "description": "x", "date": d}
        for i, d in enumerate(BROKEN_DATES)
    ]
    subscribe(library, site.serve("/dates.xml", rss("Dates", items)))
    assert library.articles.count() == len(BROKEN_DATES)
    published = {a.title: a.published for a in library.articles.list()}
    assert published["Dated 0"] is None
    assert published[f"Dated {len(BROKEN_DATES) - 1}"] == "1997-11-21T15:55:06Z"
    for value in published.values():
        assert value is None or (len(value) == 20 and value.endswith("Z"))


def test_a_redirect_loop(library, site):
    site.routes["/loop"] = lambda h: h.redirect("/loop2")
    site.routes["/loop2"] = lambda h: h.redirect("/loop")
    good = subscribe(library, site.serve("/good.xml", GOOD)).feed
    loop = library.feeds.add(site.url("/loop"))
    report = FeedRefresher(library).refresh()
    results = {r.feed_id: r for r in report.results}
    assert results[good.id].status == "unchanged"
    assert results[loop.id].status == "failed"
    assert "redirects more than 5 times" in results[loop.id].error
    library.feeds.remove(loop.id)
    with pytest.raises(ImportFailure, match="redirects more than 5 times"):
        subscribe(library, site.url("/loop"))


def test_a_failure_while_storing_leaves_the_feed_as_it_was(library, site, monkeypatch):
    body = rss(
        "Five", [{"guid": f"urn:{i}", "title": f"T{i}", "description": "d"} for i in range(5)]
    )
    feed = library.feeds.add(site.serve("/five.xml", body))
    real_add = library.articles.add
    calls = []

    def failing_add(article, **kw):
        calls.append(article.title)
        if len(calls) == 3:
            raise RuntimeError("the disk went away")
        return real_add(article, **kw)

    monkeypatch.setattr(library.articles, "add", failing_add)
    result = FeedRefresher(library).refresh().results[0]
    assert result.status == "failed" and "the disk went away" in result.error
    assert library.articles.count() == 0 and library.feeds.entry_count(feed.id) == 0
    assert library.feeds.get(feed.id).etag is None  # asked in full next time
    monkeypatch.setattr(library.articles, "add", real_add)
    assert FeedRefresher(library).refresh().results[0].added == 5
