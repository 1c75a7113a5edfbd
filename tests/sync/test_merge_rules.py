"""The merge rules, each on simulated devices (their own libraries and folder copies)."""

from __future__ import annotations

import pytest

from reader.core.storage.library import Library
from tests.sync.devices import FileSync, article, devices, export


@pytest.fixture
def trio(tmp_path):
    made = devices(tmp_path, 3)
    yield made
    for d in made:
        d.close()


def shared_article(trio, *paragraphs, url="https://example.org/essay"):
    a = trio[0]
    added = a.library.articles.add(article("Essay", *paragraphs, url=url))
    FileSync(trio).settle()
    return {d.name: _id(d.library, added.article_id, a.library) for d in trio}


def _id(library: Library, article_id: int, origin: Library) -> int:
    uid = origin.conn.execute("SELECT uid FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
    return library.conn.execute("SELECT id FROM articles WHERE uid = ?", (uid,)).fetchone()[0]


def converged(trio) -> str:
    exports = {d.name: export(d.library) for d in trio}
    assert exports["a"] == exports["b"] == exports["c"]
    return exports["a"]


def test_a_new_device_gets_everything_and_changes_on_different_things_both_survive(trio):
    a, b, c = trio
    ids = shared_article(trio, "One two three four five six.", "Seven eight nine ten.")
    a.library.articles.set_favorite(ids["a"])
    b.library.articles.set_archived(ids["b"])
    a.library.tags.set(ids["a"], ["essays"])
    b.library.tags.set(ids["b"], ["later"])
    ha = a.library.highlights.add(ids["a"], 0, 3, colour="green", note="from a")
    hb = b.library.highlights.add(ids["b"], 4, 7, colour="blue", note="from b")
    FileSync(trio).settle()
    converged(trio)
    got = c.library.articles.get(ids["c"])
    assert got.favorite and got.archived
    assert got.tags == ["essays", "later"]
    notes = {h.id: (h.note, h.colour) for h in c.library.highlights.of(ids["c"])}
    assert notes == {ha.id: ("from a", "green"), hb.id: ("from b", "blue")}


def test_a_note_edited_on_two_devices_keeps_both_edits(trio):
    a, b, c = trio
    ids = shared_article(trio, "Alpha beta gamma.")
    a.library.articles.set_note(ids["a"], "Start. 中文 😀 End.")
    h = a.library.highlights.add(ids["a"], 0, 5, note="the note")
    FileSync(trio).settle()
    # both edit at once, without seeing each other's edit
    a.library.articles.set_note(ids["a"], "Start. 中文 😀 End. And more from A.")
    b.library.articles.set_note(ids["b"], "B first. Start. 中文 😀 End.")
    a.library.highlights.update(h.id, note="the note (A)")
    b.library.highlights.update(h.id, note="[B] the note")
    FileSync(trio).settle()
    converged(trio)
    assert c.library.articles.note(ids["c"]) == "B first. Start. 中文 😀 End. And more from A."
    assert c.library.highlights.get(h.id).note == "[B] the note (A)"


def test_deleted_on_one_edited_on_another_stays_deleted_with_the_edit_in_the_trash(trio):
    a, b, c = trio
    ids = shared_article(trio, "Alpha beta gamma delta epsilon.")
    h = a.library.highlights.add(ids["a"], 6, 10, note="old note")
    FileSync(trio).settle()
    a.library.highlights.delete(h.id)
    b.library.highlights.update(h.id, note="edited on b", colour="pink")
    FileSync(trio).settle()
    converged(trio)
    for d in trio:
        assert [x.id for x in d.library.highlights.of(ids[d.name])] == []
        [trashed] = d.library.highlight_trash.list()
        assert trashed.highlight.id == h.id
        assert (trashed.highlight.note, trashed.highlight.colour) == ("edited on b", "pink")
    back = c.library.highlight_trash.restore(h.id)  # restorable, on any device
    assert back.note == "edited on b"
    FileSync(trio).settle()
    converged(trio)
    assert a.library.highlights.get(h.id).note == "edited on b"
    assert a.library.highlight_trash.list() == []


def test_reimport_with_changed_text_reanchors_the_other_devices_highlights(trio):
    a, b, _c = trio
    ids = shared_article(
        trio, "The quick brown fox jumps over the lazy dog.", url="https://e.org/x"
    )
    at = b.library.articles.get(ids["b"]).text.index("fox")
    hb = b.library.highlights.add(ids["b"], at, at + 3)
    FileSync(trio).settle()
    changed = article(
        "Essay", "Breaking: the quick brown fox jumps over the lazy dog.", url="https://e.org/x"
    )
    result = a.library.articles.add(changed)
    assert result.status == "updated"
    FileSync(trio).settle()
    text = converged(trio)
    for d in trio:
        moved = d.library.highlights.get(hb.id)
        body = d.library.articles.get(ids[d.name]).text
        assert (moved.exact, body[moved.start : moved.end], moved.state) == (
            "fox",
            "fox",
            "anchored",
        )
    assert "Breaking" in text


def test_reimport_and_a_new_highlight_at_once_are_placed_the_same_everywhere(trio):
    a, b, c = trio
    ids = shared_article(
        trio, "The quick brown fox jumps over the lazy dog.", url="https://e.org/y"
    )
    at = b.library.articles.get(ids["b"]).text.index("jumps")
    hb = b.library.highlights.add(ids["b"], at, at + 5)  # made on the old text
    a.library.articles.add(
        article("Essay", "Now: the quick brown fox jumps over the dog.", url="https://e.org/y")
    )
    FileSync(trio).settle()
    converged(trio)
    moved = c.library.highlights.get(hb.id)
    assert moved.exact == "jumps" and moved.state == "anchored"


def test_the_newest_reading_position_wins(trio):
    a, b, c = trio
    ids = shared_article(trio, "Text " * 200)
    b.library.articles.set_reading_position(ids["b"], 100)
    b.sync()
    a.library.articles.set_reading_position(ids["a"], 700)  # later in time, synced later
    FileSync(trio).settle()
    converged(trio)
    assert c.library.articles.get(ids["c"]).reading_position == 700


def test_trash_and_deleting_for_good_travel(trio):
    a, b, c = trio
    ids = shared_article(trio, "Gone soon.")
    h = b.library.highlights.add(ids["b"], 0, 4)
    FileSync(trio).settle()
    a.library.trash.delete(ids["a"])
    FileSync(trio).settle()
    assert c.library.articles.list(trashed=True)[0].id == ids["c"]
    b.library.trash.restore(ids["b"])
    FileSync(trio).settle()
    assert c.library.articles.list()[0].id == ids["c"]
    c.library.trash.delete(ids["c"])
    c.library.trash.delete_for_good(ids["c"])
    FileSync(trio).settle()
    converged(trio)
    for d in trio:
        assert (
            d.library.articles.list(trashed=None) == []
            or d.library.articles.count(archived=None, trashed=True) == 0
        )
        assert d.library.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert (
            d.library.conn.execute(
                "SELECT count(*) FROM highlights WHERE id = ?", (h.id,)
            ).fetchone()[0]
            == 0
        )


def test_window_settings_never_sync(trio):
    a, b, _ = trio
    a.library.settings.set("theme", "dark")
    FileSync(trio).settle()
    assert b.library.settings.get("theme") is None


def test_the_same_page_imported_on_two_devices_before_syncing_is_one_article(trio):
    a, b, c = trio
    a.library.articles.add(article("Page", "Same words.", url="https://e.org/same"))
    added = b.library.articles.add(article("Page", "Same words.", url="https://e.org/same"))
    b.library.articles.set_note(added.article_id, "b's thoughts")
    FileSync(trio).settle()
    converged(trio)
    [only] = c.library.articles.list()
    assert c.library.articles.note(only.id) == "b's thoughts"


def test_a_device_away_for_long_catches_up(tmp_path):
    a, b = devices(tmp_path, 2)
    sync = FileSync([a, b])
    sync.settle()
    for i in range(60):
        added = a.library.articles.add(article(f"Article {i}", f"Words of article {i}."))
        a.library.highlights.add(added.article_id, 0, 7, note=f"note {i}")
        a.sync()  # many small logs, compacted into a snapshot on the way
    sync.settle()
    assert export(a.library) == export(b.library)
    assert b.library.articles.count() == 60
    a.close()
    b.close()
