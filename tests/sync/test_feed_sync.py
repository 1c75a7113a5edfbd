"""Feeds across devices: a subscription and what the user chose for it travel (by the
feed's address); unsubscribing travels; fetch state stays with each device."""

from __future__ import annotations

from tests.sync.devices import FileSync, devices, export

URL = "https://example.org/feed.xml"


def _feeds(library):
    return library.conn.execute(
        "SELECT url, kind, title, site_url, tags, full_text, options, added_at FROM feeds "
        "ORDER BY url"
    ).fetchall()


def test_subscriptions_and_their_choices_travel_and_fetch_state_stays(tmp_path):
    a, b = pair = devices(tmp_path, 2)
    sync = FileSync(pair)
    try:
        feed = a.library.feeds.add(URL, title="Tea weekly", tags=["tea"])
        a.library.feeds.add("https://example.org/other.xml")
        sync.settle()
        assert _feeds(b.library) == _feeds(a.library)
        assert len(_feeds(b.library)) == 2
        # a fetch's state on a: not sent
        with a.library.connection.write() as db:
            db.execute("UPDATE feeds SET etag = 'e1', failures = 2 WHERE url = ?", (URL,))
        b_feed = b.library.feeds.find(URL)
        assert b_feed is not None
        b.library.feeds.update(b_feed.id, title="Tea, weekly")
        sync.settle()
        assert _feeds(a.library) == _feeds(b.library)
        assert a.library.feeds.get(feed.id).title == "Tea, weekly"
        (etag,) = b.library.conn.execute("SELECT etag FROM feeds WHERE url = ?", (URL,)).fetchone()
        assert etag is None
        b.library.feeds.remove(b_feed.id)
        sync.settle()
        assert [r[0] for r in _feeds(a.library)] == ["https://example.org/other.xml"]
        assert export(a.library) == export(b.library)
    finally:
        for d in pair:
            d.close()
