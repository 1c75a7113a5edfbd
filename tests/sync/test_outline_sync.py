"""A book's chapters and a PDF's pages, and a book's metadata, travel with its article:
an outline replaced whole, never two mixed, never shown on a text it was not made for."""

from __future__ import annotations

import json

from reader.core.books import BookInfo
from reader.core.document import Block
from reader.core.exporting import render, summarize_articles
from reader.core.models import ImportedArticle, OutlineEntry
from reader.core.storage.library import Library
from tests.sync.devices import Device, FileSync, devices

URL = "https://example.org/book.epub"


def book(chapters: list[str], pages: bool = False) -> ImportedArticle:
    """An article of chapters (a heading and a paragraph each), its outline one entry per
    chapter (and with ``pages`` a page per paragraph)."""
    blocks, outline, at = [], [], 0
    for n, name in enumerate(chapters, 1):
        heading, body = f"Chapter {n}: {name}", f"The text of {name}, in chapter {n}."
        blocks += [Block("heading", heading, level=2), Block("paragraph", body)]
        outline.append(OutlineEntry(at, heading, level=1, locator=f"/6/{2 * n}!"))
        if pages:
            at_page = at + len(heading) + 1
            outline.append(OutlineEntry(at_page, str(n), kind="page", locator=str(n)))
        at += len(heading) + len(body) + 2
    return ImportedArticle("A book", blocks, "epub", url=URL, outline=outline)


def outline(library: Library) -> list[tuple]:
    row = library.conn.execute("SELECT id FROM articles WHERE url = ?", (URL,)).fetchone()
    assert row is not None, "the article did not arrive"
    return [(e.offset, e.label, e.kind, e.level, e.locator) for e in library.outlines.of(row[0])]


def article_id(library: Library) -> int:
    return library.conn.execute("SELECT id FROM articles WHERE url = ?", (URL,)).fetchone()[0]


def test_chapters_pages_and_book_info_arrive_and_a_late_joiner_gets_them(tmp_path):
    a, b = devices(tmp_path, 2)
    info = BookInfo(title="A book", authors=["Ann Author"], language="en", isbn="9780000000002")
    a.library.books.add(book(["Dawn", "Noon", "Dusk"], pages=True), info)
    FileSync([a, b]).settle()
    assert len(outline(b.library)) == 6 and outline(b.library) == outline(a.library)
    assert b.library.books.info(article_id(b.library)) == info
    c = Device(tmp_path, "c")
    FileSync([a, b, c]).settle()
    assert outline(c.library) == outline(a.library)
    assert c.library.books.info(article_id(c.library)) == info
    for d in (a, b, c):
        d.close()


def test_an_export_on_the_receiving_device_names_chapter_and_page(tmp_path):
    a, b = devices(tmp_path, 2)
    a.library.articles.add(book(["Dawn", "Noon"], pages=True))
    sync = FileSync([a, b])
    sync.settle()
    text = b.library.articles.get(article_id(b.library)).text
    start = text.index("text of Noon")
    b.library.highlights.add(article_id(b.library), start, start + len("text of Noon"))
    sync.settle()
    for d in (a, b):  # the highlight made on b, exported on both
        [summary] = summarize_articles(d.library, [article_id(d.library)])
        assert "— Chapter 2: Noon · p. 2 · yellow" in render(summary, "md")
    for d in (a, b):
        d.close()


def test_a_reimport_replaces_the_outline_on_the_other_device_whole(tmp_path):
    a, b = devices(tmp_path, 2)
    a.library.articles.add(book(["Dawn", "Noon", "Dusk", "Night"]))
    sync = FileSync([a, b])
    sync.settle()
    assert len(outline(b.library)) == 4
    a.library.articles.add(book(["Morning", "Evening"]))  # imported again: a new edition
    sync.settle()
    assert [e[1] for e in outline(b.library)] == ["Chapter 1: Morning", "Chapter 2: Evening"]
    assert outline(b.library) == outline(a.library)
    for d in (a, b):
        d.close()


def test_two_devices_reimporting_at_once_keep_one_outline_matching_the_text(tmp_path):
    a, b, c = devices(tmp_path, 3)
    a.library.articles.add(book(["Dawn", "Noon", "Dusk"]))
    sync = FileSync([a, b, c])
    sync.settle()
    a.library.articles.add(book(["One", "Two"]))  # both import a new edition, unaware
    b.library.articles.add(book(["Alpha", "Beta", "Gamma", "Delta"]))
    sync.settle(rounds=3)
    outlines = [outline(d.library) for d in (a, b, c)]
    assert outlines[0] == outlines[1] == outlines[2]
    labels = [e[1] for e in outlines[0]]
    assert labels in (
        ["Chapter 1: One", "Chapter 2: Two"],
        ["Chapter 1: Alpha", "Chapter 2: Beta", "Chapter 3: Gamma", "Chapter 4: Delta"],
    )  # one edition's outline whole, never a mix
    for d in (a, b, c):
        text = d.library.articles.get(article_id(d.library)).text
        for offset, label, *_ in outline(d.library):
            assert text[offset:].startswith(label)  # every chapter where its heading is
    for d in (a, b, c):
        d.close()


