"""Where a highlight lands after its article's text changed more than once on another
device does not depend on which of those texts this device saw in between: each device
places it from the merged document's selectors on the text it has now (the cause of the
10,000-operation soak's divergence)."""

from __future__ import annotations

from tests.sync.devices import FileSync, article, devices, export

URL = "https://example.org/fox"


def _reimport(device, *paragraphs):
    device.library.articles.add(article("Fox", *paragraphs, url=URL))
    device.sync()


def test_a_highlight_lands_alike_whichever_texts_a_device_saw_between(tmp_path):
    a, b, c = trio = devices(tmp_path, 3)
    sync = FileSync(trio)
    try:
        _reimport(a, "The quick brown fox jumps.")
        sync.settle()
        aid = c.library.conn.execute("SELECT id FROM articles").fetchone()[0]
        text = c.library.articles.get(aid).text
        start = text.index("brown fox")
        h = c.library.highlights.add(aid, start, start + len("brown fox"), note="k")
        c.sync()
        # b sees the text in between (where the quote is found only approximately)...
        _reimport(a, "The quick brown fax jumps.")
        sync.copy(a, b)
        b.sync()
        sync.copy(c, b)
        b.sync()
        # ...then the last text, where the original quote is found whole elsewhere
        _reimport(a, "The quick brown fax jumps.", "Also a brown fox here.")
        sync.settle()
        assert len({export(d.library) for d in trio}) == 1
        exact = {
            d.name: d.library.conn.execute(
                "SELECT exact FROM highlights WHERE id = ?", (h.id,)
            ).fetchone()[0]
            for d in trio
        }
        assert set(exact.values()) == {"brown fox"}, exact
    finally:
        for d in trio:
            d.close()


def test_a_deleted_highlight_placed_again_here_is_placed_alike_everywhere(tmp_path):
    """The device that changed the text twice placed its deleted highlight step by step;
    that place travels, so a device that hears only of the last text agrees."""
    a, b = pair = devices(tmp_path, 2)
    sync = FileSync(pair)
    try:
        _reimport(a, "The quick brown fox jumps.")
        aid = a.library.conn.execute("SELECT id FROM articles").fetchone()[0]
        text = a.library.articles.get(aid).text
        start = text.index("brown fox")
        h = a.library.highlights.add(aid, start, start + len("brown fox"), note="k")
        a.library.highlights.delete(h.id)
        sync.settle()
        _reimport(b, "The quick brown fax jumps.")
        _reimport(b, "The quick brown fax jumps.", "Also a brown fox here.")
        sync.settle()
        assert export(a.library) == export(b.library)
    finally:
        for d in pair:
            d.close()
