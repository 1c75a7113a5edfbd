"""Subscribing and refreshing against a real HTTP server on 127.0.0.1: conditional GET,
new and updated entries, deduplication, full text, discovery, Retry-After and backoff."""

from __future__ import annotations

from pathlib import Path

import pytest
from feed_site import FeedSite, long_text, rss

from reader.core.feeds.refresh import FeedRefresher
from reader.core.feeds.subscribe import subscribe
from reader.core.storage.feeds import AlreadySubscribed

DATA = Path(__file__).parent / "data"
# Items with no title, text or link (only an author, only a guid): nothing to read, skipped.
EMPTY = {
    f"feedparser/{name}.xml"
    for name in (
        "illformed_rss_incomplete_cdata",
        "wellformed_atom_entry_author_email",
        "wellformed_itunes_itunes_item_author_map_author",
        "wellformed_rss_entity_in_doctype",
    )
}


@pytest.fixture
def site():
    with FeedSite() as server:
        yield server


def items(n: int, *, start: int = 0, content: bool = True, base: str = "https://s.example") -> list:
    return [
        {
            "guid": f"id-{i}",
            "title": f"Entry {i}",
            "link": f"{base}/{i}",
            "description": f"Summary {i}",
            "content": long_text(200, f"w{i}x") if content else None,
            "date": "Mon, 02 Jan 2006 15:04:05 GMT",
        }
        for i in range(start, start + n)
    ]


def test_an_unchanged_feed_costs_one_request_answered_304(library, site):
    url = site.serve("/feed.xml", rss("Blog", items(3)))
    sub = subscribe(library, url, tags=["news"])
    assert sub.result.added == 3
    assert sub.feed.etag and sub.feed.last_modified
    assert site.count("/feed.xml") == 1

    report = FeedRefresher(library).refresh()
    assert [r.status for r in report.results] == ["unchanged"]
    assert site.count("/feed.xml") == 2 and site.not_modified == 1
    feed = library.feeds.get(sub.feed.id)
    assert feed.last_success_at and feed.last_error is None
    assert library.articles.count() == 3
    assert all(a.tags == ["news"] for a in library.articles.list())


def test_new_entries_arrive_newest_on_top_and_none_twice(library, site):
    url = site.serve("/feed.xml", rss("Blog", items(2)))
    feed = subscribe(library, url).feed
    site.serve("/feed.xml", rss("Blog", items(1, start=2) + items(2)))  # one new, on top
    report = FeedRefresher(library).refresh()
    assert report.results[0].added == 1 and report.added == 1
    titles = [a.title for a in library.articles.list()]
    assert titles[0] == "Entry 2" and sorted(titles) == ["Entry 0", "Entry 1", "Entry 2"]
    assert library.feeds.entry_count(feed.id) == 3
    assert library.feeds.get(feed.id).unread == 3
    assert library.articles.count(new=True) == 3 and library.articles.count(feed=feed.id) == 3


def test_an_updated_entry_updates_its_article_and_keeps_its_highlight(library, site):
    first = items(1)
    first[0]["content"] = "<p>" + "Opening words here. " * 40 + "The key sentence stays.</p>"
    url = site.serve("/feed.xml", rss("Blog", first))
    subscribe(library, url)
    article = library.articles.list()[0]
    text = library.articles.get(article.id).text
    start = text.index("The key sentence")
    h = library.highlights.add(article.id, start, start + len("The key sentence"))
    first[0]["content"] = "<p>A new first line.</p>" + first[0]["content"]
    first[0]["title"] = "Entry 0 (corrected)"
    site.serve("/feed.xml", rss("Blog", first))
    report = FeedRefresher(library).refresh()
    assert (report.results[0].added, report.results[0].updated) == (0, 1)
    assert library.articles.count() == 1
    updated = library.articles.get(article.id)
    assert updated.title == "Entry 0 (corrected)"
    moved = library.highlights.get(h.id)
    assert not moved.orphaned
    assert updated.text[moved.start : moved.end] == "The key sentence"