def test_a_book_made_on_two_devices_keeps_one_outline(tmp_path):
    a, b = devices(tmp_path, 2)
    a.library.articles.add(book(["Dawn", "Noon"]))
    b.library.articles.add(book(["Dawn", "Noon", "Dusk"]))  # the same address, another text
    FileSync([a, b]).settle(rounds=3)
    assert outline(a.library) == outline(b.library)
    for d in (a, b):
        text = d.library.articles.get(article_id(d.library)).text
        for offset, label, *_ in outline(d.library):
            assert text[offset:].startswith(label)
    for d in (a, b):
        d.close()


def test_an_outline_waits_for_its_text_and_goes_with_its_article(tmp_path):
    a, b = devices(tmp_path, 2)
    a.library.articles.add(book(["Dawn", "Noon"]))
    sync = FileSync([a, b])
    sync.settle()
    before = outline(b.library)
    a.library.articles.add(book(["Morning", "Evening", "Night"]))
    a.sync()
    sync.copy(a, b)
    for pack in (b.folder / "devices" / a.id / "packs").glob("*.arpack"):
        pack.unlink()  # the new outline came, the new text is still on its way
    b.sync()
    assert "Morning" not in b.library.articles.get(article_id(b.library)).text
    assert outline(b.library) == before  # the old text keeps its own chapters meanwhile
    sync.settle()
    assert [e[1] for e in outline(b.library)] == [
        "Chapter 1: Morning",
        "Chapter 2: Evening",
        "Chapter 3: Night",
    ]
    assert not b.library.conn.execute("SELECT * FROM sync_waiting").fetchall()
    a.library.trash.delete(article_id(a.library))
    a.library.trash.delete_for_good(article_id(a.library))
    sync.settle()
    assert b.library.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert b.library.conn.execute("SELECT count(*) FROM outlines").fetchone()[0] == 0
    assert not b.library.conn.execute("SELECT * FROM sync_waiting").fetchall()
    for d in (a, b):
        d.close()


def test_book_info_edited_is_replaced_everywhere(tmp_path):
    a, b = devices(tmp_path, 2)
    a.library.books.add(book(["Dawn"]), BookInfo(title="A book", language="en"))
    sync = FileSync([a, b])
    sync.settle()
    b.library.books.add(book(["Dawn"]), BookInfo(title="A book", language="de"))
    sync.settle()
    stored = a.library.conn.execute("SELECT info FROM books").fetchone()[0]
    assert json.loads(stored)["language"] == "de"
    for d in (a, b):
        d.close()


def test_a_library_with_books_set_up_for_sync_sends_them(tmp_path):
    with Library(tmp_path / "a.db") as before:  # books stored before sync was set up
        before.books.add(book(["Dawn", "Noon"], pages=True), BookInfo(title="A book"))
    a = Device(tmp_path, "a")
    b = Device(tmp_path, "b")
    FileSync([a, b]).settle()
    assert outline(b.library) == outline(a.library) and len(outline(a.library)) == 4
    assert b.library.books.info(article_id(b.library)) == BookInfo(title="A book")
    for d in (a, b):
        d.close()


def test_an_outline_that_does_not_fit_its_text_is_refused(tmp_path):
    import pytest

    with Library(tmp_path / "x.db") as library:
        library.articles.add(book(["Dawn"]))
        uid, text_hash = library.conn.execute("SELECT uid, content_hash FROM articles").fetchone()
        bad = [
            [[10**6, "Far", "chapter", 1, ""]],  # past the end of the text
            [[-1, "Before", "chapter", 1, ""]],
            [[0, None, "chapter", 1, ""]],
            {"not": "a list"},
        ]
        for entries in bad:
            with pytest.raises(ValueError), library.connection.write() as db:
                values = {"entries": json.dumps(entries), "text_hash": text_hash}
                library.synced_rows.write(db, "outlines", uid, values)
        assert len(library.outlines.of(1)) == 1  # the article's own, untouched
        with pytest.raises(ValueError), library.connection.write() as db:
            library.synced_rows.write(db, "books", uid, {"info": "[1, 2]"})