def test_the_same_entry_in_two_feeds_is_one_article(library, site):
    one = site.serve("/a.xml", rss("A", items(2)))
    two = site.serve("/b.xml", rss("B", items(1) + items(1, start=5)))  # id-0 again
    a = subscribe(library, one).feed
    b = subscribe(library, two, tags=["second"]).feed
    assert library.articles.count() == 3
    by_link = site.serve("/c.xml", rss("C", [{**items(1, start=1)[0], "guid": "other-guid"}]))
    c = subscribe(library, by_link).feed  # a different guid, the same link
    assert library.articles.count() == 3
    counts = {f.id: f.unread for f in library.feeds.list()}
    assert counts == {a.id: 2, b.id: 2, c.id: 1}
    shared = library.articles.find_by_url("https://s.example/0")
    assert "second" in library.tags.of(shared)


def test_a_deleted_article_does_not_come_back(library, site):
    url = site.serve("/feed.xml", rss("Blog", items(2)))
    subscribe(library, url)
    gone = library.articles.find_by_url("https://s.example/0")
    library.trash.delete(gone)
    changed = items(2)
    changed[0]["title"] = "Entry 0, edited"
    site.serve("/feed.xml", rss("Blog", changed))
    FeedRefresher(library).refresh()
    assert [a.id for a in library.articles.list(trashed=True, archived=None)] == [gone]
    library.trash.delete_for_good(gone)
    site.serve("/feed.xml", rss("Blog", items(2)) + " ")
    FeedRefresher(library).refresh()
    assert library.articles.count() == 1


def test_summary_only_entries_fetch_their_page(library, site):
    page = (
        "<html><head><title>The Real Article</title></head><body><article><h1>The Real "
        f"Article</h1>{long_text(300, 'page')}</article></body></html>"
    )
    site.serve("/post/1", page, "text/html; charset=utf-8")
    entries = [
        {"guid": "p1", "title": "Teaser", "link": site.url("/post/1"), "description": "Teaser."},
        {"guid": "p2", "title": "Broken", "link": site.url("/missing"), "description": "Gone."},
    ]
    url = site.serve("/feed.xml", rss("Summaries", entries))
    sub = subscribe(library, url)
    assert sub.result.added == 2
    full = library.articles.get(library.articles.find_by_url(site.url("/post/1")))
    assert "page299" in full.text and full.word_count > 250
    kept = library.articles.get(library.articles.find_by_url(site.url("/missing")))
    assert kept.text == "Gone."
    assert any("kept the feed's summary" in n and "404" in n for n in sub.result.notes)
    assert site.count("/post/1") == 1


def test_full_text_off_keeps_the_summary(library, site):
    site.serve(
        "/post/1", f"<html><body><article>{long_text(300)}</article></body></html>", "text/html"
    )
    entry = {"guid": "p1", "title": "Teaser", "link": site.url("/post/1"), "description": "Teaser."}
    subscribe(library, site.serve("/feed.xml", rss("S", [entry])), full_text="off")
    assert site.count("/post/1") == 0
    assert library.articles.get(library.articles.list()[0].id).text == "Teaser."


def test_a_page_url_finds_its_feed(library, site):
    feed_url = site.serve(
        "/feeds/all.atom", (DATA / "atom10_full.xml").read_bytes(), "application/atom+xml"
    )
    page = (
        '<html><head><link rel="alternate" type="application/atom+xml" href="/feeds/all.atom">'
        "</head><body><p>Home</p></body></html>"
    )
    home = site.serve("/", page, "text/html")
    sub = subscribe(library, home)
    assert sub.feed.url == feed_url and sub.page == home
    assert sub.feed.title == "Atom Journal" and sub.result.added == 1
    with pytest.raises(AlreadySubscribed):
        subscribe(library, home)


def test_retry_after_is_obeyed_and_failing_feeds_back_off(library, site):
    url = site.serve("/feed.xml", rss("Blog", items(1)))
    feed = subscribe(library, url).feed
    site.serve("/feed.xml", b"", status=503, headers=(("Retry-After", "3600"),))
    report = FeedRefresher(library).refresh()
    result = report.results[0]
    assert result.status == "failed" and "503" in result.error and "wait until" in result.error
    stored = library.feeds.get(feed.id)
    assert stored.failures == 1 and stored.not_before and "503" in stored.last_error
    before = site.count("/feed.xml")
    again = FeedRefresher(library).refresh()  # on demand too: the server asked
    assert again.results[0].status == "waiting" and site.count("/feed.xml") == before

    site.serve("/feed.xml", b"", status=500)
    with library.transaction():
        library.conn.execute("UPDATE feeds SET not_before = NULL WHERE id = ?", (feed.id,))
    FeedRefresher(library).refresh()
    assert library.feeds.get(feed.id).failures == 2
    timer = FeedRefresher(library).refresh(due_only=True)  # the hourly timer backs off
    assert timer.results[0].status == "waiting" and "failing" in timer.results[0].error
    site.serve("/feed.xml", rss("Blog", items(2)))
    FeedRefresher(library).refresh()  # on demand: asked, and it works again
    healed = library.feeds.get(feed.id)
    assert healed.failures == 0 and healed.last_error is None and library.articles.count() == 2


def test_stop_refuses_and_start_accepts(library, site):
    url = site.serve("/feed.xml", rss("Blog", items(1)))
    subscribe(library, url)
    refresher = FeedRefresher(library)
    refresher.stop()
    assert refresher.refresh().cancelled and site.count("/feed.xml") == 1
    refresher.start()
    assert not refresher.refresh().cancelled and site.count("/feed.xml") == 2


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in DATA.iterdir() if p.is_file())
    + sorted(f"feedparser/{p.name}" for p in (DATA / "feedparser").glob("*.xml")),
)
def test_every_format_and_odd_case_subscribes(library, site, name):
    data = (DATA / name).read_bytes()
    kind = "application/feed+json" if name.endswith(".json") else "application/xml"
    sub = subscribe(library, site.serve("/feed", data, kind), full_text="off")
    articles = library.articles.list()
    assert sub.result.added == len(articles) >= (0 if name in EMPTY else 1)
    for summary in articles:
        article = library.articles.get(summary.id)
        assert article.title.strip() and article.text.strip()
        assert "alert(" not in article.text and "<script" not in article.text
        for block in article.blocks:
            for span in block.spans:
                assert not (span.href or "").startswith("javascript:")
    again = FeedRefresher(library, fetch_pages=False).refresh()
    assert again.added == 0 and library.articles.count() == len(articles)


def test_json_feed_fields(library, site):
    subscribe(
        library, site.serve("/j", (DATA / "jsonfeed11.json").read_bytes(), "application/feed+json")
    )
    rows = {a.title: a for a in library.articles.list()}
    one = library.articles.get(rows["JSON one"].id)
    assert one.published == "2024-02-03T09:05:06Z" and one.author == "Lin"
    note = next(a for t, a in rows.items() if t.startswith("A note"))
    assert note.published is None  # "not a date"
    assert library.articles.get(note.id).text == "A note with no title.\nTwo paragraphs."


def test_an_entity_declared_in_the_feed_is_read_and_a_bomb_is_not_expanded():
    from reader.core.feeds.parse import parse_feed

    doctype = (DATA / "feedparser" / "wellformed_rss_entity_in_doctype.xml").read_bytes()
    parsed = parse_feed(doctype.replace(b"<item>", b"<item><title>T</title>"), "http://x/")
    assert parsed.entries[0].key == "tag:example.com,2006-05-04:/blog/"


def test_the_feed_list_is_read_while_a_refresh_holds_the_writer(library, site):
    """The window's unread counts never wait for a refresh's transaction."""
    import threading
    import time

    feed = library.feeds.add(site.serve("/a.xml", rss("A", items(2))), full_text="off")
    FeedRefresher(library, fetch_pages=False).refresh()
    holding, release = threading.Event(), threading.Event()

    def write() -> None:
        with library.transaction():
            library.articles.mark_read(library.feeds.unread_ids(feed.id)[0], True)
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert holding.wait(10)
        started = time.perf_counter()
        listed = library.feeds.list()
        assert time.perf_counter() - started < 1  # the writer holds for 10 s otherwise
        assert [f.unread for f in listed] == [2]  # what was committed: not the write under way
    finally:
        release.set()
        writer.join()
    assert [f.unread for f in library.feeds.list()] == [1]
